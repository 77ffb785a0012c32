import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, submitComplaint } from '../../support/cases.js';
import { createPartner, insertMember } from '../../support/factories.js';

describe('What the complainant sees — GET /v1/public/complaints/status (and a partner — GET /v1/partner/complaints/:reference)', () => {
  let t: TestApp;
  let staff: string;
  let rep: string;
  let partner: { key: string };

  beforeAll(async () => {
    t = await createTestApp({ RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '1000' });
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    partner = await createPartner(t, await adminToken(t));
  });
  afterAll(() => t.close());

  const status = (code: string, query = '', lang?: string) => {
    const r = t.http().get(`/v1/public/complaints/status${query}`).set('x-receipt-code', code);
    return lang ? r.set('accept-language', lang) : r;
  };

  it('the complainant sees the outcome in English with ?lang=en: the decision, whether upheld, and the date to confirm by', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(t, rep, c.caseId, { type: 'RESPOND', response: { kind: 'unfounded', reasons: '我司已按时发货 RESPONDENT-REASONS' } });
    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '商家已全额退款 OUTCOME-TEXT' });

    const en = await status(c.receiptCode, '?lang=en');
    expect(en.status).toBe(200);
    expect(en.body).toMatchObject({
      lang: 'en',
      state: 'resolved',
      stateLabel: 'A decision was made: please confirm it',
      outcome: { upheld: true, text: '商家已全额退款 OUTCOME-TEXT', confirmBy: expect.any(String), answerWith: ['CONFIRM', 'DISPUTE'] },
      mergedInto: null,
    });
    const due = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'confirmation' AND settled_at IS NULL`, [c.caseId])).rows[0].due_at;
    expect(en.body.outcome.confirmBy).toBe(new Date(due).toISOString());
    expect(en.body.timeline.map((s: { label: string }) => s.label)).toEqual([
      'Complaint received', 'Complaint accepted and under investigation', 'The company was asked to respond', 'The company responded', 'A decision was made: please confirm it',
    ]);
    // The respondent's own answer is never shown verbatim (only a promised action the complainant is asked about).
    expect(JSON.stringify(en.body)).not.toContain('RESPONDENT-REASONS');

    const zh = await status(c.receiptCode);
    expect(zh.body).toMatchObject({ lang: 'zh-CN', stateLabel: '已作出处理结论，请确认' });
    expect(zh.body.timeline[0].label).toBe('投诉已收到');
    expect((await status(c.receiptCode, '', 'fr-FR, en-GB;q=0.8, zh;q=0.5')).body.lang).toBe('en');
    expect((await status(c.receiptCode, '', 'en;q=0.2, zh-TW;q=0.9')).body.lang).toBe('zh-CN');
    expect((await status(c.receiptCode, '?lang=zh-CN', 'en')).body.lang).toBe('zh-CN');
    expectProblem(await status(c.receiptCode, '?lang=fr'), 400, 'VALIDATION_FAILED');

    expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    const closed = await status(c.receiptCode, '?lang=en');
    expect(closed.body).toMatchObject({ state: 'closed', stateLabel: 'Closed', outcome: { upheld: true, text: '商家已全额退款 OUTCOME-TEXT', confirmBy: null, answerWith: [] } });
  });

  it('no outcome is shown before a decision', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    expect((await status(c.receiptCode)).body.outcome).toBeNull();
  });

  it('a merged complaint tells the complainant where it went (the target\'s reference)', async () => {
    const target = await openCase(t);
    const source = await openCase(t);
    await mustSend(t, staff, source.caseId, { type: 'MERGE', targetCaseId: target.caseId });
    const res = await status(source.receiptCode, '?lang=en');
    expect(res.body).toMatchObject({ state: 'merged', stateLabel: 'Merged with another complaint', mergedInto: { reference: target.reference } });
    expect(JSON.stringify(res.body)).not.toContain(target.caseId);
  });

  it('the partner status follows the same language rules', async () => {
    const c = await submitComplaint(t, partner.key);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    const get = (q = '', lang?: string) => {
      const r = t.http().get(`/v1/partner/complaints/${c.reference}${q}`).set('x-api-key', partner.key);
      return lang ? r.set('accept-language', lang) : r;
    };
    expect((await get('', 'en-US')).body).toMatchObject({ lang: 'en', stateLabel: 'Complaint accepted and under investigation', timeline: [{ label: 'Complaint received' }, { label: 'Complaint accepted and under investigation' }] });
    expect((await get()).body).toMatchObject({ lang: 'zh-CN', stateLabel: '投诉已受理，正在调查' });
    expect((await get('?lang=en')).body.lang).toBe('en');
    expectProblem(await get('?lang=de'), 400, 'VALIDATION_FAILED');
  });
});
