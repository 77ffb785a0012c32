import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { createPartner } from '../../support/factories.js';
import { bearer } from '../../support/pacts.js';

describe('Partner names for the queue filter — GET /v1/partners/names', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    ids.a = (await createPartner(t, admin, '某某电商平台投诉窗口')).id;
    ids.b = (await createPartner(t, admin, '某某新闻网站')).id;
    ids.c = (await createPartner(t, admin, '100%_电商')).id;
    expect((await t.http().patch(`/v1/partners/${ids.b}`).set(bearer(admin)).send({ status: 'suspended' })).status).toBe(200);
  });
  afterAll(() => t.close());

  const names = (query: string, token = staff) => t.http().get(`/v1/partners/names${query}`).set(bearer(token));

  it('gives the secretariat the id, name and status of partners whose name contains the text, and nothing else of them', async () => {
    const res = await names(`?q=${encodeURIComponent('电商')}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      [
        { id: ids.a, name: '某某电商平台投诉窗口', status: 'active' },
        { id: ids.c, name: '100%_电商', status: 'active' },
      ].sort((x, y) => (x.name < y.name ? -1 : 1)),
    );
  });

  it('takes the text literally (% and _ are no wildcards)', async () => {
    const res = await names(`?q=${encodeURIComponent('%_')}`);
    expect(res.body.map((p: { id: string }) => p.id)).toEqual([ids.c]);
  });

  it('names the partners of given ids, suspended ones too, and caps the answer at the limit', async () => {
    const res = await names(`?ids=${ids.a},${ids.b}`);
    expect(res.body.map((p: { id: string }) => p.id).sort()).toEqual([ids.a, ids.b].sort());
    expect(res.body.find((p: { id: string }) => p.id === ids.b).status).toBe('suspended');
    expect((await names('?limit=1')).body).toHaveLength(1);
  });

  it('also answers an admin and a supervisor', async () => {
    expect((await names('', admin)).status).toBe(200);
    expect((await names('', (await userWithRole(t, 'supervisor')).token)).status).toBe(200);
  });

  it('refuses ids that are not UUIDs, a blank or too long text and a limit out of range with 400', async () => {
    expectProblem(await names('?ids=not-a-uuid'), 400, 'VALIDATION_FAILED');
    expectProblem(await names('?q='), 400, 'VALIDATION_FAILED');
    expectProblem(await names(`?q=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED');
    expectProblem(await names('?limit=0'), 400, 'VALIDATION_FAILED');
  });

  it('a member_rep, a liaison and a partner key may not call it, and the secretariat still may not list partners', async () => {
    for (const role of ['member_rep', 'law_enforcement'] as const) {
      const u = await userWithRole(t, role);
      expectProblem(await names('', u.token), 403, 'FORBIDDEN_ROLE');
    }
    const partnerKey = (await createPartner(t, admin)).key;
    expect((await t.http().get('/v1/partners/names').set('x-api-key', partnerKey)).status).toBe(403);
    expectProblem(await t.http().get('/v1/partners').set(bearer(staff)), 403, 'FORBIDDEN_ROLE');
  });
});
