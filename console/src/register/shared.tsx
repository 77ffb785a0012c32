import { Tag } from 'antd';
import type { FormInstance } from 'antd';
import type { TOptions } from 'i18next';
import { ApiError } from '../api/http';
import { registerMessages, useTranslation } from '../providers/i18n';
import { en, zh } from './messages';
import type { MemberSummary, Signature } from './types';

import './register.css';

registerMessages(zh, en);

type T = (key: string, options?: TOptions) => string;

const STATUS_COLOURS: Record<string, string> = { active: '#15803d', suspended: '#b45309', expelled: '#b91c1c', lapsed: 'default' };

export function MemberStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOURS[status] ?? 'default'}>{t(`register.statuses.${status}`, { defaultValue: status })}</Tag>;
}

const SIGNATURE_COLOURS: Record<string, string> = { active: '#15803d', renewal_pending: '#b45309', renewed: 'default', withdrawn: 'default' };

export function SignatureStatusTag({ s }: { s: Pick<Signature, 'status' | 'renewalOverdue'> }) {
  const { t } = useTranslation();
  return (
    <Tag color={s.renewalOverdue ? '#b91c1c' : (SIGNATURE_COLOURS[s.status] ?? 'default')}>
      {t(`register.signatureStatuses.${s.status}`, { defaultValue: s.status })}
      {s.renewalOverdue ? ` · ${t('register.signatures.renewalOverdue')}` : ''}
    </Tag>
  );
}

export const categoryLabel = (m: Pick<MemberSummary, 'category' | 'categoryLabel'>, locale: string): string =>
  m.categoryLabel ? (locale === 'en' ? m.categoryLabel.en : m.categoryLabel.zh) : m.category;

/** An API refusal in words: the code's own text when there is one, else the API's detail. */
export function problemText(e: unknown, t: T): string {
  if (e instanceof ApiError) return t(`register.errors.${e.code}`, { defaultValue: e.message });
  return t('register.errors.network');
}

/** Puts the API's field errors on the form's fields (`contacts[0].email` → ['contacts', 0, 'email']); returns the message for the form. */
export function applyFieldErrors(form: FormInstance, e: unknown, t: T): string {
  if (e instanceof ApiError && e.errors.length > 0) {
    form.setFields(
      e.errors.map((fe) => ({
        name: fe.field.split(/[.[\]]/).filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        errors: [t(`register.errors.${fe.code}`, { defaultValue: fe.message })],
      })),
    );
  }
  return problemText(e, t);
}

export const formatBytes = (n: number): string => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * "Required" for a Select or AutoComplete as a validator: a `required` rule makes Ant Design put aria-required on the
 * Select's wrapper div too, which has no role that allows it (axe: aria-allowed-attr).
 */
export const picked = (message: string) => ({
  validator: (_: unknown, v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0) ? Promise.reject(new Error(message)) : Promise.resolve()),
});
