import { CalendarService } from '../../../src/calendar/index.js';
import { reminderTimes } from '../../../src/cases/deadlines/deadline-policy.js';
import { DeadlineJob } from '../../../src/cases/deadlines/deadline.job.js';
import { ReminderJob } from '../../../src/cases/deadlines/reminder.job.js';
import { formatMailDate } from '../../../src/mail/mail-renderer.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { mustSend, openCase, referCase, type Opened } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';
import { deliverAll, mailEnv, setLocale, to, visible } from '../../support/mail.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';

/**
 * Who hears what on the respondent's and the association's side (#15): a member's representatives get what the case
 * machine asks of them and decides about them, each in their own language, and never anything that identifies the
 * complainant; reminders go out at the configured working-day offsets while the answer is awaited; supervisors are
 * not asked to approve their own proposals; an agency hears that a packet waits, never its content.
 */
describe('Mail to respondents, supervisors and agencies', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let staff: string;
  let memberId: string;
  let repEn: { id: string; email: string; token: string };
  let repZh: { id: string; email: string; token: string };
  let sup1: { id: string; email: string; token: string };
  let sup2: { id: string; email: string; token: string };

  /** What an employee complainant gave: none of it may reach the respondent. */
  const secret = {
    name: '李四秘密',
    email: 'li.si.secret@example.cn',
    phone: '13900139000',
    title: '员工投诉标题TITLE-7Q',
    description: '员工投诉的详细描述DESC-9Z，只有协会可见。',
    file: 'li-si-payslip-2026.txt',
  };
  const employeeComplaint = {
    title: secret.title,
    description: secret.description,
    complainant: { name: secret.name, email: secret.email, phone: secret.phone, mailConsent: true, locale: 'en' },
    isEmployeeOfRespondent: true,
  };

  const expectNothingOfTheComplainant = (text: string, c?: Opened) => {
    for (const s of [secret.name, secret.email, secret.phone, secret.title, secret.description, secret.file, ...(c ? [c.receiptCode] : [])]) expect(text).not.toContain(s);
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp(mailEnv(smtp, { MAIL_REMINDER_WORKING_DAYS: '3,1,0' }));
    staff = (await userWithRole(t, 'secretariat')).token;
    // The complaint URL (m.shop.example.cn) matches this member's domain: every case below is about it.
    memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    repEn = await userWithRole(t, 'member_rep', { memberId });
    await setLocale(t, repEn.id, 'en');
    repZh = await userWithRole(t, 'member_rep', { memberId });
    sup1 = await userWithRole(t, 'supervisor');
    sup2 = await userWithRole(t, 'supervisor');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await deliverAll(t, smtp);
    smtp.mails.length = 0;
  });

  it("an employee's complaint forwarded to the respondent reaches each rep in their language with the due date and how to answer, and nothing identifying the complainant", async () => {
    const c = await openCase(t, employeeComplaint);
    const up = await t.http().post('/v1/public/complaints/evidence').set('x-receipt-code', c.receiptCode).attach('files', Buffer.from('工资单'), secret.file);
    expect(up.status).toBe(201);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请核查贵单位是否按时发放工资。' });
    const mails = await deliverAll(t, smtp);
    const due = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [c.caseId])).rows[0].due_at as Date;

    const [en] = to(mails, repEn.email);
    expect(en.subject).toBe(`Please answer a complaint by ${formatMailDate(due, 'en')} (${c.reference})`);
    expect(en.text).toContain('Fraud');
    expect(en.text).toContain('within 5 working days');
    expect(en.text).toContain('promise an action');
    expect(en.text).toContain(`https://selfreg.example.cn/console/cases/${c.caseId}`);
    expect(en.html).toContain('lang="en"');
    const [zh] = to(mails, repZh.email);
    expect(zh.subject).toBe(`请于${formatMailDate(due, 'zh-CN')}前答复投诉（${c.reference}）`);
    expect(zh.text).toContain('5 个工作日内');
    expect(zh.text).toContain('不能退订');
    for (const m of [en, zh]) expectNothingOfTheComplainant(`${visible(m)}\n${m.raw}`, c);
    // The complainant agreed to mail: their receipt, in English, is theirs alone.
    expect(to(mails, secret.email).map((m) => m.subject)).toEqual([`We received your complaint (${c.reference})`]);
    expect(mails).toHaveLength(3);
  });

  it('when the answer is overdue the reps hear it; then every decision in neutral words: upheld, not upheld, settled by mediation, dismissed, published', async () => {
    const c = await openCase(t, employeeComplaint);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请核查。' });
    await deliverAll(t, smtp);
    const [d] = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [c.caseId])).rows;
    await t.app.get(DeadlineJob).handle({ deadlineId: d.id, caseId: c.caseId, kind: 'response' });
    let mails = await deliverAll(t, smtp);
    expect(to(mails, repEn.email).map((m) => m.subject)).toEqual([`Your answer is overdue (${c.reference})`]);
    expect(to(mails, repEn.email)[0].text).toContain('annual evaluation');
    expect(to(mails, repZh.email).map((m) => m.subject)).toEqual([`投诉答复已逾期（${c.reference}）`]);

    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '秘密的处理意见OUTCOME-3K：退还工资' });
    mails = await deliverAll(t, smtp);
    const [en] = to(mails, repEn.email);
    expect(en.subject).toBe(`Decision on case ${c.reference}`);
    expect(en.text).toContain('the complaint was upheld.');
    expect(to(mails, repZh.email)[0].text).toContain('投诉成立。');
    for (const m of to(mails, repEn.email).concat(to(mails, repZh.email))) {
      expectNothingOfTheComplainant(visible(m), c);
      expect(visible(m)).not.toContain('OUTCOME-3K');
    }

    const decision = async (events: Record<string, unknown>[], token = staff) => {
      const x = await openCase(t);
      for (const e of events) await mustSend(t, (e.token as string | undefined) ?? token, x.caseId, Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'token')));
      const got = await deliverAll(t, smtp);
      // An ordinary complaint (not an employee's) is no different: its complainant stays out of the respondent's mail.
      for (const m of [...to(got, repEn.email), ...to(got, repZh.email)]) {
        for (const s of ['张三', '13800138000', 'zhang.san@example.cn', '我于上周在该网店购买商品并付款', x.receiptCode]) expect(visible(m)).not.toContain(s);
      }
      return { en: to(got, repEn.email).filter((m) => m.subject.startsWith('Decision')).map((m) => m.text), zh: to(got, repZh.email).filter((m) => m.subject.startsWith('案件处理结果')).map((m) => m.text) };
    };
    const notUpheld = await decision([{ type: 'ACCEPT' }, { type: 'RESOLVE', upheld: false, outcome: '不成立' }]);
    expect(notUpheld.en[0]).toContain('the complaint was not upheld.');
    expect(notUpheld.zh[0]).toContain('投诉不成立。');
    const mediated = await decision([{ type: 'ACCEPT' }, { type: 'START_MEDIATION' }, { type: 'AGREEMENT', terms: '退款' }]);
    expect(mediated.en[0]).toContain('settled by a mediation agreement');
    const dismissed = await decision([{ type: 'ACCEPT' }, { type: 'DISMISS', reason: '证据不足' }]);
    expect(dismissed.en[0]).toContain('the complaint was dismissed');
    expect(dismissed.zh[0]).toContain('终止办理');
    // Dismissed at triage, before the association took it up: not the respondent's concern, no mail.
    expect(await decision([{ type: 'DISMISS', reason: '不属于受理范围' }])).toEqual({ en: [], zh: [] });
  });

  it('a proposed publication asks the reps for their reply by its deadline and the other supervisors for approval, never the proposer; its approval tells the reps it is published', async () => {
    const c = await openCase(t, employeeComplaint);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await deliverAll(t, smtp);
    await mustSend(t, sup1.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '公开通报摘要', findings: '调查结论' });
    let mails = await deliverAll(t, smtp);
    const due = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'right_of_reply'`, [c.caseId])).rows[0].due_at as Date;
    expect(to(mails, repEn.email).map((m) => m.subject)).toEqual([`Public notice proposed: reply by ${formatMailDate(due, 'en')} (${c.reference})`]);
    expect(to(mails, repZh.email).map((m) => m.subject)).toEqual([`拟公开通报，请于${formatMailDate(due, 'zh-CN')}前行使答辩权（${c.reference}）`]);
    expect(to(mails, sup1.email)).toEqual([]);
    expect(to(mails, sup2.email).map((m) => m.subject)).toEqual([`待您审批：公开通报（${c.reference}）`]);
    for (const m of mails.filter((x) => !x.to.includes(secret.email))) expectNothingOfTheComplainant(visible(m), c);

    await mustSend(t, repEn.token, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我们已整改。' });
    await mustSend(t, sup2.token, c.caseId, { type: 'APPROVE' });
    mails = await deliverAll(t, smtp);
    expect(to(mails, repEn.email).map((m) => m.subject)).toEqual([`Decision on case ${c.reference}`]);
    expect(to(mails, repEn.email)[0].text).toContain('a public notice on the case has been published');
    expect(to(mails, repZh.email)[0].text).toContain('已就本案发布公开通报');
  });

  it("a referral asks the other supervisors to approve it, then tells the agency's liaisons and desk that a packet waits, without any of its content", async () => {
    const admin = await adminToken(t);
    const agency = await t.http().post('/v1/agencies').set('authorization', `Bearer ${admin}`)
      .send({ name: '某市公安局网安支队', jurisdiction: '某市', contact: { phone: '010-12345678', email: 'desk@police.example.cn' } });
    expect(agency.status).toBe(201);
    const liaison = await userWithRole(t, 'law_enforcement', { agencyId: agency.body.id });
    await setLocale(t, liaison.id, 'en');
    const c = await openCase(t, employeeComplaint);
    await referCase(t, { caseId: c.caseId, agencyId: agency.body.id, proposer: sup1.token, approver: sup2.token });
    const mails = await deliverAll(t, smtp);
    expect(to(mails, sup1.email)).toEqual([]);
    expect(to(mails, sup2.email).map((m) => m.subject)).toEqual([`待您审批：移送执法机关（${c.reference}）`]);
    expect(to(mails, liaison.email).map((m) => m.subject)).toEqual([`A referral is waiting for your agency (${c.reference})`]);
    expect(to(mails, liaison.email)[0].text).toContain('https://selfreg.example.cn/console/referrals');
    expect(to(mails, 'desk@police.example.cn').map((m) => m.subject)).toEqual([`新的移送案件待接收（${c.reference}）`]);
    for (const m of [...to(mails, liaison.email), ...to(mails, 'desk@police.example.cn')]) {
      expectNothingOfTheComplainant(`${visible(m)}\n${m.raw}`, c);
      expect(m.raw).not.toMatch(/Content-Disposition: attachment/i);
    }
  });

  it('reminds the reps at the configured working-day offsets while the answer is awaited, saying when it is due, once each; none after the answer', async () => {
    const c = await openCase(t, employeeComplaint);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请核查。' });
    await deliverAll(t, smtp);
    const [d] = (await t.sql.query(`SELECT id, started_at, due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [c.caseId])).rows;
    const jobs = (await t.sql.query(`SELECT data, start_after FROM pgboss.job WHERE name = 'case-reminder' AND data->>'caseId' = $1 ORDER BY start_after`, [c.caseId])).rows;
    // MAIL_REMINDER_WORKING_DAYS=3,1,0: at 09:00 Shanghai, 3 and 1 working days before the due day and on it.
    const expected = reminderTimes(d.due_at, d.started_at, await t.app.get(CalendarService).current(), [3, 1, 0]);
    expect(expected.map((r) => r.workingDaysBefore)).toEqual([3, 1, 0]);
    expect(jobs.map((j) => [j.data.workingDaysBefore, new Date(j.start_after).toISOString()])).toEqual(expected.map((r) => [r.workingDaysBefore, r.at.toISOString()]));
    expect(jobs.every((j) => j.data.deadlineId === d.id)).toBe(true);

    const remind = (workingDaysBefore: number) => t.app.get(ReminderJob).handle({ deadlineId: d.id, caseId: c.caseId, workingDaysBefore });
    await remind(1);
    let mails = await deliverAll(t, smtp);
    expect(to(mails, repEn.email).map((m) => m.subject)).toEqual([`Reminder: your answer is due ${formatMailDate(d.due_at, 'en')} (${c.reference})`]);
    expect(to(mails, repZh.email).map((m) => m.subject)).toEqual([`提醒：投诉答复期限为${formatMailDate(d.due_at, 'zh-CN')}（${c.reference}）`]);
    for (const m of mails) expectNothingOfTheComplainant(visible(m), c);
    // The same reminder run again (a retried job) tells no one twice.
    await remind(1);
    expect(await deliverAll(t, smtp)).toEqual([]);

    await mustSend(t, repZh.token, c.caseId, { type: 'RESPOND', response: { kind: 'unfounded', reasons: '工资已按时发放。' } });
    await deliverAll(t, smtp);
    await remind(0);
    mails = await deliverAll(t, smtp);
    expect(mails.filter((m) => m.subject.includes('提醒') || m.subject.startsWith('Reminder'))).toEqual([]);
  });
});
