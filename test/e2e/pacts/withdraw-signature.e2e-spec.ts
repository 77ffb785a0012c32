import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, PACT_TABLES, publishedConvention, publishNewVersion, registerMember, rowCounts } from '../../support/pacts.js';

describe('Withdraw a signature — POST /v1/signatures/:id/withdraw', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { effectiveDate: '2025-01-01' });
  });
  afterAll(() => t.close());

  const signed = async (c = code) => {
    const m = await registerMember(t, staff);
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.id })).token;
    const s = await t.http().post(`/v1/conventions/${c}/versions/1/signatures`).set(bearer(rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    return { memberId: m.id, rep, id: s.body.id as string };
  };
  const withdraw = (id: string, token: string, reason = '业务调整') => t.http().post(`/v1/signatures/${id}/withdraw`).set(bearer(token)).send({ reason });

  it('a member_rep withdraws its own signature with a reason; it stops binding today and stays on record', async () => {
    const s = await signed();
    const res = await withdraw(s.id, s.rep, '业务调整，不再提供相关服务');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: s.id, status: 'withdrawn', withdrawalReason: '业务调整，不再提供相关服务', withdrawnAt: expect.any(String), endedOn: chinaDate(new Date()) });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'signature.withdraw' AND resource_id = $1`, [s.id])).rows;
    expect(audit[0].details).toMatchObject({ memberId: s.memberId, code, version: 1 });
  });

  it('withdrawing twice answers 409 SIGNATURE_ALREADY_WITHDRAWN and writes nothing', async () => {
    const s = await signed();
    await withdraw(s.id, s.rep);
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await withdraw(s.id, s.rep, '再次撤回'), 409, 'SIGNATURE_ALREADY_WITHDRAWN');
    expectProblem(await withdraw(s.id, staff, '再次撤回'), 409, 'SIGNATURE_ALREADY_WITHDRAWN');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
    expect((await t.sql.query('SELECT withdrawal_reason FROM signatures WHERE id = $1', [s.id])).rows[0].withdrawal_reason).toBe('业务调整');
  });

  it("a member_rep cannot withdraw another member's signature: 404 SIGNATURE_NOT_FOUND, nothing written", async () => {
    const mine = await signed();
    const theirs = await signed();
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await withdraw(theirs.id, mine.rep), 404, 'SIGNATURE_NOT_FOUND');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
    expect((await t.sql.query('SELECT status FROM signatures WHERE id = $1', [theirs.id])).rows[0].status).toBe('active');
  });

  it('the secretariat withdraws any signature; the member can sign again afterwards', async () => {
    const s = await signed();
    expect((await withdraw(s.id, staff, '经核查已停止运营')).status).toBe(200);
    const again = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(s.rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    expect(again.status).toBe(201);
  });

  it('a signature already renewed by a newer one cannot be withdrawn (409 SIGNATURE_NOT_CURRENT)', async () => {
    const c = await publishedConvention(t, staff, { effectiveDate: '2025-01-01' });
    const s = await signed(c);
    await publishNewVersion(t, staff, c);
    await t.http().post(`/v1/conventions/${c}/versions/2/signatures`).set(bearer(s.rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    expectProblem(await withdraw(s.id, s.rep), 409, 'SIGNATURE_NOT_CURRENT');
  });

  it('a renewal-pending signature can be withdrawn', async () => {
    const c = await publishedConvention(t, staff, { effectiveDate: '2025-01-01' });
    const s = await signed(c);
    await publishNewVersion(t, staff, c);
    expect((await withdraw(s.id, s.rep)).body).toMatchObject({ status: 'withdrawn', renewalDueOn: expect.any(String) });
  });

  it('needs a reason; an unknown id is not found', async () => {
    const s = await signed();
    expectProblem(await t.http().post(`/v1/signatures/${s.id}/withdraw`).set(bearer(s.rep)).send({}), 400, 'VALIDATION_FAILED');
    expectProblem(await withdraw('00000000-0000-4000-8000-000000000000', staff), 404, 'SIGNATURE_NOT_FOUND');
  });
});
