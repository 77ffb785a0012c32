import { jest } from '@jest/globals';
import { AuditVerifyJob } from '../../../src/audit/audit-verify.job.js';
import { CalendarCoverageJob } from '../../../src/calendar/calendar-coverage.job.js';
import { PartnerCallbacks } from '../../../src/outbound/partner-callbacks.js';
import { SelfInspectionNotices } from '../../../src/pacts/index.js';
import { formatMailDate } from '../../../src/mail/mail-renderer.js';
import { Clock } from '../../../src/platform/clock.js';
import { chinaDate, endOfChinaDay } from '../../../src/platform/dates.js';
import { ADMIN_EMAIL, createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { mustSend, submitComplaint } from '../../support/cases.js';
import { createPartner, insertMember } from '../../support/factories.js';
import { deliverAll, mailEnv, setLocale, to } from '../../support/mail.js';
import { articles, bearer, publishedConvention, publishNewVersion, registerMember, scannedDocument } from '../../support/pacts.js';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp.js';

/**
 * The sources that are not case transitions (#15): a new pact version to sign, self-inspection reports due and
 * overdue, and the admins' alerts (a dead partner callback, an audit chain that fails verification, a working-day
 * calendar running out). Each daily source tells each person once, however often it runs.
 */
describe('Mail from the pacts and the daily jobs', () => {
  let t: TestApp;
  let smtp: SmtpCatcher;
  let staff: string;
  let adminEn: { id: string; email: string };
  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    t = await createTestApp(mailEnv(smtp));
    staff = (await userWithRole(t, 'secretariat')).token;
    adminEn = await userWithRole(t, 'admin');
    await setLocale(t, adminEn.id, 'en');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await deliverAll(t, smtp);
    smtp.mails.length = 0;
  });
  afterEach(() => jest.restoreAllMocks());

  describe('pacts', () => {
    const code = 'si-pact';
    const year = Number(chinaDate(new Date()).slice(0, 4));
    const period = String(year - 1);
    const reps: Record<string, { en?: string; zh: string }> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      await publishedConvention(t, staff, { code, articles: articles(2), effectiveDate: `${year - 2}-01-01`, inspection: { frequency: 'yearly', dueMonths: 3 } });
      expect((await t.http().patch(`/v1/conventions/${code}`).set(bearer(staff)).send({ titleEn: 'Internet Industry Self-Discipline Pact' })).status).toBe(200);
      // a: owes the report; b: filed it; c: expelled; d: its report was returned.
      for (const k of ['a', 'b', 'c', 'd']) {
        ids[k] = (await registerMember(t, staff, { name: `${k}公司` })).id;
        reps[k] = { zh: (await userWithRole(t, 'member_rep', { memberId: ids[k] })).email };
        const sign = await t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
          .send({ memberId: ids[k], signatoryName: '王强', signatoryTitle: '董事长', signedAt: `${year - 2}-01-01T09:00:00+08:00`, document: scannedDocument(k) });
        expect(sign.status).toBe(201);
      }
      const en = await userWithRole(t, 'member_rep', { memberId: ids.a });
      await setLocale(t, en.id, 'en');
      reps.a.en = en.email;
      for (const k of ['b', 'd']) {
        const rep = await userWithRole(t, 'member_rep', { memberId: ids[k] });
        const r = await t.http().post(`/v1/members/${ids[k]}/self-inspections`).set(bearer(rep.token))
          .send({ convention: code, period, items: [{ articleNumber: 1, findings: '无', correctiveActions: '' }] });
        expect(r.status).toBe(201);
        if (k === 'd') expect((await t.http().post(`/v1/self-inspections/${r.body.id}/review`).set(bearer(staff)).send({ decision: 'return', comments: '请补充' })).status).toBe(200);
      }
      expect((await t.http().post(`/v1/members/${ids.c}/status`).set(bearer(staff)).send({ status: 'expelled', reason: '严重违约' })).status).toBe(200);
    });

    it('tells members of a self-inspection report due within 14 days, then once it is overdue, each once, in each rep\'s language; not a member that filed it or left', async () => {
      const run = () => t.app.get(SelfInspectionNotices).run();
      const due = endOfChinaDay(`${year}-03-31`);
      setNow(`${year}-03-20T10:00:00+08:00`);
      expect(await run()).toEqual({ due: 2, overdue: 0 });
      let mails = await deliverAll(t, smtp);
      expect(to(mails, reps.a.en!).map((m) => m.subject)).toEqual([`Self-inspection report due ${formatMailDate(due, 'en')} (${code} ${period})`]);
      expect(to(mails, reps.a.en!)[0].text).toContain('Internet Industry Self-Discipline Pact');
      expect(to(mails, reps.a.en!)[0].text).toContain('https://selfreg.example.cn/console/self-inspections');
      expect(to(mails, reps.a.zh).map((m) => m.subject)).toEqual([`自查报告提交期限为${formatMailDate(due, 'zh-CN')}（${code} ${period}）`]);
      expect(to(mails, reps.a.zh)[0].text).toContain('《互联网行业自律公约》');
      expect(to(mails, reps.d.zh)).toHaveLength(1);
      expect([...to(mails, reps.b.zh), ...to(mails, reps.c.zh)]).toEqual([]);
      // The same day again, and the next day: nothing new.
      expect(await run()).toEqual({ due: 0, overdue: 0 });
      setNow(`${year}-03-21T10:00:00+08:00`);
      expect(await run()).toEqual({ due: 0, overdue: 0 });
      expect(await deliverAll(t, smtp)).toEqual([]);

      setNow(`${year}-04-02T10:00:00+08:00`);
      expect(await run()).toEqual({ due: 0, overdue: 2 });
      mails = await deliverAll(t, smtp);
      expect(to(mails, reps.a.en!).map((m) => m.subject)).toEqual([`Self-inspection report overdue (${code} ${period})`]);
      expect(to(mails, reps.a.en!)[0].text).toContain(`was due ${formatMailDate(due, 'en')}`);
      expect(to(mails, reps.d.zh).map((m) => m.subject)).toEqual([`自查报告已逾期（${code} ${period}）`]);
      expect(await run()).toEqual({ due: 0, overdue: 0 });
      // Long past due: the overdue list shows it, no new mail brings it up.
      setNow(`${year}-06-30T10:00:00+08:00`);
      expect(await run()).toEqual({ due: 0, overdue: 0 });
      expect(await deliverAll(t, smtp)).toEqual([]);
    });

    it('a new version asks each member still in the association to sign it by the renewal date', async () => {
      const version = await publishNewVersion(t, staff, code, { articles: articles(3) });
      const dueOn = (await t.sql.query(`SELECT renewal_due_on::text AS d FROM signatures WHERE member_id = $1`, [ids.a])).rows[0].d as string;
      const due = endOfChinaDay(dueOn);
      const mails = await deliverAll(t, smtp);
      expect(to(mails, reps.a.en!).map((m) => m.subject)).toEqual([`Please sign the new version of Internet Industry Self-Discipline Pact by ${formatMailDate(due, 'en')}`]);
      expect(to(mails, reps.a.en!)[0].text).toContain(`Version ${version} of Internet Industry Self-Discipline Pact (${code})`);
      expect(to(mails, reps.a.en!)[0].text).toContain('https://selfreg.example.cn/console/signatures');
      expect(to(mails, reps.a.zh).map((m) => m.subject)).toEqual([`请于${formatMailDate(due, 'zh-CN')}前签署新版《互联网行业自律公约》`]);
      expect(to(mails, reps.b.zh)).toHaveLength(1);
      expect(to(mails, reps.d.zh)).toHaveLength(1);
      expect(to(mails, reps.c.zh)).toEqual([]);
    });
  });

  describe('admins', () => {
    it('are told when a partner callback is dead-lettered, with the case reference', async () => {
      const partner = await createPartner(t, await adminToken(t));
      await insertMember(t, { domains: ['shop.example.cn'] });
      const c = await submitComplaint(t, partner.key);
      await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
      const [cb] = (await t.sql.query(`SELECT id FROM partner_callbacks WHERE case_id = $1`, [c.caseId])).rows;
      // The callback URL is a loopback address: refused for good on the first attempt. Both failures below fall in one
      // hour of the clock (alerts are grouped per partner and hour).
      const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-12-07T10:20:00Z'));
      await t.app.get(PartnerCallbacks).deliver(cb.id);
      expect((await t.sql.query(`SELECT status FROM partner_callbacks WHERE id = $1`, [cb.id])).rows[0].status).toBe('dead');
      const mails = await deliverAll(t, smtp);
      expect(to(mails, adminEn.email).map((m) => m.subject)).toEqual([`A partner callback failed for good (${c.reference})`]);
      expect(to(mails, ADMIN_EMAIL).map((m) => m.subject)).toEqual([`合作网站回调投递失败（${c.reference}）`]);
      expect(to(mails, adminEn.email)[0].text).toContain('https://selfreg.example.cn/console/admin/callbacks');

      // A second dead callback of the same partner within the hour is on the list, but not mailed again.
      const d = await submitComplaint(t, partner.key);
      await mustSend(t, staff, d.caseId, { type: 'ACCEPT' });
      const [cb2] = (await t.sql.query(`SELECT id FROM partner_callbacks WHERE case_id = $1`, [d.caseId])).rows;
      clock.mockReturnValue(new Date('2026-12-07T10:59:00Z'));
      await t.app.get(PartnerCallbacks).deliver(cb2.id);
      clock.mockRestore();
      expect((await t.sql.query(`SELECT status FROM partner_callbacks WHERE id = $1`, [cb2.id])).rows[0].status).toBe('dead');
      expect(await deliverAll(t, smtp)).toEqual([]);
    });

    it('are told once when the audit chain fails its daily verification, naming the entry; nothing while it verifies', async () => {
      const job = t.app.get(AuditVerifyJob);
      expect((await job.verifyAndAlert()).ok).toBe(true);
      expect(await deliverAll(t, smtp)).toEqual([]);
      const [victim] = (await t.sql.query(`SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1`)).rows;
      const setAction = async (action: string) => {
        await t.sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await t.sql.query(`UPDATE audit_log SET action = $2 WHERE id = $1`, [victim.id, action]);
        await t.sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      };
      await setAction('test.innocent');
      try {
        expect((await job.verifyAndAlert()).firstFailure).toMatchObject({ entryId: String(victim.id) });
        expect((await job.verifyAndAlert()).ok).toBe(false);
        const mails = await deliverAll(t, smtp);
        expect(to(mails, adminEn.email).map((m) => m.subject)).toEqual(['The audit log failed its daily verification']);
        expect(to(mails, adminEn.email)[0].text).toContain(`failed at entry ${victim.id}`);
        expect(to(mails, ADMIN_EMAIL).map((m) => m.subject)).toEqual(['审计日志每日校验未通过']);
        expect(to(mails, ADMIN_EMAIL)[0].text).toContain(`日志条目 ${victim.id}`);
      } finally {
        await setAction(victim.action);
      }
      expect((await job.verifyAndAlert()).ok).toBe(true);
    });

    it('are told once per covered-until date when fewer than 60 days of working-day calendar remain', async () => {
      const job = t.app.get(CalendarCoverageJob);
      setNow('2026-12-07T10:00:00+08:00');
      expect(await job.checkAndAlert()).toMatchObject({ lastCoveredDate: '2026-12-31', daysRemaining: 24, warning: true });
      await job.checkAndAlert();
      let mails = await deliverAll(t, smtp);
      expect(to(mails, adminEn.email).map((m) => m.subject)).toEqual(["Please load the next year's working-day calendar (24 days left)"]);
      expect(to(mails, adminEn.email)[0].text).toContain('is loaded up to 2026-12-31: 24 days remain');
      expect(to(mails, ADMIN_EMAIL).map((m) => m.subject)).toEqual(['请载入下一年度工作日历（剩余24天）']);
      setNow('2026-12-20T10:00:00+08:00');
      await job.checkAndAlert();
      expect(await deliverAll(t, smtp)).toEqual([]);

      const admin = await adminToken(t);
      const put = await t.http().put('/v1/calendar/years/2027').set('authorization', `Bearer ${admin}`)
        .send({ holidays: [{ date: '2027-01-01', name: '元旦（测试数据）' }], workdays: [], source: 'e2e test data' });
      expect(put.status).toBe(200);
      expect((await job.checkAndAlert()).warning).toBe(false);
      expect(await deliverAll(t, smtp)).toEqual([]);
      setNow('2027-11-20T10:00:00+08:00');
      await job.checkAndAlert();
      mails = await deliverAll(t, smtp);
      expect(to(mails, adminEn.email).map((m) => m.subject)).toEqual(["Please load the next year's working-day calendar (41 days left)"]);
    });
  });
});
