import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { insertHistory, insertPartner, type KnownCase } from '../reports/case-history.js';

/** A small October 2025 history touching every figure: intake by channel, answers on time and late, decisions, mediation, a publication, closings, open cases. */
function history(m1: string, m2: string, p1: string): KnownCase[] {
  return [
    {
      channel: 'web', category: 'fraud', respondent: m1, receivedAt: '2025-09-30T15:00:00+08:00',
      steps: [
        { type: 'ACCEPT', at: '2025-09-30T16:00:00+08:00', to: 'investigating', phase: 'reviewing' },
        { type: 'REQUEST_RESPONSE', at: '2025-09-30T17:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
        { type: 'RESPOND', at: '2025-10-09T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'action_promised', action: '退款', by: '2025-10-20' } } },
        { type: 'RESOLVE', at: '2025-10-13T10:00:00+08:00', to: 'resolved', payload: { upheld: true, outcome: '已退款' } },
        { type: 'CONFIRM', at: '2025-10-14T09:00:00+08:00', to: 'closed' },
      ],
    },
    {
      channel: 'partner', partnerId: p1, category: 'service_quality', respondent: m1, receivedAt: '2025-10-09T09:00:00+08:00',
      steps: [
        { type: 'ACCEPT', at: '2025-10-09T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
        { type: 'REQUEST_RESPONSE', at: '2025-10-09T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
        { type: 'DEADLINE_ELAPSED', at: '2025-10-16T00:00:05+08:00', to: 'investigating', phase: 'awaiting_response', payload: { deadline: 'response' } },
        { type: 'RESPOND', at: '2025-10-20T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'unfounded', reasons: '已发货' } } },
        { type: 'RESOLVE', at: '2025-10-22T10:00:00+08:00', to: 'resolved', payload: { upheld: false, outcome: '不成立' } },
      ],
    },
    {
      channel: 'phone', category: 'fraud', respondent: m2, receivedAt: '2025-10-13T10:00:00+08:00',
      steps: [
        { type: 'ACCEPT', at: '2025-10-13T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
        { type: 'REQUEST_RESPONSE', at: '2025-10-13T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
        { type: 'DEADLINE_ELAPSED', at: '2025-10-21T00:00:05+08:00', to: 'investigating', phase: 'awaiting_response', payload: { deadline: 'response' } },
      ],
    },
    { channel: 'web', category: 'privacy_infringement', respondent: null, receivedAt: '2025-10-15T10:00:00+08:00', steps: [{ type: 'DISMISS', at: '2025-10-16T10:00:00+08:00', to: 'dismissed', payload: { reason: '非会员' } }] },
    {
      channel: 'letter', category: 'fraud', respondent: m1, receivedAt: '2025-10-20T10:00:00+08:00',
      steps: [
        { type: 'ACCEPT', at: '2025-10-20T12:00:00+08:00', to: 'investigating', phase: 'reviewing' },
        { type: 'START_MEDIATION', at: '2025-10-21T10:00:00+08:00', to: 'mediating' },
        { type: 'AGREEMENT', at: '2025-10-27T10:00:00+08:00', to: 'resolved', payload: { terms: '和解' } },
        { type: 'CONFIRM', at: '2025-10-29T10:00:00+08:00', to: 'closed' },
      ],
    },
    {
      channel: 'partner', partnerId: p1, category: 'fraud', respondent: m2, receivedAt: '2025-10-24T10:00:00+08:00',
      steps: [
        { type: 'ACCEPT', at: '2025-10-24T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
        { type: 'PROPOSE_PUBLICATION', at: '2025-10-27T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { summary: 's', findings: 'f' } },
        { type: 'APPROVE', at: '2025-10-30T10:00:00+08:00', to: 'publicized' },
      ],
    },
    { channel: 'email', category: 'harmful_information', respondent: m2, receivedAt: '2025-10-28T10:00:00+08:00' },
  ];
}

/** Every report, export and statistic a test complaint could leak into, as its bytes (JSON normalised, CSV as text). */
async function everyFigure(t: TestApp, staff: string, m1: string, m2: string): Promise<Record<string, unknown>> {
  const get = async (url: string, auth = true) => {
    const r = t.http().get(url);
    const res = await (auth ? r.set('authorization', `Bearer ${staff}`) : r);
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.headers['content-type']?.includes('json') ? res.body : res.text;
  };
  return {
    summary: await get('/v1/reports/summary?period=month&date=2025-10-15&groupBy=week'),
    summaryYear: await get('/v1/reports/summary?period=year&date=2025-06-01&groupBy=month'),
    summaryCsv: await get('/v1/reports/summary?period=month&date=2025-10-15&format=csv'),
    annualM1: await get(`/v1/reports/members/${m1}/annual?year=2025`),
    annualM2: await get(`/v1/reports/members/${m2}/annual?year=2025`),
    evaluation: await get('/v1/reports/evaluation?year=2025'),
    statistics: await get('/v1/public/statistics?period=month&date=2025-10-15', false),
    statisticsYear: await get('/v1/public/statistics?period=year&date=2025-06-01', false),
    export: await get('/v1/reports/cases.csv?from=2025-10-01&to=2025-10-31'),
    list: (await get('/v1/cases?limit=100')).items.map((c: { id: string }) => c.id).sort(),
  };
}

describe('Reports, evaluations, exports and public statistics leave test complaints out', () => {
  let t: TestApp;
  let staff: string;
  let m1: string;
  let m2: string;
  let live: string[] = [];
  let before: Record<string, unknown>;

  beforeAll(async () => {
    t = await createTestApp();
    m1 = await insertMember(t, { name: '甲电商', category: 'ecommerce' });
    m2 = await insertMember(t, { name: '乙运营商', category: 'telecom_operator' });
    const p1 = await insertPartner(t, '合作网站一');
    staff = (await userWithRole(t, 'secretariat')).token;
    for (const c of history(m1, m2, p1)) live.push(await insertHistory(t, c));
    // Survey answers on the closed live cases.
    for (const id of [live[0], live[4]]) await t.sql.query(`INSERT INTO satisfaction_surveys (case_id, rating, comment, answered_at) VALUES ($1, 4, '满意', '2025-10-30T10:00:00+08:00')`, [id]);
    before = await everyFigure(t, staff, m1, m2);
  });
  afterAll(() => t.close());

  it('the live history is counted (the comparison below is not between two empty reports)', () => {
    const summary = before.summary as { received: unknown };
    expect(JSON.stringify(summary)).toMatch(/\d/);
    expect((before.list as string[]).length).toBe(7);
    expect(before.export).toContain('TS-T-');
  });

  it('adding the same history again as test complaints (with surveys) changes no figure, line or list', async () => {
    const twins: string[] = [];
    for (const c of history(m1, m2, (await t.sql.query('SELECT id FROM partners LIMIT 1')).rows[0].id)) twins.push(await insertHistory(t, c));
    await t.sql.query('UPDATE cases SET test = true WHERE id = ANY($1)', [twins]);
    for (const id of [twins[0], twins[4]]) await t.sql.query(`INSERT INTO satisfaction_surveys (case_id, rating, comment, answered_at) VALUES ($1, 1, '测试', '2025-10-30T11:00:00+08:00')`, [id]);
    await t.restart(); // public statistics are cached for 5 minutes in the process
    const after = await everyFigure(t, staff, m1, m2);
    for (const key of Object.keys(before)) expect({ key, value: after[key] }).toEqual({ key, value: before[key] });
  });

  it('while the same history as live complaints would change them (the twins are what the reports would count)', async () => {
    await t.sql.query('UPDATE cases SET test = false WHERE test');
    await t.restart();
    const counted = await everyFigure(t, staff, m1, m2);
    expect(counted.summary).not.toEqual(before.summary);
    expect(counted.statistics).not.toEqual(before.statistics);
    expect(counted.evaluation).not.toEqual(before.evaluation);
    expect(counted.export).not.toEqual(before.export);
    await t.sql.query('UPDATE cases SET test = true WHERE id <> ALL($1)', [live]);
  });
});
