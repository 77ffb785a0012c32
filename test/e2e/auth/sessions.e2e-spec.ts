import { jest } from '@jest/globals';
import { SessionsService } from '../../../src/identity/sessions/sessions.service.js';
import { Clock } from '../../../src/platform/clock.js';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, apiKeyFor, expectProblem, login, userWithRole } from '../../support/auth.js';

const CONSOLE = { 'x-requested-with': 'selfreg-console' };
const COOKIE_ATTRIBUTES = /^selfreg_refresh=([A-Za-z0-9_-]{43}); Path=\/v1\/auth\/session; HttpOnly; Secure; SameSite=Strict; Max-Age=(\d+)$/;
const CLEARED = 'selfreg_refresh=; Path=/v1/auth/session; HttpOnly; Secure; SameSite=Strict; Max-Age=0';

type Res = { status: number; headers: Record<string, string | string[]>; body: Record<string, unknown> };

/** The refresh token a response set, and the cookie's Max-Age. */
function cookieOf(res: Res): { token: string; maxAge: number } {
  const set = [res.headers['set-cookie'] ?? []].flat();
  expect(set).toHaveLength(1);
  const m = COOKIE_ATTRIBUTES.exec(set[0]);
  if (!m) throw new Error(`not a session cookie: ${set[0]}`);
  return { token: m[1], maxAge: Number(m[2]) };
}

function expectCleared(res: Res): void {
  expect(res.headers['set-cookie']).toEqual([CLEARED]);
}

const counts = async (t: TestApp) =>
  (
    await t.sql.query(
      `SELECT (SELECT count(*) FROM auth_sessions)::int AS sessions,
              (SELECT count(*) FROM auth_session_tokens)::int AS tokens,
              (SELECT count(*) FROM auth_session_tokens WHERE spent_at IS NOT NULL)::int AS spent,
              (SELECT count(*) FROM auth_sessions WHERE revoked_at IS NOT NULL)::int AS revoked,
              (SELECT max(last_used_at) FROM auth_sessions) AS "lastUsed",
              (SELECT count(*) FROM audit_log)::int AS audit`,
    )
  ).rows[0];

