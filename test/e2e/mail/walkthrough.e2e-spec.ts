import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';
import { setLocale, visible } from '../../support/mail.js';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../../support/smtp.js';

jest.setTimeout(90_000);

/**
 * The "done when" (#15), as a newcomer would see it with a local SMTP catcher: one case from intake to closing
 * through the HTTP API, with the service's own workers running (the outbox listener, the delivery queue), and each
 * party's mail arriving in its language with what it must say and nothing more.
 */
describe('one case from intake to closing: every party\'s mail, through the real queue', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  const COMPLAINANT = 'li.lei@example.cn';
  const complainant = { name: '李雷', phone: '13900139000', email: COMPLAINANT, mailConsent: true, locale: 'en' };
  const description = '我在该网站购买的手机一直没有发货，客服不回复。订单号 20261201-7788。';

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_BASE_URL: 'https://selfreg.example.cn', MAIL_FROM_ADDRESS: 'noreply@isc.example.cn' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Waits until `address` has `n` mails; then a moment more, so that an extra one would be seen too. */
  const mailsOf = async (address: string, n: number): Promise<CaughtMail[]> => {
    const end = Date.now() + 30_000;
    while (smtp.to(address).length < n) {
      if (Date.now() > end) throw new Error(`${address}: expected ${n} mails, got ${smtp.to(address).map((m) => m.subject).join(' | ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    return smtp.to(address);
  };

  it('the complainant (English), the member\'s two reps (Chinese and English) and nobody else hear what they must, when they must', async () => {
    const memberId = await insertMember(t, { name: '某某商城', domains: ['shop.example.cn'] });
    const repZh = await userWithRole(t, 'member_rep', { memberId });
    const repEn = await userWithRole(t, 'member_rep', { memberId });
    await setLocale(t, repEn.id, 'en');
    const staff = await userWithRole(t, 'secretariat');

    // Intake: the complainant gets the receipt (the reference, never the receipt code).
    const c = await openCase(t, { complainant, description, respondent: { name: '某某商城', url: 'https://shop.example.cn/item/1' } });
    const [receipt] = await mailsOf(COMPLAINANT, 1);
    expect(receipt.subject).toBe(`We received your complaint (${c.reference})`);

    // The secretariat forwards it: both reps hear of it, each in their language, with the deadline and the link.
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    const [zh] = await mailsOf(repZh.email, 1);
    const [en] = await mailsOf(repEn.email, 1);
    expect(zh.subject).toMatch(new RegExp(`^请于.+前答复投诉（${c.reference}）$`));
    expect(en.subject).toMatch(new RegExp(`^Please answer a complaint by .+ \\(${c.reference}\\)$`));
    expect(en.text).toContain(`https://selfreg.example.cn/console/cases/${c.caseId}`);

    // The rep answers; the secretariat resolves; the complainant confirms: the case is closed.
    await mustSend(t, repZh.token, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '今日发货', by: '2099-12-31T00:00:00+08:00' } });
    await mustSend(t, staff.token, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '商家已发货' });
    expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' })).status).toBe(200);

    // Delivered in parallel, they may arrive in any order (each carries, as its Date, when it happened; here all within
    // a second or two): what matters is that each arrived once.
    const bySubject = (list: CaughtMail[]) => [...list].sort((a, b) => a.subject.localeCompare(b.subject));
    const toComplainant = await mailsOf(COMPLAINANT, 4);
    expect(toComplainant.map((m) => m.subject).sort()).toEqual([
      `We received your complaint (${c.reference})`,
      `The organisation has answered (${c.reference})`,
      `Please confirm the outcome (${c.reference})`,
      `Your complaint is closed (${c.reference})`,
    ].sort());
    const reps = [...bySubject(await mailsOf(repZh.email, 2)), ...bySubject(await mailsOf(repEn.email, 2))];
    // The forwarded complaint and the decision (upheld), each rep in their language.
    expect(reps.map((m) => `${m.to[0] === repZh.email.toLowerCase() ? 'zh' : 'en'} ${m.subject.replace(c.reference, 'REF')}`)).toEqual([
      'zh 案件处理结果（REF）',
      expect.stringMatching(/^zh 请于.+前答复投诉（REF）$/),
      'en Decision on case REF',
      expect.stringMatching(/^en Please answer a complaint by .+ \(REF\)$/),
    ]);
    // Nothing more: exactly these eight messages left the service, each once.
    expect(smtp.mails).toHaveLength(8);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(8);

    // Nothing they must not see: no receipt code anywhere; nothing of the complainant in the reps' mail.
    for (const m of smtp.mails) expect(`${visible(m)}\n${m.raw}`).not.toContain(c.receiptCode);
    for (const m of reps) {
      for (const secret of ['李雷', COMPLAINANT, '13900139000', '20261201-7788', '没有发货']) expect(visible(m)).not.toContain(secret);
    }
  });
});
