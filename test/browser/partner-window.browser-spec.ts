import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { fillComplaint, readReceipt, send, toReview } from '../support/complaint-pages.js';
import { createPartner, insertMember } from '../support/factories.js';
import { ROOT } from '../support/processes.js';
import { createSiteKey } from '../support/window.js';

jest.setTimeout(90_000);

/** The copy-paste page of docs/partners.md, pointed at the test service with the test's site key. */
function examplePage(base: string, siteKey: string, lang?: 'en'): string {
  const doc = readFileSync(path.join(ROOT, 'docs/partners.md'), 'utf8');
  const block = /<!-- partner-example:start -->\s*```html\n([\s\S]*?)```\s*<!-- partner-example:end -->/.exec(doc);
  if (!block) throw new Error('docs/partners.md has no example page between its partner-example markers');
  const html = block[1].replaceAll('https://complaints.example.org', base).replaceAll('wk_YOUR_SITE_KEY', siteKey);
  if (!html.includes(`${base}/window/embed.js`) || !html.includes(siteKey)) throw new Error('the example page no longer loads embed.js with data-site-key');
  return lang ? html.replace('<html lang="zh-CN">', `<html lang="${lang}">`) : html;
}

const THEME = '#c0392b';

describeInBrowser('The complaint window on a partner\'s site — embed.js, /window and frame-ancestors', () => {
  let h: WindowHarness;
  let partner: { id: string; key: string; name: string };
  let siteKey: string;

  beforeAll(async () => {
    h = await startWindowHarness();
    const admin = await h.adminToken();
    partner = { ...(await createPartner(h.t, admin, '示例新闻网')), name: '示例新闻网' };
    siteKey = (await createSiteKey(h.t, admin, partner.id, { name: '示例新闻网投诉窗口', allowedOrigins: [h.partner.origin] })).key;
    await insertMember(h.t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  /** The embedded window, once embed.js has put it on the page and it has drawn its heading. */
  const embedded = async (page: Page): Promise<Frame> => {
    const frame = await (await page.locator('iframe').elementHandle())!.contentFrame();
    await frame!.locator('h1').waitFor();
    return frame!;
  };

  /** The iframe's height as embed.js set it, and the window's own content height. */
  const heights = (page: Page) =>
    page.evaluate(() => {
      const iframe = document.querySelector('iframe')!;
      return { frame: iframe.getBoundingClientRect().height, set: iframe.style.height };
    });

  const contentHeight = async (page: Page) => {
    const frame = await embedded(page);
    return frame.evaluate(() => Math.ceil(document.querySelector('.page')!.getBoundingClientRect().height));
  };

  /** Waits until embed.js has given the iframe the window's content height. */
  const sized = async (page: Page) => {
    const want = await contentHeight(page);
    await page.waitForFunction((h) => Math.abs(document.querySelector('iframe')!.getBoundingClientRect().height - h) <= 2, want, { timeout: 5000 });
  };

  it('the example page of docs/partners.md shows the window from an allowed origin, sized to its content, in the partner\'s colour, with the page\'s address as the hint; its complaint is the partner\'s', async () => {
    const url = h.partner.serve('/', examplePage(h.base, siteKey));
    const ctx = await h.context();
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base, h.partner.origin]);
    await page.goto(url);
    const frame = await embedded(page);

    expect(await frame.locator('h1').textContent()).toContain(partner.name);
    expect(await page.locator('iframe').getAttribute('title')).toBe('投诉窗口');
    expect(await page.locator('iframe').getAttribute('src')).toContain(`${h.base}/window?k=${encodeURIComponent(siteKey)}`);
    // The partner's colour on the header band, with white text on it (the better contrast for this red).
    expect(await frame.locator('header.top').evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color])).toEqual([
      'rgb(192, 57, 43)',
      'rgb(255, 255, 255)',
    ]);
    // The hint: the partner page's own address fills the respondent's address.
    expect(await frame.locator('#f-respondent-url').inputValue()).toBe(url);
    await sized(page);
    const first = await heights(page);
    expect(first.set).not.toBe('640px');
    await expectAccessible(page, 'partner page with the window');
    await screenshot(page, 'partner-window');

    await fillComplaint(frame);
    await toReview(frame);
    // A shorter step: the iframe follows the content.
    await sized(page);
    expect((await heights(page)).frame).not.toBe(first.frame);
    await send(frame);
    const { reference } = await readReceipt(frame);
    // The follow-up link leaves the iframe for a tab of its own.
    expect(await frame.locator('.receipt a.button').getAttribute('target')).toBe('_blank');

    const row = (await h.t.sql.query('SELECT channel, partner_id, external_id FROM cases WHERE reference = $1', [reference])).rows[0];
    expect(row).toEqual({ channel: 'partner', partner_id: partner.id, external_id: null });
    // The partner reads it through its API like its own API submissions.
    const viaApi = await h.t.http().get(`/v1/partner/complaints/${reference}`).set('x-api-key', partner.key);
    expect({ status: viaApi.status, reference: viaApi.body.reference }).toEqual({ status: 200, reference });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('another site cannot show the window: the browser refuses to draw it there (frame-ancestors), with embed.js or a plain iframe', async () => {
    const ctx = await h.context();
    for (const html of [
      examplePage(h.base, siteKey),
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>别人的网站</title></head><body><iframe title="投诉窗口" src="${h.base}/window?k=${encodeURIComponent(siteKey)}"></iframe></body></html>`,
    ]) {
      const page = await ctx.newPage();
      const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15_000 });
      await page.goto(h.stranger.serve('/', html));
      await refused;
      const frame = page.frames().find((f) => f !== page.mainFrame())!;
      // Nothing of the window was drawn: the frame holds the browser's own error page, not the form.
      expect(frame.url()).toMatch(/^chrome-error:/);
      expect(await frame.locator('.page, #f-title').count()).toBe(0);
      await page.close();
    }
  });

  it('the window at /window itself: a plain iframe on the partner\'s site works, an unknown key shows the service\'s unavailable page, an unusable hint is left out', async () => {
    const ctx = await h.context({ locale: 'en-US' });
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base, h.partner.origin]);
    await page.goto(
      h.partner.serve(
        '/plain',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><main><iframe title="Complaint window" style="border:0;width:100%;height:1700px" src="${h.base}/window?k=${encodeURIComponent(siteKey)}&theme=%23005a9c&lang=en&hint=${encodeURIComponent('http://localhost/item/1')}"></iframe></main></body></html>`,
      ),
    );
    const frame = await embedded(page);
    expect(await frame.locator('h1').textContent()).toBe(`Complaint window on ${partner.name}`);
    expect(await frame.locator('.test-mode').count()).toBe(0);
    expect(await frame.locator('header.top').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 90, 156)');
    // A hint the service would not take as an address (no top-level domain) is not put in the form.
    expect(await frame.locator('#f-respondent-url').inputValue()).toBe('');
    expect(problems).toEqual([]);

    const unknown = await ctx.newPage();
    const res = await unknown.goto(`${h.base}/window?k=wk_no-such-key`);
    expect(res!.status()).toBe(404);
    expect(await unknown.locator('h1').first().textContent()).toBeTruthy();
    await page.close();
    await unknown.close();
  });

  it('a sandbox (test-mode) site key\'s window says it is a test window, and its complaint is a test complaint of the partner', async () => {
    const admin = await h.adminToken();
    const testKey = (await createSiteKey(h.t, admin, partner.id, { allowedOrigins: [h.partner.origin], testMode: true })).key;
    expect(testKey).toMatch(/^wk_test_/);
    const ctx = await h.context();
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base, h.partner.origin]);
    await page.goto(h.partner.serve('/sandbox', examplePage(h.base, testKey)));
    const frame = await embedded(page);
    await frame.locator('.test-mode').waitFor();
    await expectAccessible(page, 'sandbox window');
    await fillComplaint(frame, { anonymous: true });
    await toReview(frame);
    await send(frame);
    const { reference } = await readReceipt(frame);
    expect((await h.t.sql.query('SELECT channel, partner_id, test FROM cases WHERE reference = $1', [reference])).rows[0]).toEqual({
      channel: 'partner',
      partner_id: partner.id,
      test: true,
    });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('in the dark colour scheme and in English the window keeps its contrast (axe) and the embed speaks the page\'s language', async () => {
    const ctx = await h.context({ colorScheme: 'dark', locale: 'en-US' });
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base, h.partner.origin]);
    await page.goto(h.partner.serve('/en', examplePage(h.base, siteKey, 'en')));
    const frame = await embedded(page);
    expect(await page.locator('iframe').getAttribute('title')).toBe('Complaint window');
    expect(await frame.locator('html').getAttribute('lang')).toBe('en');
    expect(await frame.locator('body').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(22, 24, 28)');
    await sized(page);
    await expectAccessible(page, 'dark window');
    await screenshot(page, 'partner-window-dark-en');
    expect(problems).toEqual([]);
    await page.close();
  });
});
