import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ApiError, prefetch, request, session } from '../api/http';
import { pathParams } from '../path-params';
import { casePrefetch, queuePrefetch } from '../pages/prefetch';
import { listFilters, PAGE_SIZE, queueOf } from '../pages/queue-filters';
import { authProvider } from './auth';
import { dataProvider, toHttpError } from './data';

/**
 * The console's providers against a recorded fetch (the browser's network is the boundary here; the real service is
 * driven by test/browser/console*.browser-spec.ts).
 */
interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}
let calls: Call[] = [];
let answers: ((c: Call) => Response | undefined)[] = [];
const realFetch = globalThis.fetch;

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers } });
const token = (name: string) => ({ accessToken: name, tokenType: 'Bearer', expiresIn: 900, expiresAt: new Date(Date.now() + 900_000).toISOString() });

beforeEach(() => {
  calls = [];
  answers = [];
  session.set(token('t0'));
  globalThis.fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const c: Call = {
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(Object.entries((init.headers as Record<string, string>) ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(c);
    for (const a of answers) {
      const r = a(c);
      if (r) return r;
    }
    return json(404, { code: 'NOT_FOUND', detail: 'no answer recorded' });
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('dataProvider', () => {
  it('sends Refine filters as the API query and pages forward with the cursor the previous page gave', async () => {
    answers.push((c) => (c.url.includes('cursor=') ? json(200, { items: [{ id: 'c3' }], nextCursor: null }) : json(200, { items: [{ id: 'c1' }, { id: 'c2' }], nextCursor: 'CUR2' })));
    const filters = [{ field: 'state', operator: 'eq' as const, value: 'received' }, { field: 'q', operator: 'contains' as const, value: '退款' }];
    const first = await dataProvider.getList({ resource: 'cases', pagination: { currentPage: 1, pageSize: 2 }, filters });
    expect(calls[0].url).toBe(`/v1/cases?state=received&q=${encodeURIComponent('退款')}&limit=2`);
    expect(first).toEqual({ data: [{ id: 'c1' }, { id: 'c2' }], total: 3 });
    const second = await dataProvider.getList({ resource: 'cases', pagination: { currentPage: 2, pageSize: 2 }, filters });
    expect(calls[1].url).toBe(`/v1/cases?state=received&q=${encodeURIComponent('退款')}&limit=2&cursor=CUR2`);
    expect(second).toEqual({ data: [{ id: 'c3' }], total: 3 });
  });

  it('answers an empty page for a page whose cursor it never saw, without asking the API', async () => {
    const r = await dataProvider.getList({ resource: 'members', pagination: { currentPage: 5, pageSize: 20 } });
    expect(r).toEqual({ data: [], total: 0 });
    expect(calls).toEqual([]);
  });

  it('turns problem details into Refine errors with the field messages keyed by field', async () => {
    answers.push(() => json(400, { code: 'VALIDATION_FAILED', detail: 'Invalid body', errors: [{ field: 'response.reasons', code: 'IS_NOT_EMPTY', message: 'reasons is required' }] }));
    await expect(dataProvider.create({ resource: 'members', variables: {} })).rejects.toEqual({
      statusCode: 400,
      message: 'Invalid body',
      code: 'VALIDATION_FAILED',
      errors: { 'response.reasons': ['reasons is required'] },
      extensions: {},
    });
    expect(toHttpError(new Error('offline'))).toEqual({ statusCode: 0, message: 'offline' });
  });
});

describe('request and the session', () => {
  it('refreshes once on a 401 with the CSRF header and retries with the new token', async () => {
    answers.push((c) => (c.url === '/v1/auth/session/refresh' ? json(200, token('t1')) : undefined));
    answers.push((c) => (c.headers.authorization === 'Bearer t1' ? json(200, { ok: true }) : json(401, { code: 'UNAUTHENTICATED' })));
    await expect(request('/v1/cases/queues')).resolves.toEqual({ ok: true });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers.authorization ?? ''}`)).toEqual([
      'GET /v1/cases/queues Bearer t0',
      'POST /v1/auth/session/refresh ',
      'GET /v1/cases/queues Bearer t1',
    ]);
    expect(calls[1].headers['x-requested-with']).toBe('selfreg-console');
  });

  it('gives up with the 401 when the session cannot be refreshed', async () => {
    answers.push((c) => (c.url === '/v1/auth/session/refresh' ? json(401, { code: 'SESSION_EXPIRED' }) : json(401, { code: 'UNAUTHENTICATED', detail: 'no' })));
    const e = await request('/v1/cases').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(401);
    expect(calls.filter((c) => c.url === '/v1/auth/session/refresh')).toHaveLength(1);
  });
});

describe('authProvider', () => {
  it('signs in on the session route with the CSRF header and keeps the token in memory', async () => {
    session.set(null);
    answers.push((c) => (c.url === '/v1/auth/session' ? json(200, token('t9')) : undefined));
    await expect(authProvider.login({ email: 'a@b.cn', password: 'secret password' })).resolves.toMatchObject({ success: true });
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/v1/auth/session', body: { email: 'a@b.cn', password: 'secret password' } });
    expect(calls[0].headers['x-requested-with']).toBe('selfreg-console');
    expect(session.active).toBe(true);
  });

  it('reports a lock-out with its code and how long to wait', async () => {
    answers.push(() => json(429, { code: 'LOGIN_THROTTLED', detail: 'Too many', retryAfterSeconds: 600 }));
    const r = await authProvider.login({ email: 'a@b.cn', password: 'x' });
    expect(r.success).toBe(false);
    expect(r.error).toBeInstanceOf(ApiError);
    expect(r.error).toMatchObject({ code: 'LOGIN_THROTTLED', extensions: { retryAfterSeconds: 600 } });
  });

  it('sends a reload without a live token through the refresh cookie, and to sign-in when it is gone', async () => {
    session.set(null);
    answers.push(() => json(401, { code: 'SESSION_EXPIRED' }));
    await expect(authProvider.check()).resolves.toEqual({ authenticated: false, logout: true, redirectTo: '/login' });
    expect(calls.map((c) => c.url)).toEqual(['/v1/auth/session/refresh']);
  });

  it('signs out on the session route and forgets the token', async () => {
    answers.push(() => new Response(null, { status: 204 }));
    await authProvider.logout({});
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: '/v1/auth/session' });
    expect(calls[0].headers['x-requested-with']).toBe('selfreg-console');
    expect(session.active).toBe(false);
  });
});

describe('page-load prefetch', () => {
  const ok = (c: Call) => json(200, c.url.startsWith('/v1/cases?') ? { items: [{ id: c.url }], nextCursor: null } : { url: c.url });

  it("answers the page's own GET from the prefetched one, once, whatever the order of its query parameters", async () => {
    answers.push(ok);
    prefetch(['/v1/things?b=2&a=1']);
    await expect(request('/v1/things', { query: { a: 1, b: 2 } })).resolves.toEqual({ url: '/v1/things?b=2&a=1' });
    expect(calls).toHaveLength(1);
    await request('/v1/things', { query: { a: 1, b: 2 } });
    expect(calls).toHaveLength(2);
  });

  it('asks for exactly the list the queue page asks for, so the page sends nothing twice', async () => {
    answers.push(ok);
    const search = new URLSearchParams('queue=mine&category=fraud&q=%E9%80%80%E6%AC%BE');
    prefetch(queuePrefetch({ params: {}, search, role: 'secretariat' }));
    const prefetched = calls.length;
    expect(calls.map((c) => c.url.split('?')[0]).sort()).toEqual(['/v1/cases', '/v1/cases/queues', '/v1/complaint-categories']);
    // What pages/queue.tsx does with the same URL.
    const filters = Object.entries(listFilters(search, queueOf(search, true))).map(([field, value]) => ({ field, operator: 'eq' as const, value }));
    await dataProvider.getList({ resource: 'cases', pagination: { currentPage: 1, pageSize: PAGE_SIZE, mode: 'server' }, filters });
    await request('/v1/cases/queues');
    await request('/v1/complaint-categories');
    expect(calls).toHaveLength(prefetched);
  });

  it("asks a member rep's case list for the portal's list and the public categories only, and no list ahead for a later page", async () => {
    answers.push(ok);
    expect(queuePrefetch({ params: {}, search: new URLSearchParams(), role: 'member_rep' })).toEqual(['/v1/public/complaint-categories', '/v1/cases?open=true&sort=deadline&limit=20']);
    expect(queuePrefetch({ params: {}, search: new URLSearchParams('view=closed&q=abc'), role: 'member_rep' })).toEqual(['/v1/public/complaint-categories', '/v1/cases?open=false&q=abc&limit=20']);
    expect(queuePrefetch({ params: {}, search: new URLSearchParams('page=2'), role: 'secretariat' })).toEqual(['/v1/complaint-categories', '/v1/cases/queues']);
  });

  it('matches a route pattern with its decoded parameters, keeps a malformed escape as written instead of throwing, and refuses other paths', () => {
    expect(pathParams('/cases/:id', '/cases/c%201')).toEqual({ id: 'c 1' });
    expect(pathParams('/cases', '/cases')).toEqual({});
    expect(pathParams('/cases/:id', '/cases/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
    expect(pathParams('/cases/:id', '/cases')).toBeNull();
    expect(pathParams('/cases/:id', '/members/m1')).toBeNull();
  });

  it("asks for the case page's history and evidence for staff only", () => {
    expect(casePrefetch({ params: { id: 'c 1' }, search: new URLSearchParams(), role: 'member_rep' })).toEqual(['/v1/cases/c%201', '/v1/case-events', '/v1/public/complaint-categories']);
    expect(casePrefetch({ params: { id: 'c1' }, search: new URLSearchParams(), role: 'supervisor' })).toEqual(['/v1/cases/c1', '/v1/case-events', '/v1/complaint-categories', '/v1/cases/c1/history', '/v1/cases/c1/evidence']);
  });

  it('lets the page ask again when the prefetched GET failed on the network', async () => {
    let first = true;
    answers.push((c) => {
      if (first) {
        first = false;
        throw new TypeError('network down');
      }
      return ok(c);
    });
    prefetch(['/v1/things']);
    await expect(request('/v1/things')).resolves.toEqual({ url: '/v1/things' });
    expect(calls).toHaveLength(2);
  });
});
