import { DeadlineJob } from '../../../src/cases/deadlines/deadline.job.js';
import { formatMailDate } from '../../../src/mail/mail-renderer.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { complainantEvent, mustSend, openCase, submitComplaint, type Opened } from '../../support/cases.js';
import { publicComplaintBody } from '../../support/challenge.js';
import { count, createPartner, insertMember } from '../../support/factories.js';
import { deliverAll, mailEnv, to, visible } from '../../support/mail.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';

/**
 * Mail to complainants (#15): only to one who gave an email and ticked "email me about this complaint", in the form's
 * language: the receipt (the reference, never the receipt code), the question when a promised action falls due, the
 * outcome to confirm by its deadline, the closing with the survey on the status page. Never to an anonymous complainant,
 * nor to one who did not agree.
 */
describe('Mail to complainants', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let staff: string;
  let rep: string;
  const EN = 'wang.wu@example.cn';
  const ZH = 'zhao.liu@example.cn';

  const consenting = (email: string, locale?: 'zh-CN' | 'en') => ({ complainant: { name: '王五', email, mailConsent: true, ...(locale ? { locale } : {}) } });
  const noReceiptCode = (mails: { subject: string; text: string; html: string; raw: string }[], c: Opened) => {
    for (const m of mails) expect(`${visible(m as never)}\n${m.raw}`).not.toContain(c.receiptCode);
  };
  /** Accepted, answered with a promise (its date passed at once), the promise checked, resolved: every complainant message but the closing. */
  const driveToResolved = async (c: Opened) => {
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(t, rep, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '退款', by: '2026-12-20T00:00:00+08:00' } });
    const [d] = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'promised_action' AND settled_at IS NULL`, [c.caseId])).rows;
    await t.app.get(DeadlineJob).handle({ deadlineId: d.id, caseId: c.caseId, kind: 'promised_action' });
    await mustSend(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '已退款' });
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp(mailEnv(smtp));
    staff = (await userWithRole(t, 'secretariat')).token;
    const memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await deliverAll(t, smtp);
    smtp.mails.length = 0;
  });

  it('a consenting complainant hears, in the language of the form, of the receipt, the question, the outcome to confirm and the closing, never with the receipt code', async () => {
    const c = await openCase(t, consenting(EN, 'en'));
    let mails = await deliverAll(t, smtp);
    expect(to(mails, EN).map((m) => m.subject)).toEqual([`We received your complaint (${c.reference})`]);
    expect(to(mails, EN)[0].text).toContain('https://selfreg.example.cn/follow');
    expect(to(mails, EN)[0].text).toContain('this message does not contain the code');
    expect(to(mails, EN)[0].html).toContain('lang="en"');

    await driveToResolved(c);
    mails = await deliverAll(t, smtp);
    const confirmBy = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'confirmation' AND settled_at IS NULL`, [c.caseId])).rows[0].due_at;
    expect(to(mails, EN).map((m) => m.subject)).toEqual([
      `The organisation has answered (${c.reference})`,
      `Please tell us: did they do what they promised? (${c.reference})`,
      `Please confirm the outcome (${c.reference})`,
    ]);
    expect(to(mails, EN)[2].text).toContain(`by ${formatMailDate(confirmBy, 'en')}`);

    expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    const closing = to(await deliverAll(t, smtp), EN);
    expect(closing.map((m) => m.subject)).toEqual([`Your complaint is closed (${c.reference})`]);
    expect(closing[0].text).toContain('Rate how we handled it: https://selfreg.example.cn/follow');
    noReceiptCode(smtp.mails, c);
    // Mail to a complainant has no account behind it: its own unsubscribe link, for this complaint only.
    expect(closing[0].text).toMatch(/Unsubscribe: https:\/\/selfreg\.example\.cn\/v1\/public\/mail\/unsubscribe\?token=/);
  });

  it('writes in Chinese when the form gave no language', async () => {
    const c = await openCase(t, consenting(ZH));
    const mails = to(await deliverAll(t, smtp), ZH);
    expect(mails.map((m) => m.subject)).toEqual([`我们已收到您的投诉（${c.reference}）`]);
    expect(mails[0].text).toContain('邮件中不包含查询码');
    noReceiptCode(mails, c);
  });

  it('an anonymous complainant is never written to, nor one who gave an email without agreeing', async () => {
    const anonymous = await openCase(t, { complainant: { anonymous: true } });
    const silent = await openCase(t, { complainant: { name: '孙七', email: 'sun.qi@example.cn' } });
    const withPhone = await openCase(t, { complainant: { phone: '13700137000', locale: 'en' } });
    for (const c of [anonymous, silent, withPhone]) {
      await driveToResolved(c);
      expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    }
    const mails = await deliverAll(t, smtp);
    expect(to(mails, 'sun.qi@example.cn')).toEqual([]);
    // The machine still records that there was something to tell: no address is resolved for it.
    const ids = [anonymous.caseId, silent.caseId, withPhone.caseId];
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_kind = 'complainant' AND case_id = ANY($1::uuid[])`, [ids])).rows[0].n).toBeGreaterThan(0);
    expect((await t.sql.query(`SELECT template FROM notifications WHERE template = 'complaint_received' AND case_id = ANY($1::uuid[])`, [ids])).rows).toEqual([]);
    const complainantKinds = ['complaint_received', 'respondent_answered', 'promised_action_due', 'resolution_proposed', 'case_closed'];
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM mail_messages WHERE case_id = ANY($1::uuid[]) AND kind = ANY($2::text[])`, [ids, complainantKinds])).rows[0].n).toBe(0);
  });

  it('refuses consent to mail without an email, anonymous or not, and an unknown language, writing nothing', async () => {
    const before = await count(t, 'cases');
    for (const complainant of [{ anonymous: true, mailConsent: true }, { phone: '13700137000', mailConsent: true }]) {
      const res = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, { complainant }));
      expectProblem(res, 400, 'COMPLAINT_INVALID');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'complainant.mailConsent', code: 'EMAIL_REQUIRED' }));
    }
    const lang = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, { complainant: { email: 'a@example.cn', mailConsent: true, locale: 'fr' } }));
    expectProblem(lang, 400, 'VALIDATION_FAILED');
    expect(lang.body.errors).toContainEqual(expect.objectContaining({ field: 'complainant.locale' }));
    expect(await count(t, 'cases')).toBe(before);
    expect(await deliverAll(t, smtp)).toEqual([]);
  });

  it("a partner's complaint with the complainant's consent gets the receipt too, and staff see the consent and language with the contact", async () => {
    const partner = await createPartner(t, await adminToken(t));
    const c = await submitComplaint(t, partner.key, consenting('zhou.ba@example.cn', 'en'));
    expect(to(await deliverAll(t, smtp), 'zhou.ba@example.cn').map((m) => m.subject)).toEqual([`We received your complaint (${c.reference})`]);
    const contact = await t.http().get(`/v1/cases/${c.caseId}/complainant`).set('authorization', `Bearer ${staff}`);
    expect(contact.body).toEqual({ anonymous: false, name: '王五', phone: null, email: 'zhou.ba@example.cn', mailConsent: true, locale: 'en' });
  });

  it('a merged complaint tells its complainant where it went, and again when the merge is undone', async () => {
    const supervisor = (await userWithRole(t, 'supervisor')).token;
    const target = await openCase(t);
    const c = await openCase(t, consenting(ZH));
    await deliverAll(t, smtp);
    await mustSend(t, staff, c.caseId, { type: 'MERGE', targetCaseId: target.caseId });
    await mustSend(t, supervisor, c.caseId, { type: 'UNMERGE', reason: '并案有误' });
    const mails = to(await deliverAll(t, smtp), ZH);
    expect(mails.map((m) => m.subject)).toEqual([`您的投诉已并案办理（${c.reference}）`, `您的投诉恢复单独办理（${c.reference}）`]);
    expect(mails[0].text).toContain(target.reference);
    noReceiptCode(mails, c);
  });
});
