import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';
import { count, createAgency, createPartner } from '../../support/factories.js';

describe('Test-mode (sandbox) API keys — POST /v1/partners/:id/keys, POST /v1/api-keys', () => {
  let t: TestApp;
  let admin: string;
  let partner: { id: string; key: string };
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    partner = await createPartner(t, admin);
  });
  afterAll(() => t.close());

  const bearer = () => ({ authorization: `Bearer ${admin}` });

  it('an admin adds a sandbox key to a partner: its secret and prefix start srk_test_, its views say testMode', async () => {
    const res = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ testMode: true });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ownerKind: 'partner', ownerId: partner.id, testMode: true, name: 'sandbox key' });
    expect(res.body.key).toMatch(/^srk_test_[A-Za-z0-9_-]{43}$/);
    expect(res.body.prefix).toBe(res.body.key.slice(0, 17));
    const me = await t.http().get('/v1/auth/me').set('x-api-key', res.body.key);
    expect(me.body).toMatchObject({ kind: 'api_key', role: 'partner', partnerId: partner.id, testMode: true });
    const listed = await t.http().get(`/v1/partners/${partner.id}/keys`).set(bearer());
    expect(listed.body.find((k: { id: string }) => k.id === res.body.id)).toMatchObject({ testMode: true, prefix: res.body.prefix });
    expect(JSON.stringify(listed.body)).not.toContain(res.body.key);
  });

  it('a live key keeps the srk_ prefix, never srk_test_, and says testMode false', async () => {
    const res = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({});
    expect(res.status).toBe(201);
    expect(res.body.testMode).toBe(false);
    expect(res.body.key).toMatch(/^srk_/);
    expect(res.body.key.startsWith('srk_test_')).toBe(false);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', partner.key)).body.testMode).toBe(false);
  });

  it('a rotation keeps the old key\'s mode, and testMode with keyId is refused (400, nothing written)', async () => {
    const test = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ testMode: true });
    const rotated = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ keyId: test.body.id, overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ testMode: true });
    expect(rotated.body.key).toMatch(/^srk_test_/);
    const generic = await t.http().post(`/v1/api-keys/${rotated.body.id}/rotate`).set(bearer()).send({});
    expect(generic.body).toMatchObject({ testMode: true });
    const before = await count(t, 'api_keys');
    const res = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ keyId: generic.body.id, testMode: false });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'testMode', code: 'NOT_WITH_ROTATION' })]);
    expect(await count(t, 'api_keys')).toBe(before);
  });

  it('POST /v1/api-keys issues a partner test key, and refuses one for an agency (400 field error, nothing written)', async () => {
    const ok = await t.http().post('/v1/api-keys').set(bearer()).send({ ownerKind: 'partner', ownerId: partner.id, name: 'staging', testMode: true });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ testMode: true, name: 'staging' });
    expect(ok.body.key).toMatch(/^srk_test_/);
    const agency = await createAgency(t, admin);
    const before = await count(t, 'api_keys');
    const res = await t.http().post('/v1/api-keys').set(bearer()).send({ ownerKind: 'agency', ownerId: agency.id, name: 'sandbox', testMode: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'testMode', code: 'PARTNERS_ONLY' })]);
    expect(await count(t, 'api_keys')).toBe(before);
    const listed = await t.http().get('/v1/api-keys').query({ ownerKind: 'partner', ownerId: partner.id }).set(bearer());
    expect(listed.body.filter((k: { testMode: boolean }) => k.testMode).length).toBeGreaterThanOrEqual(3);
  });

  it('testMode must be a boolean', async () => {
    const res = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ testMode: 'yes' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'testMode' })]);
  });

  it('a test key that is revoked is refused like any other', async () => {
    const test = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer()).send({ testMode: true });
    expect((await t.http().delete(`/v1/partners/${partner.id}/keys/${test.body.id}`).set(bearer())).status).toBe(204);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', test.body.key), 401, 'API_KEY_INVALID');
  });
});
