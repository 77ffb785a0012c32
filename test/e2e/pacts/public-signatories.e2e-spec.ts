import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, publishedConvention, publishNewVersion, registerMember } from '../../support/pacts.js';

describe('The public signatory register — GET /v1/public/conventions/:code/signatories', () => {
  let t: TestApp;
  let staff: string;
  const code = 'register-pact';
  const today = chinaDate(new Date());

  const repOf = async (name: string) => {
    const m = await registerMember(t, staff, { name, contacts: [{ name: '联系人', phone: '13900001111' }] });
    return { id: m.id, token: (await userWithRole(t, 'member_rep', { memberId: m.id })).token };
  };
  const sign = (token: string, version: number, body: Record<string, unknown> = {}) =>
    t.http().post(`/v1/conventions/${code}/versions/${version}/signatures`).set(bearer(token)).send({ signatoryName: '签字人甲', signatoryTitle: '总经理', ...body });

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code, effectiveDate: '2025-01-01' });
    const a = await repOf('甲公司');
    const b = await repOf('乙公司');
    const c = await repOf('丙公司');
    const d = await repOf('丁公司');
    await repOf('戊公司'); // never signs
    await sign(a.token, 1);
    await sign(b.token, 1, { articles: [1] });
    const sc = await sign(c.token, 1);
    await t.http().post(`/v1/signatures/${sc.body.id}/withdraw`).set(bearer(c.token)).send({ reason: '退出' });
    await sign(d.token, 1);
    await publishNewVersion(t, staff, code);
    await sign(a.token, 2);
  });
  afterAll(() => t.close());

  it("lists each member's latest signature by name: renewed, renewal-pending and withdrawn shown as such; never-signers absent", async () => {
    const res = await t.http().get(`/v1/public/conventions/${code}/signatories`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code, currentVersion: 2, nextCursor: null });
    expect(res.body.items.map((i: { memberName: string; version: number; status: string }) => `${i.memberName}:${i.version}:${i.status}`)).toEqual([
      '丁公司:1:renewal_pending',
      '丙公司:1:withdrawn',
      '乙公司:1:renewal_pending',
      '甲公司:2:active',
    ]);
    const byName = Object.fromEntries(res.body.items.map((i: { memberName: string }) => [i.memberName, i]));
    expect(byName['甲公司']).toMatchObject({ signedOn: today, validFrom: today, categoryLabel: { zh: '电子商务网站' }, allArticles: true, withdrawnOn: null });
    expect(byName['丙公司']).toMatchObject({ withdrawnOn: today });
    expect(byName['乙公司']).toMatchObject({ renewalDueOn: expect.any(String), renewalOverdue: false, allArticles: false });
  });

  it('shows no personal data: no signatory names, contacts or reasons', async () => {
    const res = await t.http().get(`/v1/public/conventions/${code}/signatories`);
    for (const secret of ['签字人甲', '13900001111', '联系人', '退出']) expect(res.text).not.toContain(secret);
  });

  it('pages by member name with a cursor', async () => {
    const first = await t.http().get(`/v1/public/conventions/${code}/signatories?limit=3`);
    const second = await t.http().get(`/v1/public/conventions/${code}/signatories?limit=3&cursor=${first.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items].map((i: { memberName: string }) => i.memberName)).toEqual(['丁公司', '丙公司', '乙公司', '甲公司']);
    expectProblem(await t.http().get(`/v1/public/conventions/${code}/signatories?cursor=xyz`), 400, 'VALIDATION_FAILED');
  });

  it('is cacheable with an ETag and answers 304 to a matching If-None-Match', async () => {
    const res = await t.http().get(`/v1/public/conventions/${code}/signatories`);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect((await t.http().get(`/v1/public/conventions/${code}/signatories`).set('if-none-match', res.headers.etag)).status).toBe(304);
  });

  it('an unknown convention, or one with nothing published, answers 404 CONVENTION_NOT_FOUND', async () => {
    await t.http().post('/v1/conventions').set(bearer(staff)).send({ code: 'unpublished', titleZh: '公约', issuingBody: '协会' });
    expectProblem(await t.http().get('/v1/public/conventions/unpublished/signatories'), 404, 'CONVENTION_NOT_FOUND');
    expectProblem(await t.http().get('/v1/public/conventions/nope/signatories'), 404, 'CONVENTION_NOT_FOUND');
  });
});
