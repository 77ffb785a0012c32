import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { insertHistory, insertPartner } from './case-history.js';

describe('Public statistics — GET /v1/public/statistics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const m = await insertMember(t, { name: '唯一的运营商会员', category: 'telecom_operator' });
    const p = await insertPartner(t, '某合作门户');
    const at = (d: string) => `2025-03-${d}T10:00:00+08:00`;
    await insertHistory(t, { channel: 'web', category: 'fraud', respondent: m, receivedAt: at('03') });
    await insertHistory(t, { channel: 'partner', partnerId: p, category: 'fraud', respondent: m, receivedAt: at('04') });
    await insertHistory(t, { channel: 'partner', partnerId: p, category: 'privacy_infringement', respondent: m, receivedAt: at('05') });
    await insertHistory(t, { channel: 'visit', category: 'other', respondent: null, receivedAt: at('06'), steps: [{ type: 'DISMISS', at: at('08'), to: 'dismissed', payload: { reason: '不受理' } }] });
    await insertHistory(t, { channel: 'letter', category: 'fraud', respondent: m, receivedAt: '2025-04-01T10:00:00+08:00' });
  });
  afterAll(() => t.close());

  it('publishes aggregates split as the national reporting centre does, without login, cacheable', async () => {
    const res = await t.http().get('/v1/public/statistics?period=month&date=2025-03-15');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.body).toMatchObject({ period: { from: '2025-03-01', to: '2025-03-31' }, provisional: false, received: 4, decided: 1, publications: 0, referrals: 0 });
    expect(res.body.receivedByChannelGroup.map((c: { key: string; label: string; count: number }) => [c.key, c.label, c.count])).toEqual([
      ['own_site', '本会网站受理', 1], ['partner_windows', '合作网站举报窗口受理', 2], ['staff_entry', '电话、来信、邮件、来访受理', 1],
    ]);
    expect(res.body.receivedByCategory.find((c: { key: string }) => c.key === 'fraud').count).toBe(2);
  });

  it('names no member and no partner, not even the only member of its category', async () => {
    for (const format of ['json', 'csv']) {
      const res = await t.http().get(`/v1/public/statistics?period=year&date=2025-06-01&format=${format}`);
      expect(res.status).toBe(200);
      const text = format === 'json' ? JSON.stringify(res.body) : res.text;
      expect(text).not.toContain('唯一的运营商会员');
      expect(text).not.toContain('某合作门户');
      expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      expect(text).not.toMatch(/telecom|基础电信/);
    }
  });

  it('defaults to the last complete month, and refuses a future period', async () => {
    const res = await t.http().get('/v1/public/statistics');
    expect(res.status).toBe(200);
    expect(res.body.period.kind).toBe('month');
    expect(res.body.provisional).toBe(false);
    expect(Date.parse(res.body.period.end)).toBeLessThanOrEqual(Date.now());
    expectProblem(await t.http().get('/v1/public/statistics?period=year&date=2099-01-01'), 400, 'REPORT_PERIOD_INVALID');
    expectProblem(await t.http().get('/v1/public/statistics?period=week'), 400, 'VALIDATION_FAILED');
  });
});

