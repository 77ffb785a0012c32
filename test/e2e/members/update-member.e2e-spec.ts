import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { creditCode } from '../../support/factories.js';
import { bearer, MEMBER_TABLES, registerMember, rowCounts } from '../../support/pacts.js';

describe('Change a member — PATCH /v1/members/:id', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const patch = (id: string, body: Record<string, unknown>, token = staff) => t.http().patch(`/v1/members/${id}`).set(bearer(token)).send(body);

  it('the secretariat changes fields, replaces domains, sets dues per year and the version goes up', async () => {
    const m = await registerMember(t, staff, { domains: ['old.example.cn', 'keep.example.cn'], dues: [{ year: 2025, status: 'unpaid' }] });
    const res = await patch(m.id, {
      name: '新名称科技有限公司',
      category: 'enterprise_site',
      domains: ['keep.example.cn', 'NEW.example.cn'],
      icpFiling: '沪ICP备00000001号',
      dues: [{ year: 2025, status: 'paid', paidOn: '2025-06-30' }, { year: 2026, status: 'unpaid' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '新名称科技有限公司',
      category: 'enterprise_site',
      domains: ['keep.example.cn', 'new.example.cn'],
      icpFiling: '沪ICP备00000001号',
      dues: [{ year: 2025, status: 'paid', paidOn: '2025-06-30' }, { year: 2026, status: 'unpaid', paidOn: null }],
      version: 2,
    });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'member.update' AND resource_id = $1`, [m.id])).rows;
    expect(audit).toEqual([{ details: { changed: ['name', 'category', 'domains', 'icpFiling', 'dues'] } }]);
  });

  it('a removed domain is free for another member at once', async () => {
    const a = await registerMember(t, staff, { domains: ['moving.example.cn'] });
    await patch(a.id, { domains: [] });
    const b = await registerMember(t, staff, { domains: ['moving.example.cn'] });
    expect(b.domains).toEqual(['moving.example.cn']);
  });

  it('refuses a domain another active member holds (409 DOMAIN_TAKEN) and changes nothing', async () => {
    await registerMember(t, staff, { domains: ['held.example.cn'] });
    const m = await registerMember(t, staff, { name: '原名公司', domains: ['mine.example.cn'] });
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await patch(m.id, { name: '改名公司', domains: ['mine.example.cn', 'held.example.cn'] });
    expectProblem(res, 409, 'DOMAIN_TAKEN');
    expect(res.body.errors[0]).toMatchObject({ field: 'domains[1]', code: 'TAKEN' });
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
    expect((await t.http().get(`/v1/members/${m.id}`).set(bearer(staff))).body).toMatchObject({ name: '原名公司', domains: ['mine.example.cn'], version: 1 });
  });

  it("refuses another member's credit code (409) and an invalid one (400)", async () => {
    const code = creditCode();
    await registerMember(t, staff, { creditCode: code });
    const m = await registerMember(t, staff);
    expectProblem(await patch(m.id, { creditCode: code }), 409, 'CREDIT_CODE_TAKEN');
    expectProblem(await patch(m.id, { creditCode: '91110000600037341M' }), 400, 'CREDIT_CODE_INVALID');
    expectProblem(await patch(m.id, { creditCode: null }), 400, 'CREDIT_CODE_REQUIRED');
  });

  it('refuses unknown fields and a status change through PATCH', async () => {
    const m = await registerMember(t, staff);
    const res = await patch(m.id, { status: 'expelled' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([{ field: 'status', code: 'UNKNOWN_FIELD', message: expect.any(String) }]);
  });

  it('a member_rep changes its own organisation\'s contacts', async () => {
    const m = await registerMember(t, staff);
    const rep = await userWithRole(t, 'member_rep', { memberId: m.id });
    const res = await patch(m.id, { contacts: [{ name: '钱七', title: '合规专员', email: 'qq@example.cn' }] }, rep.token);
    expect(res.status).toBe(200);
    expect(res.body.contacts).toEqual([{ name: '钱七', title: '合规专员', email: 'qq@example.cn' }]);
  });

  it('a member_rep may not change domains, name, credit code or dues of its own organisation (403) and nothing changes', async () => {
    const m = await registerMember(t, staff, { domains: ['rep-own.example.cn'] });
    const rep = await userWithRole(t, 'member_rep', { memberId: m.id });
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await patch(m.id, { contacts: [], domains: [], name: 'x', creditCode: creditCode(), dues: [{ year: 2026, status: 'paid' }] }, rep.token);
    expectProblem(res, 403, 'MEMBER_FIELD_NOT_EDITABLE');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['creditCode', 'domains', 'dues', 'name']);
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it("a member_rep cannot change another member: 404 MEMBER_NOT_FOUND, nothing written", async () => {
    const mine = await registerMember(t, staff);
    const theirs = await registerMember(t, staff, { contacts: [{ name: '原联系人' }] });
    const rep = await userWithRole(t, 'member_rep', { memberId: mine.id });
    const before = await rowCounts(t, MEMBER_TABLES);
    expectProblem(await patch(theirs.id, { contacts: [{ name: '冒名者' }] }, rep.token), 404, 'MEMBER_NOT_FOUND');
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
    expect((await t.http().get(`/v1/members/${theirs.id}`).set(bearer(staff))).body.contacts).toEqual([{ name: '原联系人' }]);
  });
});
