import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../support/app.js';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { mustSend, referCase, submitComplaint, uploadEvidence } from '../support/cases.js';
import { createAgency, createPartner, insertMember } from '../support/factories.js';

jest.setTimeout(180_000);

type Who = { email: string; password: string };

/** In the page: logs each <style> element added without a nonce (none should be). */
function reportStylesWithoutNonce(): void {
  const check = (n: Node) => {
    if (!(n instanceof HTMLStyleElement) || n.nonce) return;
    const text = n.textContent ?? '';
    console.log(`style without nonce: ${text.slice(0, 200)}`);
  };
  const insertBefore = Node.prototype.insertBefore;
  Node.prototype.insertBefore = function <T extends Node>(this: Node, n: T, ref: Node | null): T {
    check(n);
    return insertBefore.call(this, n, ref) as T;
  };
  const appendChild = Node.prototype.appendChild;
  Node.prototype.appendChild = function <T extends Node>(this: Node, n: T): T {
    check(n);
    return appendChild.call(this, n) as T;
  };
}

/**
 * The console's Publications, Referrals (with the agency liaison's view) and Audit areas (issue #16) in Chromium
 * against the built service: a liaison pulls a referred case's packet, acknowledges it with its file number and
 * concludes it (the case closes); another agency's liaison cannot see it; the secretariat reads the chain of custody;
 * an administrator verifies the audit chain; a supervisor retracts a disclosure the secretariat may only read.
 */
