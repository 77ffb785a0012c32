import type { CitedArticle, RespondentMatch } from '../case.entity.js';
import type { CaseContext } from '../machine/case.types.js';

/**
 * What the case queries read from the database, before any audience's view is made of it. Internal only: every
 * response is built from these by a mapping function that names each field it copies (src/cases/views/*.view.ts).
 * The contact blob, its key id, the receipt hash and the raw snapshot are never selected into a row.
 */
export interface CaseRow {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  channel: string;
  category: string;
  title: string;
  description: string;
  occurredAt: Date;
  urls: string[];
  citedArticles: CitedArticle[];
  respondentMemberId: string | null;
  respondentName: string;
  respondentMatch: RespondentMatch;
  partnerId: string | null;
  assigneeId: string | null;
  overdue: boolean;
  receivedAt: Date;
  updatedAt: Date;
  version: number;
  complainantAnonymous: boolean;
  hasContact: boolean;
  isEmployeeOfRespondent: boolean;
  deadlines: { kind: string; dueAt: string; calendarCovered: boolean }[];
}

/** A row of the list query (`GET /v1/cases`). */
export type CaseSummaryRow = Pick<
  CaseRow,
  | 'id' | 'reference' | 'state' | 'phase' | 'channel' | 'category' | 'title' | 'respondentMemberId' | 'respondentName'
  | 'partnerId' | 'assigneeId' | 'overdue' | 'receivedAt' | 'updatedAt' | 'version' | 'isEmployeeOfRespondent'
> & {
  /** Respondent lists only: whether the association has brought the complaint to the respondent (FORWARDING_EVENTS). */
  forwarded?: boolean;
  /** Staff lists only: the case's running deadline that falls due first. */
  nextDeadline?: { kind: string; dueAt: Date | string } | null;
};

/** One stored history entry. */
export interface CaseEventRow {
  seq: number;
  type: string;
  actorType: string;
  actorId: string | null;
  actorRole: string;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** What the detail views need of the case's machine context and its decided publication. */
export interface CaseFacts {
  context: CaseContext;
  allowedEvents: string[];
  /** The events the caller's role may send that the case refuses now, and why (the 409's reason and until). */
  refusedEvents: { type: string; reason: string; until?: string }[];
  /** Staff only: the assignee's display name (null when unassigned or the account is gone). */
  assigneeName?: string | null;
  /** Working days left before a due time, on the association's calendar (the deadlines' countdown). */
  workingDaysLeft?: (dueAt: Date) => number;
  /** The published disclosure of this case, once a publication was approved. */
  disclosure: { id: string; summary: string; findings: string; reply: string | null; publishedAt: Date; retractedAt: Date | null } | null;
}

export const iso = (d: Date | string | null | undefined): string | null => (d === null || d === undefined ? null : new Date(d).toISOString());

/** Copies only the named keys that are present: the building block of every allow-listed payload. */
export function pick(source: Record<string, unknown> | null | undefined, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
