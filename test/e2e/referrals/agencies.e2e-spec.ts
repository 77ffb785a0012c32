import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { count } from '../../support/factories.js';

describe('Agencies and liaisons — POST/GET /v1/agencies, /v1/agencies/:id/keys', () => {
  let t: TestApp;
  let admin: string;
  const post = (body: Record<string, unknown>, token = admin) => t.http().post('/v1/agencies').set('authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  it('an admin registers an agency with name, jurisdiction and contact; staff can list it', async () => {
    const res = await post({ name: '某市公安局网安支队', jurisdiction: '某市', contact: { name: '值班室', phone: '010-110', email: 'duty@police.example.cn' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(String), name: '某市公安局网安支队', jurisdiction: '某市', contact: { name: '值班室', phone: '010-110' } });
    const staff = (await userWithRole(t, 'secretariat')).token;
    const list = await t.http().get('/v1/agencies').set('authorization', `Bearer ${staff}`);
    expect(list.status).toBe(200);
    expect(list.body.map((a: { id: string }) => a.id)).toContain(res.body.id);
    expect((await t.http().get(`/v1/agencies/${res.body.id}`).set('authorization', `Bearer ${staff}`)).body.name).toBe('某市公安局网安支队');
    const audit = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'agency' AND resource_id = $1`, [res.body.id])).rows;
    expect(audit.map((a) => a.action)).toEqual(['agency.create']);
  });

  it('refuses a duplicate name with 409 and writes nothing', async () => {
    await post({ name: '市场监管局', jurisdiction: '某市' });
    const before = await count(t, 'agencies');
    const res = await post({ name: '市场监管局', jurisdiction: '另一市' });
    expectProblem(res, 409, 'AGENCY_NAME_TAKEN');
    expect(res.body.errors[0]).toMatchObject({ field: 'name', code: 'TAKEN' });
    expect(await count(t, 'agencies')).toBe(before);
  });

  it.each([
    ['a missing jurisdiction', { name: '甲' }, 'jurisdiction'],
    ['an empty name', { name: '  ', jurisdiction: '某市' }, 'name'],
    ['a bad contact email', { name: '乙', jurisdiction: '某市', contact: { email: 'not-an-email' } }, 'contact.email'],
    ['an unknown field', { name: '丙', jurisdiction: '某市', secret: 1 }, 'secret'],
  ])('refuses %s with a field error', async (_n, body, field) => {
    const before = await count(t, 'agencies');
    const res = await post(body);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count(t, 'agencies')).toBe(before);
  });

  it('only admins register agencies; a liaison and a member_rep cannot even list them', async () => {
    const staff = (await userWithRole(t, 'secretariat')).token;
    expectProblem(await post({ name: '丁', jurisdiction: '某市' }, staff), 403, 'FORBIDDEN_ROLE');
    const liaison = (await userWithRole(t, 'law_enforcement')).token;
    expectProblem(await t.http().get('/v1/agencies').set('authorization', `Bearer ${liaison}`), 403, 'FORBIDDEN_ROLE');
  });

  it('a liaison account bound to an agency that does not exist is refused with ROLE_BINDING_INVALID, not a 500', async () => {
    const before = await count(t, 'users');
    const res = await t
      .http()
      .post('/v1/users')
      .set('authorization', `Bearer ${admin}`)
      .send({ email: 'ghost@police.cn', displayName: 'x', password: 'a-long-password', role: 'law_enforcement', agencyId: '00000000-0000-4000-8000-00000000beef' });
    expectProblem(res, 400, 'ROLE_BINDING_INVALID');
    expect(res.body.errors[0]).toMatchObject({ field: 'agencyId', code: 'UNKNOWN' });
    expect(await count(t, 'users')).toBe(before);
    const liaison = await userWithRole(t, 'law_enforcement');
    const patch = await t.http().patch(`/v1/users/${liaison.id}`).set('authorization', `Bearer ${admin}`).send({ agencyId: '00000000-0000-4000-8000-00000000beef' });
    expectProblem(patch, 400, 'ROLE_BINDING_INVALID');
  });

  it('an agency key acts as law_enforcement for that agency; rotation keeps the old key for the overlap, revocation stops it at once', async () => {
    const agency = (await post({ name: '网信办', jurisdiction: '某市' })).body;
    const issued = await t.http().post(`/v1/agencies/${agency.id}/keys`).set('authorization', `Bearer ${admin}`).send({ name: '办案系统' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ ownerKind: 'agency', ownerId: agency.id, name: '办案系统', key: expect.stringMatching(/^srk_/) });
    const me = await t.http().get('/v1/auth/me').set('x-api-key', issued.body.key);
    expect(me.body).toMatchObject({ role: 'law_enforcement', agencyId: agency.id });

    const rotated = await t.http().post(`/v1/agencies/${agency.id}/keys`).set('authorization', `Bearer ${admin}`).send({ keyId: issued.body.id, overlapSeconds: 0 });
    expect(rotated.status).toBe(201);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', issued.body.key)).status).toBe(401);
    expect((await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key)).status).toBe(200);
    const keys = await t.http().get(`/v1/agencies/${agency.id}/keys`).set('authorization', `Bearer ${admin}`);
    expect(keys.body.map((k: { id: string }) => k.id).sort()).toEqual([issued.body.id, rotated.body.id].sort());

    expect((await t.http().delete(`/v1/agencies/${agency.id}/keys/${rotated.body.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(204);
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', rotated.body.key), 401, 'API_KEY_INVALID');
  });

  it('keys need an existing agency, and one agency cannot manage another\'s keys', async () => {
    const nope = '00000000-0000-4000-8000-00000000cafe';
    expectProblem(await t.http().post(`/v1/agencies/${nope}/keys`).set('authorization', `Bearer ${admin}`).send({}), 404, 'AGENCY_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/agencies/${nope}/keys`).set('authorization', `Bearer ${admin}`), 404, 'AGENCY_NOT_FOUND');
    const a = (await post({ name: '甲局', jurisdiction: '甲' })).body;
    const b = (await post({ name: '乙局', jurisdiction: '乙' })).body;
    const keyOfB = (await t.http().post(`/v1/agencies/${b.id}/keys`).set('authorization', `Bearer ${admin}`).send({})).body;
    expectProblem(await t.http().delete(`/v1/agencies/${a.id}/keys/${keyOfB.id}`).set('authorization', `Bearer ${admin}`), 404, 'API_KEY_NOT_FOUND');
    expectProblem(await t.http().post(`/v1/agencies/${a.id}/keys`).set('authorization', `Bearer ${admin}`).send({ keyId: keyOfB.id }), 404, 'API_KEY_NOT_FOUND');
    expect((await t.http().get('/v1/auth/me').set('x-api-key', keyOfB.key)).status).toBe(200);
  });
});
