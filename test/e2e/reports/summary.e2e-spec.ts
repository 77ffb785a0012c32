import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { appendStep, insertHistory, insertPartner } from './case-history.js';

const count = (list: { key: string; count: number }[], key: string) => list.find((x) => x.key === key)?.count;

/**
 * A known October 2026 (Asia/Shanghai) history. Working days: 1–7 October is the National Day holiday and Saturday
 * 10 October is worked. Figures below are computed by hand from this history.
 */
async function octoberHistory(t: TestApp) {
  const m1 = await insertMember(t, { name: '甲电商', category: 'ecommerce' });
  const m2 = await insertMember(t, { name: '乙运营商', category: 'telecom_operator' });
  const m3 = await insertMember(t, { name: '丙政务网站', category: 'government' });
  const p1 = await insertPartner(t, '合作网站一');
  const ids: Record<string, string> = {};
  // C1: received in September; answered on time (request 30 Sep, answer 9 Oct: 2 working days), upheld, confirmed.
  ids.c1 = await insertHistory(t, {
    channel: 'web', category: 'fraud', respondent: m1, receivedAt: '2026-09-30T15:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2026-09-30T16:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: '2026-09-30T17:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
      { type: 'RESPOND', at: '2026-10-09T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'action_promised', action: '退款', by: '2026-10-20' } } },
      { type: 'RESOLVE', at: '2026-10-12T10:00:00+08:00', to: 'resolved', payload: { upheld: true, outcome: '已退款' } },
      { type: 'CONFIRM', at: '2026-10-14T09:00:00+08:00', to: 'closed' },
    ],
  });
  // C2: partner window; the response deadline elapsed, answered late (8 → 20 Oct: 9 working days), not upheld, still resolved at the end.
  ids.c2 = await insertHistory(t, {
    channel: 'partner', partnerId: p1, category: 'service_quality', respondent: m1, receivedAt: '2026-10-08T09:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2026-10-08T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: '2026-10-08T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
      { type: 'DEADLINE_ELAPSED', at: '2026-10-15T00:00:05+08:00', to: 'investigating', phase: 'awaiting_response', payload: { deadline: 'response' } },
      { type: 'RESPOND', at: '2026-10-20T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'unfounded', reasons: '已发货' } } },
      { type: 'RESOLVE', at: '2026-10-22T10:00:00+08:00', to: 'resolved', payload: { upheld: false, outcome: '不成立' } },
    ],
  });
  // C3: phone; deadline elapsed, still awaiting at the end of October; answered in November.
  ids.c3 = await insertHistory(t, {
    channel: 'phone', category: 'fraud', respondent: m2, receivedAt: '2026-10-12T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2026-10-12T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: '2026-10-12T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
      { type: 'DEADLINE_ELAPSED', at: '2026-10-20T00:00:05+08:00', to: 'investigating', phase: 'awaiting_response', payload: { deadline: 'response' } },
      { type: 'RESPOND', at: '2026-11-03T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'not_concerned' } } },
    ],
  });
  // C4: own site, not a member, dismissed after one day.
  ids.c4 = await insertHistory(t, {
    channel: 'web', category: 'privacy_infringement', respondent: null, receivedAt: '2026-10-15T10:00:00+08:00',
    steps: [{ type: 'DISMISS', at: '2026-10-16T10:00:00+08:00', to: 'dismissed', payload: { reason: '非会员' } }],
  });
  // C5: letter, mediated in 7 days, confirmed.
  ids.c5 = await insertHistory(t, {
    channel: 'letter', category: 'fraud', respondent: m1, receivedAt: '2026-10-20T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2026-10-20T12:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'START_MEDIATION', at: '2026-10-21T10:00:00+08:00', to: 'mediating' },
      { type: 'AGREEMENT', at: '2026-10-27T10:00:00+08:00', to: 'resolved', payload: { terms: '和解' } },
      { type: 'CONFIRM', at: '2026-10-29T10:00:00+08:00', to: 'closed' },
    ],
  });
  // C6: partner window, publicized after 5 days; closed in November.
  ids.c6 = await insertHistory(t, {
    channel: 'partner', partnerId: p1, category: 'fraud', respondent: m2, receivedAt: '2026-10-25T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2026-10-26T10:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'PROPOSE_PUBLICATION', at: '2026-10-27T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { summary: 's', findings: 'f' } },
      { type: 'RIGHT_OF_REPLY', at: '2026-10-28T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { reply: '无' } },
      { type: 'APPROVE', at: '2026-10-30T10:00:00+08:00', to: 'publicized' },
      { type: 'CLOSE', at: '2026-11-05T10:00:00+08:00', to: 'closed' },
    ],
  });
  // C7: 1 October 00:30 in Shanghai is still 30 September in UTC: it belongs to October.
  ids.c7 = await insertHistory(t, { channel: 'email', category: 'harmful_information', respondent: m3, receivedAt: '2026-10-01T00:30:00+08:00' });
  // C8: 1 November 00:30 in Shanghai is 31 October in UTC: it does not belong to October.
  ids.c8 = await insertHistory(t, { channel: 'web', category: 'fraud', respondent: m1, receivedAt: '2026-11-01T00:30:00+08:00' });
  // C9: matched to m3 at intake; triage in November moved it to m2. In October it counts for m3 (government).
  ids.c9 = await insertHistory(t, {
    channel: 'web', category: 'other', respondent: m2, intakeRespondent: m3, receivedAt: '2026-10-28T10:00:00+08:00',
    steps: [{ type: 'ACCEPT', at: '2026-11-02T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { respondentMemberId: m2 } }],
  });
  // C10: phone, withdrawn the next day.
  ids.c10 = await insertHistory(t, {
    channel: 'phone', category: 'fraud', respondent: m1, receivedAt: '2026-10-05T10:00:00+08:00',
    steps: [{ type: 'WITHDRAW', at: '2026-10-06T10:00:00+08:00', to: 'withdrawn' }],
  });
  return { m1, m2, m3, p1, ids };
}

describe('Summary — GET /v1/reports/summary', () => {
  let t: TestApp;
  let staff: string;
  let h: Awaited<ReturnType<typeof octoberHistory>>;
  const october = '/v1/reports/summary?period=month&date=2026-10-15';

  beforeAll(async () => {
    t = await createTestApp();
    h = await octoberHistory(t);
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  it('counts the October intake by channel, source, partner, category and respondent category, in Shanghai days', async () => {
    const res = await t.http().get(october).set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    const { period, intake } = res.body;
    expect(period).toMatchObject({ kind: 'month', from: '2026-10-01', to: '2026-10-31', timeZone: 'Asia/Shanghai', start: '2026-09-30T16:00:00.000Z', end: '2026-10-31T16:00:00.000Z' });
    expect(intake.total).toBe(8);
    expect(Object.fromEntries(intake.byChannel.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({ partner: 2, web: 2, phone: 2, letter: 1, email: 1, visit: 0 });
    expect(Object.fromEntries(intake.byChannelGroup.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({ own_site: 2, partner_windows: 2, staff_entry: 4 });
    expect(intake.byPartner).toEqual([{ key: h.p1, label: '合作网站一', labelEn: '合作网站一', count: 2 }]);
    expect(count(intake.byCategory, 'fraud')).toBe(4);
    expect(count(intake.byCategory, 'service_quality')).toBe(1);
    expect(count(intake.byCategory, 'privacy_infringement')).toBe(1);
    expect(count(intake.byCategory, 'harmful_information')).toBe(1);
    expect(count(intake.byCategory, 'other')).toBe(1);
    expect(count(intake.byCategory, 'false_advertising')).toBe(0);
    // C9 counts for its respondent at the end of October (the government member), not the one triage chose later.
    expect(Object.fromEntries(intake.byRespondentCategory.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({
      telecom_operator: 2, government: 2, ecommerce: 3, enterprise_site: 0, other: 0, unmatched: 1,
    });
  });

  it('counts transitions, outcomes, publications and missed deadlines from the history entries in the range', async () => {
    const { body } = await t.http().get(october).set('authorization', `Bearer ${staff}`);
    const transitions = Object.fromEntries(body.transitions.filter((c: { count: number }) => c.count > 0).map((c: { key: string; count: number }) => [c.key, c.count]));
    expect(transitions).toEqual({
      RECEIVED: 8, ACCEPT: 4, REQUEST_RESPONSE: 2, DEADLINE_ELAPSED: 2, RESPOND: 2, RESOLVE: 2, CONFIRM: 2, DISMISS: 1,
      START_MEDIATION: 1, AGREEMENT: 1, PROPOSE_PUBLICATION: 1, RIGHT_OF_REPLY: 1, APPROVE: 1, WITHDRAW: 1,
    });
    expect(body.outcomes).toEqual({
      resolvedUpheld: 1, resolvedNotUpheld: 1, mediatedAgreements: 1, mediationsFailed: 0, mediationsTimedOut: 0, dismissed: 1,
      withdrawn: 1, merged: 0, closed: 2, disputed: 0, reopened: 0,
    });
    expect(body.publications.total).toBe(1);
    expect(count(body.publications.byCategory, 'fraud')).toBe(1);
    expect(body.referrals.total).toBe(0);
    expect(body.overdue).toEqual({ missedTriage: 0, missedResponse: 2, missedResolution: 0, openOverdueAtEnd: 2 });
  });

  it('measures respondent answers on Chinese working days: on-time share and median', async () => {
    const { body } = await t.http().get(october).set('authorization', `Bearer ${staff}`);
    // On time: C1. Late: C2. Deadlines missed in October: C2 and C3. Share 1 / (1 + 2); median of 2 and 9 working days.
    expect(body.respondentAnswers).toMatchObject({ answered: 2, answeredOnTime: 1, answeredLate: 1, deadlinesMissed: 2, onTimeShare: 0.3333, medianWorkingDays: 5.5 });
    expect(Object.fromEntries(body.respondentAnswers.byKind.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({ action_promised: 1, unfounded: 1, not_concerned: 0 });
  });

  it('gives the median and 90th percentile time to the first decision', async () => {
    const { body } = await t.http().get(october).set('authorization', `Bearer ${staff}`);
    // Days from receipt: C4 1, C6 5, C5 7, C1 11.79, C2 14.04 → median 7, p90 11.79 + 0.6 × 2.25 = 13.14.
    expect(body.resolution).toMatchObject({ decided: 5, medianDays: 7, p90Days: 13.14 });
    expect(Object.fromEntries(body.resolution.byDecision.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({ resolved: 3, publicized: 1, referred: 0, dismissed: 1 });
  });

  it('gives the cases open at the end of the range as their history left them then, not as they are now', async () => {
    const { body } = await t.http().get(october).set('authorization', `Bearer ${staff}`);
    // C2 resolved (overdue), C3 awaiting the respondent (overdue), C6 publicized (closed since), C7 and C9 received.
    expect(body.openAtEnd.total).toBe(5);
    expect(Object.fromEntries(body.openAtEnd.byState.map((c: { key: string; count: number }) => [c.key, c.count]))).toEqual({
      received: 2, investigating: 1, mediating: 0, resolved: 1, publicized: 1, referred: 0,
    });
    expect(body.openAtEnd).toMatchObject({ awaitingResponse: 1, overdue: 2, at: '2026-10-31T16:00:00.000Z' });
  });

  it('answers the same for a past range after the history goes on', async () => {
    const before = (await t.http().get(`${october}&groupBy=week`).set('authorization', `Bearer ${staff}`)).body;
    await appendStep(t, h.ids.c2, { type: 'CONFIRM', at: '2026-11-10T10:00:00+08:00', to: 'closed' });
    await appendStep(t, h.ids.c7, { type: 'DISMISS', at: '2026-11-11T10:00:00+08:00', to: 'dismissed', payload: { reason: '重复' } });
    const after = (await t.http().get(`${october}&groupBy=week`).set('authorization', `Bearer ${staff}`)).body;
    expect(after).toEqual(before);
    const november = (await t.http().get('/v1/reports/summary?from=2026-11-01&to=2026-11-30').set('authorization', `Bearer ${staff}`)).body;
    expect(november.intake.total).toBe(1);
    expect(november.outcomes.closed).toBe(2); // C6 CLOSE, and C2 CONFIRM (just added)
    expect(november.outcomes.dismissed).toBe(1);
  });

  it('adds a weekly series when asked (ISO weeks starting on Monday)', async () => {
    const { body } = await t.http().get(`${october}&groupBy=week`).set('authorization', `Bearer ${staff}`);
    expect(body.series[0]).toEqual({ bucket: '2026-09-28', received: 1, decided: 0, publications: 0, referrals: 0 });
    expect(body.series.reduce((s: number, p: { received: number }) => s + p.received, 0)).toBe(8);
    expect(body.series.reduce((s: number, p: { decided: number }) => s + p.decided, 0)).toBe(5);
    expect(body.series.find((p: { bucket: string }) => p.bucket === '2026-10-26')).toEqual({ bucket: '2026-10-26', received: 1, decided: 2, publications: 1, referrals: 0 });
  });

  it('exports CSV in UTF-8 with a byte-order mark and Chinese headers, English with lang=en', async () => {
    const res = await t.http().get(`${october}&format=csv`).set('authorization', `Bearer ${staff}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="summary-2026-10-01_2026-10-31.csv"');
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8').slice(1);
    expect(text).toContain('概况\r\n指标代码,指标,数值\r\nperiod,统计期间,2026-10-01 — 2026-10-31 (Asia/Shanghai)\r\nreceived,收到投诉,8\r\n');
    expect(text).toContain('按渠道收案\r\n渠道,名称,数量,占比\r\npartner,合作网站,2,0.25\r\n');
    const en = await t.http().get(`${october}&format=csv&lang=en`).set('authorization', `Bearer ${staff}`);
    expect(en.text).toContain('Overview\r\nKey,Figure,Value\r\n');
    expect(en.text).toContain('received,Complaints received,8\r\n');
  });

  it('exports XLSX with one worksheet per section', async () => {
    const res = await t.http().get(`${october}&format=xlsx`).set('authorization', `Bearer ${staff}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    expect(wb.worksheets.map((w) => w.name).slice(0, 3)).toEqual(['概况', '按渠道收案', '按来源收案']);
    const channels = wb.getWorksheet('按渠道收案')!;
    expect(channels.getRow(1).values).toEqual([undefined, '渠道', '名称', '数量', '占比']);
    expect(channels.getRow(2).values).toEqual([undefined, 'partner', '合作网站', 2, 0.25]);
  });

  it('refuses a bad period with field-level errors, never a 500', async () => {
    const get = (q: string) => t.http().get(`/v1/reports/summary?${q}`).set('authorization', `Bearer ${staff}`);
    const cases: [string, string, string][] = [
      ['', 'REPORT_PERIOD_INVALID', 'from'],
      ['from=2026-02-30&to=2026-03-01', 'REPORT_PERIOD_INVALID', 'from'],
      ['from=2026-10-31&to=2026-10-01', 'REPORT_PERIOD_INVALID', 'to'],
      ['from=2024-01-01&to=2026-01-01', 'REPORT_PERIOD_INVALID', 'to'],
      ['period=month&from=2026-10-01', 'REPORT_PERIOD_INVALID', 'period'],
      ['period=month&date=yesterday', 'REPORT_PERIOD_INVALID', 'date'],
      ['period=fortnight', 'VALIDATION_FAILED', 'period'],
      ['period=month&format=pdf', 'VALIDATION_FAILED', 'format'],
      ['period=month&groupBy=hour', 'VALIDATION_FAILED', 'groupBy'],
      ['period=month&from=2026-10-01&from=2026-10-02', 'VALIDATION_FAILED', 'from'],
    ];
    for (const [q, code, field] of cases) {
      const res = await get(q);
      expectProblem(res, 400, code);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for staff only: a member_rep is refused, and so is an anonymous caller', async () => {
    const rep = await userWithRole(t, 'member_rep', { memberId: h.m1 });
    expectProblem(await t.http().get(october).set('authorization', `Bearer ${rep.token}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(october), 401, 'UNAUTHENTICATED');
    const supervisor = await userWithRole(t, 'supervisor');
    expect((await t.http().get(october).set('authorization', `Bearer ${supervisor.token}`)).status).toBe(200);
  });
});
