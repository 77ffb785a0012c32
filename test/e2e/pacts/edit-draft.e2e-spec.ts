import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, rowCounts } from '../../support/pacts.js';

describe('Edit a draft — PATCH /v1/conventions/:code/versions/:version', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const edit = (code: string, version: number | string, body: Record<string, unknown>) =>
    t.http().patch(`/v1/conventions/${code}/versions/${version}`).set(bearer(staff)).send(body);

  it('replaces the articles and notes of a draft as often as needed', async () => {
    await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'editable', titleZh: '公约', issuingBody: '协会' });
    await t.http().post('/v1/conventions/editable/versions').set(bearer(staff)).send({ articles: articles(2) });
    expect((await edit('editable', 1, { articles: articles(5) })).body.articleCount).toBe(5);
    const res = await edit('editable', 1, { articles: [{ number: 1, title: '总则', body: '修订后的正文。' }], notes: '第二稿' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'draft', notes: '第二稿', articles: [{ number: 1, title: '总则', body: '修订后的正文。' }] });
    expect((await t.sql.query(`SELECT count(*)::int n FROM audit_log WHERE action = 'convention.version.update'`)).rows[0].n).toBe(2);
  });

  it('refuses any change to a published version (409 VERSION_IMMUTABLE) and its text stays exactly as published', async () => {
    const code = await publishedConvention(t, staff, { articles: articles(3) });
    const before = await rowCounts(t, PACT_TABLES);
    const hashBefore = (await t.http().get(`/v1/conventions/${code}/versions/1`).set(bearer(staff))).body.textHash;
    expectProblem(await edit(code, 1, { articles: articles(1) }), 409, 'VERSION_IMMUTABLE');
    expectProblem(await edit(code, 1, { notes: '偷偷修改' }), 409, 'VERSION_IMMUTABLE');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
    const after = (await t.http().get(`/v1/conventions/${code}/versions/1`).set(bearer(staff))).body;
    expect(after).toMatchObject({ textHash: hashBefore, articles: articles(3), notes: '' });
  });

  it('refuses a change to a superseded version too', async () => {
    const code = await publishedConvention(t, staff);
    await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(staff)).send({});
    await t.http().post(`/v1/conventions/${code}/versions/2/publish`).set(bearer(staff)).send({});
    expectProblem(await edit(code, 1, { notes: 'x' }), 409, 'VERSION_IMMUTABLE');
  });

  it('an unknown or malformed version number is not found', async () => {
    const code = await publishedConvention(t, staff);
    expectProblem(await edit(code, 9, { notes: 'x' }), 404, 'VERSION_NOT_FOUND');
    expectProblem(await edit(code, 'latest', { notes: 'x' }), 404, 'NOT_FOUND');
  });
});
