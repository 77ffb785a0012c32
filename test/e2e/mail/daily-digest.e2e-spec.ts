import { jest } from '@jest/globals';
import { DeadlineJob } from '../../../src/cases/deadlines/deadline.job.js';
import { DailyDigest, MailDispatcher } from '../../../src/mail/index.js';
import { MailDelivery } from '../../../src/mail/mail-delivery.js';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, referCase, type Opened } from '../../support/cases.js';
import { createAgency, insertMember } from '../../support/factories.js';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../../support/smtp.js';

type Account = Awaited<ReturnType<typeof userWithRole>>;

const BASE = 'https://selfreg.example.cn';
/** The complainant's details and words from test/support/factories.ts complaintBody(), and what they added later. */
const PERSONAL = ['张三', '13800138000', 'zhang.san@example.cn', '网店收款后不发货', '我于上周在该网店购买商品并付款', '补充：卖家又换了收款账户'];

/** The references listed in a section of a digest's text part: the lines from its title to the next blank line. */
function section(mail: CaughtMail, title: string): string[] | null {
  const lines = mail.text.split('\n');
  const start = lines.indexOf(title);
  if (start < 0) return null;
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end);
}
const refs = (lines: string[] | null) => (lines ?? []).flatMap((l) => /^- (TS-[\w-]+)/.exec(l)?.[1] ?? []);

