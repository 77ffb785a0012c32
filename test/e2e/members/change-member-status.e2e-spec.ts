import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, MEMBER_TABLES, registerMember, rowCounts } from '../../support/pacts.js';

describe("Change a member's status — POST /v1/members/:id/status", () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  beforeAll(async () => {
    t = await createTestApp();
    staff = await userWithRole(t, 'secretariat');
  });
  afterAll(() => t.close());

  const setStatus = (id: string, status: string, reason = '理事会决议', token = staff.token) =>
    t.http().post(`/v1/members/${id}/status`).set(bearer(token)).send({ status, reason });
  const domainRows = async (memberId: string) =>
    (await t.sql.query('SELECT domain, member_active FROM member_domains WHERE member_id = $1 ORDER BY domain', [memberId])).rows;

  it('records every change with who, when and why, oldest first', async () => {
    const m = await registerMember(t, staff.token);
    expect((await setStatus(m.id, 'suspended', '连续两年未缴会费')).status).toBe(200);
    const res = await setStatus(m.id, 'active', '已补缴会费');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect(res.body.statusHistory).toEqual([
      { fromStatus: null, toStatus: 'active', reason: 'registered', changedBy: staff.id, changedAt: expect.any(String) },
      { fromStatus: 'active', toStatus: 'suspended', reason: '连续两年未缴会费', changedBy: staff.id, changedAt: expect.any(String) },
      { fromStatus: 'suspended', toStatus: 'active', reason: '已补缴会费', changedBy: staff.id, changedAt: expect.any(String) },
    ]);
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'member.status' AND resource_id = $1 ORDER BY id`, [m.id])).rows;
    expect(audit.map((a) => a.details)).toEqual([{ from: 'active', to: 'suspended' }, { from: 'suspended', to: 'active' }]);
  });

  it('keeps member_active on the domains in step with the status', async () => {
    const m = await registerMember(t, staff.token, { domains: ['status-a.cn', 'status-b.cn'] });
    await setStatus(m.id, 'expelled', '严重违反公约');
    expect(await domainRows(m.id)).toEqual([
      { domain: 'status-a.cn', member_active: false },
      { domain: 'status-b.cn', member_active: false },
    ]);
    await setStatus(m.id, 'active', '重新入会');
    expect((await domainRows(m.id)).every((r) => r.member_active)).toBe(true);
  });

  it("an expelled member's domain can go to another member; re-admitting the first then answers 409 DOMAIN_TAKEN and changes nothing", async () => {
    const first = await registerMember(t, staff.token, { domains: ['contested.cn'] });
    await setStatus(first.id, 'expelled', '严重违反公约');
    await registerMember(t, staff.token, { domains: ['contested.cn'] });
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await setStatus(first.id, 'active', '重新入会');
    expectProblem(res, 409, 'DOMAIN_TAKEN');
    expect(res.body.errors[0].message).toContain('contested.cn');
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
    expect((await t.http().get(`/v1/members/${first.id}`).set(bearer(staff.token))).body.status).toBe('expelled');
  });

  it('refuses setting the status it already has (409 MEMBER_STATUS_UNCHANGED), writing nothing', async () => {
    const m = await registerMember(t, staff.token);
    const before = await rowCounts(t, MEMBER_TABLES);
    expectProblem(await setStatus(m.id, 'active'), 409, 'MEMBER_STATUS_UNCHANGED');
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it('refuses an unknown status and a missing reason', async () => {
    const m = await registerMember(t, staff.token);
    expectProblem(await setStatus(m.id, 'banned'), 400, 'VALIDATION_FAILED');
    const res = await t.http().post(`/v1/members/${m.id}/status`).set(bearer(staff.token)).send({ status: 'lapsed' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0].field).toBe('reason');
  });

  it('a member_rep cannot change a status, not even its own (403 FORBIDDEN_ROLE)', async () => {
    const m = await registerMember(t, staff.token);
    const rep = await userWithRole(t, 'member_rep', { memberId: m.id });
    expectProblem(await setStatus(m.id, 'lapsed', '自行退出', rep.token), 403, 'FORBIDDEN_ROLE');
  });

  it('an unknown member answers 404', async () => {
    expectProblem(await setStatus('00000000-0000-4000-8000-000000000000', 'lapsed'), 404, 'MEMBER_NOT_FOUND');
  });
});
