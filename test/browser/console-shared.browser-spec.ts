import { jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { submitComplaint } from '../support/cases.js';
import { createPartner, insertMember } from '../support/factories.js';

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
});
