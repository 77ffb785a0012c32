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
  let zh: BrowserContext;

  beforeAll(async () => {
    h = await startWindowHarness();
    await insertMember(h.t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    staff = (await userWithRole(h.t, 'secretariat')).token;
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
});

/** A 1 × 1 PNG (a real image, as the service sniffs the content). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
