import { createTestApp, type TestApp } from '../../support/app.js';
import { userWithRole } from '../../support/auth.js';
import { insertMember } from '../../support/factories.js';
import { bearer, scannedDocument } from '../../support/pacts.js';
import { insertHistory } from './case-history.js';
import { createConvention, fileReport, openDraft, publish, sign, withdraw } from './pact-history.js';

/**
 * A known pact history around 2025 (figures as of 2025-12-31 computed by hand in the tests). Four conventions:
 * - P: yearly reports due 3 months after (2024 → 2025-03-31); v1 in force from 2024-01-01, v2 published 2025-06-15
 *   in force from 2025-07-01 (renewal deadline 2025-09-29); a v3 draft.
 * - Q: quarterly reports due 1 month after (Q1 → 04-30, Q2 → 07-31, Q3 → 10-31, Q4 → next 01-31); v1 from 2025-01-01.
 * - S: no reports; v1 from 2025-01-01, v2 published and in force 2025-11-01 (renewal deadline 2026-01-30).
 * - R: no reports; v1 from 2025-01-01, v2 published 2025-12-20 in force only from 2026-03-01.
 * In force on 2025-12-31: P v2, Q v1, S v2, R v1 — four conventions.
 */
async function history(t: TestApp) {
  const m = {
    a: await insertMember(t, { name: '甲公约会员' }),
    b: await insertMember(t, { name: '乙公约会员' }),
    c: await insertMember(t, { name: '丙公约会员' }),
    d: await insertMember(t, { name: '丁公约会员' }),
    e: await insertMember(t, { name: '戊公约会员' }),
    f: await insertMember(t, { name: '己公约会员' }),
  };
  const P = await createConvention(t, 'pact-p', { frequency: 'yearly', dueMonths: 3 });
  const Q = await createConvention(t, 'pact-q', { frequency: 'quarterly', dueMonths: 1 });
  const S = await createConvention(t, 'pact-s', { frequency: 'none' });
  const R = await createConvention(t, 'pact-r', { frequency: 'none' });
  const sig: Record<string, string> = {};
  const report: Record<string, string> = {};

  await publish(t, P, 1, { on: '2023-12-01', effectiveDate: '2024-01-01' });
  for (const c of [Q, S, R]) await publish(t, c, 1, { on: '2024-12-15', effectiveDate: '2025-01-01' });
  await sign(t, m.a, P, 1, '2024-02-01');
  await sign(t, m.d, P, 1, '2024-02-01');
  await sign(t, m.b, P, 1, '2024-03-01');
  await sign(t, m.c, P, 1, '2024-05-01');
  await withdraw(t, m.d, P, '2024-10-01'); // d left P before 2025
  sig.aQ = await sign(t, m.a, Q, 1, '2025-01-10');
  await sign(t, m.b, S, 1, '2025-02-01');
  await sign(t, m.c, Q, 1, '2025-02-01');
  // d was not bound on 2024-12-31 but files its 2024 report anyway (it was bound from February to October).
  await fileReport(t, m.d, P, { period: '2024', dueOn: '2025-03-31', version: 1, submissions: [{ on: '2025-02-10' }] });
  await fileReport(t, m.a, P, { period: '2024', dueOn: '2025-03-31', version: 1, submissions: [{ on: '2025-03-20', review: { decision: 'accept', on: '2025-04-02' } }] });
  // c files late; the report is returned only after the year end.
  await fileReport(t, m.c, P, { period: '2024', dueOn: '2025-03-31', version: 1, submissions: [{ on: '2025-04-10', review: { decision: 'return', on: '2026-01-15' } }] });
  await fileReport(t, m.a, Q, { period: '2025-Q1', dueOn: '2025-04-30', version: 1, submissions: [{ on: '2025-04-15' }] });
  await sign(t, m.d, R, 1, '2025-06-01');
  await publish(t, P, 2, { on: '2025-06-15', effectiveDate: '2025-07-01' }); // a, b, c: renewal due 2025-09-29
  await withdraw(t, m.c, Q, '2025-06-15');
  await sign(t, m.a, P, 2, '2025-08-01'); // renewal in time
  await fileReport(t, m.a, Q, { period: '2025-Q2', dueOn: '2025-07-31', version: 1, submissions: [{ on: '2025-08-05' }] }); // late
  await sign(t, m.f, Q, 1, '2025-09-15');
  sig.bP = await sign(t, m.b, P, 2, '2025-10-20'); // renewal after the deadline, within the year
  // a's Q3 report: on time, returned in November, filed again only in January.
  report.aQ3 = await fileReport(t, m.a, Q, {
    period: '2025-Q3', dueOn: '2025-10-31', version: 1, submissions: [{ on: '2025-10-20', review: { decision: 'return', on: '2025-11-05' } }, { on: '2026-01-10' }],
  });
  await publish(t, S, 2, { on: '2025-11-01', effectiveDate: '2025-11-01' }); // b: renewal due 2026-01-30
  await publish(t, R, 2, { on: '2025-12-20', effectiveDate: '2026-03-01' }); // d: renewal due 2026-05-30, v1 still in force on 31 December
  await openDraft(t, P, 3);
  await sign(t, m.f, R, 2, '2025-12-22'); // binds from 2026-03-01 only
  await fileReport(t, m.a, P, { period: '2025', dueOn: '2026-03-31', version: 2, submissions: [{ on: '2025-12-30' }] }); // due next year
  await fileReport(t, m.f, Q, { period: '2025-Q3', dueOn: '2025-10-31', version: 1, submissions: [{ on: '2026-01-05' }] }); // after the year end
  await sign(t, m.b, S, 2, '2026-01-10'); // renewal after the year end
  await withdraw(t, m.a, Q, '2026-02-01'); // withdrawal after the year end

  // a: one complaint in 2025, answered on time and upheld.
  await insertHistory(t, {
    channel: 'web', category: 'fraud', respondent: m.a, receivedAt: '2025-03-03T10:00:00+08:00',
    steps: [
      { type: 'ACCEPT', at: '2025-03-03T11:00:00+08:00', to: 'investigating', phase: 'reviewing' },
      { type: 'REQUEST_RESPONSE', at: '2025-03-03T12:00:00+08:00', to: 'investigating', phase: 'awaiting_response' },
      { type: 'RESPOND', at: '2025-03-05T10:00:00+08:00', to: 'investigating', phase: 'reviewing', payload: { response: { kind: 'unfounded', reasons: '否认' } } },
      { type: 'RESOLVE', at: '2025-03-10T10:00:00+08:00', to: 'resolved', payload: { upheld: true, outcome: '成立' } },
    ],
  });
  return { m, sig, report };
}

