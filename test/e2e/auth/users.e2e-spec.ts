import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';

describe('Manage accounts — /v1/users', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    await insertMember(t, { id: '00000000-0000-4000-8000-000000000009' });
  });
  afterAll(() => t.close());

  const create = (body: Record<string, unknown>) => t.http().post('/v1/users').set('authorization', `Bearer ${admin}`).send(body);

  it('creates a member representative bound to one member, storing an argon2id hash', async () => {
    const res = await create({ email: 'Rep@Member.cn', displayName: '王芳', password: 'a-long-password', role: 'member_rep', memberId: '00000000-0000-4000-8000-000000000009' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'rep@member.cn', role: 'member_rep', memberId: '00000000-0000-4000-8000-000000000009', disabled: false });
    expect(res.body.passwordHash).toBeUndefined();
    const row = (await t.sql.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id])).rows[0];
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a member_rep without a member and a liaison without an agency, writing nothing', async () => {
    const before = (await t.sql.query('SELECT count(*)::int n FROM users')).rows[0].n;
    expectProblem(await create({ email: 'x1@a.cn', displayName: 'x', password: 'a-long-password', role: 'member_rep' }), 400, 'ROLE_BINDING_INVALID');
    expectProblem(await create({ email: 'x2@a.cn', displayName: 'x', password: 'a-long-password', role: 'law_enforcement' }), 400, 'ROLE_BINDING_INVALID');
    expectProblem(
      await create({ email: 'x3@a.cn', displayName: 'x', password: 'a-long-password', role: 'secretariat', agencyId: '00000000-0000-4000-8000-000000000009' }),
      400,
      'ROLE_BINDING_INVALID',
    );
    expect((await t.sql.query('SELECT count(*)::int n FROM users')).rows[0].n).toBe(before);
  });

  it('refuses a member_rep bound to a member that does not exist', async () => {
    const res = await create({ email: 'ghost@a.cn', displayName: 'x', password: 'a-long-password', role: 'member_rep', memberId: '00000000-0000-4000-8000-00000000dead' });
    expectProblem(res, 400, 'ROLE_BINDING_INVALID');
    expect(res.body.errors[0]).toMatchObject({ field: 'memberId', code: 'UNKNOWN' });
  });

  it('refuses a duplicate email with 409 EMAIL_TAKEN', async () => {
    await create({ email: 'dup@a.cn', displayName: 'x', password: 'a-long-password', role: 'secretariat' });
    expectProblem(await create({ email: 'DUP@a.cn', displayName: 'y', password: 'a-long-password', role: 'secretariat' }), 409, 'EMAIL_TAKEN');
  });

  it('refuses a short password and an unknown role with field errors', async () => {
    const res = await create({ email: 'bad@a.cn', displayName: 'x', password: 'short', role: 'god' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['password', 'role']);
  });

  it('lists accounts with keyset pagination and filters', async () => {
    for (let i = 0; i < 3; i++) await create({ email: `page${i}@a.cn`, displayName: `页${i}`, password: 'a-long-password', role: 'supervisor' });
    const first = await t.http().get('/v1/users?role=supervisor&limit=2').set('authorization', `Bearer ${admin}`);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await t.http().get(`/v1/users?role=supervisor&limit=2&cursor=${first.body.nextCursor}`).set('authorization', `Bearer ${admin}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((u: { id: string }) => u.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('changes a role, dropping the binding the new role cannot have', async () => {
    const rep = await create({ email: 'switch@a.cn', displayName: 'x', password: 'a-long-password', role: 'member_rep', memberId: '00000000-0000-4000-8000-000000000009' });
    const res = await t.http().patch(`/v1/users/${rep.body.id}`).set('authorization', `Bearer ${admin}`).send({ role: 'secretariat' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: 'secretariat', memberId: null });
  });

  it('an admin cannot disable their own account', async () => {
    const me = await t.http().get('/v1/auth/me').set('authorization', `Bearer ${admin}`);
    expectProblem(await t.http().patch(`/v1/users/${me.body.id}`).set('authorization', `Bearer ${admin}`).send({ disabled: true }), 409, 'CANNOT_DISABLE_SELF');
  });

  it('every account change is in the audit log with the acting admin and request id', async () => {
    const res = await create({ email: 'audited@a.cn', displayName: 'x', password: 'a-long-password', role: 'secretariat' });
    const rows = (await t.sql.query(`SELECT * FROM audit_log WHERE resource_type = 'user' AND resource_id = $1`, [res.body.id])).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'user.create', actor_type: 'user', request_id: expect.any(String) });
    expect(JSON.stringify(rows[0])).not.toContain('a-long-password');
  });
});
