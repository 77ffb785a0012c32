/**
 * The complaint form's data, its checks and the request it becomes. The checks mirror the service's
 * SubmitComplaintDto (src/complaints/dto/complaint.dto.ts) and its intake rules, limit for limit, so a form
 * that passes here passes there; what the page cannot know (the taxonomy changing, a pact article
 * withdrawn) comes back as the service's field errors and lands on the same fields.
 */
import type { ComplaintRequest, FieldProblem } from './api.js';

export const LIMITS = {
  respondentName: 200,
  url: 2000,
  title: 200,
  description: 10000,
  urls: 20,
  citedArticles: 20,
  contactName: 100,
  email: 254,
  // The service's defaults (EVIDENCE_MAX_FILES, EVIDENCE_MAX_FILE_BYTES); a service configured otherwise answers per file.
  files: 20,
  fileBytes: 20 * 1024 * 1024,
} as const;

/** The consent text's version: the text itself is `consent.text` in the message files. */
export const CONSENT_VERSION = '2026-12';

export interface ComplaintForm {
  category: string;
  respondentUrl: string;
  respondentName: string;
  title: string;
  description: string;
  /** A datetime-local value (the complainant's local time). */
  occurredAt: string;
  /** One URL per line. */
  urls: string;
  /** `CODE#number` of each cited article. */
  citedArticles: string[];
  anonymous: boolean;
  name: string;
  phone: string;
  email: string;
  /** "Email me about this complaint" (only with an email). */
  mailConsent: boolean;
  isEmployee: boolean;
  consent: boolean;
}

export const emptyForm = (): ComplaintForm => ({
  category: '',
  respondentUrl: '',
  respondentName: '',
  title: '',
  description: '',
  occurredAt: '',
  urls: '',
  citedArticles: [],
  anonymous: false,
  name: '',
  phone: '',
  email: '',
  mailConsent: false,
  isEmployee: false,
  consent: false,
});

/** A field's error: a message key under `fieldErrors.` and its values. */
export interface FieldError {
  code: string;
  values?: Record<string, string | number>;
}
export type FieldErrors = Partial<Record<FieldKey, FieldError>>;

/** The form's fields that can carry an error, named as the service names them (its `errors[].field`, indexes dropped). */
export type FieldKey =
  | 'category'
  | 'respondent'
  | 'respondent.url'
  | 'respondent.name'
  | 'title'
  | 'description'
  | 'occurredAt'
  | 'urls'
  | 'citedArticles'
  | 'complainant'
  | 'complainant.name'
  | 'complainant.phone'
  | 'complainant.email'
  | 'complainant.mailConsent'
  | 'isEmployeeOfRespondent'
  | 'evidence'
  | 'consent'
  | 'altcha';

/** Fields on the first step (the rest are on the review step). */
export const FORM_FIELDS: FieldKey[] = [
  'category',
  'respondent.url',
  'respondent.name',
  'respondent',
  'title',
  'description',
  'occurredAt',
  'urls',
  'citedArticles',
  'evidence',
  'complainant',
  'complainant.name',
  'complainant.phone',
  'complainant.email',
  'complainant.mailConsent',
  'isEmployeeOfRespondent',
];

const KNOWN = new Set<string>([...FORM_FIELDS, 'consent', 'altcha']);

/** The form field a service error belongs to: `urls[3]` → urls, `citedArticles[0].articleNumber` → citedArticles, `consent.version` → consent. */
export function fieldOf(path: string): FieldKey | null {
  const noIndex = path.replace(/\[\d+\].*$/, '');
  if (KNOWN.has(noIndex)) return noIndex as FieldKey;
  const [head, sub] = noIndex.split('.');
  if (head === 'respondent') return sub === 'url' || sub === 'name' ? (`respondent.${sub}` as FieldKey) : 'respondent';
  if (head === 'complainant') return 'complainant';
  if (head === 'consent' || head === 'altcha') return head;
  return null;
}

/** The limit a length rule refers to, so a service MAX_LENGTH reads like the page's own. */
const MAX_OF: Partial<Record<FieldKey, number>> = {
  'respondent.name': LIMITS.respondentName,
  'respondent.url': LIMITS.url,
  title: LIMITS.title,
  description: LIMITS.description,
  urls: LIMITS.urls,
  citedArticles: LIMITS.citedArticles,
  'complainant.name': LIMITS.contactName,
  'complainant.email': LIMITS.email,
};

