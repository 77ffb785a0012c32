/**
 * The service's public routes as the page calls them. Every refusal becomes an ApiProblem carrying the
 * service's RFC 9457 problem (stable `code`, field errors); a network failure is the problem code NETWORK.
 */

export interface FieldProblem {
  field: string;
  code: string;
  message?: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly errors: FieldProblem[] = [],
    readonly requestId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(code);
  }
}

export interface Category {
  code: string;
  labelZh: string;
  labelEn: string;
  sortOrder: number;
}

export interface ConventionArticle {
  number: number;
  title: string;
}

export interface Convention {
  code: string;
  titleZh: string;
  titleEn: string | null;
  current: { version: number; articles: ConventionArticle[] };
}

export interface SiteKey {
  partnerName: string;
  allowedOrigins: string[];
  /** A sandbox window: what it submits is a test complaint, which nobody at the association handles. */
  testMode?: boolean;
}

export interface RespondentMatch {
  /** The host as intake reads it; null when the input names no domain. */
  domain: string | null;
  member: { name: string } | null;
}

export interface Receipt {
  reference: string;
  receiptCode: string;
  receivedAt: string;
}

export interface ComplaintRequest {
  respondent: { name?: string; url?: string };
  category: string;
  title: string;
  description: string;
  occurredAt: string;
  urls: string[];
  citedArticles: { conventionCode: string; articleNumber: number }[];
  complainant: { anonymous: boolean; name?: string; phone?: string; email?: string; mailConsent?: boolean; locale?: 'zh-CN' | 'en' };
  isEmployeeOfRespondent: boolean;
  altcha: string;
  consent: { version: string };
}

export interface TimelineEntry {
  at: string;
  step: string;
  label: string;
}

export interface ComplaintStatus {
  reference: string;
  state: string;
  stateLabel: string;
  phase: string | null;
  receivedAt: string;
  updatedAt: string;
  timeline: TimelineEntry[];
  outcome: { upheld: boolean; text: string; confirmBy: string | null; answerWith: string[] } | null;
  mergedInto: { reference: string } | null;
  question: { kind: string; action: string; by: string; answerWith: string } | null;
  survey?: { open: boolean; answered: boolean };
}

export type ComplainantEvent =
  | { type: 'WITHDRAW'; reason?: string }
  | { type: 'ADD_INFORMATION'; text: string }
  | { type: 'CONFIRM'; note?: string }
  | { type: 'DISPUTE'; reason: string }
  | { type: 'ACTION_FOLLOW_UP'; happened: boolean; note?: string };

export interface StoredEvidence {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
}

/** Reads a refusal: problem+json when the service answered, else a bare status. */
function problemFrom(status: number, text: string, retryAfter: string | null): ApiProblem {
  let body: { code?: unknown; errors?: unknown; requestId?: unknown; retryAfterSeconds?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: a proxy's page or an empty body
  }
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is FieldProblem => typeof e === 'object' && e !== null && typeof (e as FieldProblem).field === 'string')
    : [];
  const retry = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
  return new ApiProblem(status, typeof body.code === 'string' ? body.code : `HTTP_${status}`, errors, typeof body.requestId === 'string' ? body.requestId : null, retry);
}

interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

async function call<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'omit',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiProblem(0, 'NETWORK');
  }
  const text = await res.text();
  if (!res.ok) throw problemFrom(res.status, text, res.headers.get('retry-after'));
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  categories: () => call<Category[]>('GET', '/v1/public/complaint-categories'),
  conventions: () => call<{ items: Convention[] }>('GET', '/v1/public/conventions').then((r) => r.items),
  siteKey: (key: string) => call<SiteKey>('GET', `/v1/public/site-keys/${encodeURIComponent(key)}`),
  matchRespondent: (url: string, signal: AbortSignal) =>
    call<RespondentMatch>('GET', `/v1/public/respondents/match?url=${encodeURIComponent(url)}`, { signal }),
  submit: (complaint: ComplaintRequest, siteKey: string | null) =>
    call<Receipt>('POST', '/v1/public/complaints', { body: complaint, headers: siteKey ? { 'x-site-key': siteKey } : {} }),
  status: (reference: string, code: string, lang: string) =>
    call<ComplaintStatus>('GET', `/v1/public/complaints/status?reference=${encodeURIComponent(reference)}&lang=${encodeURIComponent(lang)}`, {
      headers: { 'x-receipt-code': code },
    }),
  send: (code: string, event: ComplainantEvent) => call<unknown>('POST', '/v1/public/complaints/events', { body: event, headers: { 'x-receipt-code': code } }),
  survey: (code: string, answer: { rating: number; comment?: string }) =>
    call<unknown>('POST', '/v1/public/complaints/survey', { body: answer, headers: { 'x-receipt-code': code } }),
};

/**
 * One evidence file on its own request, so each shows its own progress and its own refusal
 * (size and type are decided by the service, which sniffs the content).
 */
export function uploadEvidence(
  file: File,
  receiptCode: string,
  onProgress: (fraction: number) => void,
): { done: Promise<StoredEvidence>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StoredEvidence>((resolve, reject) => {
    xhr.open('POST', '/v1/public/complaints/evidence');
    xhr.setRequestHeader('x-receipt-code', receiptCode);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        const body = JSON.parse(xhr.responseText) as { items: StoredEvidence[] };
        resolve(body.items[0]);
      } else {
        reject(problemFrom(xhr.status, xhr.responseText, xhr.getResponseHeader('retry-after')));
      }
    };
    xhr.onerror = () => reject(new ApiProblem(0, 'NETWORK'));
    xhr.onabort = () => reject(new ApiProblem(0, 'ABORTED'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