describe('The staff\'s daily digest', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let supEn: Account;
  let supZh: Account;
  let supOff: Account;
  let clerk: Account;
  let clerk2: Account;
  const c: Record<'old' | 'due' | 'byOther' | 'byMe' | 'triage' | 'refOld' | 'refNew', Opened> = {} as never;
  let digestRowsBefore: { id: string; subject: string }[];
  let firstRun: Awaited<ReturnType<DailyDigest['run']>>;

  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));
  const run = () => t.app.get(DailyDigest).run();
  /** Delivers the digests waiting in the queue and returns them as the SMTP server received them. */
  async function deliverDigests(): Promise<CaughtMail[]> {
    const rows = (await t.sql.query(`SELECT id FROM mail_messages WHERE kind = 'daily_digest' AND status = 'queued' ORDER BY created_at`)).rows;
    const before = smtp.mails.length;
    for (const r of rows) {
      expect(await t.app.get(MailDelivery).deliver(r.id)).toBe('sent');
    }
    return smtp.mails.slice(before);
  }
  const to = (mails: CaughtMail[], a: Account) => mails.filter((m) => m.to.includes(a.email.toLowerCase()));

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    // Workers off: the test runs the digest, the dispatcher and the deliveries itself, at the times it sets.
    t = await createTestApp({ JOBS_ENABLED: 'false', SMTP_URL: smtp.url, MAIL_FROM_ADDRESS: 'noreply@isc.example.cn', PUBLIC_BASE_URL: BASE });
    const admin = await adminToken(t);
    await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    const agency = await createAgency(t, admin);
    const liaison = await userWithRole(t, 'law_enforcement', { agencyId: agency.id });
    [supEn, supZh, supOff, clerk, clerk2] = [
      await userWithRole(t, 'supervisor'), await userWithRole(t, 'supervisor'), await userWithRole(t, 'supervisor'),
      await userWithRole(t, 'secretariat'), await userWithRole(t, 'secretariat'),
    ];
    const prefs = (a: Account, body: Record<string, unknown>) => t.http().put('/v1/me/mail-preferences').set('authorization', `Bearer ${a.token}`).send(body).expect(200);
    await prefs(supEn, { locale: 'en', kinds: [{ kind: 'referral_proposed', mode: 'digest' }] });
    await prefs(supOff, { kinds: [{ kind: 'daily_digest', mode: 'off' }] });
    const acknowledge = (referralId: string, n: string) =>
      t.http().post(`/v1/referrals/${referralId}/acknowledge`).set('authorization', `Bearer ${liaison.token}`).send({ referenceNumber: n }).expect(200);
    const accepted = async () => {
      const o = await openCase(t);
      await mustSend(t, supEn.token, o.caseId, { type: 'ACCEPT' });
      return o;
    };

    // Friday 11 December: a complaint whose triage deadline is missed; a referral acknowledged the same day.
    setNow('2026-12-11T10:00:00+08:00');
    c.old = await openCase(t);
    c.refOld = await openCase(t);
    await acknowledge(await referCase(t, { caseId: c.refOld.caseId, agencyId: agency.id, proposer: supZh.token, approver: supEn.token }), 'GA-2026-001');
    setNow('2026-12-14T09:00:00+08:00');
    const triageDeadline = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'triage' AND settled_at IS NULL`, [c.old.caseId])).rows[0].id;
    await t.app.get(DeadlineJob).handle({ deadlineId: triageDeadline, caseId: c.old.caseId, kind: 'triage' });

    // Sunday 13 December: a case assigned to the second caseworker, its resolution target moved to today 15:00; two
    // referral proposals waiting for a second supervisor, one by each supervisor.
    setNow('2026-12-13T10:00:00+08:00');
    c.due = await accepted();
    await mustSend(t, supEn.token, c.due.caseId, { type: 'ASSIGN', assigneeId: clerk2.id });
    await t.sql.query(`UPDATE case_deadlines SET due_at = '2026-12-15T15:00:00+08:00' WHERE case_id = $1 AND kind = 'resolution' AND settled_at IS NULL`, [c.due.caseId]);
    c.byOther = await accepted();
    await mustSend(t, supZh.token, c.byOther.caseId, { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌诈骗，建议移送' });
    c.byMe = await accepted();
    await mustSend(t, supEn.token, c.byMe.caseId, { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌诈骗，建议移送' });

    // Monday evening, 14 December (within the 24 hours before the first digest): a new complaint, information added by
    // a complainant, a referral acknowledged.
    setNow('2026-12-14T20:00:00+08:00');
    c.triage = await openCase(t);
    expect((await complainantEvent(t, c.due.receiptCode, { type: 'ADD_INFORMATION', text: '补充：卖家又换了收款账户' })).status).toBe(200);
    c.refNew = await openCase(t);
    const refNew = await referCase(t, { caseId: c.refNew.caseId, agencyId: agency.id, proposer: supZh.token, approver: supEn.token });
    setNow('2026-12-14T21:00:00+08:00');
    await acknowledge(refNew, 'GA-2026-002');
    await t.app.get(MailDispatcher).drain();
    digestRowsBefore = (await t.sql.query(`SELECT id, subject FROM mail_messages WHERE user_id = $1 AND status = 'digest' ORDER BY created_at`, [supEn.id])).rows;

    // Tuesday 15 December, 08:00 Beijing time: the job's hour.
    setNow('2026-12-15T08:00:00+08:00');
    firstRun = await run();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('writes one digest per account that has it on (secretariat and supervisors), none for an account that turned it off', async () => {
    expect(firstRun).toEqual({ sent: 4, empty: 0, done: 0, off: 1, failed: 0 });
    const rows = (await t.sql.query(`SELECT user_id AS "userId", locale, status, notification_id AS "notificationId" FROM mail_messages WHERE kind = 'daily_digest'`)).rows;
    expect(rows.map((r) => r.userId).sort()).toEqual([supEn.id, supZh.id, clerk.id, clerk2.id].sort());
    expect(rows.every((r) => r.status === 'queued' && r.notificationId === null)).toBe(true);
    const runs = (await t.sql.query(`SELECT user_id AS "userId", day::text AS day, message_id IS NOT NULL AS sent FROM mail_digests`)).rows;
    expect(runs).toHaveLength(4);
    expect(runs.every((r) => r.day === '2026-12-15' && r.sent)).toBe(true);
  });

  it('a supervisor\'s digest lists exactly the right cases in each section, in English for an English account', async () => {
    const mails = await deliverDigests();
    expect(mails).toHaveLength(4);
    const [mail] = to(mails, supEn);
    expect(mail.subject).toBe('Your daily summary (15 Dec 2026)');
    expect(refs(section(mail, 'New in triage'))).toEqual([c.triage.reference]);
    expect(section(mail, 'New in triage')?.[0]).toBe('1 complaint received since the last summary is waiting for triage:');
    expect(refs(section(mail, 'Due today'))).toEqual([c.due.reference]);
    expect(section(mail, 'Due today')).toContain(`- ${c.due.reference} · resolution target, due 15:00`);
    expect(refs(section(mail, 'Overdue'))).toEqual([c.old.reference]);
    expect(section(mail, 'Overdue')).toContain(`- ${c.old.reference} · triage deadline missed`);
    // Four eyes: the proposal this supervisor made is not theirs to approve.
    expect(refs(section(mail, 'Waiting for your approval'))).toEqual([c.byOther.reference]);
    // Acknowledged last night, not the one acknowledged on Friday.
    expect(refs(section(mail, 'Referrals acknowledged or concluded'))).toEqual([c.refNew.reference]);
    expect(section(mail, 'Referrals acknowledged or concluded')).toContain(`- ${c.refNew.reference} · acknowledged by the agency 14 Dec 2026`);
    expect(mail.text).toContain(`${BASE}/console/cases/${c.triage.caseId}`);
    expect(mail.html).toContain(`<a href="${BASE}/console/cases/${c.byOther.caseId}" style="color:#1d4ed8">${c.byOther.reference} · referral to law enforcement, proposed 13 Dec 2026</a>`);
    expect(mail.html).toContain('lang="en"');
  });

  it('lists the messages the account chose to receive in the digest, by subject, and marks them digested', async () => {
    const [mail] = smtp.to(supEn.email);
    const listed = section(mail, 'Messages kept for this summary') ?? [];
    expect(digestRowsBefore.map((r) => r.subject)).toEqual(expect.arrayContaining([
      `For your approval: referral to law enforcement (${c.byOther.reference})`,
      `The complainant added information (${c.due.reference})`,
    ]));
    expect(listed[0]).toBe(`${digestRowsBefore.length} messages you chose to receive in the summary:`);
    for (const r of digestRowsBefore) expect(listed).toContain(`- ${r.subject}`);
    const statuses = (await t.sql.query(`SELECT DISTINCT status FROM mail_messages WHERE id = ANY($1::uuid[])`, [digestRowsBefore.map((r) => r.id)])).rows;
    expect(statuses).toEqual([{ status: 'digested' }]);
  });

  it('writes a Chinese account\'s digest in Chinese, with the approvals waiting for that supervisor', async () => {
    const [mail] = smtp.to(supZh.email);
    expect(mail.subject).toBe('每日工作汇总（2026年12月15日）');
    expect(refs(section(mail, '新投诉待分拣'))).toEqual([c.triage.reference]);
    expect(section(mail, '新投诉待分拣')?.[0]).toBe('自上次汇总以来收到、仍待分拣的投诉 1 件：');
    expect(section(mail, '今日到期')).toContain(`- ${c.due.reference} · 办结目标，15:00 到期`);
    expect(refs(section(mail, '已逾期'))).toEqual([c.old.reference]);
    expect(refs(section(mail, '待您审批'))).toEqual([c.byMe.reference]);
    expect(refs(section(mail, '移送进展'))).toEqual([c.refNew.reference]);
    expect(mail.html).toContain('lang="zh-CN"');
  });

  it('a caseworker\'s digest covers their own and unassigned cases, and has no approvals', async () => {
    const [mine] = smtp.to(clerk.email);
    expect(refs(section(mine, '新投诉待分拣'))).toEqual([c.triage.reference]);
    // The case due today is assigned to the other caseworker.
    expect(section(mine, '今日到期')).toEqual(['今日无。']);
    expect(refs(section(mine, '已逾期'))).toEqual([c.old.reference]);
    expect(section(mine, '待您审批')).toBeNull();
    const [theirs] = smtp.to(clerk2.email);
    expect(refs(section(theirs, '今日到期'))).toEqual([c.due.reference]);
  });

  it('says nothing personal: no complainant name, phone or email, no complaint title, description or added text', async () => {
    for (const mail of smtp.mails) {
      for (const p of PERSONAL) {
        expect(mail.text).not.toContain(p);
        expect(mail.html).not.toContain(p);
        expect(mail.subject).not.toContain(p);
      }
    }
  });

  it('carries the unsubscribe link of the daily digest (one click turns it off)', async () => {
    const [mail] = smtp.to(supEn.email);
    expect(mail.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
    expect(mail.text).toContain(`Unsubscribe: ${BASE}/v1/public/mail/unsubscribe?token=`);
  });

  it('a second run the same day sends nothing', async () => {
    setNow('2026-12-15T14:00:00+08:00');
    expect(await run()).toEqual({ sent: 0, empty: 0, done: 4, off: 1, failed: 0 });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM mail_messages WHERE kind = 'daily_digest'`)).rows[0].n).toBe(4);
  });

  it('an account that turned the digest off gets none, and its digest-mode messages are not kept for it', async () => {
    expect(smtp.to(supOff.email)).toEqual([]);
    const kept = (await t.sql.query(`SELECT kind, status FROM mail_messages WHERE user_id = $1`, [supOff.id])).rows;
    // The approval requests still come at once (immediate); the information it would get in the digest is not kept.
    expect(kept.filter((r) => r.kind === 'information_added')).toEqual([]);
    expect(kept.filter((r) => r.status === 'digest')).toEqual([]);
    expect(kept.some((r) => r.kind === 'referral_proposed' && r.status === 'queued')).toBe(true);
  });

  it('the next day covers only what is new since the last digest, lists a digested message no more, and two runs at once send one digest each', async () => {
    setNow('2026-12-16T08:00:00+08:00');
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.sent + b.sent).toBe(4);
    expect(a.done + b.done).toBe(4);
    const perAccount = (await t.sql.query(`SELECT count(*)::int AS n FROM mail_messages WHERE kind = 'daily_digest' GROUP BY user_id`)).rows;
    expect(perAccount).toEqual([{ n: 2 }, { n: 2 }, { n: 2 }, { n: 2 }]);
    const mails = await deliverDigests();
    expect(mails).toHaveLength(4);
    const [mail] = to(mails, supEn);
    expect(mail.subject).toBe('Your daily summary (16 Dec 2026)');
    expect(section(mail, 'New in triage')).toEqual(['Nothing today.']);
    expect(section(mail, 'Referrals acknowledged or concluded')).toEqual(['Nothing today.']);
    expect(section(mail, 'Messages kept for this summary')).toEqual(['Nothing today.']);
    // Still open: still listed.
    expect(refs(section(mail, 'Overdue'))).toEqual([c.old.reference]);
    expect(refs(section(mail, 'Waiting for your approval'))).toEqual([c.byOther.reference]);
  });
});

