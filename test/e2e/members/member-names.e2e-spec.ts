import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, registerMember } from '../../support/pacts.js';

describe('Member names for binding accounts — GET /v1/members/names', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    ids.a = (await registerMember(t, staff, { name: '阿里某某电子商务有限公司', category: 'ecommerce', domains: ['shop-a.cn'] })).id;
    ids.b = (await registerMember(t, staff, { name: '北京某某信息技术有限公司', category: 'enterprise_site' })).id;
    ids.c = (await registerMember(t, staff, { name: '某某电子商务平台', category: 'ecommerce' })).id;
  });
  afterAll(() => t.close());

  const names = (query: string, token = admin) => t.http().get(`/v1/members/names${query}`).set(bearer(token));

  it('gives an admin the id, name and status of members whose name contains the text, and nothing else of them', async () => {
    const res = await names(`?q=${encodeURIComponent('电子商务')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      [
        { id: ids.c, name: '某某电子商务平台', status: 'active' },
        { id: ids.a, name: '阿里某某电子商务有限公司', status: 'active' },
      ].sort((x, y) => (x.name < y.name ? -1 : 1)),
    );
  });

  it('names the members of given ids, and caps the answer at the limit', async () => {
    const res = await names(`?ids=${ids.a},${ids.b}`);
    expect(res.body.map((m: { id: string }) => m.id).sort()).toEqual([ids.a, ids.b].sort());
    expect((await names('?limit=1')).body).toHaveLength(1);
  });

  it('also answers the secretariat', async () => {
    expect((await names('', staff)).status).toBe(200);
  });

  it('refuses ids that are not UUIDs, a blank or too long text and a limit out of range with 400', async () => {
    expectProblem(await names('?ids=not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await names('?q='), 400, 'VALIDATION_FAILED');
    expectProblem(await names(`?q=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await names('?limit=51'), 400, 'VALIDATION_FAILED');
  });

  it('a member_rep and a liaison may not call it (403 FORBIDDEN_ROLE)', async () => {
    for (const role of ['member_rep', 'law_enforcement'] as const) {
      const u = await userWithRole(t, role);
      expectProblem(await names('', u.token), 403, 'FORBIDDEN_ROLE');
    }
  });
});