describe('Console browser sessions — /v1/auth/session', () => {
  let t: TestApp;
  const setNow = (at: Date) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(at);
  const later = (ms: number) => new Date(Date.now() + ms);
  const start = (email: string, password: string) => t.http().post('/v1/auth/session').send({ email, password });
  const refresh = (token: string | undefined, headers: Record<string, string> = CONSOLE) => {
    const req = t.http().post('/v1/auth/session/refresh').set(headers);
    return token === undefined ? req : req.set('cookie', `theme=dark; selfreg_refresh=${token}`);
  };
  const signOut = (token: string | undefined, headers: Record<string, string> = CONSOLE) => {
    const req = t.http().delete('/v1/auth/session').set(headers);
    return token === undefined ? req : req.set('cookie', `selfreg_refresh=${token}`);
  };
  const me = (accessToken: unknown) => t.http().get('/v1/auth/me').set('authorization', `Bearer ${String(accessToken)}`);

  beforeAll(async () => {
    t = await createTestApp({
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '1000',
      SESSION_IDLE_HOURS: '12',
      SESSION_MAX_DAYS: '1',
      PUBLIC_BASE_URL: 'https://selfreg.example.cn',
    });
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  it('successful sign-in answers the login body and sets the refresh cookie with every attribute', async () => {
    const u = await userWithRole(t, 'secretariat');
    const res = await start(u.email, u.password);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresAt', 'expiresIn', 'role', 'tokenType']);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, role: 'secretariat' });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(cookieOf(res).maxAge).toBe(86400);
    const who = await me(res.body.accessToken);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ kind: 'user', id: u.id, role: 'secretariat', displayName: 'secretariat', locale: 'zh-CN', email: u.email });
    // Only the token's SHA-256 is stored.
    const stored = (await t.sql.query(`SELECT t.token_hash FROM auth_session_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE s.user_id = $1`, [u.id])).rows;
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].token_hash).not.toContain(cookieOf(res).token);
    const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE stream = $1 ORDER BY stream_seq`, [`user:${u.id}`])).rows;
    expect(audit.at(-1)).toMatchObject({ action: 'auth.login', details: { session: expect.any(String) } });
  });

  it('GET /v1/auth/me answers null displayName and locale for an API key', async () => {
    const key = await apiKeyFor(t, 'partner');
    const res = await t.http().get('/v1/auth/me').set('x-api-key', key.key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'api_key', role: 'partner', displayName: null, locale: null });
  });

  it('failing sign-in answers like login (401 INVALID_CREDENTIALS) and sets no cookie', async () => {
    const u = await userWithRole(t, 'secretariat');
    const res = await start(u.email, 'wrong-password');
    expectProblem(res, 401, 'INVALID_CREDENTIALS');
    expect(res.headers['set-cookie']).toBeUndefined();
    expectProblem(await start('nobody@test.local', 'whatever'), 401, 'INVALID_CREDENTIALS');
  });

  it('a throttled sign-in answers 429 LOGIN_THROTTLED with Retry-After, even with the right password, like login', async () => {
    const u = await userWithRole(t, 'secretariat');
    for (let i = 0; i < 3; i++) expect((await start(u.email, 'nope-nope')).status).toBe(401);
    const res = await start(u.email, u.password);
    expectProblem(res, 429, 'LOGIN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.headers['set-cookie']).toBeUndefined();
    // The session route's failures count for the login route too: one throttle.
    expectProblem(await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password }), 429, 'LOGIN_THROTTLED');
  });

  it('refresh rotates: a new cookie and access token; the new cookie works and the old one is spent', async () => {
    const u = await userWithRole(t, 'secretariat');
    const first = cookieOf(await start(u.email, u.password));
    const res = await refresh(first.token);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String), role: 'secretariat' });
    expect((await me(res.body.accessToken)).body).toMatchObject({ id: u.id });
    const second = cookieOf(res);
    expect(second.token).not.toBe(first.token);
    expect(second.maxAge).toBeLessThanOrEqual(86400);
    expect(second.maxAge).toBeGreaterThan(86390);
    const third = await refresh(second.token);
    expect(third.status).toBe(200);
    const spent = (await t.sql.query(
      `SELECT count(*) FILTER (WHERE t.spent_at IS NULL)::int AS live, count(*)::int AS "all" FROM auth_session_tokens t JOIN auth_sessions s ON s.id = t.session_id WHERE s.user_id = $1`,
      [u.id],
    )).rows[0];
    expect(spent).toEqual({ live: 1, all: 3 });
  });

  it('a spent token within the grace period (two tabs at once) gets a new token of the same session; the newer one still works', async () => {
    const u = await userWithRole(t, 'secretariat');
    const first = cookieOf(await start(u.email, u.password));
    const [a, b] = await Promise.all([refresh(first.token), refresh(first.token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const ta = cookieOf(a).token;
    const tb = cookieOf(b).token;
    expect(ta).not.toBe(tb);
    setNow(later(15_000));
    const again = await refresh(first.token);
    expect(again.status).toBe(200);
    expect((await refresh(ta)).status).toBe(200);
    const sessions = (await t.sql.query(`SELECT count(*)::int AS n FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL`, [u.id])).rows[0];
    expect(sessions.n).toBe(1);
    // tb was spent by the rotation of ta (at +15 s): still within its grace at +30 s.
    setNow(later(30_000));
    expect((await refresh(tb)).status).toBe(200);
  });

  it('reuse of a spent token after the grace period revokes the session, newer tokens included, and is audited', async () => {
    const u = await userWithRole(t, 'secretariat');
    const first = cookieOf(await start(u.email, u.password));
    const second = cookieOf(await refresh(first.token));
    setNow(later(21_000));
    const reuse = await refresh(first.token);
    expectProblem(reuse, 401, 'SESSION_REVOKED');
    expectCleared(reuse);
    const newer = await refresh(second.token);
    expectProblem(newer, 401, 'SESSION_REVOKED');
    expectCleared(newer);
    const row = (await t.sql.query(`SELECT revoked_reason FROM auth_sessions WHERE user_id = $1`, [u.id])).rows;
    expect(row).toEqual([{ revoked_reason: 'reuse' }]);
    const audit = (await t.sql.query(`SELECT actor_type, details FROM audit_log WHERE action = 'auth.session.reuse' AND resource_id = $1`, [u.id])).rows;
    expect(audit).toEqual([{ actor_type: 'public', details: { session: expect.any(String) } }]);
    // A token several rotations old is recognised too.
    const s2 = cookieOf(await start(u.email, u.password));
    const s3 = cookieOf(await refresh(s2.token));
    const s4 = cookieOf(await refresh(s3.token));
    setNow(later(60_000));
    expectProblem(await refresh(s2.token), 401, 'SESSION_REVOKED');
    expectProblem(await refresh(s4.token), 401, 'SESSION_REVOKED');
  });

  it('two refreshes with one token, the second more than the grace period later, never both succeed: the second revokes the session', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    const { id } = (await t.sql.query(`SELECT id FROM auth_sessions WHERE user_id = $1`, [u.id])).rows[0];
    // Hold the session row, so both refreshes wait on it, in the order they arrived.
    const holder = await t.sql.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM auth_sessions WHERE id = $1 FOR UPDATE', [id]);
      const base = Date.now();
      setNow(new Date(base));
      const first = refresh(token).then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      setNow(new Date(base + 30_000));
      const second = refresh(token).then((r) => r);
      await new Promise((r) => setTimeout(r, 300));
      await holder.query('COMMIT');
      const [a, b] = await Promise.all([first, second]);
      expect(a.status).toBe(200);
      expectProblem(b, 401, 'SESSION_REVOKED');
      // The token the first one got died with the session.
      expectProblem(await refresh(cookieOf(a).token), 401, 'SESSION_REVOKED');
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('refresh without a cookie, or with an unknown or malformed one, answers 401 SESSION_REQUIRED and clears the cookie', async () => {
    for (const token of [undefined, 'x'.repeat(43), 'short']) {
      const res = await refresh(token);
      expectProblem(res, 401, 'SESSION_REQUIRED');
      expectCleared(res);
    }
  });

  it('refresh without the console header is refused with 403 CSRF_REFUSED and writes nothing', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    const before = await counts(t);
    for (const headers of [{}, { 'x-requested-with': 'XMLHttpRequest' }] as Record<string, string>[]) {
      const res = await refresh(token, headers);
      expectProblem(res, 403, 'CSRF_REFUSED');
      expectCleared(res);
    }
    expect(await counts(t)).toEqual(before);
    // The token was not spent: it still works with the header.
    expect((await refresh(token)).status).toBe(200);
  });

  it('refresh from a foreign Origin is refused with 403 CSRF_REFUSED; the service\'s own origins are admitted', async () => {
    const u = await userWithRole(t, 'secretariat');
    let { token } = cookieOf(await start(u.email, u.password));
    const before = await counts(t);
    for (const origin of ['https://evil.example', 'null', 'http://console.test:8080']) {
      const res = await refresh(token, { ...CONSOLE, host: 'console.test', origin });
      expectProblem(res, 403, 'CSRF_REFUSED');
    }
    expect(await counts(t)).toEqual(before);
    const own = await refresh(token, { ...CONSOLE, host: 'console.test', origin: 'http://console.test' });
    expect(own.status).toBe(200);
    token = cookieOf(own).token;
    // PUBLIC_BASE_URL is the service's own origin too (a proxy in front that does not forward the scheme).
    expect((await refresh(token, { ...CONSOLE, origin: 'https://selfreg.example.cn' })).status).toBe(200);
  });

  it('a session idle for SESSION_IDLE_HOURS answers 401 SESSION_EXPIRED', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    setNow(later(12 * 3600_000 + 60_000));
    const res = await refresh(token);
    expectProblem(res, 401, 'SESSION_EXPIRED');
    expectCleared(res);
  });

  it('a session in use ends SESSION_MAX_DAYS after sign-in (401 SESSION_EXPIRED); the cookie\'s Max-Age counts down to it', async () => {
    const u = await userWithRole(t, 'secretariat');
    let { token } = cookieOf(await start(u.email, u.password));
    for (const hours of [11, 22]) {
      setNow(later(hours * 3600_000));
      const res = await refresh(token);
      expect(res.status).toBe(200);
      const c = cookieOf(res);
      expect(Math.abs(c.maxAge - (24 - hours) * 3600)).toBeLessThan(60);
      token = c.token;
    }
    setNow(later(24 * 3600_000 + 60_000));
    expectProblem(await refresh(token), 401, 'SESSION_EXPIRED');
  });

  it('sign-out ends the session (204, cookie cleared, audited); a refresh afterwards answers 401', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    const out = await signOut(token);
    expect(out.status).toBe(204);
    expectCleared(out);
    const res = await refresh(token);
    expectProblem(res, 401, 'SESSION_REVOKED');
    const audit = (await t.sql.query(`SELECT actor_type, actor_id, details FROM audit_log WHERE action = 'auth.session.end' AND resource_id = $1`, [u.id])).rows;
    expect(audit).toEqual([{ actor_type: 'user', actor_id: u.id, details: { session: expect.any(String) } }]);
    // Signing out again, or without any session, is fine and records nothing more.
    const before = await counts(t);
    expect((await signOut(token)).status).toBe(204);
    const none = await signOut(undefined);
    expect(none.status).toBe(204);
    expectCleared(none);
    expect(await counts(t)).toEqual(before);
  });

  it('sign-out without the console header or from a foreign Origin is refused with 403 CSRF_REFUSED and ends nothing', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    expectProblem(await signOut(token, {}), 403, 'CSRF_REFUSED');
    expectProblem(await signOut(token, { ...CONSOLE, origin: 'https://evil.example' }), 403, 'CSRF_REFUSED');
    expect((await refresh(token)).status).toBe(200);
  });

  it('a disabled user\'s refresh is refused with 401 SESSION_REVOKED, and stays refused after re-enabling', async () => {
    const u = await userWithRole(t, 'secretariat');
    const { token } = cookieOf(await start(u.email, u.password));
    const admin = await adminToken(t);
    expect((await t.http().patch(`/v1/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ disabled: true })).status).toBe(200);
    const res = await refresh(token);
    expectProblem(res, 401, 'SESSION_REVOKED');
    expectCleared(res);
    await t.http().patch(`/v1/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ disabled: false });
    expectProblem(await refresh(token), 401, 'SESSION_REVOKED');
  });

  it('the daily purge deletes sessions a day after they ended, with their tokens, and keeps live ones', async () => {
    const u = await userWithRole(t, 'supervisor');
    const live = cookieOf(await start(u.email, u.password));
    const ended = cookieOf(await start(u.email, u.password));
    expect((await signOut(ended.token)).status).toBe(204);
    const ofUser = async () =>
      (await t.sql.query(`SELECT s.revoked_reason, count(t.*)::int AS tokens FROM auth_sessions s JOIN auth_session_tokens t ON t.session_id = s.id
                           WHERE s.user_id = $1 GROUP BY s.id ORDER BY s.created_at`, [u.id])).rows;
    const purge = () => t.app.get(SessionsService).purgeEnded();
    await purge();
    expect(await ofUser()).toEqual([{ revoked_reason: null, tokens: 1 }, { revoked_reason: 'sign_out', tokens: 1 }]);
    setNow(later(25 * 3600_000));
    await purge();
    expect(await ofUser()).toEqual([{ revoked_reason: null, tokens: 1 }]);
    jest.restoreAllMocks();
    expect((await refresh(live.token)).status).toBe(200);
    // Idle past its lifetime and a day more: gone too.
    setNow(later(37 * 3600_000));
    await purge();
    expect(await ofUser()).toEqual([]);
  });
});

describe('Change your own password — POST /v1/me/password', () => {
  let t: TestApp;
  const change = (accessToken: string, body: Record<string, unknown>) =>
    t.http().post('/v1/me/password').set('authorization', `Bearer ${accessToken}`).send(body);
  const refresh = (token: string) => t.http().post('/v1/auth/session/refresh').set(CONSOLE).set('cookie', `selfreg_refresh=${token}`);
  const tokenVersion = async (id: string) => (await t.sql.query(`SELECT token_version FROM users WHERE id = $1`, [id])).rows[0].token_version as number;

  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('successful change ends every access token and session of the account and answers a working new session', async () => {
    const u = await userWithRole(t, 'member_rep');
    const other = cookieOf(await t.http().post('/v1/auth/session').send({ email: u.email, password: u.password }));
    const mine = cookieOf(await t.http().post('/v1/auth/session').send({ email: u.email, password: u.password }));
    const newPassword = 'a-brand-new-password-2026';
    const res = await change(u.token, { currentPassword: u.password, newPassword });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Object.keys(res.body).sort()).toEqual(['accessToken', 'expiresAt', 'expiresIn', 'role', 'tokenType']);
    expect(res.body.role).toBe('member_rep');
    const fresh = cookieOf(res);
    // The old access token and both old sessions are dead.
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${u.token}`), 401, 'TOKEN_INVALID');
    expectProblem(await refresh(other.token), 401, 'SESSION_REVOKED');
    expectProblem(await refresh(mine.token), 401, 'SESSION_REVOKED');
    // The new access token and session work.
    expect((await t.http().get('/v1/auth/me').set('authorization', `Bearer ${String(res.body.accessToken)}`)).status).toBe(200);
    const next = await refresh(fresh.token);
    expect(next.status).toBe(200);
    expect((await t.http().get('/v1/auth/me').set('authorization', `Bearer ${String(next.body.accessToken)}`)).status).toBe(200);
    // The new password opens the account, the old one no longer does.
    expectProblem(await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password }), 401, 'INVALID_CREDENTIALS');
    await login(t, u.email, newPassword);
    const reasons = (await t.sql.query(`SELECT revoked_reason FROM auth_sessions WHERE user_id = $1 ORDER BY created_at`, [u.id])).rows.map((r) => r.revoked_reason);
    expect(reasons).toEqual(['password_change', 'password_change', null]);
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'auth.password.change' AND resource_id = $1`, [u.id])).rows;
    expect(audit).toEqual([{ details: { sessionsEnded: 2, session: expect.any(String) } }]);
    expect(JSON.stringify(audit)).not.toContain(newPassword);
  });

  it('a wrong current password is refused with 400 PASSWORD_INCORRECT, writes nothing, and counts toward the login throttle', async () => {
    const u = await userWithRole(t, 'secretariat');
    const version = await tokenVersion(u.id);
    const audits = (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n;
    for (let i = 0; i < 3; i++) {
      const res = await change(u.token, { currentPassword: 'not-my-password', newPassword: 'another-long-password' });
      expectProblem(res, 400, 'PASSWORD_INCORRECT');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', code: 'INCORRECT' })]);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await tokenVersion(u.id)).toBe(version);
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n).toBe(audits);
    expectProblem(await change(u.token, { currentPassword: u.password, newPassword: 'another-long-password' }), 429, 'LOGIN_THROTTLED');
    expectProblem(await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password }), 429, 'LOGIN_THROTTLED');
    // The access token still works: the refusals were not sign-outs.
    expect((await t.http().get('/v1/auth/me').set('authorization', `Bearer ${u.token}`)).status).toBe(200);
  });

  it('a new password that is too short, too long, or the same as the current one is refused with 400 VALIDATION_FAILED', async () => {
    const u = await userWithRole(t, 'secretariat');
    const short = await change(u.token, { currentPassword: u.password, newPassword: 'short' });
    expectProblem(short, 400, 'VALIDATION_FAILED');
    expect(short.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'MIN_LENGTH' })]);
    expectProblem(await change(u.token, { currentPassword: u.password, newPassword: 'x'.repeat(201) }), 400, 'VALIDATION_FAILED');
    const same = await change(u.token, { currentPassword: u.password, newPassword: u.password });
    expectProblem(same, 400, 'VALIDATION_FAILED');
    expect(same.body.errors).toEqual([expect.objectContaining({ field: 'newPassword', code: 'SAME_AS_CURRENT' })]);
    expectProblem(await change(u.token, { newPassword: 'a-long-enough-password' }), 400, 'VALIDATION_FAILED');
    expect((await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password })).status).toBe(200);
  });

  it('API keys and anonymous callers cannot change a password', async () => {
    const agencyKey = await apiKeyFor(t, 'agency');
    const res = await t.http().post('/v1/me/password').set('x-api-key', agencyKey.key).send({ currentPassword: 'x', newPassword: 'a-long-enough-password' });
    expectProblem(res, 403, 'FORBIDDEN_ROLE');
    const partnerKey = await apiKeyFor(t, 'partner');
    expectProblem(await t.http().post('/v1/me/password').set('x-api-key', partnerKey.key).send({ currentPassword: 'x', newPassword: 'a-long-enough-password' }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().post('/v1/me/password').send({ currentPassword: 'x', newPassword: 'a-long-enough-password' }), 401, 'UNAUTHENTICATED');
  });

  it('an admin can change their own password too', async () => {
    const admin = await adminToken(t);
    const res = await change(admin, { currentPassword: 'admin-password-for-tests', newPassword: 'admin-password-changed' });
    expect(res.status).toBe(200);
    await login(t, ADMIN_EMAIL, 'admin-password-changed');
  });
});