describe('The staff\'s daily digest on an empty day', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp({ JOBS_ENABLED: 'false', SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends nothing when every section is empty, and the next digest starts where that one ended', async () => {
    const sup = await userWithRole(t, 'supervisor');
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-12-15T08:00:00+08:00'));
    expect(await t.app.get(DailyDigest).run()).toEqual({ sent: 0, empty: 1, done: 0, off: 0, failed: 0 });
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM mail_messages`)).rows[0].n).toBe(0);
    expect((await t.sql.query(`SELECT day::text AS day, covered_until AS "coveredUntil", message_id AS "messageId" FROM mail_digests WHERE user_id = $1`, [sup.id])).rows)
      .toEqual([{ day: '2026-12-15', coveredUntil: new Date('2026-12-15T00:00:00Z'), messageId: null }]);

    // A complaint that evening is new the next morning.
    clock.mockReturnValue(new Date('2026-12-15T19:00:00+08:00'));
    const o = await openCase(t);
    clock.mockReturnValue(new Date('2026-12-16T08:00:00+08:00'));
    expect(await t.app.get(DailyDigest).run()).toMatchObject({ sent: 1 });
    const [row] = (await t.sql.query(`SELECT text_body AS text FROM mail_messages WHERE kind = 'daily_digest'`)).rows;
    expect(row.text).toContain(`- ${o.reference} ·`);
  });
});
