import { createHash } from 'node:crypto';
import { chinaDate } from '../../../src/platform/dates.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { articles, bearer, PACT_TABLES, publishedConvention, registerMember, rowCounts, scannedDocument } from '../../support/pacts.js';

describe('File a self-inspection report — POST /v1/members/:id/self-inspections', () => {
  let t: TestApp;
  let staff: string;
  const code = 'inspected-pact';
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const lastYear = String(year - 1);

  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    await publishedConvention(t, staff, { code, articles: articles(4), effectiveDate: `${year - 2}-01-01` });
  });
  afterAll(() => t.close());

  /** A member that signed the convention on paper two years ago, and its member_rep. */
  const signatory = async () => {
    const m = await registerMember(t, staff);
    const s = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
      .send({ memberId: m.id, signatoryName: '王强', signatoryTitle: '董事长', signedAt: `${year - 2}-01-01T10:00:00+08:00`, document: scannedDocument(m.id) });
    expect(s.status).toBe(201);
    return { memberId: m.id, rep: (await userWithRole(t, 'member_rep', { memberId: m.id })).token };
  };
  const items = [
    { articleNumber: 1, findings: '未发现问题。', correctiveActions: '' },
    { articleNumber: 3, findings: '两条商品描述存在夸大用语。', correctiveActions: '已下架并培训运营人员。' },
  ];
  const file = (memberId: string, body: Record<string, unknown>, token: string) => t.http().post(`/v1/members/${memberId}/self-inspections`).set(bearer(token)).send(body);

  it("a member_rep files its organisation's yearly report: revision 1, due 31 March of the next year, attachments stored by SHA-256", async () => {
    const s = await signatory();
    const attachment = scannedDocument('自查报告附件');
    const res = await file(s.memberId, { convention: code, period: lastYear, summary: '年度自查情况', items, attachments: [attachment] }, s.rep);
    expect(res.status).toBe(201);
    const sha = createHash('sha256').update(Buffer.from(attachment.contentBase64, 'base64')).digest('hex');
    expect(res.body).toMatchObject({
      memberId: s.memberId,
      conventionCode: code,
      period: lastYear,
      dueOn: `${year}-03-31`,
      status: 'submitted',
      revision: 1,
      late: chinaDate(new Date()) > `${year}-03-31`,
      overdue: false,
      revisions: [{ revision: 1, version: 1, summary: '年度自查情况', items, attachments: [{ sha256: sha, fileName: 'signing.pdf', contentType: 'application/pdf' }], decision: null }],
    });
    const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE resource_id = $1`, [res.body.id])).rows;
    expect(audit).toEqual([{ action: 'self_inspection.submit', details: { memberId: s.memberId, code, period: lastYear, revision: 1, items: 2, attachments: 1 } }]);
  });

  it('a returned report is filed again as revision 2; the first revision and its review stay on record', async () => {
    const s = await signatory();
    const first = await file(s.memberId, { convention: code, period: lastYear, items }, s.rep);
    await t.http().post(`/v1/self-inspections/${first.body.id}/review`).set(bearer(staff)).send({ decision: 'return', comments: '请补充整改完成时间。' });
    const again = await file(s.memberId, { convention: code, period: lastYear, items: [{ articleNumber: 3, findings: '同上', correctiveActions: '已于3月底前完成整改。' }] }, s.rep);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: first.body.id, status: 'submitted', revision: 2 });
    expect(again.body.revisions.map((r: { revision: number; decision: string | null; comments: string | null }) => [r.revision, r.decision, r.comments])).toEqual([
      [1, 'return', '请补充整改完成时间。'],
      [2, null, null],
    ]);
    expect((await t.sql.query(`SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id`, [first.body.id])).rows.map((r) => r.action)).toEqual([
      'self_inspection.submit',
      'self_inspection.review',
      'self_inspection.resubmit',
    ]);
  });

  it('refuses filing again a report that is submitted or accepted (409 SELF_INSPECTION_ALREADY_FILED), writing nothing', async () => {
    const s = await signatory();
    const first = await file(s.memberId, { convention: code, period: lastYear, items }, s.rep);
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await file(s.memberId, { convention: code, period: lastYear, items }, s.rep), 409, 'SELF_INSPECTION_ALREADY_FILED');
    await t.http().post(`/v1/self-inspections/${first.body.id}/review`).set(bearer(staff)).send({ decision: 'accept' });
    expectProblem(await file(s.memberId, { convention: code, period: lastYear, items }, s.rep), 409, 'SELF_INSPECTION_ALREADY_FILED');
    expect((await rowCounts(t, PACT_TABLES)).self_inspection_revisions).toBe(before.self_inspection_revisions);
  });

  it("a member_rep filing for another member gets 404 MEMBER_NOT_FOUND and nothing is written", async () => {
    const mine = await signatory();
    const theirs = await signatory();
    const before = await rowCounts(t, PACT_TABLES);
    expectProblem(await file(theirs.memberId, { convention: code, period: lastYear, items }, mine.rep), 404, 'MEMBER_NOT_FOUND');
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('the secretariat may file on a member\'s behalf (a report received on paper)', async () => {
    const s = await signatory();
    expect((await file(s.memberId, { convention: code, period: String(year - 2), items }, staff)).status).toBe(201);
  });

  it('refuses a period that does not fit the frequency (400 PERIOD_INVALID) or has not started (400 PERIOD_NOT_STARTED)', async () => {
    const s = await signatory();
    expectProblem(await file(s.memberId, { convention: code, period: `${lastYear}-H1`, items }, s.rep), 400, 'PERIOD_INVALID');
    expectProblem(await file(s.memberId, { convention: code, period: String(year + 1), items }, s.rep), 400, 'PERIOD_NOT_STARTED');
  });

  it('refuses items about articles the signed version does not have, or the same article twice, writing nothing', async () => {
    const s = await signatory();
    const before = await rowCounts(t, PACT_TABLES);
    const res = await file(s.memberId, { convention: code, period: lastYear, items: [...items, { articleNumber: 9, findings: 'x', correctiveActions: '' }, items[0]] }, s.rep);
    expectProblem(res, 400, 'ARTICLE_NOT_IN_VERSION');
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['items[2].articleNumber:NOT_IN_VERSION', 'items[3].articleNumber:DUPLICATE']);
    expect(await rowCounts(t, PACT_TABLES)).toEqual(before);
  });

  it('refuses a report from a member that was not bound during the period (409 NOT_A_SIGNATORY)', async () => {
    const m = await registerMember(t, staff);
    const rep = (await userWithRole(t, 'member_rep', { memberId: m.id })).token;
    expectProblem(await file(m.id, { convention: code, period: lastYear, items }, rep), 409, 'NOT_A_SIGNATORY');
  });

  it('refuses a report for a convention that expects none (409 SELF_INSPECTIONS_NOT_EXPECTED)', async () => {
    const c = await publishedConvention(t, staff, { inspection: { frequency: 'none', dueMonths: 0 } });
    const s = await signatory();
    expectProblem(await file(s.memberId, { convention: c, period: lastYear, items }, s.rep), 409, 'SELF_INSPECTIONS_NOT_EXPECTED');
  });

  it('refuses a report without items and unknown fields', async () => {
    const s = await signatory();
    const res = await file(s.memberId, { convention: code, period: lastYear, items: [], status: 'accepted' }, s.rep);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['items', 'status']);
  });
});
