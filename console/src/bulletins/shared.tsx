import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { mayCall } from '../access/permissions';
import { ApiError, request } from '../api/http';
import type { Identity } from '../providers/auth';
import type { Bulletin, BulletinStatus, Series } from './types';
import './bulletins.css';

/** White on dark (AA) per stage, as the console's state tags. */
const COLOURS: Record<BulletinStatus, string> = { draft: '#475569', submitted: '#b45309', approved: '#047857', published: '#1d4ed8' };

export function BulletinStatusTag({ status, t }: { status: BulletinStatus; t: (k: string) => string }) {
  return <Tag color={COLOURS[status]}>{t(`bulletins.statuses.${status}`)}</Tag>;
}

/** Every series (admin and secretariat), by code. */
export function useSeriesList() {
  return useQuery({ queryKey: ['bulletin-series'], queryFn: () => request<Series[]>('/v1/bulletin-series') });
}

/** The API's refusals in words; anything else by its own message. */
const WORDS: Record<string, string> = {
  BULLETIN_EDIT_CONFLICT: 'bulletins.conflict',
  BULLETIN_NOT_DRAFT: 'bulletins.notDraft',
  BULLETIN_SERIES_INACTIVE: 'bulletins.seriesInactive',
  DISCLOSURE_NOT_PUBLISHED: 'bulletins.disclosureNotPublished',
  OWN_BULLETIN_APPROVAL: 'bulletins.ownApproval',
  BULLETIN_NOT_SUBMITTED: 'bulletins.notSubmitted',
  BULLETIN_NOT_APPROVED: 'bulletins.notApproved',
  BULLETIN_NOT_IN_REVIEW: 'bulletins.notInReview',
  BULLETIN_DISCLOSURE_RETRACTED: 'bulletins.disclosureRetracted',
  BULLETIN_NOT_FOUND: 'bulletins.notFound',
  BULLETIN_SERIES_CODE_TAKEN: 'bulletinSeries.codeTaken',
  BULLETIN_SERIES_NOT_FOUND: 'bulletinSeries.notFound',
};

export function problemText(e: unknown, t: (k: string) => string): string {
  if (e instanceof ApiError) {
    const key = WORDS[e.code];
    if (key) return t(key);
    const fields = e.errors.map((f) => `${f.field}: ${f.message}`).join('; ');
    return fields ? `${e.message} (${fields})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
}

export const codeOf = (e: unknown): string | undefined => (e instanceof ApiError ? e.code : undefined);

/** Whether `me` may approve it: submitted, and not composed, edited or submitted by `me` (the API's four eyes). */
export function awaitsApprovalBy(b: Bulletin, me: Identity | undefined): boolean {
  if (!me || b.status !== 'submitted' || !mayCall(me.role, 'POST /v1/bulletins/{id}/approve')) return false;
  return !b.contributors.includes(me.id) && b.composedBy !== me.id && b.submittedBy !== me.id;
}