interface Line {
  memberId: string;
  score: number | null;
  components: { key: string; weight: number; value: number | null }[];
  inputs: { pacts: Record<string, unknown>; selfInspections: Record<string, unknown> };
}

describe('Evaluation inputs from the signature register and self-inspections as of 31 December — GET /v1/reports/evaluation', () => {
  let t: TestApp;
  let staff: string;
  let h: Awaited<ReturnType<typeof history>>;
  const evaluate = async (): Promise<Map<string, Line>> => {
    const res = await t.http().get('/v1/reports/evaluation?year=2025').set(bearer(staff));
    expect(res.status).toBe(200);
    return new Map(res.body.members.map((l: Line) => [l.memberId, l]));
  };

  beforeAll(async () => {
    t = await createTestApp();
    h = await history(t);
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  it('counts per member the conventions in force, those it was party to, signed on their current version, awaiting renewal and withdrawn', async () => {
    const lines = await evaluate();
    const pacts = (id: string) => lines.get(id)!.inputs.pacts;
    const base = { available: true, note: null, conventionsInForce: 4 };
    // a: P v2 (renewed in August) and Q v1 (withdrawn only in 2026): both current.
    expect(pacts(h.m.a)).toEqual({ ...base, conventionsApplicable: 2, currentVersionsSigned: 2, renewalsPending: 0, renewalsOverdue: 0, withdrawn: 0, share: 1 });
    // b: P v2 (renewed late, in October) current; S v1 still binding while its renewal (signed in 2026) is due.
    expect(pacts(h.m.b)).toEqual({ ...base, conventionsApplicable: 2, currentVersionsSigned: 1, renewalsPending: 1, renewalsOverdue: 0, withdrawn: 0, share: 1 });
    // c: P v1 never renewed (deadline 2025-09-29 passed); Q withdrawn in June: 0 / (0 + 1 + 1).
    expect(pacts(h.m.c)).toEqual({ ...base, conventionsApplicable: 2, currentVersionsSigned: 0, renewalsPending: 1, renewalsOverdue: 1, withdrawn: 1, share: 0 });
    // d: left P in 2024 (not counted); R v1 is still the version in force on 31 December, though its status says renewal_pending.
    expect(pacts(h.m.d)).toEqual({ ...base, conventionsApplicable: 1, currentVersionsSigned: 1, renewalsPending: 0, renewalsOverdue: 0, withdrawn: 0, share: 1 });
    // e: signed nothing: nothing to measure.
    expect(pacts(h.m.e)).toEqual({ ...base, conventionsApplicable: 0, currentVersionsSigned: 0, renewalsPending: 0, renewalsOverdue: 0, withdrawn: 0, share: null });
    // f: Q v1 from September; its R v2 signature binds only from 2026-03-01.
    expect(pacts(h.m.f)).toEqual({ ...base, conventionsApplicable: 1, currentVersionsSigned: 1, renewalsPending: 0, renewalsOverdue: 0, withdrawn: 0, share: 1 });
  });

  it('a signature withdrawn after the year end still counts as signed on 31 December', async () => {
    const { rows } = await t.sql.query(`SELECT status, ended_on::text AS "endedOn" FROM signatures WHERE id = $1`, [h.sig.aQ]);
    expect(rows[0]).toEqual({ status: 'withdrawn', endedOn: '2026-02-01' });
    expect((await evaluate()).get(h.m.a)!.inputs.pacts).toMatchObject({ currentVersionsSigned: 2, withdrawn: 0 });
  });

  it('a renewal signed after the year end still shows as pending on 31 December, within its deadline, and is not held against the member', async () => {
    const { rows } = await t.sql.query(
      `SELECT s.status, v.version FROM signatures s JOIN convention_versions v ON v.id = s.version_id JOIN conventions c ON c.id = s.convention_id
        WHERE s.member_id = $1 AND c.code = 'pact-s' ORDER BY v.version`,
      [h.m.b],
    );
    expect(rows).toEqual([{ status: 'renewed', version: 1 }, { status: 'active', version: 2 }]);
    const b = (await evaluate()).get(h.m.b)!;
    expect(b.inputs.pacts).toMatchObject({ renewalsPending: 1, renewalsOverdue: 0, currentVersionsSigned: 1, share: 1 });
  });

  it('counts the self-inspection reports due in the year: on time, late, returned, filed after the year end, never filed, filed anyway', async () => {
    const lines = await evaluate();
    const reports = (id: string) => lines.get(id)!.inputs.selfInspections;
    const base = { available: true, note: null };
    // a: P 2024 on time (accepted); Q1 on time; Q2 late; Q3 on time but returned in November and filed again only in
    // January: not on file on 31 December. Its P 2025 report, filed early, is due in 2026 and not counted.
    expect(reports(h.m.a)).toEqual({ ...base, due: 4, filed: 3, filedOnTime: 2, overdue: 2, onTimeShare: 0.5 });
    // b: P 2024 never filed.
    expect(reports(h.m.b)).toEqual({ ...base, due: 1, filed: 0, filedOnTime: 0, overdue: 1, onTimeShare: 0 });
    // c: P 2024 filed late (returned only in 2026, so on file on 31 December); Q1 never filed; no Q2 or Q3 (withdrawn in June).
    expect(reports(h.m.c)).toEqual({ ...base, due: 2, filed: 1, filedOnTime: 0, overdue: 2, onTimeShare: 0 });
    // d: not bound on 2024-12-31, but filed its 2024 report anyway, on time.
    expect(reports(h.m.d)).toEqual({ ...base, due: 1, filed: 1, filedOnTime: 1, overdue: 0, onTimeShare: 1 });
    expect(reports(h.m.e)).toEqual({ ...base, due: 0, filed: 0, filedOnTime: 0, overdue: 0, onTimeShare: null });
    // f: Q3 (bound on 30 September) filed in January 2026: not filed by the year end.
    expect(reports(h.m.f)).toEqual({ ...base, due: 1, filed: 0, filedOnTime: 0, overdue: 1, onTimeShare: 0 });
  });

  it('scores the compliance component (mean of the two shares that apply) with weight 10, as computed by hand', async () => {
    const lines = await evaluate();
    const compliance = (id: string) => lines.get(id)!.components.find((c) => c.key === 'compliance');
    expect([h.m.a, h.m.b, h.m.c, h.m.d, h.m.e, h.m.f].map((id) => compliance(id)!.value)).toEqual([
      0.75, // (1 + 0.5) / 2
      0.5, // (1 + 0) / 2
      0, // (0 + 0) / 2
      1, // (1 + 1) / 2
      null, // nothing to measure
      0.5, // (1 + 0) / 2
    ]);
    expect(compliance(h.m.a)!.weight).toBe(10);
    expect([h.m.a, h.m.b, h.m.c, h.m.d, h.m.e, h.m.f].map((id) => lines.get(id)!.score)).toEqual([
      71.1, // timeliness 1, not upheld 0, sanctions 1: (36×1 + 22.5×0 + 18×1 + 10×0.75) / 86.5 = 61.5 / 86.5 = 0.7110
      82.1, // (18×1 + 10×0.5) / 28 = 0.8214
      64.3, // (18×1 + 10×0) / 28 = 0.6429
      100, // (18×1 + 10×1) / 28
      100, // sanctions alone: 18×1 / 18
      82.1, // (18×1 + 10×0.5) / 28
    ]);
    expect(lines.get(h.m.a)!.components.map((c) => [c.key, c.value])).toEqual([
      ['timeliness', 1], ['notUpheld', 0], ['mediation', null], ['sanctions', 1], ['compliance', 0.75],
    ]);
  });

  it('gives the same figures after changes recorded later: a withdrawal, a signature, a late report, a review', async () => {
    const before = await evaluate();
    const withdrawal = await t.http().post(`/v1/signatures/${h.sig.bP}/withdraw`).set(bearer(staff)).send({ reason: '退出' });
    expect(withdrawal.status).toBe(200);
    const signed = await t.http().post('/v1/conventions/pact-q/versions/1/signatures').set(bearer(staff))
      .send({ memberId: h.m.e, signatoryName: '王强', signatoryTitle: '董事长', signedAt: new Date().toISOString(), document: scannedDocument() });
    expect(signed.status).toBe(201);
    const filed = await t.http().post(`/v1/members/${h.m.b}/self-inspections`).set(bearer(staff))
      .send({ convention: 'pact-p', period: '2024', summary: '补交', items: [{ articleNumber: 1, findings: '无问题', correctiveActions: '无' }] });
    expect(filed.status).toBe(201);
    const accepted = await t.http().post(`/v1/self-inspections/${h.report.aQ3}/review`).set(bearer(staff)).send({ decision: 'accept' });
    expect(accepted.status).toBe(200);
    const after = await evaluate();
    for (const id of Object.values(h.m)) {
      expect(after.get(id)!.inputs).toEqual(before.get(id)!.inputs);
      expect(after.get(id)!.score).toBe(before.get(id)!.score);
    }
  });

  it('puts the figures in the evaluation table with Chinese and English headers, and in the member’s annual summary', async () => {
    const zh = await t.http().get('/v1/reports/evaluation?year=2025&format=csv').set(bearer(staff));
    const [header, ...rows] = zh.text.split('\r\n');
    expect(header).toBe(
      '\uFEFF排名,会员单位,会员ID,会员类别,状态,得分,未排名原因,收到投诉,处理结论,投诉成立,成立率,按期答复,逾期后答复,逾期未答复,按期答复率,调解成功,调解结束,调解成功率,曝光,移送,'
      + '适用公约,已签署现行公约,待续签,逾期未续签,年内退出公约,现行版本签署率,应交自查报告,已提交自查报告,按期提交自查报告,逾期自查报告,自查报告按期率,评价方法版本',
    );
    expect(rows.find((r) => r.includes(h.m.a))).toBe(`,甲公约会员,${h.m.a},电子商务网站,active,71.1,收到投诉少于5件,1,1,1,1,1,0,0,1,0,0,,0,0,2,2,0,0,0,1,4,3,2,2,0.5,eval-2026.2`);
    expect(rows.find((r) => r.includes(h.m.c))).toBe(`,丙公约会员,${h.m.c},电子商务网站,active,64.3,收到投诉少于5件,0,0,0,,0,0,0,,0,0,,0,0,2,0,1,1,1,0,2,1,0,2,0,eval-2026.2`);
    expect(rows.find((r) => r.includes(h.m.e))).toBe(`,戊公约会员,${h.m.e},电子商务网站,active,100,收到投诉少于5件,0,0,0,,0,0,0,,0,0,,0,0,0,0,0,0,0,,0,0,0,0,,eval-2026.2`);
    const en = await t.http().get('/v1/reports/evaluation?year=2025&format=csv&lang=en').set(bearer(staff));
    expect(en.text.split('\r\n')[0]).toContain(
      'Pacts applicable,Current pacts signed,Renewals pending,Renewals overdue,Pacts withdrawn in the year,Current-version share,'
      + 'Self-inspections due,Self-inspections filed,Self-inspections on time,Self-inspections overdue,Self-inspection on-time share,Methodology',
    );
    const annual = await t.http().get(`/v1/reports/members/${h.m.c}/annual?year=2025`).set(bearer(staff));
    expect(annual.body.evaluation.inputs.pacts).toMatchObject({ currentVersionsSigned: 0, renewalsOverdue: 1, withdrawn: 1 });
    const annualCsv = await t.http().get(`/v1/reports/members/${h.m.c}/annual?year=2025&format=csv&lang=en`).set(bearer(staff));
    expect(annualCsv.text).toContain('\r\nrenewalsOverdue,Renewals overdue,1\r\n');
    expect(annualCsv.text).toContain('\r\nselfInspectionsDue,Self-inspections due,2\r\n');
    expect(annualCsv.text).toContain('\r\nPacts and self-inspections,10,0\r\n');
  });

  it('names half-yearly periods as the API does, so a filed report meets its expected period', async () => {
    // H: half-yearly reports due 2 months after (2024-H2 → 2025-02-28, 2025-H1 → 2025-08-31, 2025-H2 → 2026-02-28).
    const H = await createConvention(t, 'pact-h', { frequency: 'half_yearly', dueMonths: 2 });
    await publish(t, H, 1, { on: '2023-12-01', effectiveDate: '2024-01-01' });
    const g = await insertMember(t, { name: '庚公约会员' });
    await sign(t, g, H, 1, '2024-03-01');
    await fileReport(t, g, H, { period: '2024-H2', dueOn: '2025-02-28', version: 1, submissions: [{ on: '2025-02-20' }] });
    const line = (await evaluate()).get(g)!;
    expect(line.inputs.selfInspections).toMatchObject({ due: 2, filed: 1, filedOnTime: 1, overdue: 1, onTimeShare: 0.5 });
    expect(line.inputs.pacts).toMatchObject({ conventionsInForce: 5, currentVersionsSigned: 1, share: 1 });
  });
});
