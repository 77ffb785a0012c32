import { jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, submitComplaint } from '../support/cases.js';
import { createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(180_000);

const SHOP = '某某网络科技有限公司';
type User = { id: string; email: string; password: string; token: string };

/**
 * The console's Bulletins area (issue #16) in Chromium against the built service: the secretariat keeps a series
 * (its extra recipients only on the series page), composes a draft with a section and a published disclosure,
 * previews it in a sandboxed frame and submits it; another supervisor approves it from "awaiting my approval"; the
 * secretariat publishes it and reads its number; a supervisor who composed one is refused the approval in words;
 * a member rep sees no menu and its session is refused by the API.
 */
describeInBrowser('The console: Bulletins — /console/bulletins, /console/bulletin-series', () => {
  let h: WindowHarness;
  const users: Record<string, User> = {};
  let seriesId = '';
  let bulletinId = '';

  /** A published disclosure through the real case flow (proposal, right of reply, a second supervisor's approval). */
  async function publishedDisclosure(partnerKey: string, rep: string): Promise<string> {
    const c = await submitComplaint(h.t, partnerKey, { title: '收款后长期不发货', respondent: { name: SHOP, url: 'https://shop.example.cn/item/1' } });
    await mustSend(h.t, users.supA.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(h.t, users.supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '经核查，该网店收款后长期不发货。', findings: '违反自律公约第3条。' });
    await mustSend(h.t, rep, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我司已整改。' });
    await mustSend(h.t, users.supB.token, c.caseId, { type: 'APPROVE' });
    return (await h.t.sql.query('SELECT id FROM disclosures WHERE case_id = $1', [c.caseId])).rows[0].id;
  }

  beforeAll(async () => {
    h = await startWindowHarness();
    const memberId = await insertMember(h.t, { name: SHOP, domains: ['shop.example.cn'] });
    const partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    users.secretariat = await userWithRole(h.t, 'secretariat');
    users.supA = await userWithRole(h.t, 'supervisor');
    users.supB = await userWithRole(h.t, 'supervisor');
    users.rep = await userWithRole(h.t, 'member_rep', { memberId });
    await publishedDisclosure(partnerKey, users.rep.token);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  const signIn = async (ctx: BrowserContext, who: { email: string; password: string }): Promise<{ page: Page; problems: string[] }> => {
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}/console/login`);
    await page.getByLabel(/电子邮箱|Email/).fill(who.email);
    await page.getByLabel(/^(密码|Password)$/).fill(who.password);
    await page.getByRole('button', { name: /登录|Sign in/ }).click();
    await page.waitForURL(/\/console\/cases/);
    return { page, problems };
  };

  /** The session check's 401 before sign-in is the page's expected answer (console.browser-spec.ts). */
  const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 401'));

  const settled = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-spin-spinning, .ant-card-loading, .ant-skeleton').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  };

  const bulletinStatus = async (id: string) => (await h.t.sql.query('SELECT status FROM bulletins WHERE id = $1', [id])).rows[0].status as string;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('lets the secretariat create a series and keep its extra recipients on the series page only', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/bulletin-series`);
    await page.getByRole('heading', { name: '简报系列' }).waitFor();
    await page.getByRole('button', { name: '新建系列' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('代码').fill('yuqing');
    await dialog.getByLabel('名称').fill('舆情简报');
    await dialog.getByRole('button', { name: '新建系列' }).click();
    await page.waitForURL(/\/console\/bulletin-series\/[0-9a-f-]{36}$/);
    seriesId = page.url().split('/').pop()!;

    await page.getByRole('button', { name: '添加收件人' }).click();
    await page.getByLabel('电子邮箱').fill('editor@news.example.cn');
    await page.getByLabel('名称（可选）').fill('某报社编辑部');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('系列已保存').waitFor();
    const [row] = (await h.t.sql.query('SELECT code, title, frequency, active, extra_recipients FROM bulletin_series WHERE id = $1', [seriesId])).rows;
    expect(row).toMatchObject({ code: 'yuqing', title: '舆情简报', frequency: 'weekly', active: true });
    expect(row.extra_recipients).toEqual([{ address: 'editor@news.example.cn', name: '某报社编辑部', locale: 'zh-CN' }]);
    await settled(page);
    await expectAccessible(page, 'series');
    await screenshot(page, 'console-bulletins-series');

    // The list says how many, never which addresses.
    await page.getByRole('link', { name: '返回系列列表' }).click();
    await page.getByRole('row').filter({ hasText: 'yuqing' }).waitFor();
    expect(await page.getByText('editor@news.example.cn').count()).toBe(0);
    await settled(page);
    await expectAccessible(page, 'series list');
    await screenshot(page, 'console-bulletins-series-list');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat compose a draft with a section and a disclosure, preview it in a sandboxed frame and submit it', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.getByRole('link', { name: '简报', exact: true }).click();
    await page.waitForURL(/\/console\/bulletins$/);
    await page.getByRole('button', { name: '新建简报' }).click();
    await page.waitForURL(/\/console\/bulletins\/new$/);

    await page.getByRole('combobox', { name: '系列（仅在用）' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '舆情简报' }).click();
    for (const [label, value] of [['期间起始日', day(-7)], ['期间截止日', day(-1)]] as const) {
      await page.getByRole('textbox', { name: label }).click();
      await page.getByRole('textbox', { name: label }).fill(value);
      await page.keyboard.press('Enter');
    }
    await page.getByLabel('本期标题（可选）').fill('关于网络购物投诉情况的通报');
    await page.getByLabel('小标题').fill('工作动态');
    await page.getByLabel('正文').fill('本周协会秘书处组织会员单位开展个人信息保护自查。\n\n下周继续跟进。');
    await page.getByRole('combobox', { name: '引用的公开曝光' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: SHOP }).click();
    await page.keyboard.press('Escape');
    await settled(page);
    await expectAccessible(page, 'compose');
    await screenshot(page, 'console-bulletins-compose');
    await page.getByRole('button', { name: '创建草稿' }).click();
    await page.waitForURL(/\/console\/bulletins\/[0-9a-f-]{36}$/);
    bulletinId = page.url().split('/').pop()!;

    const [b] = (await h.t.sql.query('SELECT status, title, period_from::text AS "from", period_to::text AS "to", sections, disclosures, series_id FROM bulletins WHERE id = $1', [bulletinId])).rows;
    expect(b).toMatchObject({ status: 'draft', title: '关于网络购物投诉情况的通报', from: day(-7), to: day(-1), series_id: seriesId });
    expect(b.sections).toEqual([{ heading: '工作动态', body: '本周协会秘书处组织会员单位开展个人信息保护自查。\n\n下周继续跟进。' }]);
    expect(b.disclosures.map((d: { respondentName: string }) => d.respondentName)).toEqual([SHOP]);

    // The preview: the API's document in a frame without scripts or same-origin access, never in this page's DOM.
    await page.getByRole('button', { name: '显示预览' }).click();
    const frame = page.frameLocator('iframe[title="简报预览"]');
    await frame.getByText('工作动态').first().waitFor();
    await frame.getByText('（草稿，未编号）', { exact: true }).waitFor();
    expect(await page.locator('iframe[title="简报预览"]').getAttribute('sandbox')).toBe('');
    expect(await page.locator('.console-page').getByText('（草稿，未编号）').count()).toBe(0);
    // Its own stylesheet applies (the page's nonce on the document's <style>): the masthead is styled, not the default.
    const styled = await frame.locator('header.masthead').evaluate((el) => getComputedStyle(el).textAlign);
    expect(styled).toBe('center');
    // (Not networkidle: Playwright never reports it for a page holding a sandboxed srcdoc frame; nothing is loading.)
    await page.locator('.ant-spin-spinning, .ant-card-loading, .ant-skeleton').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, 'console-bulletins-draft');
    // axe runs a script in every frame, which the sandbox refuses (and Chromium logs): the page is checked with the
    // preview closed; the document itself is the API's (docs/bulletins.md).
    await page.getByRole('button', { name: '隐藏预览' }).click();
    await expectAccessible(page, 'draft');

    await page.getByRole('button', { name: '提交审批' }).click();
    await page.locator('.ant-tag', { hasText: '待审批' }).first().waitFor();
    expect(await bulletinStatus(bulletinId)).toBe('submitted');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets a second supervisor find it awaiting approval and approve it', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.supA);
    await page.goto(`${h.base}/console/bulletins`);
    await page.locator('label', { hasText: '待我审批' }).click();
    await page.waitForURL(/awaiting=1/);
    const row = page.getByRole('row').filter({ hasText: '关于网络购物投诉情况的通报' });
    await row.getByText('待您审批').waitFor();
    await settled(page);
    await expectAccessible(page, 'list');
    await screenshot(page, 'console-bulletins-list');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/console/bulletins/${bulletinId}$`));
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.locator('.ant-tag', { hasText: '已批准' }).first().waitFor();
    expect(await bulletinStatus(bulletinId)).toBe('approved');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat publish the approved bulletin and shows its number and public links', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/bulletins/${bulletinId}`);
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '发布', exact: true }).click();
    const [b] = await waitFor(async () => (await h.t.sql.query(`SELECT year, number FROM bulletins WHERE id = $1 AND status = 'published'`, [bulletinId])).rows);
    expect(b.number).toBe(1);
    await page.getByText(`已发布：舆情简报 ${b.year}年第1期`).waitFor();
    expect(await page.getByRole('link', { name: '公开档案中的文件' }).getAttribute('href')).toBe(`/v1/public/bulletins/${bulletinId}/html`);
    expect(await page.getByRole('link', { name: 'Atom 订阅' }).getAttribute('href')).toBe('/v1/public/bulletins.atom');
    const publicStatus = await page.evaluate(async (id) => (await fetch(`/v1/public/bulletins/${id}/html`)).status, bulletinId);
    expect(publicStatus).toBe(200);
    await settled(page);
    await expectAccessible(page, 'published');
    await screenshot(page, 'console-bulletins-published');
    expect(unexpected(problems)).toEqual([]);
  });

  it('refuses the approval, in words, to the supervisor who composed the bulletin', async () => {
    const auth = { authorization: `Bearer ${users.supB.token}` };
    const created = await h.t.http().post('/v1/bulletins').set(auth).send({ seriesId, periodFrom: day(-14), periodTo: day(-8), sections: [{ heading: '专题', body: '正文' }] });
    expect(created.status).toBe(201);
    expect((await h.t.http().post(`/v1/bulletins/${created.body.id}/submit`).set(auth)).status).toBe(200);

    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.supB);
    await page.goto(`${h.base}/console/bulletins/${created.body.id}`);
    await page.getByText('您参与了这期简报，批准须由另一位主管完成。').waitFor();
    await page.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '按“四眼原则”须由另一位主管批准' }).waitFor();
    expect(await bulletinStatus(created.body.id)).toBe('submitted');
    await settled(page);
    await expectAccessible(page, 'own approval');
    await screenshot(page, 'console-bulletins-four-eyes');
    // The API's 403 is the refusal the page shows.
    expect(unexpected(problems).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });

  it('shows a member rep no bulletins menu, and the API refuses its session', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.rep);
    await page.getByRole('heading', { name: '本单位的投诉' }).waitFor();
    expect(await page.locator('.ant-menu').getByText('简报', { exact: true }).count()).toBe(0);
    expect(await page.locator('.ant-menu').getByText('简报系列', { exact: true }).count()).toBe(0);
    const statuses = await page.evaluate(async (id) => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      return {
        list: (await fetch('/v1/bulletins', { headers: auth })).status,
        one: (await fetch(`/v1/bulletins/${id}`, { headers: auth })).status,
        preview: (await fetch(`/v1/bulletins/${id}/preview`, { headers: auth })).status,
        series: (await fetch('/v1/bulletin-series', { headers: auth })).status,
        compose: (await fetch('/v1/bulletins', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).status,
      };
    }, bulletinId);
    expect(statuses).toEqual({ list: 403, one: 403, preview: 403, series: 403, compose: 403 });
    expect(unexpected(problems).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });
});

/** Polls until `fn` returns a non-empty list (the page's request and the database commit race the test). */
async function waitFor<T>(fn: () => Promise<T[]>, timeoutMs = 10_000): Promise<T[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await fn();
    if (rows.length || Date.now() > until) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}
