import { jest } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { chinaDate } from '../../src/platform/dates.js';
import { userWithRole } from '../support/auth.js';
import { describeInBrowser, expectAccessible, screenshot, startWindowHarness, watchPage, type WindowHarness } from '../support/browser.js';
import { bearer, publishedConvention, registerMember, scannedDocument } from '../support/pacts.js';

jest.setTimeout(180_000);

/**
 * The console's register and pacts areas (issue #16) in Chromium against the built service: the secretariat finds
 * and edits a member, edits a draft article, compares it with the version in force and publishes it, records a paper
 * signature with its scan and downloads it, and reviews a self-inspection report; a member rep signs the new version
 * online and files a report with an attachment, and cannot open another member.
 */
describeInBrowser('The console: register and pacts — /console/members, /console/conventions, /console/signatures, /console/self-inspections', () => {
  let h: WindowHarness;
  const code = 'isc-self-discipline';
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const lastYear = String(year - 1);
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n${text}\n%%EOF\n`);
  const ids: Record<'shop' | 'tech' | 'news', string> = { shop: '', tech: '', news: '' };
  const users: Record<string, { email: string; password: string; token: string }> = {};

  beforeAll(async () => {
    h = await startWindowHarness();
    users.secretariat = await userWithRole(h.t, 'secretariat');
    const staff = users.secretariat.token;
    await publishedConvention(h.t, staff, {
      code,
      effectiveDate: `${year - 2}-01-01`,
      articles: [
        { number: 1, title: '遵纪守法', body: '会员单位应当遵守国家法律法规，依法经营。' },
        { number: 2, title: '诚信经营', body: '会员单位应当诚信经营，不得发布虚假广告。' },
        { number: 3, title: '保护用户', body: '会员单位应当保护用户个人信息。' },
      ],
    });
    ids.shop = (await registerMember(h.t, staff, { name: '某某优选商城有限公司', domains: ['youxuan.example.cn'] })).id;
    ids.tech = (await registerMember(h.t, staff, { name: '某某信息技术有限公司', category: 'enterprise_site' })).id;
    ids.news = (await registerMember(h.t, staff, { name: '某某新闻网络有限公司', category: 'other' })).id;
    // The shop and the news site signed version 1 on paper two years ago: bound for the whole of last year.
    for (const memberId of [ids.shop, ids.news]) {
      const s = await h.t.http().post(`/v1/conventions/${code}/versions/1/signatures`).set(bearer(staff))
        .send({ memberId, signatoryName: '王强', signatoryTitle: '总经理', signedAt: `${year - 2}-01-01T10:00:00+08:00`, document: scannedDocument(memberId) });
      if (s.status !== 201) throw new Error(`sign: ${s.status} ${JSON.stringify(s.body)}`);
    }
    users.shopRep = await userWithRole(h.t, 'member_rep', { memberId: ids.shop });
    users.newsRep = await userWithRole(h.t, 'member_rep', { memberId: ids.news });
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  const signIn = async (ctx: BrowserContext, who: { email: string; password: string }): Promise<{ page: Page; problems: string[] }> => {
    const page = await ctx.newPage();
    const problems = watchPage(page, [h.base]);
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname} at ${new URL(page.url()).pathname}`);
    });
    await page.goto(`${h.base}/console/login`);
    await page.getByLabel(/电子邮箱|Email/).fill(who.email);
    await page.getByLabel(/^(密码|Password)$/).fill(who.password);
    await page.getByRole('button', { name: /登录|Sign in/ }).click();
    await page.waitForURL(/\/console\/cases/);
    return { page, problems };
  };
  /** What the shell does by design: the sign-in page tries the refresh cookie first (a 401 before signing in). */
  const SHELL = [/^401 POST \/v1\/auth\/session\/refresh at \/console\/login$/, /status of 401 \(Unauthorized\)/];
  const unexpected = (problems: string[]) => problems.filter((p) => !SHELL.some((re) => re.test(p)));
  /** Chooses an option of the Select labelled `label` in its open dropdown, and waits until the Select shows it. */
  const pick = async (page: Page, label: string, option: string | RegExp) => {
    const select = page.getByLabel(label, { exact: true }).first();
    await select.click(); // the Select itself (its input sits under the chosen value)
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
    await page.locator('.ant-form-item, .ant-select').filter({ has: select }).locator('.ant-select-selection-item').filter({ hasText: option }).first().waitFor();
  };
  /** axe with no control left hovered under the pointer (a hovered button's text is lighter). */
  const accessible = async (page: Page, screen: string) => {
    await page.mouse.move(1, 1);
    await expectAccessible(page, screen);
  };
  const api = (path: string, token = users.secretariat.token) => h.t.http().get(path).set(bearer(token));

  it('lets the secretariat find a member by name and by domain, and edit it', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.getByRole('link', { name: '会员名录', exact: true }).click();
    await page.getByRole('heading', { name: '会员名录' }).waitFor();
    await page.getByLabel('名称', { exact: true }).fill('优选');
    await page.getByLabel('名称', { exact: true }).press('Enter');
    await page.waitForURL(/q=/);
    await page.getByRole('link', { name: '某某优选商城有限公司' }).waitFor();
    await page.getByRole('link', { name: '某某信息技术有限公司' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '清除筛选' }).click();
    await page.getByLabel('域名', { exact: true }).fill('https://m.youxuan.example.cn/item/9');
    await page.getByLabel('域名', { exact: true }).press('Enter');
    await page.getByRole('link', { name: '某某优选商城有限公司' }).waitFor();
    await accessible(page, 'members');
    await screenshot(page, 'console-register-members');

    await page.getByRole('link', { name: '某某优选商城有限公司' }).click();
    await page.getByRole('heading', { name: '某某优选商城有限公司', level: 1 }).waitFor();
    await page.getByText('youxuan.example.cn').first().waitFor();
    await page.getByRole('button', { name: '编辑', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('ICP 备案号').fill('京ICP备12345678号');
    await dialog.getByRole('button', { name: '添加联系人' }).click();
    await dialog.getByLabel('姓名').fill('王芳');
    await dialog.getByLabel('电子邮箱').fill('wangfang@youxuan.example.cn');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('wangfang@youxuan.example.cn').waitFor();
    const m = (await api(`/v1/members/${ids.shop}`)).body;
    expect(m).toMatchObject({ icpFiling: '京ICP备12345678号', contacts: [{ name: '王芳', email: 'wangfang@youxuan.example.cn' }] });

    // A status change needs its reason and lands in the history.
    await page.getByRole('button', { name: '变更状态' }).click();
    await pick(page, '新状态', '暂停');
    await page.getByRole('dialog').getByLabel('变更理由').fill('连续两年未缴纳会费');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByText('连续两年未缴纳会费').waitFor();
    await accessible(page, 'member');
    await screenshot(page, 'console-register-member');
    expect((await api(`/v1/members/${ids.shop}`)).body.status).toBe('suspended');
    await page.getByRole('button', { name: '变更状态' }).click();
    await pick(page, '新状态', '正常');
    await page.getByRole('dialog').getByLabel('变更理由').fill('已补缴会费');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await page.getByText('已补缴会费').waitFor();
    expect((await api(`/v1/members/${ids.shop}`)).body.status).toBe('active');
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat edit a draft article, see the change in the diff and publish with an effective date', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/conventions`);
    await page.getByRole('link', { name: '互联网行业自律公约' }).click();
    await page.getByRole('button', { name: '起草新版本' }).click();
    await page.getByRole('tab', { name: '草稿（第 2 版）', selected: true }).waitFor();
    await page.getByRole('button', { name: '编辑第 2 条' }).click();
    await page.getByRole('dialog').getByLabel('条文').fill('会员单位应当诚信经营，不得发布虚假广告，不得刷单炒信。');
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await page.getByText('有未保存的修改').waitFor();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();
    await accessible(page, 'draft');
    await screenshot(page, 'console-register-draft');
    const draft = (await api(`/v1/conventions/${code}/versions/2`)).body;
    expect(draft.articles[1]).toMatchObject({ number: 2, body: '会员单位应当诚信经营，不得发布虚假广告，不得刷单炒信。' });

    await page.getByRole('tab', { name: '版本比较' }).click();
    await page.getByText('修改 1 条，新增 0 条，删除 0 条，未变 2 条。').waitFor();
    const change = page.getByRole('region', { name: '第 2 条（修改）' });
    expect(await change.locator('ins').allTextContents()).toEqual(['，不得刷单炒信']);
    await accessible(page, 'diff');
    await screenshot(page, 'console-register-diff');

    await page.getByRole('tab', { name: '草稿（第 2 版）' }).click();
    await page.getByRole('button', { name: '发布…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('发布后这 3 条条文及其哈希将固定，不能再修改。').waitFor();
    await accessible(page, 'publish');
    await dialog.getByRole('button', { name: '确认发布' }).click();
    await page.getByText('第 2 版已发布').waitFor();
    await page.getByText('现行第 2 版').waitFor();
    const c = (await api(`/v1/conventions/${code}`)).body;
    expect(c).toMatchObject({ currentVersion: 2, draftVersion: null });
    expect(c.versions.find((v: { version: number }) => v.version === 2)).toMatchObject({ status: 'published', effectiveDate: chinaDate(new Date()) });
    const shop = (await api(`/v1/members/${ids.shop}/signatures`)).body.items;
    expect(shop[0]).toMatchObject({ version: 1, status: 'renewal_pending' });
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat record a paper signature with its scan, and download the scan (audited)', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.goto(`${h.base}/console/members/${ids.tech}`);
    await page.getByRole('button', { name: '登记纸质签署' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, '公约', /isc-self-discipline/);
    await dialog.getByText('将签署现行第 2 版').waitFor();
    await dialog.getByLabel('签署人姓名').fill('李明');
    await dialog.getByLabel('签署人职务').fill('董事长');
    const scan = pdf('2026 signing ceremony');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'ceremony.pdf', mimeType: 'application/pdf', buffer: scan });
    await accessible(page, 'paper signature');
    await screenshot(page, 'console-register-paper-signature');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: '李明 · 董事长' });
    await row.waitFor();
    const [signature] = (await api(`/v1/members/${ids.tech}/signatures`)).body.items;
    expect(signature).toMatchObject({ version: 2, method: 'paper', status: 'active', signatoryName: '李明', document: { fileName: 'ceremony.pdf', sha256: createHash('sha256').update(scan).digest('hex') } });

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: /下载扫描件/ }).click()]);
    expect(download.suggestedFilename()).toBe('ceremony.pdf');
    const audit = await h.t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'signature.document.read' AND resource_id = $1`, [signature.id]);
    expect(audit.rows[0].n).toBe(1);
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets the secretariat review a self-inspection from the queue: attachment downloaded, returned with comments', async () => {
    const filed = await h.t.http().post(`/v1/members/${ids.news}/self-inspections`).set(bearer(users.newsRep.token)).send({
      convention: code,
      period: lastYear,
      summary: '本单位按公约要求开展了年度自查。',
      items: [{ articleNumber: 2, findings: '两篇稿件标题夸大。', correctiveActions: '已修改标题并培训编辑。' }],
      attachments: [{ fileName: 'self-check.pdf', contentType: 'application/pdf', contentBase64: pdf('self check').toString('base64') }],
    });
    expect(filed.status).toBe(201);
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.secretariat);
    await page.getByRole('link', { name: '自查报告', exact: true }).click();
    await page.getByRole('heading', { name: '自查报告审核' }).waitFor();
    await pick(page, '状态', '待审核');
    await page.waitForURL(/status=submitted/);
    const row = page.getByRole('row').filter({ hasText: '某某新闻网络有限公司' });
    await row.waitFor();
    await accessible(page, 'review queue');
    await screenshot(page, 'console-register-review-queue');
    await row.getByRole('link', { name: lastYear }).click();
    await page.getByRole('heading', { name: `某某新闻网络有限公司 · ${code} · ${lastYear}` }).waitFor();
    await page.getByText('两篇稿件标题夸大。').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 self-check.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('self-check.pdf');
    await page.getByRole('button', { name: '退回修改' }).click();
    await page.getByRole('dialog').getByLabel('审核意见').fill('请补充整改完成时间。');
    await page.getByRole('dialog').getByRole('button', { name: '退回修改' }).click();
    await page.getByText('请补充整改完成时间。').waitFor();
    await accessible(page, 'report');
    await screenshot(page, 'console-register-report');
    const report = (await api(`/v1/self-inspections/${filed.body.id}`)).body;
    expect(report).toMatchObject({ status: 'returned', revisions: [{ decision: 'return', comments: '请补充整改完成时间。' }] });
    const audit = await h.t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'self_inspection.attachment.read' AND resource_id = $1`, [filed.body.id]);
    expect(audit.rows[0].n).toBe(1);
    expect(unexpected(problems)).toEqual([]);
  });

  it('lets a member rep sign the new version online and file a self-inspection with an attachment', async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.shopRep);
    await page.getByRole('link', { name: '公约签署', exact: true }).click();
    await page.getByRole('heading', { name: '本单位签署的公约' }).waitFor();
    await page.getByText(/已签第 1 版，须在 .* 前续签/).waitFor();
    await accessible(page, 'our signatures');
    await screenshot(page, 'console-register-our-signatures');
    await page.getByRole('button', { name: /在线签署/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('不得刷单炒信', { exact: false }).waitFor();
    await dialog.getByLabel('签署人姓名').fill('张伟');
    await dialog.getByLabel('签署人职务').fill('总经理');
    await dialog.getByRole('button', { name: '签署' }).click();
    await dialog.getByText('请确认您有权代表本单位签署').waitFor();
    await dialog.getByText('本人有权代表本单位签署，并已阅读上述条文').click();
    await accessible(page, 'sign online');
    await dialog.getByRole('button', { name: '签署' }).click();
    await page.getByText('现行公约均已签署').waitFor();
    const signatures = (await api(`/v1/members/${ids.shop}/signatures`)).body.items;
    expect(signatures.map((s: { version: number; status: string; method: string }) => [s.version, s.status, s.method])).toEqual([
      [2, 'active', 'online'],
      [1, 'renewed', 'paper'],
    ]);

    await page.getByRole('link', { name: '自查报告', exact: true }).click();
    await page.getByRole('heading', { name: '本单位自查报告' }).waitFor();
    await page.getByRole('button', { name: '提交自查报告' }).click();
    const form = page.getByRole('dialog');
    await pick(page, '公约', '互联网行业自律公约');
    await form.getByRole('combobox', { name: '期间', exact: true }).fill(lastYear);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${lastYear}$`) }).click();
    await form.getByLabel('总体情况').fill('本单位开展了年度自查。');
    await pick(page, '自查条款 1', '第 3 条');
    await form.getByLabel('发现的问题').fill('用户注销流程超过十五个工作日。');
    await form.getByLabel('整改措施').fill('已将注销时限缩短为五个工作日。');
    const attachment = pdf('evidence of the fix');
    await form.locator('input[type=file]').setInputFiles({ name: 'fix.pdf', mimeType: 'application/pdf', buffer: attachment });
    await accessible(page, 'file report');
    await screenshot(page, 'console-register-file-report');
    await form.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/\/console\/self-inspections\/[0-9a-f-]{36}/);
    await page.getByText('用户注销流程超过十五个工作日。').waitFor();
    const id = page.url().split('/').pop()!;
    const report = (await api(`/v1/self-inspections/${id}`)).body;
    expect(report).toMatchObject({
      memberId: ids.shop,
      period: lastYear,
      status: 'submitted',
      revisions: [{ items: [{ articleNumber: 3, findings: '用户注销流程超过十五个工作日。', correctiveActions: '已将注销时限缩短为五个工作日。' }], attachments: [{ fileName: 'fix.pdf', sha256: createHash('sha256').update(attachment).digest('hex') }] }],
    });
    // A rep is offered no review.
    expect(await page.getByRole('button', { name: '通过' }).count()).toBe(0);
    expect(unexpected(problems)).toEqual([]);
  });

  it("refuses a member rep another member's page, the register and the pacts' drafts, from its own session", async () => {
    const ctx = await h.context();
    const { page, problems } = await signIn(ctx, users.shopRep);
    expect(await page.getByRole('link', { name: '会员名录', exact: true }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '自律公约', exact: true }).count()).toBe(0);
    await page.goto(`${h.base}/console/members/${ids.tech}`);
    await page.getByRole('alert').filter({ hasText: '没有这个会员，或您无权查看' }).waitFor();
    const statuses = await page.evaluate(async ([other, own]) => {
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = (await r.json()) as { accessToken: string };
      const auth = { authorization: `Bearer ${accessToken}` };
      return {
        other: (await fetch(`/v1/members/${other}`, { headers: auth })).status,
        otherSignatures: (await fetch(`/v1/members/${other}/signatures`, { headers: auth })).status,
        own: (await fetch(`/v1/members/${own}`, { headers: auth })).status,
        conventions: (await fetch('/v1/conventions', { headers: auth })).status,
        status: (await fetch(`/v1/members/${own}/status`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'expelled', reason: 'x' }) })).status,
      };
    }, [ids.tech, ids.shop]);
    expect(statuses).toEqual({ other: 404, otherSignatures: 404, own: 200, conventions: 403, status: 403 });
    expect((await api(`/v1/members/${ids.shop}`)).body.status).toBe('active');
    expect(unexpected(problems).filter((p) => !/40[34]/.test(p))).toEqual([]);
  });
});
