/**
 * The console's one way to the API: same origin, the access token in memory only (never in storage), the refresh
 * token in an HttpOnly cookie the page cannot read. A 401 on a call refreshes once (one refresh at a time across
 * the page's tabs, through the Web Locks API) and retries; problem+json answers become ApiError.
 */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldProblem[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The header the session routes require: a cross-site form or image cannot send it (CSRF). */
export const CSRF_HEADER = { 'x-requested-with': 'selfreg-console' } as const;

interface Token {
  accessToken: string;
  expiresAt: string;
  /** The signed-in account's role (the session routes say it with the token). */
  role?: string;
}

let token: Token | null = null;
let refreshing: Promise<boolean> | null = null;

export const session = {
  set(t: Token | null): void {
    token = t;
  },
  /** The signed-in account's role, once a session route answered (before who-am-I has). */
  get role(): string | undefined {
    return token?.role;
  },
  get active(): boolean {
    return token !== null && Date.parse(token.expiresAt) - Date.now() > 5_000;
  },
  /** Trades the refresh cookie for a new access token; false when there is no session any more. */
  refresh(): Promise<boolean> {
    refreshing ??= withLock(async () => {
      const res = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { ...CSRF_HEADER }, credentials: 'same-origin' });
      if (!res.ok) {
        token = null;
        return false;
      }
      token = (await res.json()) as Token;
      return true;
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  },
};

/** Runs `fn` while holding the page-wide "refresh" lock, so two tabs never spend the same refresh token. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  return locks ? ((await locks.request('selfreg-console-refresh', fn)) as T) : fn();
}

export async function problemOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON: keep the status only
  }
  const { code, detail, title, errors, ...rest } = body;
  return new ApiError(
    res.status,
    typeof code === 'string' ? code : `HTTP_${res.status}`,
    typeof detail === 'string' ? detail : typeof title === 'string' ? title : res.statusText,
    Array.isArray(errors) ? (errors as FieldProblem[]) : [],
    rest,
  );
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Return the raw Response (downloads, blobs). */
  raw?: boolean;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(path: string, o: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...o.headers };
  if (token) headers.authorization = `Bearer ${token.accessToken}`;
  let body: BodyInit | undefined;
  if (o.body instanceof FormData) body = o.body;
  else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  return fetch(withQuery(path, o.query), { method: o.method ?? 'GET', headers, body, credentials: 'same-origin' });
}

/** A GET's URL with its query parameters sorted: two ways of writing one request meet in the prefetch map. */
function requestKey(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const params = new URLSearchParams(url.slice(at + 1));
  params.sort();
  return `${url.slice(0, at)}?${params.toString()}`;
}

/** GETs started before the page that needs them exists (see prefetch), by requestKey; each answer is taken once. */
const early = new Map<string, { at: number; res: Promise<Response> }>();
/** How long a prefetched answer waits for its page; after that a page asks again. */
const EARLY_TTL_MS = 10_000;

/**
 * Starts these GETs now (with the session's token): the first `request` for the same URL within 10 s takes the
 * answer instead of asking again. The console calls it on a page load, while React and the page's chunks load.
 */
export function prefetch(paths: readonly string[]): void {
  const now = Date.now();
  for (const [key, e] of early) if (now - e.at > EARLY_TTL_MS) early.delete(key);
  for (const path of paths) {
    const key = requestKey(path);
    if (early.has(key)) continue;
    const res = send(path, {});
    res.catch(() => undefined); // the page's own request reports a failure
    early.set(key, { at: now, res });
  }
}

function takeEarly(path: string, o: RequestOptions): Promise<Response> | undefined {
  if ((o.method ?? 'GET') !== 'GET' || o.body !== undefined || o.headers) return undefined;
  const key = requestKey(withQuery(path, o.query));
  const e = early.get(key);
  early.delete(key);
  return e && Date.now() - e.at <= EARLY_TTL_MS ? e.res : undefined;
}

export async function request<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const prefetched = takeEarly(path, o);
  if (!prefetched && !session.active) await session.refresh();
  let res = prefetched ? await prefetched.catch(() => send(path, o)) : await send(path, o);
  if (res.status === 401 && (await session.refresh())) res = await send(path, o);
  if (!res.ok) throw await problemOf(res);
  if (o.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Fetches a file with the session's token and hands it to the browser as a download. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await request<Response>(path, { raw: true });
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/i.exec(disposition)?.[1] ?? /filename=([^;]+)/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = encoded ? decodeURIComponent(encoded) : (plain?.trim() ?? fallbackName);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
