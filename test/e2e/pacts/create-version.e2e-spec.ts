import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, rowCounts } from '../../support/pacts.js';

describe('Open a draft version — POST /v1/conventions/:code/versions', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const newConvention = async (code: string) => t.http().post('/v1/conventions').set(bearer(staff)).send({ code, titleZh: '公约', issuingBody: '协会' });
  const createVersion = (code: string, body: Record<string, unknown>) => t.http().post(`/v1/conventions/${code}/versions`).set(bearer(staff)).send(body);

  it('creates draft version 1 with its articles, sorted by number, text normalised', async () => {
    await newConvention('draft-one');
    const res = await createVersion('draft-one', {
      notes: '首版',
      articles: [
        { number: 2, title: ' 诚信经营 ', body: '会员单位应当诚信经营。\r\n不得虚假宣传。' },
        { number: 1, title: '总则', body: '为规范行业行为，制定本公约。' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      code: 'draft-one',
      version: 1,
      status: 'draft',
      effectiveDate: null,
      textHash: null,
      notes: '首版',
      articleCount: 2,
      articles: [
        { number: 1, title: '总则', body: '为规范行业行为，制定本公约。' },
        { number: 2, title: '诚信经营', body: '会员单位应当诚信经营。\n不得虚假宣传。' },
      ],
    });
  });

  it('without articles, copies those of the version in force into version 2', async () => {
    const code = await publishedConvention(t, staff, { articles: articles(4) });
    const res = await createVersion(code, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, status: 'draft', articleCount: 4 });
    expect(res.body.articles).toEqual(articles(4));
  });

  it('refuses a second open draft (409 DRAFT_ALREADY_EXISTS) and writes nothing', async () => {
    await newConvention('one-draft');
    await createVersion('one-draft', { articles: articles(1) });
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await createVersion('one-draft', { articles: articles(2) }), 409, 'DRAFT_ALREADY_EXISTS');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('refuses two articles with the same number, naming the field', async () => {
    await newConvention('dup-articles');
    const res = await createVersion('dup-articles', { articles: [...articles(2), { number: 2, title: '重复', body: '重复' }] });
    expectProblem(res, 400, 'ARTICLE_NUMBERS_DUPLICATE');
    expect(res.body.errors).toEqual([{ field: 'articles[2].number', code: 'DUPLICATE', message: expect.any(String) }]);
  });

  it('refuses articles without a body or with a number below 1', async () => {
    await newConvention('bad-articles');
    const res = await createVersion('bad-articles', { articles: [{ number: 0, title: '零', body: '' }] });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['articles[0].body', 'articles[0].number']);
  });

  it('an unknown convention answers 404', async () => {
    expectProblem(await createVersion('no-such-pact', { articles: articles(1) }), 404, 'CONVENTION_NOT_FOUND');
  });
});