describeInBrowser('The console — publications, referrals, audit', () => {
  let h: WindowHarness;
  let partnerKey: string;
  let agencyA: { id: string; name: string };
  const users: Record<string, { id: string; email: string; password: string; token: string }> = {};
  let referred: { caseId: string; reference: string; referralId: string };

  beforeAll(async () => {
    h = await startWindowHarness();
    const admin = await h.adminToken();
    const memberId = await insertMember(h.t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    partnerKey = (await createPartner(h.t, admin)).key;
    agencyA = await createAgency(h.t, admin, '某市公安局网安支队');
    const agencyB = await createAgency(h.t, admin, '某市市场监督管理局');
    users.secretariat = await userWithRole(h.t, 'secretariat');
    users.supA = await userWithRole(h.t, 'supervisor');
    users.supB = await userWithRole(h.t, 'supervisor');
    users.rep = await userWithRole(h.t, 'member_rep', { memberId });
    users.liaisonA = await userWithRole(h.t, 'law_enforcement', { agencyId: agencyA.id });
    users.liaisonB = await userWithRole(h.t, 'law_enforcement', { agencyId: agencyB.id });

    const c = await submitComplaint(h.t, partnerKey, { title: '网店收款后不发货，涉嫌诈骗' });
    await uploadEvidence(h.t, partnerKey, c.reference, [{ name: '付款截图.txt', bytes: Buffer.from('付款成功 ¥3,280\n') }]);
    const referralId = await referCase(h.t, { caseId: c.caseId, agencyId: agencyA.id, proposer: users.supA.token, approver: users.supB.token });
    referred = { caseId: c.caseId, reference: c.reference, referralId };
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  /**
   * Every <style> element must carry the page's nonce (console/src/nonce.ts gives it to those rc-util's scrollbar probe
   * and scroll locker create without one): a style without it, a CSP refusal or any other console error is a problem.
   */
  const watch = async (page: Page): Promise<() => string[]> => {
    const problems = watchPage(page, [h.base]);
    const strays: string[] = [];
    // For the documents to come and for the one already loaded.
    await page.addInitScript(reportStylesWithoutNonce);
    await page.evaluate(reportStylesWithoutNonce);
    page.on('console', (m) => {
      if (m.text().startsWith('style without nonce: ')) strays.push(m.text());
    });
    return () => [...problems, ...strays];
  };

  /** Signs in through the page; the problems are watched from then on (before it, a refresh without a cookie is a 401 by design). */
  const signIn = async (ctx: BrowserContext, who: Who): Promise<{ page: Page; problems: () => string[] }> => {
    const page = await ctx.newPage();
    await page.goto(`${h.base}/console/login`);
    await page.getByLabel(/电子邮箱|Email/).fill(who.email);
    await page.getByLabel(/^(密码|Password)$/).fill(who.password);
    await page.getByRole('button', { name: /登录|Sign in/ }).click();
    await page.waitForURL((u) => !u.pathname.endsWith('/login'));
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    return { page, problems: await watch(page) };
  };

  /** A call from the page's own session (its refresh cookie), as the console would make it. */
  const statusFromSession = (page: Page, path: string) =>
    page.evaluate(async (p) => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      return (await fetch(p, { headers: { authorization: `Bearer ${accessToken}` } })).status;
    }, path);

  it('lets the liaison find the referral, download its packet, acknowledge it with a file number and conclude it (the case closes)', async () => {
    const ctx = await h.context({ acceptDownloads: true });
    const { page, problems } = await signIn(ctx, users.liaisonA);

    // The menu offers the area to a liaison; the mail's link (/console/referrals) is the list.
    await page.getByRole('menuitem', { name: '移送执法' }).click();
    await page.waitForURL(/\/console\/referrals$/);
    await page.getByRole('heading', { name: '移送本机关的案件' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: referred.reference });
    await row.waitFor();
    await row.getByText('待确认').waitFor();
    await expectAccessible(page, 'referrals (liaison)');
    await screenshot(page, 'console-referrals-liaison-list');

    await row.getByRole('link', { name: referred.reference }).click();
    await page.waitForURL(new RegExp(`/console/referrals/${referred.referralId}$`));
    await page.getByRole('heading', { name: `移送 ${referred.reference}` }).waitFor();
    // No link into the case for a liaison (it may not read staff case pages), and no custody log.
    expect(await page.getByRole('link', { name: referred.reference }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: '保管链' }).count()).toBe(0);
    const command = await page.getByTestId('verify-cli').textContent();
    expect(command).toBe(`npm run cli -- verify-packet referral-${referred.reference}-${referred.referralId}.zip --jwks ${h.base}/v1/public/signing-key`);
    await expectAccessible(page, 'referral (liaison)');
    await screenshot(page, 'console-referrals-liaison');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载移送包（JSON）' }).click()]);
    expect(file.suggestedFilename()).toBe(`referral-${referred.reference}-${referred.referralId}.json`);
    const packet = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { schema: string; packetId: string; agency: { id: string }; case: { reference: string } };
    expect(packet).toMatchObject({ schema: 'selfreg.referral-packet', packetId: referred.referralId, agency: { id: agencyA.id }, case: { reference: referred.reference } });
    const custody = (await h.t.sql.query(`SELECT actor_id, artifact FROM referral_custody WHERE referral_id = $1`, [referred.referralId])).rows;
    expect(custody).toEqual([{ actor_id: users.liaisonA.id, artifact: 'packet' }]);

    // Acknowledging needs the agency's file number.
    await page.getByRole('button', { name: '确认接收' }).click();
    await page.getByText('请填写本机关的文号').waitFor();
    await page.getByLabel('机关文号').fill('沪公网安〔2026〕123号');
    await page.getByRole('button', { name: '确认接收' }).click();
    await page.getByText('已确认接收').first().waitFor();
    await page.getByRole('heading', { name: '办结' }).waitFor();
    const acknowledged = (await h.t.sql.query('SELECT reference_number, acknowledged_at FROM referrals WHERE id = $1', [referred.referralId])).rows[0];
    expect(acknowledged.reference_number).toBe('沪公网安〔2026〕123号');
    expect(acknowledged.acknowledged_at).not.toBeNull();

    await page.getByLabel('办理结果').fill('已立案侦查，责令该网店整改并退款。');
    await page.getByRole('button', { name: '办结' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确认办结这件移送？' });
    await confirm.getByText('办结后案件将结案').waitFor();
    await confirm.getByRole('button', { name: '办结' }).click();
    // Durable signs, not the 3-second toast: the conclusion form leaves and the outcome shows among the details.
    await page.getByRole('heading', { name: '办结', exact: true }).waitFor({ state: 'detached' });
    await page.getByText('已立案侦查，责令该网店整改并退款。').waitFor();
    const closed = (await h.t.sql.query('SELECT c.state, r.outcome FROM cases c JOIN referrals r ON r.case_id = c.id WHERE r.id = $1', [referred.referralId])).rows[0];
    expect(closed).toEqual({ state: 'closed', outcome: '已立案侦查，责令该网店整改并退款。' });
    expect(problems()).toEqual([]);
  });

  it("shows another agency's liaison nothing of it: not in its list, and 404 for the referral from its session", async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.liaisonB);
    await page.goto(`${h.base}/console/referrals`);
    await page.getByText('没有符合条件的移送').waitFor();
    await page.goto(`${h.base}/console/referrals/${referred.referralId}`);
    await page.getByRole('alert').filter({ hasText: '没有这件移送，或它不属于本机关。' }).waitFor();
    expect(await statusFromSession(page, `/v1/referrals/${referred.referralId}`)).toBe(404);
    expect(await statusFromSession(page, `/v1/referrals/${referred.referralId}/packet`)).toBe(404);
    await expectAccessible(page, 'referral (another agency)');
    expect(problems().filter((p) => !p.includes('404'))).toEqual([]);
    // Nothing was handed over, so nothing entered the chain of custody.
    expect((await h.t.sql.query('SELECT count(*)::int AS n FROM referral_custody WHERE actor_id = $1', [users.liaisonB.id])).rows[0].n).toBe(0);
  });

  it('lets the secretariat filter referrals by status and read one with its case link and chain of custody', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/referrals?status=pending`);
    await page.getByRole('heading', { name: '移送执法' }).waitFor();
    await page.getByText('没有符合条件的移送').waitFor();
    await page.goto(`${h.base}/console/referrals?status=concluded`);
    const row = page.getByRole('row').filter({ hasText: referred.reference });
    await row.getByText(agencyA.name).waitFor();
    await expectAccessible(page, 'referrals (staff)');
    await screenshot(page, 'console-referrals-list');

    await row.getByRole('link', { name: referred.reference }).click();
    await page.getByRole('heading', { name: '保管链' }).waitFor();
    await page.getByRole('row').filter({ hasText: '执法机关联络人' }).filter({ hasText: '移送包' }).waitFor();
    await page.getByRole('link', { name: referred.reference }).waitFor();
    await expectAccessible(page, 'referral (staff)');
    await screenshot(page, 'console-referrals-staff');
    await page.getByRole('link', { name: referred.reference }).click();
    await page.waitForURL(new RegExp(`/console/cases/${referred.caseId}$`));
    expect(problems()).toEqual([]);
  });

  it('lets the administrator filter the audit log and verify the chain; the secretariat has no audit menu and the API refuses it', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    // The audit log sits in the Administration menu (open when the admin lands on its pages; opened here if not).
    const auditItem = page.getByRole('menuitem', { name: '审计日志' });
    if (!(await auditItem.isVisible())) await page.getByRole('menuitem', { name: '系统管理' }).click();
    await auditItem.click();
    await page.waitForURL(/\/console\/admin\/audit$/);
    await page.getByLabel('操作', { exact: true }).fill('referral.packet.fetch');
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL(/action=referral\.packet\.fetch/);
    // The filtered page: every row is a packet fetch (the liaison's, above).
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tr.ant-table-row')];
      return rows.length > 0 && rows.every((r) => r.textContent?.includes('referral.packet.fetch'));
    });

    await page.getByRole('button', { name: '核验哈希链' }).click();
    await page.getByText('哈希链完整').waitFor();
    await page.getByRole('button', { name: '展开 referral.packet.fetch 的详情' }).first().click();
    await page.getByText(`referral:${referred.referralId}`).first().waitFor();
    await page.mouse.move(0, 0); // no hover colour under axe's contrast check
    const entries = (await h.t.sql.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n as number;
    await page.getByText(new RegExp(`已核验 ${entries} 条记录`)).waitFor();
    await expectAccessible(page, 'audit');
    await screenshot(page, 'console-audit');
    expect(problems()).toEqual([]);

    const staffCtx = await h.context();
    const staff = await signIn(staffCtx, users.secretariat);
    expect(await staff.page.getByRole('menuitem', { name: '审计日志' }).count()).toBe(0);
    expect(await statusFromSession(staff.page, '/v1/audit/verify')).toBe(403);
  });

  it('lets a supervisor retract a disclosure with a reason after confirming; the secretariat sees no retract button', async () => {
    const c = await submitComplaint(h.t, partnerKey, { title: '虚假宣传，通报测试' });
    await mustSend(h.t, users.supA.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(h.t, users.supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '该会员对商品功效作虚假宣传。', findings: '经核实，宣传页面所称功效无依据。' });
    await mustSend(h.t, users.rep.token, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我方已下架相关页面。' });
    await mustSend(h.t, users.supB.token, c.caseId, { type: 'APPROVE' });
    const disclosureId = (await h.t.sql.query('SELECT id FROM disclosures WHERE case_id = $1', [c.caseId])).rows[0].id as string;

    const staffCtx = await h.context();
    const staff = await signIn(staffCtx, users.secretariat);
    await staff.page.goto(`${h.base}/console/publications/${disclosureId}`);
    await staff.page.getByText('该会员对商品功效作虚假宣传。').waitFor();
    expect(await staff.page.getByRole('button', { name: '撤回公示' }).count()).toBe(0);

    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.supA);
    await page.getByRole('menuitem', { name: '公示通报' }).click();
    await page.waitForURL(/\/console\/publications$/);
    const row = page.getByRole('row').filter({ hasText: '某某网络科技有限公司' });
    await row.getByText('已公示').waitFor();
    await expectAccessible(page, 'publications');
    await screenshot(page, 'console-publications-list');
    await row.getByRole('link', { name: '某某网络科技有限公司', exact: true }).click();
    await page.waitForURL(new RegExp(`/console/publications/${disclosureId}$`));
    await page.getByText('我方已下架相关页面。').waitFor();
    await expectAccessible(page, 'disclosure');
    await screenshot(page, 'console-publications-show');

    await page.getByRole('button', { name: '撤回公示' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('撤回这条公示？').waitFor();
    await dialog.getByRole('button', { name: '撤回公示' }).click();
    await dialog.getByText('请填写撤回理由').waitFor();
    await dialog.getByLabel('撤回理由（将公开）').fill('被投诉方已全部整改，经复核撤回通报');
    await expectAccessible(page, 'retract dialog');
    await dialog.getByRole('button', { name: '撤回公示' }).click();
    await page.getByText('公示已撤回').first().waitFor();
    await page.getByText('被投诉方已全部整改，经复核撤回通报').waitFor();
    const row2 = (await h.t.sql.query('SELECT retracted_at, retraction_reason, retracted_by FROM disclosures WHERE id = $1', [disclosureId])).rows[0];
    expect(row2).toMatchObject({ retraction_reason: '被投诉方已全部整改，经复核撤回通报', retracted_by: users.supA.id });
    expect(row2.retracted_at).not.toBeNull();
    expect((await h.t.http().get(`/v1/public/disclosures/${disclosureId}`)).body).toMatchObject({ status: 'retracted', summary: null });
    await page.getByRole('link', { name: '打开案件' }).click();
    await page.waitForURL(new RegExp(`/console/cases/${c.caseId}$`));
    expect(problems()).toEqual([]);
  });
});
