import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, expectFocused, expectText, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { fillComplaint, focusOutline, overflowsSideways, readReceipt, send, tabTo, toReview } from '../support/complaint-pages.js';
import { insertMember } from '../support/factories.js';
import { publishedConvention } from '../support/pacts.js';

jest.setTimeout(90_000);

const EVIDENCE = { name: '聊天记录.txt', mimeType: 'text/plain', buffer: Buffer.from('卖家：付款后三天内发货。\n买家：已付款 2,999 元。\n') };

describeInBrowser('The association\'s complaint form in a browser — /complain', () => {
  let h: WindowHarness;
  let zh: BrowserContext;
  let memberName: string;
  let pact: string;
  const caseCount = async () => (await h.t.sql.query('SELECT count(*)::int AS n FROM cases')).rows[0].n as number;

  beforeAll(async () => {
    h = await startWindowHarness();
    memberName = '某某网络科技有限公司';
    await insertMember(h.t, { name: memberName, domains: ['shop.example.cn'] });
    const staff = await userWithRole(h.t, 'secretariat');
    pact = await publishedConvention(h.t, staff.token, { code: 'isc-self-discipline' });
    zh = await h.context();
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const open = async (ctx: BrowserContext, path = '/complain'): Promise<{ page: Page; problems: string[] }> => {
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}${path}`);
    await page.locator('h1').waitFor();
    return { page, problems };
  };

  it('an anonymous complaint with an evidence file and a cited pact article is sent, and the receipt shows its reference and code once', async () => {
    const { page, problems } = await open(zh);
    await fillComplaint(page, { anonymous: true, files: [EVIDENCE] });
    await expectAccessible(page, 'form');
    await page.locator('.match.match-member', { hasText: memberName }).waitFor();
    await page.locator('details.articles > summary').click();
    await page.locator(`#art-${pact}-2`).check();
    await screenshot(page, 'complain-form');
    await toReview(page);
    await page.locator('dl.summary', { hasText: EVIDENCE.name }).waitFor();
    await expectAccessible(page, 'review');
    await screenshot(page, 'complain-review');
    await send(page);
    const receipt = await readReceipt(page);
    expect(receipt.reference).toMatch(/^TS-\d{4}-\d{6}$/);
    expect(receipt.receiptCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    await page.locator('.uploads .file.done').waitFor();
    await expectAccessible(page, 'receipt');
    await screenshot(page, 'complain-receipt');

    const row = (
      await h.t.sql.query(
        `SELECT id, channel, partner_id, complainant_anonymous, complainant_contact_enc, cited_articles, respondent_member_id IS NOT NULL AS matched
           FROM cases WHERE reference = $1`,
        [receipt.reference],
      )
    ).rows[0];
    expect(row).toMatchObject({ channel: 'web', partner_id: null, complainant_anonymous: true, complainant_contact_enc: null, matched: true });
    expect(JSON.stringify(row.cited_articles)).toContain(pact);
    const evidence = (await h.t.sql.query('SELECT file_name, sha256 FROM evidence WHERE case_id = $1', [row.id])).rows;
    expect(evidence).toEqual([{ file_name: EVIDENCE.name, sha256: createHash('sha256').update(EVIDENCE.buffer).digest('hex') }]);

    // The code is the complainant's alone: not in the address, not kept by the browser.
    expect(page.url()).not.toContain(receipt.receiptCode);
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length + document.cookie.length)).toBe(0);
    expect(await zh.cookies()).toEqual([]);

    // The downloadable receipt carries both, and where to use them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.receipt .actions button.primary').click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`${receipt.reference}.txt`);
    expect(text).toContain(receipt.reference);
    expect(text).toContain(receipt.receiptCode);
    expect(text).toContain(`${h.base}/follow`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the service\'s field errors land on their fields when a request it refuses gets past the page\'s own checks, and nothing is written', async () => {
    const { page, problems } = await open(zh);
    const before = await caseCount();
    // Tamper with the body in flight: the page's checks passed, the service's own refusal comes back.
    let tamper: (body: { title: string; category: string; complainant: { email?: string } }) => void = (b) => {
      b.title = '   ';
      b.complainant.email = 'not-an-email';
    };
    await page.route(`${h.base}/v1/public/complaints`, async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      tamper(body);
      await route.continue({ postData: JSON.stringify(body) });
    });
    await fillComplaint(page, { contact: { name: '李四', email: 'li.si@example.cn' } });
    await toReview(page);
    await send(page);
    await page.locator('#f-title-error').waitFor();
    await page.locator('#f-complainant-email-error').waitFor({ state: 'visible' });
    expect(await page.locator('#f-title').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-title').getAttribute('aria-describedby')).toContain('f-title-error');
    // The summary is announced (role=alert), has focus, and links to each field.
    await expectFocused(page, '.error-summary');
    expect(await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#f-title', '#f-complainant-email']);
    await screenshot(page, 'complain-field-errors');
    await expectAccessible(page, 'field errors');

    // A rule only the service knows (its taxonomy): the category the page offered is refused on the category.
    tamper = (b) => {
      b.category = 'no_such_category';
    };
    await toReview(page);
    await send(page);
    await page.locator('#f-category-error').waitFor();
    expect(await page.locator('#f-title-error').count()).toBe(0);
    expect(await caseCount()).toBe(before);
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await page.close();
  });

  it('"Email me about this complaint" needs an email; with one, the review shows it and the complaint goes with the consent and the page\'s language', async () => {
    const en = await h.context({ locale: 'en-US' });
    const { page, problems } = await open(en);
    await fillComplaint(page, { contact: { name: 'Wang Wu', phone: '13800138000' } });
    await page.locator('#f-complainant-mailConsent').check();
    await page.locator('form.complaint-form button[type=submit]').click();
    await expectText(page, '#f-complainant-mailConsent-error', 'Give an email address to be written to, or untick this');
    expect(await page.locator('#f-complainant-mailConsent').getAttribute('aria-describedby')).toContain('f-complainant-mailConsent-error');
    await expectAccessible(page, 'mail consent without an email');
    await page.locator('#f-complainant-email').fill('wang.wu@example.cn');
    await toReview(page);
    await page.locator('dl.summary', { hasText: 'Email me about this complaint' }).waitFor();
    await send(page);
    const receipt = await readReceipt(page);
    const [c] = (await h.t.sql.query('SELECT id FROM cases WHERE reference = $1', [receipt.reference])).rows;
    const outbox = (await h.t.sql.query(`SELECT template, payload FROM notifications WHERE case_id = $1 AND recipient_kind = 'complainant'`, [c.id])).rows;
    expect(outbox).toEqual([{ template: 'complaint_received', payload: { reference: receipt.reference } }]);
    const staff = await userWithRole(h.t, 'secretariat');
    const contact = await h.t.http().get(`/v1/cases/${c.id}/complainant`).set('authorization', `Bearer ${staff.token}`);
    expect(contact.body).toMatchObject({ email: 'wang.wu@example.cn', mailConsent: true, locale: 'en' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('when the proof-of-work check cannot run, the review step says so on the check and sends nothing', async () => {
    const { page } = await open(zh);
    const before = await caseCount();
    await page.route(`${h.base}/v1/public/challenge`, (route) => route.abort());
    await fillComplaint(page);
    await toReview(page);
    await send(page);
    await page.locator('#altcha-error').waitFor();
    await expectFocused(page, '.error-summary');
    expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#f-altcha');
    expect(await caseCount()).toBe(before);
    await page.close();
  });

  it('the language switch turns every text and the category labels to English and back; an English browser gets English first', async () => {
    const categories = (await h.t.http().get('/v1/public/complaint-categories')).body as { code: string; labelZh: string; labelEn: string }[];
    const fraud = categories.find((c) => c.code === 'fraud')!;
    const { page } = await open(zh);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await expectText(page, '#f-category option[value="fraud"]', fraud.labelZh);
    const zhTitle = await page.locator('h1').textContent();
    await page.locator('button.lang-switch').click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectText(page, '#f-category option[value="fraud"]', fraud.labelEn);
    expect(await page.locator('h1').textContent()).not.toBe(zhTitle);
    expect(await page.title()).toMatch(/complaint/i);
    // Nothing Chinese is left on the English page but the partner-free brand texts the user typed (none here).
    expect(await page.locator('main').innerText()).not.toMatch(/[\u4e00-\u9fff]/);
    await page.locator('button.lang-switch').click();
    await expectText(page, '#f-category option[value="fraud"]', fraud.labelZh);
    await page.close();

    const en = await h.context({ locale: 'en-US' });
    const { page: english } = await open(en);
    expect(await english.locator('html').getAttribute('lang')).toBe('en');
    await expectText(english, '#f-category option[value="fraud"]', fraud.labelEn);
    await english.close();
  });

  it('keyboard only: the form is filled in, reviewed and sent with Tab, typing, arrows, Space and Enter, with the focus always visible', async () => {
    const en = await h.context({ locale: 'en-US' });
    const { page, problems } = await open(en);
    await page.locator('#f-category option[value="fraud"]').waitFor({ state: 'attached' });
    await tabTo(page, '#f-category');
    expect(await focusOutline(page)).toMatch(/^solid [1-9]/);
    while ((await page.locator('#f-category').inputValue()) !== 'fraud') await page.keyboard.press('ArrowDown');
    await tabTo(page, '#f-title');
    await page.keyboard.type('Paid, goods never sent');
    await tabTo(page, '#f-description');
    await page.keyboard.type('I paid 2,999 yuan on 1 November; the seller promised delivery in three days and stopped answering.');
    await tabTo(page, '#f-occurredAt');
    // Chromium's date-time field: month, day and year, then Tab to the time, as its segments come.
    await page.keyboard.type('11012026');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1030AM');
    expect(await page.locator('#f-occurredAt').inputValue()).toBe('2026-11-01T10:30');
    await tabTo(page, '#f-respondent-url');
    await page.keyboard.type('https://shop.example.cn/item/42');
    await tabTo(page, '#c-contact');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#c-anonymous').isChecked()).toBe(true);
    await tabTo(page, 'form.complaint-form button[type=submit]');
    expect(await focusOutline(page)).toMatch(/^solid [1-9]/);
    await page.keyboard.press('Enter');
    await page.locator('.review').waitFor();
    await expectFocused(page, '.review h2');
    await tabTo(page, '#f-consent');
    await page.keyboard.press('Space');
    await tabTo(page, 'form.final button[type=submit]');
    await page.keyboard.press('Enter');
    const receipt = await readReceipt(page);
    await expectFocused(page, '.receipt h2');
    expect((await h.t.sql.query('SELECT channel, complainant_anonymous FROM cases WHERE reference = $1', [receipt.reference])).rows[0]).toEqual({
      channel: 'web',
      complainant_anonymous: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('on a 360 × 740 phone screen the form, the review and the receipt fit the width, pass axe, and a complaint is sent', async () => {
    const phone = await h.context({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const { page, problems } = await open(phone);
    expect(await overflowsSideways(page)).toBe(false);
    await fillComplaint(page, { contact: { phone: '13800138000' }, files: [EVIDENCE] });
    await screenshot(page, 'phone-form');
    expect(await overflowsSideways(page)).toBe(false);
    await toReview(page);
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page, 'review on a phone');
    await send(page);
    await readReceipt(page);
    await page.locator('.uploads .file.done').waitFor();
    expect(await overflowsSideways(page)).toBe(false);
    await expectAccessible(page, 'receipt on a phone');
    await screenshot(page, 'phone-receipt');
    expect(problems).toEqual([]);
    await page.close();
  });
});
