import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, apiKeyFor, expectProblem, userWithRole } from '../../support/auth.js';
import { count, createAgency, createPartner } from '../../support/factories.js';

describe('Authentication is on by default and roles are declared per route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a protected route without credentials answers 401 UNAUTHENTICATED', async () => {
    expectProblem(await t.http().get('/v1/users'), 401, 'UNAUTHENTICATED');
    expectProblem(await t.http().get('/v1/auth/me'), 401, 'UNAUTHENTICATED');
  });

  it('a public route needs no credentials', async () => {
    expect((await t.http().get('/health/live')).status).toBe(200);
  });

  it('a JWT with the wrong role answers 403 FORBIDDEN_ROLE', async () => {
    for (const role of ['secretariat', 'supervisor', 'member_rep', 'law_enforcement'] as const) {
      const u = await userWithRole(t, role);
      expectProblem(await t.http().get('/v1/users').set('authorization', `Bearer ${u.token}`), 403, 'FORBIDDEN_ROLE');
    }
  });

  it('an API key opens /v1/auth/me with its binding and nothing meant for staff', async () => {
    const admin = await adminToken(t);
    const partnerId = (await createPartner(t, admin)).id;
    const partner = await apiKeyFor(t, 'partner', partnerId);
    const me = await t.http().get('/v1/auth/me').set('x-api-key', partner.key);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'api_key', role: 'partner', partnerId });
    expectProblem(await t.http().get('/v1/users').set('x-api-key', partner.key), 403, 'FORBIDDEN_ROLE');
    const agencyId = (await createAgency(t, admin)).id;
    const agency = await apiKeyFor(t, 'agency', agencyId);
    const agencyMe = await t.http().get('/v1/auth/me').set('x-api-key', agency.key);
    expect(agencyMe.body).toMatchObject({ role: 'law_enforcement', agencyId });
  });

  it('refuses a key for a partner or agency that does not exist (422, nothing written)', async () => {
    const admin = await adminToken(t);
    const before = await count(t, 'api_keys');
    for (const ownerKind of ['partner', 'agency']) {
      const res = await t
        .http()
        .post('/v1/api-keys')
        .set('authorization', `Bearer ${admin}`)
        .send({ ownerKind, ownerId: '11111111-1111-4111-8111-111111111111', name: 'nobody' });
      expectProblem(res, 422, 'API_KEY_OWNER_NOT_FOUND');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'ownerId' })]);
    }
    expect(await count(t, 'api_keys')).toBe(before);
  });

  it('an unknown or malformed API key answers 401 API_KEY_INVALID', async () => {
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', 'srk_notarealkey'), 401, 'API_KEY_INVALID');
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', 'garbage'), 401, 'API_KEY_INVALID');
  });

  it('the key secret is stored only as its SHA-256 and shown once', async () => {
    const k = await apiKeyFor(t, 'partner');
    const { createHash } = await import('node:crypto');
    const rows = (await t.sql.query('SELECT * FROM api_keys WHERE id = $1', [k.id])).rows;
    expect(rows[0].secret_hash).toBe(createHash('sha256').update(k.key).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(k.key);
    const admin = await adminToken(t);
    const list = await t.http().get('/v1/api-keys').set('authorization', `Bearer ${admin}`);
    expect(JSON.stringify(list.body)).not.toContain(k.key);
    expect(list.body.find((x: { id: string }) => x.id === k.id)).toMatchObject({ prefix: k.key.slice(0, 12) });
  });

  it('a revoked key stops working at once', async () => {
    const k = await apiKeyFor(t, 'partner');
    const admin = await adminToken(t);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', k.key)).status).toBe(200);
    expect((await t.http().delete(`/v1/api-keys/${k.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(204);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', k.key), 401, 'API_KEY_INVALID');
    expectProblem(await t.http().delete(`/v1/api-keys/${k.id}`).set('authorization', `Bearer ${admin}`), 409, 'API_KEY_ALREADY_REVOKED');
  });

  it('a rotated key keeps working within the overlap, and the new key works', async () => {
    const k = await apiKeyFor(t, 'partner');
    const admin = await adminToken(t);
    const rotated = await t.http().post(`/v1/api-keys/${k.id}/rotate`).set('authorization', `Bearer ${admin}`).send({ overlapSeconds: 3600 });
    expect(rotated.status).toBe(201);
    expect(rotated.body.key).not.toBe(k.key);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', k.key)).status).toBe(200);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key)).status).toBe(200);
    expectProblem(await t.http().post(`/v1/api-keys/${k.id}/rotate`).set('authorization', `Bearer ${admin}`).send({}), 409, 'API_KEY_ALREADY_ROTATED');
  });

  it('a rotated key stops working once the overlap is over', async () => {
    const k = await apiKeyFor(t, 'partner');
    const admin = await adminToken(t);
    const rotated = await t.http().post(`/v1/api-keys/${k.id}/rotate`).set('authorization', `Bearer ${admin}`).send({ overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', k.key), 401, 'API_KEY_INVALID');
    expect((await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key)).status).toBe(200);
  });

  it('rotating or revoking an unknown key answers 404', async () => {
    const admin = await adminToken(t);
    expectProblem(
      await t.http().post('/v1/api-keys/00000000-0000-4000-8000-00000000ffff/rotate').set('authorization', `Bearer ${admin}`).send({}),
      404,
      'API_KEY_NOT_FOUND',
    );
  });

  it('every route is either public or declares its roles in the OpenAPI document', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>)) {
      for (const [method, op] of Object.entries(ops)) if (!op['x-roles']?.length) missing.push(`${method.toUpperCase()} ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
