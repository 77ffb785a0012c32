import { jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, submitComplaint } from '../support/cases.js';
import { createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(120_000);

/**
 * The console (issue #16) in Chromium against the built service: sign-in with the session cookie, the work queues,
 * the case page's schema-generated event forms through the one door, a member rep answering, a supervisor
 * approving, a forbidden request refused by the API from the browser session, and the language switch.
 */
describeInBrowser('The console — /console', () => {
  let h: WindowHarness;
  let partnerKey: string;
  let memberId: string;
  const users: Record<string, { email: string; password: string; token: string }> = {};

  beforeAll(async () => {
    h = await startWindowHarness();
    memberId = await insertMember(h.t, { name: '某某优选商城有限公司', domains: ['youxuan.example.cn'] });
    partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    users.secretariat = await userWithRole(h.t, 'secretariat');
    users.supervisor = await userWithRole(h.t, 'supervisor');
    users.rep = await userWithRole(h.t, 'member_rep', { memberId });
  }, 120_000);

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

  /**
   * What went wrong on a page, but the browser's "Failed to load resource … 401" line: before sign-in the page asks for
   * a session with no cookie yet (and a failed sign-in answers 401), which are expected answers.
   */
  const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 401'));

  /** Waits until no table or card is loading (Ant Design fades content while it loads). */
  const settled = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-spin-spinning, .ant-card-loading, .ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  };

  const complaint = async (title: string) =>
    submitComplaint(h.t, partnerKey, { title, respondent: { name: '某某优选商城有限公司', url: 'https://youxuan.example.cn/item/1' } });

  it('refuses a wrong password in words, and the sign-in page passes axe', async () => {
    const ctx = await h.context();
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}/console/`);
    await page.waitForURL(/\/console\/login/);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'console-sign-in');
    await page.getByLabel('电子邮箱').fill(users.secretariat.email);
    await page.getByLabel(/^密码$/).fill('not the password at all');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '邮箱或密码不正确' }).waitFor();
    // A failed sign-in on the session route counts like the API's login: the 401s are the page's expected answers.
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat triage and forward from the queue, and the session survives a reload', async () => {
    const c = await complaint('商品与描述不符，商家拒绝退款');
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);

    await page.locator('label', { hasText: '待分拣' }).click();
    await page.waitForURL(/queue=triage/);
    const row = page.getByRole('row').filter({ hasText: c.reference });
    await row.waitFor();
    await settled(page);
    await expectAccessible(page, 'queue');
    await screenshot(page, 'console-queue');

    // Keyboard: the first row takes focus, Enter opens it.
    await row.click();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/console/cases/${c.caseId}`));
    await page.getByRole('heading', { name: new RegExp(c.reference) }).waitFor();

    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByRole('button', { name: '转会员答复' }).waitFor();

    // The access token lives in memory only: a reload signs in again from the HttpOnly refresh cookie.
    await page.reload();
    await page.getByRole('button', { name: '转会员答复' }).click();
    await page.getByRole('dialog').getByLabel('给会员的说明').fill('请于期限内答复并说明处理措施。');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await expectAccessible(page, 'case');
    await screenshot(page, 'console-case');
    expect((await h.t.sql.query('SELECT state FROM cases WHERE id = $1', [c.caseId])).rows[0].state).toBe('investigating');
    const cookies = await ctx.cookies();
    const refresh = cookies.find((k) => k.name === 'selfreg_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets a member rep answer with the structured form, and refuses it what only staff may do', async () => {
    const c = await complaint('会员答复测试：七天无理由退货被拒');
    await mustSend(h.t, users.secretariat.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(h.t, users.secretariat.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.rep);
    await page.getByRole('heading', { name: '本单位的投诉' }).waitFor();
    await page.getByRole('link', { name: c.reference }).click();
    await page.getByRole('button', { name: '答复投诉' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('投诉不实', { exact: true }).click();
    await dialog.getByLabel('理由').fill('订单记录显示商品已按描述发货，且已超过退货期限。');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await settled(page);
    const [answer] = (await h.t.sql.query(`SELECT payload FROM case_events WHERE case_id = $1 AND type = 'RESPOND'`, [c.caseId])).rows;
    expect(answer.payload.response).toMatchObject({ kind: 'unfounded', reasons: '订单记录显示商品已按描述发货，且已超过退货期限。' });
    // No reveal for a respondent, and the API refuses the staff-only routes from this very browser session.
    expect(await page.getByRole('button', { name: '查看联系方式' }).count()).toBe(0);
    const statuses = await page.evaluate(async (caseId) => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      return {
        queues: (await fetch('/v1/cases/queues', { headers: auth })).status,
        contact: (await fetch(`/v1/cases/${caseId}/complainant`, { headers: auth })).status,
      };
    }, c.caseId);
    expect(statuses).toEqual({ queues: 403, contact: 403 });
    await expectAccessible(page, 'member case');
    expect(unexpected(problems).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });

  it('lets the secretariat propose publication and another supervisor approve it after the reply', async () => {
    const c = await complaint('公开曝光测试：虚假宣传');
    const s = users.secretariat.token;
    await mustSend(h.t, s, c.caseId, { type: 'ACCEPT' });
    await mustSend(h.t, s, c.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(h.t, users.rep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned' } });

    const staffCtx = await h.context();
    const { page } = await signIn(staffCtx, users.secretariat);
    await page.goto(`${h.base}/console/cases/${c.caseId}`);
    await page.getByRole('button', { name: '开始调解' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByRole('button', { name: '记录调解' }).click();
    await page.getByRole('dialog').getByLabel('摘要').fill('双方电话沟通，会员拒绝退款。');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByRole('button', { name: '调解未成' }).click();
    await page.getByRole('dialog').getByLabel('理由').fill('会员拒绝调解方案。');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByRole('button', { name: '提议公开曝光' }).click();
    await page.getByRole('dialog').getByLabel('摘要').fill('该会员对商品功效作虚假宣传。');
    await page.getByRole('dialog').getByLabel('调查结论').fill('经核实，宣传页面所称功效无依据。');
    await page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByText('待审批：公开曝光').waitFor();

    await mustSend(h.t, users.rep.token, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我方已下架相关页面。' });
    const supCtx = await h.context();
    const sup = await signIn(supCtx, users.supervisor);
    await sup.page.locator('label', { hasText: '待我审批' }).click();
    await sup.page.getByRole('link', { name: c.reference }).click();
    await sup.page.getByRole('button', { name: '批准' }).click();
    await sup.page.getByRole('dialog').getByRole('button', { name: '提交' }).click();
    await sup.page.getByRole('dialog').waitFor({ state: 'hidden' }); // closes once the API took the event
    expect((await h.t.sql.query('SELECT state FROM cases WHERE id = $1', [c.caseId])).rows[0].state).toBe('publicized');
    expect(unexpected(sup.problems)).toEqual([]);
  });

  it('lets the secretariat correct a wrong respondent match beside the respondent, with the member picker', async () => {
    const rightId = await insertMember(h.t, { name: '正确优选电子商务有限公司' });
    const c = await complaint('网站实际由另一会员运营');
    await mustSend(h.t, users.secretariat.token, c.caseId, { type: 'ACCEPT' });
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/cases/${c.caseId}`);
    await page.getByRole('heading', { name: new RegExp(c.reference) }).waitFor();
    // The summary's button comes first; the same event is also among the actions.
    await page.getByRole('button', { name: '更正被投诉方匹配' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: '被投诉会员' }).fill('正确优选');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '正确优选电子商务有限公司' }).click();
    await dialog.getByLabel('理由').fill('域名实际属于另一会员单位。');
    await dialog.getByRole('button', { name: '提交' }).click();
    await dialog.waitFor({ state: 'hidden' }); // closes once the API took the event
    await page.getByText('人工更正 · 正确优选电子商务有限公司').waitFor();
    expect((await h.t.sql.query('SELECT respondent_member_id AS "memberId" FROM cases WHERE id = $1', [c.caseId])).rows[0].memberId).toBe(rightId);
    await settled(page);
    await expectAccessible(page, 'case after a corrected match');
    expect(unexpected(problems)).toEqual([]);
  });

  it('switches to English and keeps it after a reload', async () => {
    const ctx = await h.context();
    const { page } = await signIn(ctx, users.secretariat);
    await page.getByText('English').click();
    await page.getByRole('heading', { name: 'Work queues' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Work queues' }).waitFor();
    await settled(page);
    await screenshot(page, 'console-queue-en');
    await expectAccessible(page, 'queue (English)');
  });
});
