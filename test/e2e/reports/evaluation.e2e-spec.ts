import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { insertHistory } from './case-history.js';


/** A known 2025 history for four members (figures computed by hand in the tests). */
async function history2025(t: TestApp) {
  const m1 = await insertMember(t, { name: '甲电商', category: 'ecommerce' });
  const m2 = await insertMember(t, { name: '乙运营商', category: 'telecom_operator' });
  const m3 = await insertMember(t, { name: '丙政务网站', category: 'government' });
  const m4 = await insertMember(t, { name: '丁企业', category: 'enterprise_site' });
  const late = await insertMember(t, { name: '戊新会员', category: 'other' });
  await t.sql.query(`UPDATE members SET joined_on = '2026-02-01' WHERE id = $1`, [late]);
  const steps = {
    answered: (day: string, answer: string) => [
      { type: 'ACCEPT', at: `${day}T11:00:00+08:00`, to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: `${day}T12:00:00+08:00`, to: 'investigating', phase: 'awaiting_response' },
      { type: 'RESPOND', at: `${answer}T10:00:00+08:00`, to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'action_promised', action: '整改', by: '2026-01-01' } } },
    ],
  };
  // m1: three complaints; one answer on time, one late; findings upheld, not upheld, mediated (upheld).
  await insertHistory(t, {
    channel: 'web', category: 'fraud', respondent: m1, receivedAt: '2025-03-03T10:00:00+08:00',
    steps: [
      ...steps.answered('2025-03-03', '2025-03-05'),
      { type: 'RESOLVE', at: '2025-03-10T10:00:00+08:00', to: 'resolved', payload: { upheld: true, outcome: '成立' } },
      { type: 'CONFIRM', at: '2025-03-12T10:00:00+08:00', to: 'closed' },
    ],
  });
  await insertHistory(t, {
    channel: 'web', category: 'fraud', respondent: m1, receivedAt: '2025-04-01T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2025-04-01T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: '2025-04-01T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
      { type: 'DEADLINE_ELAPSED', at: '2025-04-09T00:00:05+08:00', to: 'investigating', phase: 'awaiting_response', payload: { deadline: 'response' } },
      { type: 'RESPOND', at: '2025-04-10T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'unfounded', reasons: '否认' } } },
      { type: 'RESOLVE', at: '2025-04-20T10:00:00+08:00', to: 'resolved', payload: { upheld: false, outcome: '不成立' } },
      { type: 'CONFIRM', at: '2025-04-22T10:00:00+08:00', to: 'closed' },
    ],
  });
  await insertHistory(t, {
    channel: 'letter', category: 'service_quality', respondent: m1, receivedAt: '2025-05-06T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2025-05-06T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'START_MEDIATION', at: '2025-05-07T10:00:00+08:00', to: 'mediating' },
      { type: 'AGREEMENT', at: '2025-05-10T10:00:00+08:00', to: 'resolved', payload: { terms: '和解' } },
      { type: 'CONFIRM', at: '2025-05-12T10:00:00+08:00', to: 'closed' },
    ],
  });
  // m2: two complaints; answered on time and publicized; a failed mediation, then upheld.
  await insertHistory(t, {
    channel: 'phone', category: 'false_advertising', respondent: m2, receivedAt: '2025-06-02T10:00:00+08:00',
    steps: [
      ...steps.answered('2025-06-02', '2025-06-04'),
      { type: 'PROPOSE_PUBLICATION', at: '2025-06-05T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { summary: 's', findings: 'f' } },
      { type: 'RIGHT_OF_REPLY', at: '2025-06-06T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { reply: '无' } },
      { type: 'APPROVE', at: '2025-06-08T10:00:00+08:00', to: 'publicized' },
      { type: 'CLOSE', at: '2025-06-20T10:00:00+08:00', to: 'closed' },
    ],
  });
  await insertHistory(t, {
    channel: 'web', category: 'fraud', respondent: m2, receivedAt: '2025-07-01T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2025-07-01T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'START_MEDIATION', at: '2025-07-02T10:00:00+08:00', to: 'mediating' },
      { type: 'MEDIATION_FAILED', at: '2025-07-10T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { reason: '拒绝' } },
      { type: 'RESOLVE', at: '2025-07-20T10:00:00+08:00', to: 'resolved', payload: { upheld: true, outcome: '成立' } },
      { type: 'CONFIRM', at: '2025-07-25T10:00:00+08:00', to: 'closed' },
    ],
  });
  // m3: one complaint in 2025 (dismissed), and one from December 2024 answered on time and not upheld in 2025.
  await insertHistory(t, {
    channel: 'email', category: 'other', respondent: m3, receivedAt: '2025-08-01T10:00:00+08:00',
    steps: [{ type: 'DISMISS', at: '2025-08-02T10:00:00+08:00', to: 'dismissed', payload: { reason: '不属实' } }],
  });
  await insertHistory(t, {
    channel: 'web', category: 'other', respondent: m3, receivedAt: '2024-12-20T10:00:00+08:00',
    steps: [
      ...steps.answered('2024-12-20', '2025-01-05'),
      { type: 'RESOLVE', at: '2025-01-10T10:00:00+08:00', to: 'resolved', payload: { upheld: false, outcome: '不成立' } },
      { type: 'CONFIRM', at: '2025-01-12T10:00:00+08:00', to: 'closed' },
    ],
  });
  return { m1, m2, m3, m4, late };
}

describe('Evaluation — GET /v1/reports/evaluation, finalise — POST /v1/reports/evaluation/:year/finalise', () => {
  let t: TestApp;
  let staff: string;
  let supervisor: string;
  let h: Awaited<ReturnType<typeof history2025>>;

  beforeAll(async () => {
    t = await createTestApp({ EVALUATION_MIN_CASES: '2' });
    h = await history2025(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    supervisor = (await userWithRole(t, 'supervisor')).token;
  });
  afterAll(() => t.close());

  it('ranks the members at or above the minimum by the documented score and lists the others unranked', async () => {
    const res = await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    expect(res.body.methodology).toEqual({
      version: 'eval-2026.2', document: 'docs/evaluation-methodology.md', minCases: 2,
      weights: { timeliness: 36, notUpheld: 22.5, mediation: 13.5, sanctions: 18, compliance: 10 },
    });
    expect(res.body.finalised).toBeNull();
    // The member that joined in 2026 is not evaluated for 2025. None of them signed a pact: compliance is left out.
    expect(res.body.members.map((m: { memberId: string; rank: number | null; score: number | null }) => [m.memberId, m.rank, m.score])).toEqual([
      [h.m1, 1, 63.3], // (36×0.5 + 22.5×(1−0.6667) + 13.5×1 + 18×1) / 90 = (18 + 7.4993 + 13.5 + 18) / 90 = 0.6333
      [h.m2, 2, 55], // (36×1 + 22.5×0 + 13.5×0 + 18×0.75) / 90 = 49.5 / 90 = 0.55
      [h.m3, null, 100], // one complaint: below the minimum of 2
      [h.m4, null, 100],
    ]);
    const [m1, m2, m3, m4] = res.body.members;
    expect(m1.inputs).toMatchObject({
      complaintsReceived: 3, findings: 3, upheld: 2, upheldShare: 0.6667, answeredOnTime: 1, answeredLate: 1, responseDeadlinesMissed: 1,
      answeredOnTimeShare: 0.5, mediationsSucceeded: 1, mediationsEnded: 1, mediationSuccessShare: 1, publications: 0, referrals: 0,
    });
    expect(m2.inputs).toMatchObject({ complaintsReceived: 2, findings: 1, upheld: 1, answeredOnTime: 1, mediationsEnded: 1, mediationSuccessShare: 0, publications: 1 });
    expect(m3).toMatchObject({ ranked: false, notRankedReason: 'below_minimum_cases', inputs: { complaintsReceived: 1, findings: 1, upheld: 0, answeredOnTime: 1 } });
    expect(m3.components.find((c: { key: string }) => c.key === 'mediation').value).toBeNull();
    expect(m1.components.map((c: { key: string; value: number | null }) => [c.key, c.value])).toEqual([
      ['timeliness', 0.5], ['notUpheld', 0.3333], ['mediation', 1], ['sanctions', 1], ['compliance', null],
    ]);
    expect(m4.inputs.complaintsReceived).toBe(0);
  });

  it('reports zero pact signatures and self-inspections for members that signed nothing, with no share and no compliance score', async () => {
    const { body } = await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${staff}`);
    for (const m of body.members) {
      expect(m.inputs.pacts).toEqual({
        available: true, note: null, conventionsInForce: 0, conventionsApplicable: 0, currentVersionsSigned: 0, renewalsPending: 0, renewalsOverdue: 0, withdrawn: 0, share: null,
      });
      expect(m.inputs.selfInspections).toEqual({ available: true, note: null, due: 0, filed: 0, filedOnTime: 0, overdue: 0, onTimeShare: null });
    }
    const csv = await t.http().get('/v1/reports/evaluation?year=2025&format=csv').set('authorization', `Bearer ${staff}`);
    expect(csv.text.split('\r\n')[0]).toBe(
      '\uFEFF排名,会员单位,会员ID,会员类别,状态,得分,未排名原因,收到投诉,处理结论,投诉成立,成立率,按期答复,逾期后答复,逾期未答复,按期答复率,调解成功,调解结束,调解成功率,曝光,移送,'
      + '适用公约,已签署现行公约,待续签,逾期未续签,年内退出公约,现行版本签署率,应交自查报告,已提交自查报告,按期提交自查报告,逾期自查报告,自查报告按期率,评价方法版本',
    );
    expect(csv.text.split('\r\n')[1]).toBe(`1,甲电商,${h.m1},电子商务网站,active,63.3,,3,3,2,0.6667,1,1,1,0.5,1,1,1,0,0,0,0,0,0,0,,0,0,0,0,,eval-2026.2`);
    expect(csv.text.split('\r\n')[3]).toContain('收到投诉少于2件');
  });

  it('gives a member that joined after the year an empty line whose pact and self-inspection figures are not available', async () => {
    const res = await t.http().get(`/v1/reports/members/${h.late}/annual?year=2025`).set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    const note = 'Not evaluated: the member joined after the year.';
    expect(res.body.evaluation).toMatchObject({ memberId: h.late, ranked: false, score: null });
    expect(res.body.evaluation.components.map((c: { key: string; value: number | null }) => [c.key, c.value])).toEqual([
      ['timeliness', null], ['notUpheld', null], ['mediation', null], ['sanctions', null], ['compliance', null],
    ]);
    expect(res.body.evaluation.inputs.pacts).toEqual({
      available: false, note, conventionsInForce: null, conventionsApplicable: null, currentVersionsSigned: null, renewalsPending: null, renewalsOverdue: null, withdrawn: null, share: null,
    });
    expect(res.body.evaluation.inputs.selfInspections).toEqual({ available: false, note, due: null, filed: null, filedOnTime: null, overdue: null, onTimeShare: null });
    const csv = await t.http().get(`/v1/reports/members/${h.late}/annual?year=2025&format=csv&lang=en`).set('authorization', `Bearer ${staff}`);
    expect(csv.text).toContain('\r\npacts,Current pacts signed,not available\r\n');
  });

  it('gives a member its annual summary; a member_rep sees its own organisation only', async () => {
    const own = await t.http().get(`/v1/reports/members/${h.m1}/annual?year=2025`).set('authorization', `Bearer ${staff}`);
    expect(own.status).toBe(200);
    expect(own.body.member).toMatchObject({ id: h.m1, name: '甲电商', category: 'ecommerce' });
    expect(own.body.evaluation).toMatchObject({ memberId: h.m1, rank: 1, score: 63.3 });
    expect(own.body.intake.total).toBe(3);
    expect(own.body.respondentAnswers).toMatchObject({ answered: 2, answeredOnTime: 1, answeredLate: 1, deadlinesMissed: 1, onTimeShare: 0.5 });
    expect(own.body.outcomes).toMatchObject({ resolvedUpheld: 1, resolvedNotUpheld: 1, mediatedAgreements: 1, closed: 3 });
    const rep = await userWithRole(t, 'member_rep', { memberId: h.m1 });
    const mine = await t.http().get(`/v1/reports/members/${h.m1}/annual?year=2025`).set('authorization', `Bearer ${rep.token}`);
    expect(mine.status).toBe(200);
    expect(mine.body.evaluation.inputs).toEqual(own.body.evaluation.inputs);
    expectProblem(await t.http().get(`/v1/reports/members/${h.m2}/annual?year=2025`).set('authorization', `Bearer ${rep.token}`), 404, 'REPORT_MEMBER_NOT_FOUND');
    expectProblem(await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${rep.token}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get(`/v1/reports/members/00000000-0000-4000-8000-000000000099/annual?year=2025`).set('authorization', `Bearer ${staff}`), 404, 'REPORT_MEMBER_NOT_FOUND');
    expectProblem(await t.http().get(`/v1/reports/members/${h.m1}/annual?year=twenty`).set('authorization', `Bearer ${staff}`), 400, 'VALIDATION_FAILED');
    expectProblem(await t.http().get(`/v1/reports/members/${h.m1}/annual?year=2099`).set('authorization', `Bearer ${staff}`), 400, 'REPORT_PERIOD_INVALID');
    const xlsx = await t.http().get(`/v1/reports/members/${h.m1}/annual?year=2025&format=xlsx&lang=en`).set('authorization', `Bearer ${staff}`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Year overview', 'Score components', 'Intake by category', 'Intake by source', 'Answer kinds', 'Outcomes']);
  });

  it('only a supervisor finalises, only a year that has ended, and only once', async () => {
    expectProblem(await t.http().post('/v1/reports/evaluation/2025/finalise').set('authorization', `Bearer ${staff}`), 403, 'FORBIDDEN_ROLE');
    const thisYear = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    expectProblem(await t.http().post(`/v1/reports/evaluation/${thisYear}/finalise`).set('authorization', `Bearer ${supervisor}`), 409, 'EVALUATION_YEAR_NOT_ENDED');
    expectProblem(await t.http().post('/v1/reports/evaluation/99/finalise').set('authorization', `Bearer ${supervisor}`), 400, 'VALIDATION_FAILED');
    const before = (await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${staff}`)).body;
    const res = await t.http().post('/v1/reports/evaluation/2025/finalise').set('authorization', `Bearer ${supervisor}`);
    expect(res.status).toBe(201);
    const { finalised, ...result } = res.body;
    expect(result).toEqual({ ...before, finalised: undefined });
    expect(finalised.resultHash).toBe(createHash('sha256').update(canonicalize(result) as string).digest('hex'));
    expectProblem(await t.http().post('/v1/reports/evaluation/2025/finalise').set('authorization', `Bearer ${supervisor}`), 409, 'EVALUATION_ALREADY_FINALISED');
    const row = (await t.sql.query(`SELECT methodology_version, min_cases, result_hash FROM report_evaluations WHERE year = 2025`)).rows[0];
    expect(row).toEqual({ methodology_version: 'eval-2026.2', min_cases: 2, result_hash: finalised.resultHash });
    const audit = (await t.sql.query(`SELECT action FROM audit_log WHERE resource_type = 'report_evaluation' AND resource_id = '2025'`)).rows;
    expect(audit).toEqual([{ action: 'report.evaluation.finalise' }]);
  });

  it('returns the frozen result of a finalised year even after the history changes and the minimum is changed', async () => {
    const frozen = (await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${staff}`)).body;
    expect(frozen.finalised).toMatchObject({ resultHash: expect.stringMatching(/^[0-9a-f]{64}$/), at: expect.any(String) });
    // A late-recorded 2025 complaint against m4 and a new minimum of 1 would both change a fresh computation.
    await insertHistory(t, { channel: 'web', category: 'fraud', respondent: h.m4, receivedAt: '2025-09-09T10:00:00+08:00' });
    await t.restart({ EVALUATION_MIN_CASES: '1' });
    const again = (await t.http().get('/v1/reports/evaluation?year=2025').set('authorization', `Bearer ${staff}`)).body;
    expect(again).toEqual(frozen);
    const annual = (await t.http().get(`/v1/reports/members/${h.m4}/annual?year=2025`).set('authorization', `Bearer ${staff}`)).body;
    expect(annual.evaluation).toEqual(frozen.members.find((m: { memberId: string }) => m.memberId === h.m4));
    expect(annual.finalised).toEqual(frozen.finalised);
    expect(annual.intake.total).toBe(1); // the details are recomputed from the history; the evaluation line is the frozen one
  });

  it('keeps a year finalised under eval-2026.1 as it was stored: its version, its four weights, its pact figures not available', async () => {
    const note = 'Pact signatures are not recorded in this version; the figures are left empty, not estimated.';
    const result = {
      year: 2024,
      period: { kind: 'year', from: '2024-01-01', to: '2024-12-31', timeZone: 'Asia/Shanghai', start: '2023-12-31T16:00:00.000Z', end: '2024-12-31T16:00:00.000Z' },
      methodology: { version: 'eval-2026.1', document: 'docs/evaluation-methodology.md', minCases: 2, weights: { timeliness: 40, notUpheld: 25, mediation: 15, sanctions: 20 } },
      members: [{
        memberId: h.m4, name: '丁企业', category: 'enterprise_site', status: 'active', ranked: false, rank: null, notRankedReason: 'below_minimum_cases', score: 100,
        components: [
          { key: 'timeliness', weight: 40, value: null }, { key: 'notUpheld', weight: 25, value: null },
          { key: 'mediation', weight: 15, value: null }, { key: 'sanctions', weight: 20, value: 1 },
        ],
        inputs: {
          complaintsReceived: 0, findings: 0, upheld: 0, answeredOnTime: 0, answeredLate: 0, responseDeadlinesMissed: 0, mediationsSucceeded: 0, mediationsEnded: 0,
          publications: 0, referrals: 0, upheldShare: null, answeredOnTimeShare: null, mediationSuccessShare: null,
          pacts: { available: false, note, currentVersionsSigned: null, renewalsPending: null },
          selfInspections: { available: false, note, filed: null, overdue: null },
        },
      }],
    };
    const resultHash = createHash('sha256').update(canonicalize(result) as string).digest('hex');
    await t.sql.query(
      `INSERT INTO report_evaluations (year, methodology_version, min_cases, result, result_hash, finalised_at) VALUES (2024, 'eval-2026.1', 2, $1, $2, '2025-01-05T10:00:00+08:00')`,
      [JSON.stringify(result), resultHash],
    );
    const res = await t.http().get('/v1/reports/evaluation?year=2024').set('authorization', `Bearer ${staff}`);
    expect(res.body).toEqual({ ...result, finalised: { at: '2025-01-05T02:00:00.000Z', by: null, resultHash } });
    const csv = await t.http().get('/v1/reports/evaluation?year=2024&format=csv').set('authorization', `Bearer ${staff}`);
    expect(csv.text.split('\r\n')[1]).toBe(`,丁企业,${h.m4},企业网站,active,100,收到投诉少于2件,0,0,0,,0,0,0,,0,0,,0,0,${Array(11).fill('暂无数据').join(',')},eval-2026.1`);
  });
});
