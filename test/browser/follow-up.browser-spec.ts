import { jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, submitComplaint, type Submitted } from '../support/cases.js';
import { openFollowUp, overflowsSideways } from '../support/complaint-pages.js';
import { createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(90_000);

describeInBrowser('Following a complaint with its receipt code — /follow', () => {
  let h: WindowHarness;
  let partnerKey: string;
  let staff: string;
  let rep: string;
  let zh: BrowserContext;

  beforeAll(async () => {
    // The job workers run here (the harness's default is off): the promise check is asked by the deadline job.
    h = await startWindowHarness({ JOBS_ENABLED: 'true' });
    const memberId = await insertMember(h.t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    staff = (await userWithRole(h.t, 'secretariat')).token;
    rep = (await userWithRole(h.t, 'member_rep', { memberId })).token;
    zh = await h.context();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  /** A complaint (through the partner API, which needs no proof-of-work), accepted by staff. */
  const accepted = async (): Promise<Submitted> => {
    const c = await submitComplaint(h.t, partnerKey);
    await mustSend(h.t, staff, c.caseId, { type: 'ACCEPT' });
    return c;
  };

  const stateOf = async (caseId: string) => (await h.t.sql.query('SELECT state FROM cases WHERE id = $1', [caseId])).rows[0].state as string;
  const eventTypes = async (caseId: string) =>
    (await h.t.sql.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId])).rows.map((r: { type: string }) => r.type);

  /**
   * A case whose respondent promised an action ten days from now, and that promise fell due: the stored job of the
   * promised_action deadline is brought forward to now, and the scheduler (the service's own job worker) fires it.
   * Resolves once the complainant's status carries the question.
   */
  const promiseFallenDue = async (action: string): Promise<Submitted & { by: string }> => {
    const c = await accepted();
    await mustSend(h.t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    const by = new Date(Date.now() + 10 * 86_400_000).toISOString();
    await mustSend(h.t, rep, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action, by } });
    const [d] = (await h.t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'promised_action' AND settled_at IS NULL`, [c.caseId])).rows;
    expect(d).toBeDefined();
    const moved = await h.t.sql.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case-deadline' AND data->>'deadlineId' = $1 AND state = 'created'`, [d.id]);
    expect(moved.rowCount).toBe(1);
    const asked = async () =>
      (await h.t.sql.query(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_ELAPSED' AND payload->>'deadline' = 'promised_action'`, [c.caseId])).rowCount === 1;
    for (let i = 0; i < 120 && !(await asked()); i++) await new Promise((r) => setTimeout(r, 250));
    expect(await asked()).toBe(true);
    const status = await h.t.http().get('/v1/public/complaints/status').set('x-receipt-code', c.receiptCode);
    expect(status.body.question).toMatchObject({ kind: 'promised_action', action, answerWith: 'ACTION_FOLLOW_UP' });
    return { ...c, by };
  };

  /** The complainant's answers to the promise check, as the case history holds them. */
  const followUps = async (caseId: string) =>
    (
      await h.t.sql.query(`SELECT actor_type, actor_role, from_state, to_state, (payload->'happened')::boolean AS happened, payload->>'note' AS note FROM case_events WHERE case_id = $1 AND type = 'ACTION_FOLLOW_UP' ORDER BY seq`, [caseId])
    ).rows;

  /** Waits for the live region's notice after an action. */
  const notice = (page: Page) => page.locator('.status > .announce:not(:empty)').waitFor();

  it('a wrong receipt code is refused without saying which part is wrong, and the code never reaches the address, storage or a cookie', async () => {
    const c = await accepted();
    const page = await zh.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}/follow`);
    await page.locator('#f-follow-reference').fill(c.reference);
    await page.locator('#f-follow-code').fill('0000-0000-0000-0000-0000');
    await page.locator('form.lookup button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.state-card').count()).toBe(0);
    // A malformed code is the page's own field error; nothing is asked of the service.
    await page.locator('#f-follow-code').fill('not a code');
    await page.locator('form.lookup button[type=submit]').click();
    await page.locator('#f-follow-code-error').waitFor();
    await expectAccessible(page, 'follow: look-up with errors');

    // Typed in lower case and without dashes, the code still opens the complaint.
    await page.locator('#f-follow-code').fill(c.receiptCode.replaceAll('-', '').toLowerCase());
    await page.locator('form.lookup button[type=submit]').click();
    await page.locator('.state-card').waitFor();
    expect(page.url()).toBe(`${h.base}/follow`);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length)).toBe(0);
    expect(await zh.cookies()).toEqual([]);
    // Leaving clears it from the page: the look-up form is empty again.
    await page.locator('.status .actions button.link').click();
    expect(await page.locator('#f-follow-code').inputValue()).toBe('');
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await page.close();
  });

  it('the complainant adds information and a file, accepts the outcome shown to them, then rates the handling', async () => {
    const c = await accepted();
    const page = await zh.newPage();
    const problems = watchPage(page, [h.base]);
    await openFollowUp(page, h.base, c.reference, c.receiptCode);
    expect(await page.locator('.state-label').textContent()).toBeTruthy();
    expect(await page.locator('ol.timeline li').count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page, 'follow: investigating');
    await screenshot(page, 'follow-status');

    await page.locator('#f-information').fill('补充：卖家于 11 月 20 日再次承诺发货，仍未发货。');
    await page.locator('#f-information').evaluate((e) => e.closest('form')!.requestSubmit());
    await notice(page);
    await page.waitForFunction(() => (document.getElementById('f-information') as HTMLTextAreaElement).value === '');
    expect(await eventTypes(c.caseId)).toContain('ADD_INFORMATION');

    // Each file on its own request: one is stored, the other refused by the service (a ZIP, whatever its name says).
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    await page.locator('#f-follow-evidence').setInputFiles([
      { name: '付款截图.png', mimeType: 'image/png', buffer: PNG },
      { name: '聊天记录.pdf', mimeType: 'application/pdf', buffer: zip },
    ]);
    await page.locator('.uploads .file.done').waitFor();
    await page.locator('.uploads .file.failed .error').waitFor();
    expect(await page.locator('.uploads .file.failed .file-name').textContent()).toBe('聊天记录.pdf');
    expect(await page.locator('.uploads .file.failed .error').textContent()).toBe('不接受这种文件类型（可上传图片、PDF、文本、Office 文档和短音视频）。');
    expect((await h.t.sql.query('SELECT file_name FROM evidence WHERE case_id = $1', [c.caseId])).rows).toEqual([{ file_name: '付款截图.png' }]);

    const outcome = '经协会调查，被投诉方已全额退款 2,999 元，并承诺改进发货流程。';
    await mustSend(h.t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome });
    await page.locator('.status .actions button:not(.link)').click();
    await page.locator('.outcome blockquote').waitFor();
    expect(await page.locator('.outcome blockquote').textContent()).toBe(outcome);
    await expectAccessible(page, 'follow: outcome to confirm');
    await screenshot(page, 'follow-outcome');
    await page.locator('#o-confirm').check();
    await page.locator('#o-confirm').evaluate((e) => e.closest('form')!.requestSubmit());
    await page.locator('.survey').waitFor();
    expect(await stateOf(c.caseId)).toBe('closed');

    await expectAccessible(page, 'follow: survey');
    await page.locator('#f-rating-4').check();
    await page.locator('#f-survey-comment').fill('处理及时，客服态度好。');
    await screenshot(page, 'follow-survey');
    await page.locator('#f-survey-comment').evaluate((e) => e.closest('form')!.requestSubmit());
    await page.locator('.survey-thanks').waitFor();
    expect(await page.locator('.survey').count()).toBe(0);
    expect((await h.t.sql.query('SELECT rating, comment FROM satisfaction_surveys WHERE case_id = $1', [c.caseId])).rows).toEqual([
      { rating: 4, comment: '处理及时，客服态度好。' },
    ]);
    expect(problems.filter((p) => !/status of 415/.test(p))).toEqual([]);
    await page.close();
  });

  it('on a phone in English, the complainant disputes an outcome with a reason, then withdraws after confirming', async () => {
    const c = await accepted();
    await mustSend(h.t, staff, c.caseId, { type: 'RESOLVE', upheld: false, outcome: 'The shop proved the parcel was delivered.' });
    const phone = await h.context({ locale: 'en-US', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    const problems = watchPage(page, [h.base]);
    await openFollowUp(page, h.base, c.reference, c.receiptCode);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page, 'follow on a phone');
    await screenshot(page, 'phone-follow');

    // Disputing needs a reason: the page says so on the field before anything is sent.
    await page.locator('#o-dispute').check();
    await page.locator('#o-dispute').evaluate((e) => e.closest('form')!.requestSubmit());
    await page.locator('#f-outcome-text-error').waitFor();
    await page.locator('#f-outcome-text').fill('The parcel never reached me; the courier confirms it was returned.');
    await page.locator('#o-dispute').evaluate((e) => e.closest('form')!.requestSubmit());
    await notice(page);
    expect(await stateOf(c.caseId)).toBe('investigating');
    await page.locator('.outcome').waitFor({ state: 'detached' });

    // Withdrawing asks first; cancelling sends nothing.
    await page.locator('.withdraw button.danger').click();
    await page.locator('.withdraw .confirm-box').waitFor();
    await page.locator('.withdraw .confirm-box button:not(.danger)').click();
    expect(await stateOf(c.caseId)).toBe('investigating');
    await page.locator('.withdraw button.danger').click();
    await page.locator('#f-withdraw-reason').fill('Settled with the shop directly.');
    await page.locator('.withdraw .confirm-box button.danger').click();
    await notice(page);
    await page.waitForFunction(() => document.querySelector('.withdraw') === null);
    expect(await stateOf(c.caseId)).toBe('withdrawn');
    expect(await overflowsSideways(page)).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('when a promised action falls due, the complainant says it did not happen, with a note; the answer is in the case history and the question is gone', async () => {
    const action = '下架违规商品并退款 2,999 元';
    const c = await promiseFallenDue(action);
    const page = await zh.newPage();
    const problems = watchPage(page, [h.base]);
    await openFollowUp(page, h.base, c.reference, c.receiptCode);
    const question = page.locator('section.question');
    await question.waitFor();
    expect(await question.locator('h3').textContent()).toBe('企业承诺的措施是否已落实？');
    const by = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date(c.by));
    expect(await question.locator('h3 + p').textContent()).toBe(`被投诉企业承诺在 ${by} 前：${action}`);
    await expectAccessible(page, 'follow: promise check');
    await screenshot(page, 'follow-promise-check');

    // Sending without choosing is the page's own error on the choice: nothing reaches the service.
    await question.locator('form').evaluate((f: HTMLFormElement) => f.requestSubmit());
    await page.locator('#f-happened-error').waitFor();
    expect(await followUps(c.caseId)).toEqual([]);
    await expectAccessible(page, 'follow: promise check with an error');

    const note = '商品至今仍在售，退款也没有收到。';
    await page.locator('#h-no').check();
    await page.locator('#f-happened-note').fill(note);
    await question.locator('form').evaluate((f: HTMLFormElement) => f.requestSubmit());
    await notice(page);
    expect(await page.locator('.status > .announce').textContent()).toBe('已提交答复，谢谢。');
    await question.waitFor({ state: 'detached' });

    expect(await followUps(c.caseId)).toEqual([
      { actor_type: 'complainant', actor_role: 'complainant', from_state: 'investigating', to_state: 'investigating', happened: false, note },
    ]);
    const history = await h.t.http().get(`/v1/cases/${c.caseId}/history`).set('authorization', `Bearer ${staff}`);
    expect(history.status).toBe(200);
    const entry = (history.body.items ?? history.body).find((e: { type: string }) => e.type === 'ACTION_FOLLOW_UP');
    expect(entry).toMatchObject({ payload: { happened: false, note } });
    const detail = await h.t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${staff}`);
    expect(detail.body.lifecycle.followUp).toEqual({ asked: true, happened: false, note });

    // Afterwards the page shows the answer in the timeline, and the question does not come back on a refresh.
    await page.locator('.status .actions button:not(.link)').click();
    await notice(page);
    expect(await page.locator('section.question').count()).toBe(0);
    expect(await page.locator('ol.timeline li .what').allTextContents()).toContain('投诉人已答复承诺的措施是否落实');
    expect(await stateOf(c.caseId)).toBe('investigating');

    // A second answer to a question no longer asked is refused by the service.
    const again = await h.t.http().post('/v1/public/complaints/events').set('x-receipt-code', c.receiptCode).send({ type: 'ACTION_FOLLOW_UP', happened: true });
    expect([again.status, again.body.reason]).toEqual([409, 'NOT_AWAITING_FOLLOW_UP']);
    expect(await followUps(c.caseId)).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a phone in English, the complainant confirms that the promised action happened, with a note', async () => {
    const action = 'Take the listing down and refund the buyer';
    const c = await promiseFallenDue(action);
    const phone = await h.context({ locale: 'en-US', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    const problems = watchPage(page, [h.base]);
    await openFollowUp(page, h.base, c.reference, c.receiptCode);
    const question = page.locator('section.question');
    await question.waitFor();
    const by = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'Asia/Shanghai' }).format(new Date(c.by));
    expect(await question.locator('h3 + p').textContent()).toContain(by);
    expect(await question.locator('h3 + p').textContent()).toContain(action);
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page, 'follow: promise check on a phone');

    const note = 'The listing is gone and the refund arrived on Monday.';
    await page.locator('label[for=h-yes]').tap();
    expect(await page.locator('#h-yes').isChecked()).toBe(true);
    await page.locator('#f-happened-note').fill(note);
    await question.locator('button[type=submit]').tap();
    await notice(page);
    expect(await page.locator('.status > .announce').textContent()).toBe('Your answer was sent. Thank you.');
    await question.waitFor({ state: 'detached' });
    expect(await followUps(c.caseId)).toEqual([
      { actor_type: 'complainant', actor_role: 'complainant', from_state: 'investigating', to_state: 'investigating', happened: true, note },
    ]);
    expect(await page.locator('ol.timeline li .what').allTextContents()).toContain('The complainant answered whether the promised action happened');
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page, 'follow: after the promise check');
    expect(problems).toEqual([]);
    await page.close();
  });
});

/** A 1 × 1 PNG (a real image, as the service sniffs the content). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
