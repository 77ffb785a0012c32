import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, publishedConvention } from '../../support/pacts.js';

describe('Read conventions and versions — GET /v1/conventions, /:code, /:code/versions/:version', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, { code: 'b-pact', articles: articles(2), effectiveDate: '2026-01-01' });
    await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(staff)).send({ articles: articles(3), notes: '增加第三条' });
    await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'a-pact', titleZh: '甲公约', issuingBody: '协会' });
  });
  afterAll(() => t.close());

  it('lists every convention by code with its current and draft version numbers', async () => {
    const res = await t.http().get('/v1/conventions').set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body.map((c: { code: string; currentVersion: number | null; draftVersion: number | null }) => [c.code, c.currentVersion, c.draftVersion])).toEqual([
      ['a-pact', null, null],
      ['b-pact', 1, 2],
    ]);
  });

  it('reads a convention with all its versions', async () => {
    const res = await t.http().get(`/v1/conventions/${code}`).set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body.versions).toEqual([
      expect.objectContaining({ version: 1, status: 'published', effectiveDate: '2026-01-01', articleCount: 2, textHash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
      expect.objectContaining({ version: 2, status: 'draft', effectiveDate: null, articleCount: 3, textHash: null, notes: '增加第三条' }),
    ]);
  });

  it('reads one version with its articles', async () => {
    const res = await t.http().get(`/v1/conventions/${code}/versions/2`).set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, version: 2, status: 'draft', articles: articles(3) });
  });

  it('unknown conventions and versions answer 404 with their own codes', async () => {
    expectProblem(await t.http().get('/v1/conventions/nope').set(bearer(staff)), 404, 'CONVENTION_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/conventions/${code}/versions/3`).set(bearer(staff)), 404, 'VERSION_NOT_FOUND');
    expectProblem(await t.http().get('/v1/conventions/nope/versions/1').set(bearer(staff)), 404, 'CONVENTION_NOT_FOUND');
  });

  it('the staff routes are closed to a member_rep (403); the public register is where published texts are read', async () => {
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await t.http().get('/v1/conventions').set(bearer(rep.token)), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/conventions/${code}/versions/2`).set(bearer(rep.token)), 403, 'FORBIDDEN_ROLE');
  });
});
