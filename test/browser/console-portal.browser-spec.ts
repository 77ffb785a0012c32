import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, submitComplaint } from '../support/cases.js';
import { createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(120_000);

/**
 * The member portal's case list (issue #16) in Chromium against the built service: a member rep's first page lists its
 * organisation's open complaints with the deadline it must meet first (GET /v1/cases?open=true&sort=deadline), never
 * another member's; the switch to closed cases keeps its state in the URL; the API refuses it the staff's filters.
 */
describeInBrowser('The console: member portal — /console/cases as a member rep', () => {
  let h: WindowHarness;
  let rep: { email: string; password: string; token: string };
  let staff: string;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    h = await startWindowHarness();
    const memberId = await insertMember(h.t, { name: '某某优选商城有限公司', domains: ['youxuan.example.cn'] });
    await insertMember(h.t, { name: '另一家网店有限公司', domains: ['other.example.cn'] });
    const partnerKey = (await createPartner(h.t, await h.adminToken())).key;
    staff = (await userWithRole(h.t, 'secretariat')).token;
    rep = await userWithRole(h.t, 'member_rep', { memberId });
    const complaint = async (name: string, title: string, url = 'https://youxuan.example.cn/item/1') => {
      const c = await submitComplaint(h.t, partnerKey, { title, respondent: { name: '网店', url } });
      refs[name] = c.reference;
      return c.caseId;
    };
    const requested = async (name: string, title: string, due: string, url?: string) => {
      const id = await complaint(name, title, url);
      await mustSend(h.t, staff, id, { type: 'ACCEPT' });
      await mustSend(h.t, staff, id, { type: 'REQUEST_RESPONSE', statement: '请于期限内答复。' });
      await h.t.sql.query(`UPDATE case_deadlines SET due_at = $2 WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [id, due]);
    };
    const inWorkingDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    // Received in this order; the newest is the one due soonest, and another member's falls due before all of them.
    await requested('later', '退款迟迟不到账', inWorkingDays(20));
    await requested('sooner', '商品与描述不符', inWorkingDays(6));
    await complaint('received', '客服电话无人接听');
    await requested('other', '另一家网店的投诉', inWorkingDays(3), 'https://other.example.cn/x');
    const dismissed = await complaint('dismissed', '重复提交的投诉');
    await mustSend(h.t, staff, dismissed, { type: 'DISMISS', reason: '重复投诉' });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  const rows = async (page: Page) => (await page.locator('tbody tr.ant-table-row').allInnerTexts()).map((r) => r.split(/\s+/)[0]);

  it('a member rep sees its open complaints with the nearest deadline first, never another member\'s, and can switch to the closed ones', async () => {
    const ctx = await h.context();
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    await page.goto(`${h.base}/console/login`);
    await page.getByLabel(/电子邮箱|Email/).fill(rep.email);
    await page.getByLabel(/^(密码|Password)$/).fill(rep.password);
    await page.getByRole('button', { name: /登录|Sign in/ }).click();
    await page.waitForURL(/\/console\/cases/);
    await page.getByRole('heading', { name: '本单位的投诉', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: refs.received }).waitFor();
    expect(await rows(page)).toEqual([refs.sooner, refs.later, refs.received]);
    await page.getByRole('row').filter({ hasText: refs.sooner }).getByText('会员答复期限').waitFor();
    await page.getByRole('row').filter({ hasText: refs.received }).getByText('无本单位期限').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'member portal list');
    await screenshot(page, 'console-portal-cases');

    await page.locator('label', { hasText: '已结束' }).click();
    await page.waitForURL(/view=closed/);
    await page.getByRole('row').filter({ hasText: refs.dismissed }).waitFor();
    expect(await rows(page)).toEqual([refs.dismissed]);
    await page.reload();
    await page.getByRole('row').filter({ hasText: refs.dismissed }).waitFor();
    await page.locator('label', { hasText: '全部' }).click();
    await page.waitForURL(/view=all/);
    // The closed view's row stays while the new list loads: wait for one only the full list has.
    await page.getByRole('row').filter({ hasText: refs.sooner }).waitFor();
    expect(await rows(page)).toEqual([refs.sooner, refs.later, refs.dismissed, refs.received]);
    expect(await page.getByText(refs.other).count()).toBe(0);

    // The staff's queues are not offered, and the API refuses their filters from this very session.
    expect(await page.locator('label', { hasText: '待分拣' }).count()).toBe(0);
    const status = await page.evaluate(async () => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      return (await fetch('/v1/cases?channel=web&sort=deadline', { headers: { authorization: `Bearer ${accessToken}` } })).status;
    });
    expect(status).toBe(400);
    // Left out: the session check before sign-in (401) and the refusal just provoked (400).
    expect(problems.filter((p) => !p.includes('status of 401') && !p.includes('status of 400'))).toEqual([]);
  });
});
