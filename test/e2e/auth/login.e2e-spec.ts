import { randomBytes } from 'node:crypto';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';

describe('Log in — POST /v1/auth/login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '1000', JWT_TTL_SECONDS: '600' });
  });
  afterAll(() => t.close());

  it('successful login returns a short-lived bearer token that opens /v1/auth/me', async () => {
    const res = await t.http().post('/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 600, accessToken: expect.any(String) });
    expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    const me = await t.http().get('/v1/auth/me').set('authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'user', role: 'admin', email: ADMIN_EMAIL });
  });

  it('email is matched case-insensitively', async () => {
    const res = await t.http().post('/v1/auth/login').send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('failing login with a wrong password answers 401 INVALID_CREDENTIALS', async () => {
    const u = await userWithRole(t, 'secretariat');
    expectProblem(await t.http().post('/v1/auth/login').send({ email: u.email, password: 'wrong-password' }), 401, 'INVALID_CREDENTIALS');
  });

  it('failing login for an unknown user answers exactly like a wrong password', async () => {
    const res = await t.http().post('/v1/auth/login').send({ email: `nobody-${randomBytes(3).toString('hex')}@x.cn`, password: 'whatever' });
    expectProblem(res, 401, 'INVALID_CREDENTIALS');
    expect(res.body.detail).toBe('Email or password is wrong, or the account is disabled');
  });

  it('a disabled user cannot log in, and their existing token stops working at once', async () => {
    const u = await userWithRole(t, 'secretariat');
    expect((await t.http().get('/v1/auth/me').set('authorization', `Bearer ${u.token}`)).status).toBe(200);
    const admin = await adminToken(t);
    const off = await t.http().patch(`/v1/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ disabled: true });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${u.token}`), 401, 'TOKEN_INVALID');
    expectProblem(await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password }), 401, 'INVALID_CREDENTIALS');
    // Re-enabling does not revive the old token.
    await t.http().patch(`/v1/users/${u.id}`).set('authorization', `Bearer ${admin}`).send({ disabled: false });
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${u.token}`), 401, 'TOKEN_INVALID');
    expect((await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password })).status).toBe(200);
  });

  it('repeated failures for one account are throttled with 429 and Retry-After, even with the right password', async () => {
    const u = await userWithRole(t, 'supervisor');
    for (let i = 0; i < 3; i++) {
      expect((await t.http().post('/v1/auth/login').send({ email: u.email, password: 'nope' })).status).toBe(401);
    }
    const res = await t.http().post('/v1/auth/login').send({ email: u.email, password: u.password });
    expectProblem(res, 429, 'LOGIN_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a forged or expired token is refused with 401', async () => {
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', 'Bearer abc.def.ghi'), 401, 'TOKEN_INVALID');
    const { default: jwt } = await import('jsonwebtoken');
    const admin = (await t.sql.query(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL])).rows[0].id;
    const expired = jwt.sign({ sub: admin, tv: 0 }, t.config.auth.jwtSecret!, { algorithm: 'HS256', expiresIn: -10 });
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${expired}`), 401, 'TOKEN_INVALID');
    const otherKey = jwt.sign({ sub: admin, tv: 0 }, 'another-secret-another-secret-another-secret', { algorithm: 'HS256' });
    expectProblem(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${otherKey}`), 401, 'TOKEN_INVALID');
  });
});

describe('Login throttling per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_IP: '4' });
  });
  afterAll(() => t.close());

  it('many failures from one address across accounts are throttled', async () => {
    for (let i = 0; i < 4; i++) {
      await t.http().post('/v1/auth/login').send({ email: `spray${i}@x.cn`, password: 'guess' });
    }
    expectProblem(await t.http().post('/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }), 429, 'LOGIN_THROTTLED');
  });
});