describe('Cases export — GET /v1/reports/cases.csv', () => {
  let t: TestApp;
  let staff: string;
  const TOTAL = 12_000; // more than two batches of 5,000, with cases sharing a time across a batch boundary
  beforeAll(async () => {
    t = await createTestApp();
    const m = await insertMember(t, { name: '甲电商', category: 'ecommerce' });
    staff = (await userWithRole(t, 'secretariat')).token;
    // Cases for the export, in bulk: three at a time, every 100 minutes from 1 January 2025 (Shanghai).
    await t.sql.query(
      `INSERT INTO cases (reference, channel, respondent_member_id, respondent_name, respondent_match, category, title, description, occurred_at,
         complainant_anonymous, receipt_hash, state, phase, snapshot, machine_version, received_at, updated_at)
       SELECT 'TS-2025-' || lpad(n::text, 6, '0'), 'web', $1, '甲电商', '{"method":"member_id"}', 'fraud',
              CASE WHEN n = 1 THEN '=HYPERLINK("http://x")，"引号"' ELSE '标题' || n END, '内容', now(), true, 'r' || n, 'investigating', 'awaiting_response', '{}', 1,
              TIMESTAMPTZ '2025-01-01 00:00:00+08' + ((n - 1) / 3) * interval '100 minutes', now()
         FROM generate_series(1, $2::int) n`,
      [m, TOTAL],
    );
    // The last case of the year: no member, no phase (empty fields keep their place).
    await insertHistory(t, { channel: 'visit', category: 'other', respondent: null, receivedAt: '2025-12-31T23:59:00+08:00', steps: [{ type: 'DISMISS', at: '2026-01-02T10:00:00+08:00', to: 'dismissed' }] });
  });
  afterAll(() => t.close());

  it('streams every case received in the range, in order, as CSV with a byte-order mark and Chinese headers', async () => {
    const res = await t.http().get('/v1/reports/cases.csv?from=2025-01-01&to=2025-12-31').set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="cases-2025-01-01_2025-12-31.csv"');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('编号,收到时间（北京时间）,渠道,来源,合作网站,类别,被投诉方,会员ID,会员类别,标题,当前状态,当前阶段,逾期');
    expect(lines).toHaveLength(TOTAL + 2);
    // A title that a spreadsheet would run as a formula is neutralised; quotes are doubled.
    expect(lines.slice(1, 4).find((l) => l.startsWith('TS-2025-000001,'))).toMatch(
      /^TS-2025-000001,2025-01-01 00:00:00,本会网站,本会网站受理,,网络诈骗,甲电商,[0-9a-f-]{36},电子商务网站,"'=HYPERLINK\(""http:\/\/x""\)，""引号""",调查中,等待被投诉方答复,否$/,
    );
    // Every case exactly once, in order of receipt, across the batch boundaries.
    const refs = lines.slice(1, TOTAL + 1).map((l) => l.split(',')[0]);
    expect(new Set(refs).size).toBe(TOTAL);
    expect(refs.every((r) => /^TS-2025-\d{6}$/.test(r))).toBe(true);
    const times = lines.slice(1).map((l) => l.split(',')[1]);
    expect([...times].sort()).toEqual(times);
    expect(lines[TOTAL + 1].split(',')).toEqual([expect.stringMatching(/^TS-T-/), '2025-12-31 23:59:00', '来访', '电话、来信、邮件、来访受理', '', '其他', '某某网络科技有限公司', '', '', '测试投诉', '不予受理/驳回', '', '否']);
  });

  it('limits the export to the range, in Shanghai days, and speaks English with lang=en', async () => {
    // 1 January 2025: 15 times (00:00 … 23:20), three cases each.
    const res = await t.http().get('/v1/reports/cases.csv?from=2025-01-01&to=2025-01-01&lang=en').set('authorization', `Bearer ${staff}`);
    const lines = res.text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('Reference,Received (Asia/Shanghai),Channel,Source,Partner,Category,Respondent,Member id,Member category,Title,Current state,Current phase,Overdue');
    expect(lines).toHaveLength(46);
    expect(lines[45]).toMatch(/^TS-2025-0000(43|44|45),2025-01-01 23:20:00,Own website,Own website,,Fraud,/);
  });

  it('records the export in the audit log, and refuses bad ranges and other roles', async () => {
    const audit = (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.cases.export'`)).rows[0].n;
    expect(audit).toBeGreaterThanOrEqual(1);
    expectProblem(await t.http().get('/v1/reports/cases.csv?from=2025-01-01').set('authorization', `Bearer ${staff}`), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get('/v1/reports/cases.csv?from=2023-01-01&to=2025-01-01').set('authorization', `Bearer ${staff}`), 400, 'REPORT_PERIOD_INVALID');
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await t.http().get('/v1/reports/cases.csv?from=2025-01-01&to=2025-01-31').set('authorization', `Bearer ${rep.token}`), 403, 'FORBIDDEN_ROLE');
  });
});
