import { jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/app.js';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, expectFocused, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { referCase, submitComplaint } from '../support/cases.js';
import { createAgency, createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(120_000);

/**
 * The console's shared pieces (issue #16): the queue's respondent and partner filters (in the URL, named again after a
 * reload, cleared with the others) and the list pages' keyboard (↑/↓, j/k, Enter, /) beyond the queue.
 */
describeInBrowser('The console — shared filters and keyboard', () => {
  let h: WindowHarness;
  const partners: Record<string, { id: string; key: string }> = {};
  const members: Record<string, string> = {};
  const users: Record<string, { email: string; password: string; token: string }> = {};

  beforeAll(async () => {
    h = await startWindowHarness();
    const admin = await h.adminToken();
    members.a = await insertMember(h.t, { name: '甲乙优选商城有限公司', domains: ['jiayi.example.cn'] });
    members.b = await insertMember(h.t, { name: '丙丁旅行网络有限公司', domains: ['bingding.example.cn'] });
    partners.x = await createPartner(h.t, admin, '某某消费者之家');
    partners.y = await createPartner(h.t, admin, '某某维权平台');
    users.secretariat = await userWithRole(h.t, 'secretariat');
    users.supervisor = await userWithRole(h.t, 'supervisor');
    users.approver = await userWithRole(h.t, 'supervisor');
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
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    return { page, problems };
  };
  const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 401'));
  const settled = async (page: Page) => {
    await page.waitForLoadState('networkidle');
    await page.locator('.ant-spin-spinning, .ant-card-loading, .ant-message-notice').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  };
  const complaint = (partner: string, title: string, domain: string) =>
    submitComplaint(h.t, partners[partner].key, { title, respondent: { name: title, url: `https://${domain}/item/1` } });

  it('filters the queue by respondent and by partner from pickers, keeps both in the URL across a reload and clears them', async () => {
    const xa = await complaint('x', '甲乙商城虚假促销', 'jiayi.example.cn');
    const xb = await complaint('x', '丙丁旅行退票难', 'bingding.example.cn');
    const ya = await complaint('y', '甲乙商城拒绝退货', 'jiayi.example.cn');
    const bound = (await h.t.sql.query('SELECT id, respondent_member_id, partner_id FROM cases WHERE id = ANY($1::uuid[])', [[xa.caseId, xb.caseId, ya.caseId]])).rows;
    expect(bound.find((r) => r.id === xa.caseId)).toMatchObject({ respondent_member_id: members.a, partner_id: partners.x.id });

    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    const rowOf = (ref: string) => page.getByRole('row').filter({ hasText: ref });
    await rowOf(xb.reference).waitFor();

    // Respondent: type part of the name, choose it; only its cases stay.
    await page.getByRole('combobox', { name: '被投诉会员' }).fill('甲乙');
    await page.getByRole('option', { name: '甲乙优选商城有限公司' }).click();
    await page.waitForURL(new RegExp(`respondent=${members.a}`));
    await rowOf(ya.reference).waitFor();
    await rowOf(xb.reference).waitFor({ state: 'detached' });
    expect(await rowOf(xa.reference).count()).toBe(1);

    // Partner too: both filters at once.
    await page.getByRole('combobox', { name: '合作网站' }).fill('之家');
    await page.getByRole('option', { name: '某某消费者之家' }).click();
    await page.waitForURL(new RegExp(`partner=${partners.x.id}`));
    await rowOf(ya.reference).waitFor({ state: 'detached' });
    await rowOf(xa.reference).waitFor();

    // A reload (or a shared link) keeps both, and the pickers name the chosen ones again.
    await page.reload();
    await rowOf(xa.reference).waitFor();
    const filters = page.getByRole('form', { name: '筛选条件' });
    await filters.getByText('甲乙优选商城有限公司').waitFor();
    await filters.getByText('某某消费者之家').waitFor();
    expect(await page.getByRole('row').count()).toBe(2); // the header and the one case
    await settled(page);
    await expectAccessible(page, 'queue filtered by respondent and partner');

    await page.getByRole('button', { name: '清除筛选' }).click();
    await rowOf(xb.reference).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(unexpected(problems)).toEqual([]);
  });

  /** Presses Tab until `selector` has the focus (at most `max` times); fails when it never does. */
  const tabTo = async (page: Page, selector: string, max = 30) => {
    for (let i = 0; i < max; i++) {
      if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
      await page.keyboard.press('Tab');
    }
    await expectFocused(page, selector);
  };

  /** Waits until the focus is inside the open dialog (it moves there once the dialog has opened). */
  const inDialog = (page: Page) => page.waitForFunction(() => !!document.activeElement?.closest('.ant-modal-wrap'), undefined, { timeout: 5000 });

  it('drives the member register by keyboard only: / to search, Tab into the rows, j/k and arrows to move, Enter to open', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/members`);
    const rows = page.locator('.console-table tr[data-row-index]');
    await page.getByRole('row').filter({ hasText: '甲乙优选商城有限公司' }).waitFor();
    await settled(page);

    // "/" jumps to the search box; a search by keyboard narrows the list (and goes into the URL).
    await page.locator('body').press('/');
    await expectFocused(page, 'input[aria-label="名称"]');
    await page.keyboard.type('有限公司');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await settled(page);
    expect(await rows.count()).toBe(2);

    // Tab reaches the first row (only the active row is in the Tab order); j / ↓ and k / ↑ move, Enter opens.
    await tabTo(page, 'tr[data-row-index="0"]');
    await page.keyboard.press('j');
    await expectFocused(page, 'tr[data-row-index="1"]');
    await page.keyboard.press('k');
    await expectFocused(page, 'tr[data-row-index="0"]');
    await page.keyboard.press('ArrowDown');
    await expectFocused(page, 'tr[data-row-index="1"]');
    const second = (await rows.nth(1).getByRole('link').first().textContent())!;
    await page.keyboard.press('Enter');
    const id = second === '甲乙优选商城有限公司' ? members.a : members.b;
    await page.waitForURL(new RegExp(`/console/members/${id}`));
    await page.getByRole('heading', { level: 1, name: second }).waitFor();
    expect(unexpected(problems)).toEqual([]);
  });

  it('opens, cycles and closes a case page\'s event dialog by keyboard, the focus returning to its button', async () => {
    const c = await complaint('x', '键盘操作测试投诉', 'jiayi.example.cn');
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/cases/${c.caseId}`);
    const accept = page.getByRole('button', { name: '受理', exact: true });
    await accept.waitFor();
    await settled(page);
    await accept.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await inDialog(page);
    // Tab stays inside the open dialog.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('.ant-modal-wrap'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent?.replace(/\s/g, '') === '受理', undefined, { timeout: 5000 });
    expect((await h.t.sql.query('SELECT state FROM cases WHERE id = $1', [c.caseId])).rows[0].state).toBe('received');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets an admin create a partner site by keyboard on its page: the dialog opens, Esc closes it, the focus returns', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    await page.goto(`${h.base}/console/admin/partners`);
    await page.getByRole('row').filter({ hasText: '某某消费者之家' }).waitFor();
    await settled(page);
    const create = page.getByRole('button', { name: '登记合作网站' });
    await create.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await inDialog(page);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.textContent?.includes('登记合作网站') ?? false, undefined, { timeout: 5000 });

    // And once more, filled in by keyboard: Tab reaches the name field, then the dialog's OK button.
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await inDialog(page);
    await tabTo(page, '.ant-modal input', 5);
    await page.keyboard.type('键盘新建的网站');
    await tabTo(page, '.ant-modal-footer .ant-btn-primary', 10);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').filter({ hasText: '键盘新建的网站' }).waitFor();
    expect((await h.t.sql.query(`SELECT count(*)::int AS n FROM partners WHERE name = '键盘新建的网站'`)).rows[0].n).toBe(1);
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets a supervisor retract a referral through the shared reason dialog, by keyboard: an empty reason is refused, a given one is sent', async () => {
    const c = await complaint('y', '涉嫌诈骗的旅行套餐', 'bingding.example.cn');
    const agency = await createAgency(h.t, await h.adminToken());
    const referralId = await referCase(h.t, { caseId: c.caseId, agencyId: agency.id, proposer: users.supervisor.token, approver: users.approver.token });
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.supervisor);
    await page.goto(`${h.base}/console/referrals/${referralId}`);
    const retract = page.getByRole('button', { name: '撤回移送' });
    await retract.waitFor();
    await settled(page);
    await retract.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '撤回这件移送？' });
    await dialog.waitFor();
    await inDialog(page);
    await tabTo(page, '.ant-modal-footer .ant-btn-dangerous', 10);
    await page.keyboard.press('Enter');
    await dialog.getByText('请填写撤回理由').or(dialog.locator('.ant-form-item-explain-error')).first().waitFor();
    expect((await h.t.sql.query('SELECT retracted_at FROM referrals WHERE id = $1', [referralId])).rows[0].retracted_at).toBeNull();
    await dialog.getByLabel('撤回理由（接收机关可见）').fill('移送对象有误，需补充调查。');
    await tabTo(page, '.ant-modal-footer .ant-btn-dangerous', 10);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    const [row] = (await h.t.sql.query('SELECT retracted_at, retraction_reason FROM referrals WHERE id = $1', [referralId])).rows;
    expect(row.retracted_at).not.toBeNull();
    expect(row.retraction_reason).toBe('移送对象有误，需补充调查。');
    expect(unexpected(problems)).toEqual([]);
  });
});
