import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, publishedConvention, publishNewVersion, registerMember } from '../../support/pacts.js';

describe("A member's signatures — GET /v1/members/:id/signatures", () => {
  let t: TestApp;
  let staff: string;
  let memberId: string;
  let rep: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    memberId = (await registerMember(t, staff)).id;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    const a = await publishedConvention(t, staff, { code: 'pact-a', effectiveDate: '2025-01-01' });
    const b = await publishedConvention(t, staff, { code: 'pact-b', effectiveDate: '2025-01-01' });
    const sa = await t.http().post(`/v1/conventions/${a}/versions/1/signatures`).set(bearer(rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    await t.http().post(`/v1/signatures/${sa.body.id}/withdraw`).set(bearer(rep)).send({ reason: '业务调整' });
    await t.http().post(`/v1/conventions/${b}/versions/1/signatures`).set(bearer(rep)).send({ signatoryName: '张伟', signatoryTitle: '总经理' });
    await publishNewVersion(t, staff, b);
  });
  afterAll(() => t.close());

  it('lists every signature newest first, withdrawn and renewal-pending ones included', async () => {
    const res = await t.http().get(`/v1/members/${memberId}/signatures`).set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body.items.map((s: { conventionCode: string; status: string }) => `${s.conventionCode}:${s.status}`)).toEqual(['pact-b:renewal_pending', 'pact-a:withdrawn']);
    expect(res.body.items[0]).toMatchObject({ renewalDueOn: expect.any(String), renewalOverdue: false, bindsUntil: res.body.items[0].renewalDueOn, conventionTitle: '互联网行业自律公约' });
  });

  it('a member_rep reads its own organisation\'s signatures', async () => {
    expect((await t.http().get(`/v1/members/${memberId}/signatures`).set(bearer(rep))).body.items).toHaveLength(2);
  });

  it("a member_rep asking for another member's signatures gets 404 MEMBER_NOT_FOUND", async () => {
    const other = (await registerMember(t, staff)).id;
    expectProblem(await t.http().get(`/v1/members/${other}/signatures`).set(bearer(rep)), 404, 'MEMBER_NOT_FOUND');
  });

  it('an unknown member answers 404', async () => {
    expectProblem(await t.http().get('/v1/members/00000000-0000-4000-8000-000000000000/signatures').set(bearer(staff)), 404, 'MEMBER_NOT_FOUND');
  });
});
