import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, registerMember } from '../../support/pacts.js';

describe('Read a member — GET /v1/members/:id', () => {
  let t: TestApp;
  let staff: string;
  let own: string;
  let other: string;
  let rep: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    own = (await registerMember(t, staff, { contacts: [{ name: '赵六', phone: '13800000000' }], dues: [{ year: 2026, status: 'waived', note: '理事单位' }] })).id;
    other = (await registerMember(t, staff)).id;
    rep = (await userWithRole(t, 'member_rep', { memberId: own })).token;
  });
  afterAll(() => t.close());

  it('the secretariat reads any member with contacts, dues and status history', async () => {
    const res = await t.http().get(`/v1/members/${other}`).set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: other, status: 'active', statusHistory: [{ toStatus: 'active' }] });
  });

  it('a member_rep reads its own organisation', async () => {
    const res = await t.http().get(`/v1/members/${own}`).set(bearer(rep));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: own, contacts: [{ name: '赵六', phone: '13800000000' }], dues: [{ year: 2026, status: 'waived', note: '理事单位' }] });
  });

  it("a member_rep asking for another member's id gets 404 MEMBER_NOT_FOUND, as for an unknown id", async () => {
    expectProblem(await t.http().get(`/v1/members/${other}`).set(bearer(rep)), 404, 'MEMBER_NOT_FOUND');
    expectProblem(await t.http().get('/v1/members/00000000-0000-4000-8000-000000000000').set(bearer(staff)), 404, 'MEMBER_NOT_FOUND');
  });

  it('an id that is not a UUID is simply not found', async () => {
    expectProblem(await t.http().get('/v1/members/42').set(bearer(staff)), 404, 'NOT_FOUND');
  });

  it('without a token the register is closed (401)', async () => {
    expectProblem(await t.http().get(`/v1/members/${own}`), 401, 'UNAUTHENTICATED');
  });
});
