import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { count, createPartner } from '../../support/factories.js';
import { createSiteKey } from '../../support/window.js';

describe('Site keys — POST/GET/PATCH/DELETE /v1/partners/:id/site-keys, GET /v1/public/site-keys/:key', () => {
  let t: TestApp;
  let admin: string;
  let partner: { id: string };
  const auth = () => ({ authorization: `Bearer ${admin}` });
  const base = () => `/v1/partners/${partner.id}/site-keys`;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    partner = await createPartner(t, admin, '某某新闻网');
  });
  afterAll(() => t.close());

  it('issues a public key with normalised origins, audited with ids and counts only', async () => {
    const res = await t.http().post(base()).set(auth()).send({ name: '首页窗口', allowedOrigins: ['https://News.Example.CN/', 'https://news.example.cn:443', 'http://localhost:5173'] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      key: expect.stringMatching(/^wk_[A-Za-z0-9_-]{24}$/),
      name: '首页窗口',
      allowedOrigins: ['https://news.example.cn', 'http://localhost:5173'],
      createdAt: expect.any(String),
      revokedAt: null,
      testMode: false,
    });
    const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE resource_type = 'site_key' AND resource_id = $1`, [res.body.id])).rows;
    expect(audit).toEqual([{ action: 'site_key.create', details: { partnerId: partner.id, origins: 2 } }]);
  });

  it('lists the partner\'s keys newest first; another partner sees none of them', async () => {
    const older = await createSiteKey(t, admin, partner.id);
    const newer = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://m.news.example.cn'] });
    const list = await t.http().get(base()).set(auth());
    expect(list.status).toBe(200);
    const ids = list.body.map((k: { id: string }) => k.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    const other = await createPartner(t, admin);
    expect((await t.http().get(`/v1/partners/${other.id}/site-keys`).set(auth())).body).toEqual([]);
  });

  it('renames a key and replaces its origins', async () => {
    const k = await createSiteKey(t, admin, partner.id);
    const res = await t.http().patch(`${base()}/${k.id}`).set(auth()).send({ name: '移动版', allowedOrigins: ['https://m.news.example.cn:8443'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: k.id, key: k.key, name: '移动版', allowedOrigins: ['https://m.news.example.cn:8443'] });
    const cleared = await t.http().patch(`${base()}/${k.id}`).set(auth()).send({ name: null });
    expect(cleared.body).toMatchObject({ name: null, allowedOrigins: ['https://m.news.example.cn:8443'] });
  });

  it('refuses paths, wildcards, "*", other schemes and more than 20 origins with field errors, writing nothing', async () => {
    const before = await count(t, 'site_keys');
    const bad = await t.http().post(base()).set(auth()).send({ allowedOrigins: ['https://ok.example.cn', 'https://*.example.cn', 'https://news.example.cn/complain', '*', 'ftp://news.example.cn'] });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'allowedOrigins[1]:INVALID_ORIGIN', 'allowedOrigins[2]:INVALID_ORIGIN', 'allowedOrigins[3]:INVALID_ORIGIN', 'allowedOrigins[4]:INVALID_ORIGIN',
    ]);
    const many = Array.from({ length: 21 }, (_, i) => `https://s${i}.example.cn`);
    expectProblem(await t.http().post(base()).set(auth()).send({ allowedOrigins: many }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().post(base()).set(auth()).send({ allowedOrigins: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().post(base()).set(auth()).send({}), 400, 'VALIDATION_FAILED');
    const k = await createSiteKey(t, admin, partner.id);
    const patch = await t.http().patch(`${base()}/${k.id}`).set(auth()).send({ allowedOrigins: ['https://a.example.cn', 'javascript:alert(1)'] });
    expectProblem(patch, 400, 'VALIDATION_FAILED');
    expect(patch.body.errors).toEqual([expect.objectContaining({ field: 'allowedOrigins[1]', code: 'INVALID_ORIGIN' })]);
    expectProblem(await t.http().patch(`${base()}/${k.id}`).set(auth()).send({ allowedOrigins: null }), 400, 'VALIDATION_FAILED');
    expect(await count(t, 'site_keys')).toBe(before + 1);
  });

  it('revokes a key once: again is 409, and a revoked key cannot be changed', async () => {
    const k = await createSiteKey(t, admin, partner.id);
    const del = await t.http().delete(`${base()}/${k.id}`).set(auth());
    expect(del.status).toBe(204);
    expectProblem(await t.http().delete(`${base()}/${k.id}`).set(auth()), 409, 'SITE_KEY_ALREADY_REVOKED');
    expectProblem(await t.http().patch(`${base()}/${k.id}`).set(auth()).send({ name: 'x' }), 409, 'SITE_KEY_ALREADY_REVOKED');
    const listed = (await t.http().get(base()).set(auth())).body.find((x: { id: string }) => x.id === k.id);
    expect(listed.revokedAt).toEqual(expect.any(String));
    const actions = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'site_key' AND resource_id = $1 ORDER BY stream_seq`, [k.id])).rows;
    expect(actions.map((r) => r.action)).toEqual(['site_key.create', 'site_key.revoke']);
  });

  it('answers 404 for an unknown partner and for another partner\'s key', async () => {
    expectProblem(await t.http().post(`/v1/partners/${randomUUID()}/site-keys`).set(auth()).send({ allowedOrigins: ['https://a.example.cn'] }), 404, 'PARTNER_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/partners/${randomUUID()}/site-keys`).set(auth()), 404, 'PARTNER_NOT_FOUND');
    const other = await createPartner(t, admin);
    const theirs = await createSiteKey(t, admin, other.id);
    expectProblem(await t.http().patch(`${base()}/${theirs.id}`).set(auth()).send({ name: 'x' }), 404, 'SITE_KEY_NOT_FOUND');
    expectProblem(await t.http().delete(`${base()}/${theirs.id}`).set(auth()), 404, 'SITE_KEY_NOT_FOUND');
    expectProblem(await t.http().delete(`${base()}/not-a-uuid`).set(auth()), 404, 'NOT_FOUND');
  });

  it('is for admins only', async () => {
    const staff = await userWithRole(t, 'supervisor');
    expectProblem(await t.http().get(base()).set('authorization', `Bearer ${staff.token}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().post(base()).send({ allowedOrigins: ['https://a.example.cn'] }), 401, 'UNAUTHENTICATED');
  });

  it('tells the window page whose window a key opens; unknown, revoked and suspended-partner keys are 404', async () => {
    const k = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://news.example.cn', 'https://m.news.example.cn'] });
    const res = await t.http().get(`/v1/public/site-keys/${k.key}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ partnerName: '某某新闻网', allowedOrigins: ['https://news.example.cn', 'https://m.news.example.cn'], testMode: false });
    expect(res.headers['cache-control']).toBe('no-store');
    for (const key of ['wk_AAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense', encodeURIComponent('wk_../../x')]) {
      expectProblem(await t.http().get(`/v1/public/site-keys/${key}`), 404, 'SITE_KEY_NOT_FOUND');
    }
    await t.http().patch(`/v1/partners/${partner.id}`).set(auth()).send({ status: 'suspended' });
    expectProblem(await t.http().get(`/v1/public/site-keys/${k.key}`), 404, 'SITE_KEY_NOT_FOUND');
    await t.http().patch(`/v1/partners/${partner.id}`).set(auth()).send({ status: 'active' });
    expect((await t.http().get(`/v1/public/site-keys/${k.key}`)).status).toBe(200);
    await t.http().delete(`${base()}/${k.id}`).set(auth());
    expectProblem(await t.http().get(`/v1/public/site-keys/${k.key}`), 404, 'SITE_KEY_NOT_FOUND');
  });
});
