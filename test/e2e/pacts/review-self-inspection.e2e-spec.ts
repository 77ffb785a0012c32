import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts, scannedDocument } from '../../support/pacts.js';

describe('Review a self-inspection report — POST /v1/self-inspections/:id/review', () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  const code = 'reviewed-pact';
  const lastYear = String(Number(chinaDate(new Date()).slice(0, 4)) - 1);

  beforeAll(async () => {
    t = await createTestApp();
    staff = await userWithRole(t, 'secretariat');
    await publishedConvention(t, staff.token, { code, articles: articles(2), effectiveDate: `${lastYear}-01-01` });
  });
  afterAll(() => t.close());

  const filed = async () => {
    const m = await registerMember(t, staff.token);
    await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff.token))
      .send({ memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: `${lastYear}-01-01T10:00:00+08:00`, document: scannedDocument(m.id) });
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.id })).token;
    const r = await t.http().post(`/v1/members/${m.id}/self-inspections`).set(bearer(rep)).send({ convention: code, period: lastYear, items: [{ articleNumber: 1, findings: '无问题', correctiveActions: '' }] });
    expect(r.status).toBe(201);
    return { id: r.body.id as string, rep, memberId: m.id };
  };
  const review = (id: string, body: Record<string, unknown>, token = staff.token) => t.http().post(`/v1/self-inspections/${id}/review`).set(bearer(token)).send(body);

  it('the secretariat accepts a submitted report; the review is kept on its revision', async () => {
    const r = await filed();
    const res = await review(r.id, { decision: 'accept', comments: '材料齐全。' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', revision: 1, revisions: [{ decision: 'accept', comments: '材料齐全。', reviewedBy: staff.id, reviewedAt: expect.any(String) }] });
  });

  it('returns a report with comments; the member_rep sees them and can file a new revision', async () => {
    const r = await filed();
    expect((await review(r.id, { decision: 'return', comments: '请逐条说明整改措施。' })).body.status).toBe('returned');
    const seen = await t.http().get(`/v1/self-inspections/${r.id}`).set(bearer(r.rep));
    expect(seen.body.revisions[0]).toMatchObject({ decision: 'return', comments: '请逐条说明整改措施。' });
    const again = await t.http().post(`/v1/members/${r.memberId}/self-inspections`).set(bearer(r.rep)).send({ convention: code, period: lastYear, items: [{ articleNumber: 1, findings: '无问题', correctiveActions: '建立月度检查制度。' }] });
    expect(again.body).toMatchObject({ status: 'submitted', revision: 2 });
    expect((await review(r.id, { decision: 'accept' })).body).toMatchObject({ status: 'accepted', revision: 2 });
  });

  it('returning without comments answers 400 REVIEW_COMMENTS_REQUIRED and changes nothing', async () => {
    const r = await filed();
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await review(r.id, { decision: 'return' }), 400, 'REVIEW_COMMENTS_REQUIRED');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a report that is not awaiting review cannot be reviewed again (409 SELF_INSPECTION_NOT_SUBMITTED)', async () => {
    const r = await filed();
    await review(r.id, { decision: 'accept' });
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await review(r.id, { decision: 'return', comments: '改主意了' }), 409, 'SELF_INSPECTION_NOT_SUBMITTED');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('a member_rep cannot review, not even its own report (403 FORBIDDEN_ROLE)', async () => {
    const r = await filed();
    expectProblem(await review(r.id, { decision: 'accept' }, r.rep), 403, 'FORBIDDEN_ROLE');
  });

  it('an unknown decision is refused and an unknown report is not found', async () => {
    const r = await filed();
    expectProblem(await review(r.id, { decision: 'maybe' }), 400, 'VALIDATION_FAILED');
    expectProblem(await review('00000000-0000-4000-8000-000000000000', { decision: 'accept' }), 404, 'SELF_INSPECTION_NOT_FOUND');
  });

  it("a member_rep cannot read another member's report (404)", async () => {
    const mine = await filed();
    const theirs = await filed();
    expectProblem(await t.http().get(`/v1/self-inspections/${theirs.id}`).set(bearer(mine.rep)), 404, 'SELF_INSPECTION_NOT_FOUND');
  });
});