/** The service's field errors on the form's fields; the ones no field shows are returned apart. */
export function serverFieldErrors(errors: FieldProblem[]): { fields: FieldErrors; unplaced: FieldProblem[] } {
  const fields: FieldErrors = {};
  const unplaced: FieldProblem[] = [];
  for (const e of errors) {
    const key = fieldOf(e.field);
    if (!key) {
      unplaced.push(e);
      continue;
    }
    if (fields[key]) continue; // the first error of a field is the one to fix first
    const max = MAX_OF[key];
    // The proof-of-work's reasons (CHALLENGE_REPLAYED, _FORGED, …) all mean the same to the complainant: check again.
    const code = key === 'altcha' && e.code !== 'CHALLENGE_EXPIRED' ? 'CHALLENGE_FAILED' : e.code;
    fields[key] = { code, values: max ? { max } : undefined };
  }
  return { fields, unplaced };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const LABEL = /^[a-z0-9_\u00a1-\uffff](?:[a-z0-9_\u00a1-\uffff-]{0,61}[a-z0-9_\u00a1-\uffff])?$/i;
const TLD = /^(?:[a-z\u00a1-\uffff]{2,63}|xn--[a-z0-9-]{2,59})$/i;

/** class-validator's IsUrl as the DTO configures it: http or https, the protocol written, a host with a top-level domain or an IP. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value) || /\s/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const host = url.hostname;
  if (IPV4.test(host) || host.startsWith('[')) return true;
  const labels = host.split('.');
  return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && TLD.test(labels[labels.length - 1]);
}

const PHONE = /^\+?[0-9][0-9 -]{4,24}$/;
const EMAIL = /^[^\s@"(),:;<>[\]\\]{1,64}@(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff]{2,}$/i;

export const urlLines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The form's own checks, field by field (the first-step fields; `consent` and `altcha` with `final`). */
export function validate(form: ComplaintForm, now: Date, final: { altcha: string | null } | null): FieldErrors {
  const e: FieldErrors = {};
  const text = (key: FieldKey, value: string, max: number, required: boolean) => {
    const v = value.trim();
    if (required && !v) e[key] = { code: 'REQUIRED' };
    else if (v.length > max) e[key] = { code: 'MAX_LENGTH', values: { max } };
  };
  if (!form.category) e.category = { code: 'REQUIRED' };
  const url = form.respondentUrl.trim();
  if (url && !isHttpUrl(url)) e['respondent.url'] = { code: 'IS_URL' };
  else if (url.length > LIMITS.url) e['respondent.url'] = { code: 'MAX_LENGTH', values: { max: LIMITS.url } };
  text('respondent.name', form.respondentName, LIMITS.respondentName, false);
  if (!url && !form.respondentName.trim()) e.respondent = { code: 'RESPONDENT_REQUIRED' };
  text('title', form.title, LIMITS.title, true);
  text('description', form.description, LIMITS.description, true);
  if (!form.occurredAt) e.occurredAt = { code: 'REQUIRED' };
  else {
    const at = new Date(form.occurredAt);
    if (Number.isNaN(at.getTime())) e.occurredAt = { code: 'IS_ISO8601' };
    else if (at.getTime() > now.getTime()) e.occurredAt = { code: 'IN_FUTURE' };
  }
  const urls = urlLines(form.urls);
  if (urls.length > LIMITS.urls) e.urls = { code: 'ARRAY_MAX_SIZE', values: { max: LIMITS.urls } };
  else {
    const bad = urls.findIndex((u) => !isHttpUrl(u) || u.length > LIMITS.url);
    if (bad >= 0) e.urls = { code: 'URL_LINE', values: { line: bad + 1 } };
  }
  if (form.citedArticles.length > LIMITS.citedArticles) e.citedArticles = { code: 'ARRAY_MAX_SIZE', values: { max: LIMITS.citedArticles } };
  if (!form.anonymous) {
    text('complainant.name', form.name, LIMITS.contactName, false);
    const phone = form.phone.trim();
    const email = form.email.trim();
    if (phone && !PHONE.test(phone)) e['complainant.phone'] = { code: 'PHONE' };
    if (email && (!EMAIL.test(email) || email.length > LIMITS.email)) e['complainant.email'] = { code: 'IS_EMAIL' };
    if (!phone && !email) e.complainant = { code: 'CONTACT_REQUIRED' };
    if (form.mailConsent && !email) e['complainant.mailConsent'] = { code: 'EMAIL_REQUIRED' };
  }
  if (final) {
    if (!form.consent) e.consent = { code: 'CONSENT_REQUIRED' };
    if (!final.altcha) e.altcha = { code: 'ALTCHA_REQUIRED' };
  }
  return e;
}

/**
 * The request body: trimmed text, a contact only when not anonymous (with the consent to mail, and the page's language
 * for that mail), the cited articles as the DTO wants them.
 */
export function toRequest(form: ComplaintForm, altcha: string, lang: 'zh-CN' | 'en'): ComplaintRequest {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    respondent: { name: opt(form.respondentName), url: opt(form.respondentUrl) },
    category: form.category,
    title: form.title.trim(),
    description: form.description.trim(),
    occurredAt: new Date(form.occurredAt).toISOString(),
    urls: urlLines(form.urls),
    citedArticles: form.citedArticles.map((key) => {
      const [conventionCode, n] = key.split('#');
      return { conventionCode, articleNumber: Number(n) };
    }),
    complainant: form.anonymous
      ? { anonymous: true }
      : { anonymous: false, name: opt(form.name), phone: opt(form.phone), email: opt(form.email), mailConsent: form.mailConsent && !!opt(form.email), locale: lang },
    isEmployeeOfRespondent: form.isEmployee,
    altcha,
    consent: { version: CONSENT_VERSION },
  };
}

/** The evidence files' own checks, before anything is sent: count, emptiness and size. */
export function fileProblem(file: File): FieldError | null {
  if (file.size === 0) return { code: 'FILE_EMPTY' };
  if (file.size > LIMITS.fileBytes) return { code: 'FILE_TOO_LARGE', values: { max: LIMITS.fileBytes / 1024 / 1024 } };
  return null;
}
