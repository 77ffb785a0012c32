import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, publishedConvention } from '../../support/pacts.js';

describe('Compare two versions — GET /v1/conventions/:code/diff?from=&to=', () => {
  let t: TestApp;
  let staff: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    code = await publishedConvention(t, staff, {
      articles: [
        { number: 1, title: '总则', body: '为规范行业行为，制定本公约。' },
        { number: 2, title: '诚信经营', body: '会员单位应当诚信经营。' },
        { number: 3, title: '广告', body: '不得发布虚假广告。' },
        { number: 4, title: '附则', body: '本公约自发布之日起施行。' },
      ],
    });
    await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(staff)).send({
      articles: [
        { number: 1, title: '总则', body: '为规范行业行为，制定本公约。' },
        { number: 2, title: '诚信经营', body: '会员单位应当诚信经营，公平竞争。' },
        { number: 4, title: '附则', body: '本公约自发布之日起施行。' },
        { number: 5, title: '个人信息保护', body: '会员单位应当依法保护用户个人信息。' },
      ],
    });
  });
  afterAll(() => t.close());

  it('lists added, removed and changed articles (with both texts) and counts the unchanged ones', async () => {
    const res = await t.http().get(`/v1/conventions/${code}/diff?from=1&to=2`).set(bearer(staff));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code,
      from: 1,
      to: 2,
      added: [{ number: 5, title: '个人信息保护', body: '会员单位应当依法保护用户个人信息。' }],
      removed: [{ number: 3, title: '广告', body: '不得发布虚假广告。' }],
      changed: [
        {
          number: 2,
          from: { number: 2, title: '诚信经营', body: '会员单位应当诚信经营。' },
          to: { number: 2, title: '诚信经营', body: '会员单位应当诚信经营，公平竞争。' },
        },
      ],
      unchangedCount: 2,
    });
  });

  it('the reverse comparison swaps added and removed', async () => {
    const res = await t.http().get(`/v1/conventions/${code}/diff?from=2&to=1`).set(bearer(staff));
    expect(res.body.added.map((a: { number: number }) => a.number)).toEqual([3]);
    expect(res.body.removed.map((a: { number: number }) => a.number)).toEqual([5]);
  });

  it('refuses missing or non-numeric versions (400) and unknown ones (404)', async () => {
    expectProblem(await t.http().get(`/v1/conventions/${code}/diff?from=1`).set(bearer(staff)), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get(`/v1/conventions/${code}/diff?from=a&to=2`).set(bearer(staff)), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get(`/v1/conventions/${code}/diff?from=1&to=7`).set(bearer(staff)), 404, 'VERSION_NOT_FOUND');
  });
});
