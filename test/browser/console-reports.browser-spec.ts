import { jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, submitComplaint } from '../support/cases.js';
import { createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(180_000);

const SHOP = '某某优选商城有限公司';
const APP = '某某应用科技有限公司';

/**
 * The console's Reports area (issue #16) in Chromium against the built service: this month's statistics as tables
 * that say what the API says (with charts beside them) and their downloads, the year-end evaluation and a
 * supervisor finalising an ended year, the public statistics preview, and a member rep's own annual report — who
 * sees no statistics menu and whose session the summary route refuses.
 */
describeInBrowser('The console: Reports — /console/reports, /console/annual-report', () => {
  let h: WindowHarness;
  let shopId: string;
  const users: Record<string, { email: string; password: string; token: string }> = {};
  const references: string[] = [];

  beforeAll(async () => {
    // Two cases make a member ranked here, so the evaluation shows ranks with a handful of seeded complaints.
    h = await startWindowHarness({ EVALUATION_MIN_CASES: '2' });
    shopId = await insertMember(h.t, { name: SHOP, domains: ['youxuan.example.cn'], category: 'ecommerce' });
    await insertMember(h.t, { name: APP, domains: ['app.example.cn'], category: 'enterprise_site' });
    const partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    users.secretariat = await userWithRole(h.t, 'secretariat');
    users.supervisor = await userWithRole(h.t, 'supervisor');
    users.rep = await userWithRole(h.t, 'member_rep', { memberId: shopId });

    // Four complaints about the shop (two answered by it, one resolved upheld, one dismissed), two about the app.
    const staff = users.secretariat.token;
    const shop = [];
    for (const [i, category] of (['fraud', 'false_advertising', 'service_quality', 'fraud'] as const).entries()) {
      shop.push(await submitComplaint(h.t, partnerKey, { title: `报表测试投诉 ${i + 1}`, category, respondent: { name: SHOP, url: 'https://youxuan.example.cn/item/1' } }));
    }
    for (const i of [1, 2]) {
      await submitComplaint(h.t, partnerKey, { title: `应用投诉 ${i}`, category: 'privacy_infringement', respondent: { name: APP, url: 'https://app.example.cn/x' } });
    }
    references.push(...shop.map((c) => c.reference));
    for (const c of shop.slice(0, 2)) {
      await mustSend(h.t, staff, c.caseId, { type: 'ACCEPT' });
      await mustSend(h.t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
      await mustSend(h.t, users.rep.token, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '退款并下架商品', by: '2099-01-01T00:00:00+08:00' } });
    }
    await mustSend(h.t, staff, shop[0].caseId, { type: 'RESOLVE', upheld: true, outcome: '会员已退款' });
    await mustSend(h.t, staff, shop[3].caseId, { type: 'DISMISS', reason: '不属于本会受理范围' });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  const signIn = async (ctx: BrowserContext, who: { email: string; password: string }, staff = true): Promise<{ page: Page; problems: string[] }> => {
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}/console/login`);
    await page.getByLabel(/电子邮箱|Email/).fill(who.email);
    await page.getByLabel(/^(密码|Password)$/).fill(who.password);
    // The sign-in page and the case queue it lands on are the shell's, tested in console.browser-spec.ts (their
    // answers: the session check's 401 without a cookie, and for staff the queue counts): only Reports pages count here.
    const queueCounts = staff ? page.waitForResponse((r) => r.url().includes('/v1/cases/queues')) : Promise.resolve();
    await page.getByRole('button', { name: /登录|Sign in/ }).click();
    await page.waitForURL(/\/console\/cases/);
    await page.getByRole('table').first().waitFor();
    await queueCounts;
    await page.waitForTimeout(250); // the console reports a failed answer just after the response event
    problems.length = 0;
    return { page, problems };
  };

  /** What the page must not do (a CSP refusal included: console/src/nonce.ts gives every <style> the page's nonce). */
  const own = (problems: string[]) => problems;

  const api = async (path: string, token: string) => {
    const res = await h.t.http().get(path).set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** The text of a figure in a figure list (`data-figure`), the first one on the page. */
  const figure = (page: Page, key: string) => page.locator(`[data-figure="${key}"]`).first().textContent();

  /** The count cell of the row labelled `label` in the table under the heading `heading`. */
  const countIn = (page: Page, heading: string, label: string) =>
    page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: heading, exact: true }) }).getByRole('row').filter({ hasText: label }).first().locator('td').nth(1).textContent();

  const downloaded = async (page: Page, button: string): Promise<{ name: string; body: Buffer }> => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    return { name: dl.suggestedFilename(), body: await readFile((await dl.path())!) };
  };

  it("shows this month's figures as tables that say what the API says, charts beside them, and downloads them", async () => {
    const summary = await api('/v1/reports/summary?period=month', users.secretariat.token);
    expect(summary.intake.total).toBe(6);
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);

    await page.getByRole('menuitem', { name: '报表' }).click();
    await page.getByRole('link', { name: '统计报表' }).click();
    await page.waitForURL(/\/console\/reports\/statistics/);
    await page.getByRole('heading', { name: '统计报表', level: 1 }).waitFor();
    await page.getByText(`统计期间：${summary.period.from} 至 ${summary.period.to}`).waitFor();
    expect(await figure(page, 'received')).toBe('6');
    expect(await figure(page, 'decided')).toBe(String(summary.resolution.decided));
    const partnerCount = summary.intake.byChannel.find((c: { key: string }) => c.key === 'partner').count;
    expect(await countIn(page, '按受理渠道', '合作网站')).toBe(String(partnerCount));
    const fraud = summary.intake.byCategory.find((c: { key: string }) => c.key === 'fraud');
    expect(await countIn(page, '按投诉类别', fraud.label)).toBe(String(fraud.count));
    expect(await countIn(page, '处理结果', '处理结论：投诉成立')).toBe(String(summary.outcomes.resolvedUpheld));
    await page.locator('.reports-chart canvas').first().waitFor();
    expect(await page.locator('.reports-chart[role="img"]').count()).toBeGreaterThan(3);

    // A time series by day: the URL carries it (shareable), the table lists every day of the month.
    await page.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '时间序列' }) }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '按日' }).click();
    await page.waitForURL(/groupBy=day/);
    await page.getByRole('heading', { name: '时间序列', level: 2 }).waitFor();
    const withSeries = await api(`/v1/reports/summary?period=month&groupBy=day`, users.secretariat.token);
    const today = withSeries.series.find((p: { received: number }) => p.received > 0);
    expect(await countIn(page, '时间序列', today.bucket)).toBe(String(today.received));
    await page.mouse.move(0, 0);
    await expectAccessible(page, 'statistics');
    await screenshot(page, 'console-reports-statistics');

    const csv = await downloaded(page, '下载 CSV');
    expect(csv.name).toBe(`summary-${summary.period.from}_${summary.period.to}.csv`);
    expect(csv.body.toString('utf8')).toContain('6');
    const xlsx = await downloaded(page, '下载 Excel');
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
    const cases = await downloaded(page, '下载案件明细 CSV');
    expect(cases.name).toBe(`cases-${summary.period.from}_${summary.period.to}.csv`);
    for (const ref of references) expect(cases.body.toString('utf8')).toContain(ref);

    // A custom range, then a member's annual report chosen from here.
    await page.locator('.ant-radio-button-wrapper').filter({ hasText: '自定义' }).click();
    await page.waitForURL(/period=range/);
    await page.getByText('请选择起止日期。').waitFor();
    await page.getByRole('combobox', { name: '会员' }).fill('优选');
    await page.locator('.ant-select-item-option').filter({ hasText: SHOP }).click();
    await page.getByRole('button', { name: '查看年度报告' }).click();
    await page.waitForURL(new RegExp(`/console/reports/members/${shopId}\\?year=\\d{4}`));
    await page.getByRole('heading', { name: `${SHOP} · 年度报告`, level: 1 }).waitFor();
    expect(await figure(page, 'complaintsReceived')).toBe('4');
    expect(own(problems)).toEqual([]);
  });

  it('ranks the members by score with the methodology version the API reports; only a supervisor finalises an ended year, after confirming', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const evaluation = await api(`/v1/reports/evaluation?year=${year}`, users.secretariat.token);
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/reports/evaluation?year=${year}`);
    await page.getByRole('heading', { name: `${year} 年度会员评价`, level: 1 }).waitFor();
    expect(await figure(page, 'methodologyVersion')).toBe(evaluation.methodology.version);
    for (const m of evaluation.members.filter((x: { ranked: boolean }) => x.ranked)) {
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: m.name, exact: true }) });
      expect((await row.locator('td').first().textContent())?.trim()).toBe(String(m.rank));
      expect((await row.locator('td').nth(2).textContent())?.trim()).toBe(String(m.score));
    }
    await page.getByText('当年收到投诉不少于 2 件的会员参加排名。').waitFor();
    await page.getByRole('heading', { name: '评价方法' }).waitFor();
    // The secretariat may not finalise, and a year still running offers no finalising to anyone.
    expect(await page.getByRole('button', { name: /定稿/ }).count()).toBe(0);
    await expectAccessible(page, 'evaluation');
    await screenshot(page, 'console-reports-evaluation');
    await page.goto(`${h.base}/console/reports/evaluation?year=${year - 1}`);
    await page.getByRole('heading', { name: `${year - 1} 年度会员评价`, level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: /定稿/ }).count()).toBe(0);
    expect(own(problems)).toEqual([]);

    const sup = await signIn(await h.context(), users.supervisor);
    await sup.page.goto(`${h.base}/console/reports/evaluation?year=${year - 1}`);
    await sup.page.getByRole('button', { name: `定稿 ${year - 1} 年度评价` }).click();
    const dialog = sup.page.getByRole('dialog');
    expect(await dialog.locator('.ant-modal-confirm-title').textContent()).toBe(`确认定稿 ${year - 1} 年度评价？`);
    await dialog.getByText('此操作不可撤销').waitFor();
    await dialog.getByRole('button', { name: '取消' }).click();
    expect((await h.t.sql.query('SELECT count(*)::int AS n FROM report_evaluations')).rows[0].n).toBe(0);
    await sup.page.getByRole('button', { name: `定稿 ${year - 1} 年度评价` }).click();
    await sup.page.getByRole('dialog').getByRole('button', { name: '定稿' }).click();
    await sup.page.getByText(/已于 .* 定稿（方法 eval-/).waitFor();
    const [stored] = (await h.t.sql.query('SELECT year, result_hash FROM report_evaluations')).rows;
    expect(stored.year).toBe(year - 1);
    expect(await sup.page.locator('.reports-hash').textContent()).toBe(stored.result_hash);
    await sup.page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await sup.page.getByRole('button', { name: /定稿/ }).count()).toBe(0);
    await expectAccessible(sup.page, 'evaluation finalised');
    expect(own(sup.problems)).toEqual([]);
  });

  it('previews the public statistics as the public reads them', async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const pub = (await h.t.http().get(`/v1/public/statistics?period=month&date=${today}`)).body;
    expect(pub.received).toBe(6);
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/reports/public?period=month&date=${today}`);
    await page.getByRole('heading', { name: '公开统计预览', level: 1 }).waitFor();
    await page.getByText('本期尚未结束，数字仍可能增加。').waitFor();
    expect(await figure(page, 'received')).toBe('6');
    const partnerWindows = pub.receivedByChannelGroup.find((c: { key: string }) => c.key === 'partner_windows');
    expect(await countIn(page, '按渠道分组（本会网站、合作网站举报窗口、其他）', partnerWindows.label)).toBe(String(partnerWindows.count));
    // No member is named in what the public sees.
    expect(await page.getByText(SHOP).count()).toBe(0);
    await expectAccessible(page, 'public statistics');
    await screenshot(page, 'console-reports-public');
    expect(own(problems)).toEqual([]);
  });

  it("shows a member rep its own annual report and no statistics; the API refuses the summary to the rep's session", async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const annual = await api(`/v1/reports/members/${shopId}/annual?year=${year}`, users.rep.token);
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.rep, false);
    expect(await page.getByRole('menuitem', { name: '报表' }).count()).toBe(0);
    await page.getByRole('link', { name: '年度报告' }).click();
    await page.waitForURL(/\/console\/annual-report/);
    await page.getByRole('heading', { name: '本单位年度报告', level: 1 }).waitFor();
    expect(await figure(page, 'complaintsReceived')).toBe(String(annual.evaluation.inputs.complaintsReceived));
    expect(await figure(page, 'answeredOnTime')).toBe(String(annual.evaluation.inputs.answeredOnTime));
    expect(await figure(page, 'score')).toBe(String(annual.evaluation.score));
    expect(await page.getByText(APP).count()).toBe(0);
    await expectAccessible(page, 'annual report');
    await screenshot(page, 'console-reports-annual');
    const xlsx = await downloaded(page, '下载 Excel');
    expect(xlsx.name).toBe(`member-annual-${year}.xlsx`);

    const statuses = await page.evaluate(async (other) => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      return {
        summary: (await fetch('/v1/reports/summary?period=month', { headers: auth })).status,
        evaluation: (await fetch(`/v1/reports/evaluation?year=2026`, { headers: auth })).status,
        otherMember: (await fetch(`/v1/reports/members/${other}/annual?year=2026`, { headers: auth })).status,
      };
    }, (await h.t.sql.query('SELECT id FROM members WHERE name = $1', [APP])).rows[0].id as string);
    expect(statuses).toEqual({ summary: 403, evaluation: 403, otherMember: 404 });
    // Typed in by hand, the statistics page shows the API's refusal in words.
    await page.goto(`${h.base}/console/reports/statistics`);
    await page.getByRole('alert').filter({ hasText: '您的角色无权查看此报表。' }).waitFor();
    expect(own(problems).filter((p) => !p.includes('403') && !p.includes('404'))).toEqual([]);
  });

  it('speaks English when asked', async () => {
    const ctx = await h.context();
    const { page } = await signIn(ctx, users.secretariat);
    await page.getByText('English').click();
    await page.goto(`${h.base}/console/reports/statistics?period=year`);
    await page.getByRole('heading', { name: 'Statistics', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'By channel', exact: true }).waitFor();
    expect(await figure(page, 'received')).toBe('6');
    await expectAccessible(page, 'statistics (English)');
  });
});
