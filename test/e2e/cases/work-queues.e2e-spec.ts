import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, openCase, submitComplaint } from '../../support/cases.js';
import { apiKeyFor } from '../../support/auth.js';
import { createAgency, insertMember } from '../../support/factories.js';
import { Clock } from '../../../src/platform/clock.js';

type Queue = { count: number; capped: boolean; query: string };
type Queues = Record<'triage' | 'mine' | 'awaitingRespondent' | 'dueSoon' | 'overdue' | 'approvals', Queue>;

describe('Work queues — GET /v1/cases filters and GET /v1/cases/queues', () => {
  let t: TestApp;
  let caseworker: { id: string; token: string };
  let other: { id: string; token: string };
  let supA: { id: string; token: string };
  let supB: { id: string; token: string };
  let rep: string;
  const ids: Record<string, string> = {};

  const list = async (token: string, query: string): Promise<{ id: string; nextDeadline: unknown }[]> => {
    const res = await t.http().get(`/v1/cases?${query}&limit=200`).set('authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`list ${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items;
  };
  const listed = async (token: string, query: string) => (await list(token, query)).map((c) => c.id).sort();
  const queues = async (token: string): Promise<Queues> => {
    const res = await t.http().get('/v1/cases/queues').set('authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`queues: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const setDue = (caseId: string, iso: string) => t.sql.query('UPDATE case_deadlines SET due_at = $2 WHERE case_id = $1 AND settled_at IS NULL', [caseId, iso]);
  const setNow = (iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '1000' });
    const memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    caseworker = await userWithRole(t, 'secretariat');
    other = await userWithRole(t, 'secretariat');
    supA = await userWithRole(t, 'supervisor');
    supB = await userWithRole(t, 'supervisor');
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    const agency = await createAgency(t, await adminToken(t));
    const partner = await apiKeyFor(t, 'partner');

    ids.received = (await openCase(t)).caseId;
    ids.partner = (await submitComplaint(t, partner.key)).caseId;

    ids.mine = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.mine, { type: 'ACCEPT' });
    await mustSend(t, caseworker.token, ids.mine, { type: 'ASSIGN', assigneeId: caseworker.id });
    // Assigned to the caseworker but dismissed: not in its (open) queue.
    ids.mineClosed = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.mineClosed, { type: 'ASSIGN', assigneeId: caseworker.id });
    await mustSend(t, caseworker.token, ids.mineClosed, { type: 'DISMISS', reason: '重复投诉' });

    ids.awaiting = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.awaiting, { type: 'ACCEPT' });
    await mustSend(t, caseworker.token, ids.awaiting, { type: 'REQUEST_RESPONSE', statement: '请说明情况' });

    ids.referral = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.referral, { type: 'ACCEPT' });
    await mustSend(t, supA.token, ids.referral, { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌网络诈骗' });

    ids.publication = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.publication, { type: 'ACCEPT' });
    await mustSend(t, supA.token, ids.publication, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理投诉', findings: '经核实投诉属实' });

    // Hand-built: an open case marked overdue, and a dismissed one still flagged (not in the queue).
    ids.overdue = (await openCase(t)).caseId;
    await t.sql.query('UPDATE cases SET overdue = true WHERE id = $1', [ids.overdue]);
    ids.overdueClosed = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.overdueClosed, { type: 'DISMISS', reason: '不属于受理范围' });
    await t.sql.query('UPDATE cases SET overdue = true WHERE id = $1', [ids.overdueClosed]);

    // Deadlines around the 2026 National Day holiday, seen from Wednesday 2026-09-30 10:00 Shanghai: Oct 1–7 are holidays
    // (the weekend inside them too), Thursday Oct 8 is the first working day after, Saturday Oct 10 an adjusted working day.
    for (const [name, due] of [
      ['duePast', '2026-09-30T09:00:00+08:00'],
      ['dueHoliday', '2026-10-05T12:00:00+08:00'],
      ['dueDay1End', '2026-10-08T23:59:59.999+08:00'],
      ['dueDay2Start', '2026-10-09T00:00:00+08:00'],
      ['dueSaturday', '2026-10-10T12:00:00+08:00'],
      ['dueMonday', '2026-10-12T09:00:00+08:00'],
    ] as const) {
      ids[name] = (await openCase(t)).caseId;
      await setDue(ids[name], due);
    }
    // A dismissed case's settled deadline never counts.
    ids.dueClosed = (await openCase(t)).caseId;
    await mustSend(t, caseworker.token, ids.dueClosed, { type: 'DISMISS', reason: '无效投诉' });
    await t.sql.query('UPDATE case_deadlines SET due_at = $2 WHERE case_id = $1', [ids.dueClosed, '2026-10-08T12:00:00+08:00']);
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  it('dueWithin counts working days on the calendar: across the National Day holiday, up to the end of the Nth working day, never a past deadline', async () => {
    setNow('2026-09-30T10:00:00+08:00');
    const due = (n: number) => listed(caseworker.token, `dueWithin=${n}`);
    expect(await due(1)).toEqual([ids.dueHoliday, ids.dueDay1End].sort());
    expect(await due(2)).toEqual([ids.dueHoliday, ids.dueDay1End, ids.dueDay2Start].sort());
    expect(await due(3)).toEqual([ids.dueHoliday, ids.dueDay1End, ids.dueDay2Start, ids.dueSaturday].sort());
    expect(await due(4)).toEqual([ids.dueHoliday, ids.dueDay1End, ids.dueDay2Start, ids.dueSaturday, ids.dueMonday].sort());
    // Friday 2026-10-09 08:00: one working day ahead is the adjusted Saturday Oct 10; Oct 9 00:00 has passed.
    setNow('2026-10-09T08:00:00+08:00');
    expect(await due(1)).toEqual([ids.dueSaturday]);
  });

  it('each filter lists its cases: channel, mine (open), phase, overdue with open, awaitingApproval per caller', async () => {
    expect(await listed(caseworker.token, 'channel=partner')).toEqual([ids.partner]);
    expect(await listed(caseworker.token, 'mine=true&open=true')).toEqual([ids.mine]);
    expect(await listed(caseworker.token, 'mine=true')).toEqual([ids.mine, ids.mineClosed].sort());
    expect(await listed(other.token, 'mine=true')).toEqual([]);
    expect(await listed(caseworker.token, 'state=investigating&phase=awaiting_response')).toEqual([ids.awaiting]);
    expect(await listed(caseworker.token, 'overdue=true&open=true')).toEqual([ids.overdue]);
    expect(await listed(caseworker.token, 'overdue=true&open=false')).toEqual([ids.overdueClosed]);
    // Four eyes: the proposer sees neither of its proposals as waiting for it; the other supervisor both; a caseworker none.
    expect(await listed(supB.token, 'awaitingApproval=true')).toEqual([ids.referral, ids.publication].sort());
    expect(await listed(supA.token, 'awaitingApproval=true')).toEqual([]);
    expect(await listed(caseworker.token, 'awaitingApproval=true')).toEqual([]);
    // Combinable with the existing filters.
    expect(await listed(supB.token, 'awaitingApproval=true&category=no-such-category')).toEqual([]);
    expect(await listed(caseworker.token, 'state=received&channel=partner')).toEqual([ids.partner]);
  });

  it('the queues count per caller, and each count equals the length of the list its query names', async () => {
    setNow('2026-09-30T10:00:00+08:00');
    const forB = await queues(supB.token);
    expect(forB).toEqual({
      triage: { count: 9, capped: false, query: 'state=received' },
      mine: { count: 0, capped: false, query: 'mine=true&open=true' },
      awaitingRespondent: { count: 1, capped: false, query: 'state=investigating&phase=awaiting_response' },
      dueSoon: { count: 3, capped: false, query: 'dueWithin=2' },
      overdue: { count: 1, capped: false, query: 'overdue=true&open=true' },
      approvals: { count: 2, capped: false, query: 'awaitingApproval=true' },
    });
    for (const [who, token] of [['supB', supB.token], ['supA', supA.token], ['caseworker', caseworker.token]] as const) {
      const q = await queues(token);
      for (const [name, queue] of Object.entries(q)) {
        expect({ who, name, count: (await list(token, queue.query)).length }).toEqual({ who, name, count: queue.count });
      }
    }
    expect((await queues(supA.token)).approvals.count).toBe(0);
    const mine = await queues(caseworker.token);
    expect(mine.mine.count).toBe(1);
    expect(mine.approvals).toEqual({ count: 0, capped: false, query: 'awaitingApproval=true' });
  });

  it('staff list items carry the nearest running deadline; the staff case view names the assignee', async () => {
    const items = await list(caseworker.token, 'state=received');
    const row = items.find((c) => c.id === ids.dueDay1End);
    expect(row?.nextDeadline).toEqual({ kind: 'triage', dueAt: new Date('2026-10-08T23:59:59.999+08:00').toISOString() });
    expect(items.find((c) => c.id === ids.received)?.nextDeadline).toMatchObject({ kind: 'triage' });
    const closed = await list(caseworker.token, 'state=dismissed');
    expect(closed.find((c) => c.id === ids.mineClosed)?.nextDeadline).toBeNull();
    const detail = await t.http().get(`/v1/cases/${ids.mine}`).set('authorization', `Bearer ${caseworker.token}`);
    expect(detail.body).toMatchObject({ assigneeId: caseworker.id, assigneeName: 'secretariat' });
    expect(detail.body.nextDeadline).toMatchObject({ kind: 'resolution' });
    const unassigned = await t.http().get(`/v1/cases/${ids.received}`).set('authorization', `Bearer ${caseworker.token}`);
    expect(unassigned.body.assigneeName).toBeNull();
  });

  it('a member_rep is refused the staff filters (400 FILTER_NOT_ALLOWED) and the queues (403), and sees only the countdowns of its own deadlines', async () => {
    for (const query of ['channel=web', 'mine=true', 'dueWithin=2', 'awaitingApproval=true', 'phase=awaiting_response']) {
      const res = await t.http().get(`/v1/cases?${query}`).set('authorization', `Bearer ${rep}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors[0]).toMatchObject({ field: query.split('=')[0], code: 'FILTER_NOT_ALLOWED' });
    }
    expectProblem(await t.http().get('/v1/cases/queues').set('authorization', `Bearer ${rep}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get('/v1/cases/queues'), 401, 'UNAUTHENTICATED');
    const own = await t.http().get('/v1/cases').set('authorization', `Bearer ${rep}`);
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    // Its answer's and its right of reply's deadlines only (the association's triage, resolution and other deadlines are never shown to it).
    const shown = own.body.items.filter((c: { nextDeadline: unknown }) => c.nextDeadline !== null);
    expect(new Map(shown.map((c: { id: string; nextDeadline: { kind: string } }) => [c.id, c.nextDeadline.kind]))).toEqual(
      new Map([[ids.awaiting, 'response'], [ids.publication, 'right_of_reply']]),
    );
  });

  it('refuses malformed queue filters with 400', async () => {
    for (const query of ['dueWithin=0', 'dueWithin=31', 'dueWithin=2.5', 'mine=false', 'awaitingApproval=yes', 'channel=fax', 'phase=nowhere', 'open=maybe']) {
      expectProblem(await t.http().get(`/v1/cases?${query}`).set('authorization', `Bearer ${caseworker.token}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('a count stops at 1000 and says capped', async () => {
    // 1,001 more cases in received, copied from one (new ids, references and receipt hashes).
    const cols: string[] = (
      await t.sql.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND is_generated = 'NEVER' ORDER BY ordinal_position`)
    ).rows.map((r: { column_name: string }) => r.column_name);
    const value = (c: string) =>
      ({ id: 'gen_random_uuid()', reference: `reference || '-' || g`, receipt_hash: `receipt_hash || '-' || g`, external_id: 'NULL' })[c] ?? `"${c}"`;
    await t.sql.query(`INSERT INTO cases (${cols.map((c) => `"${c}"`).join(', ')}) SELECT ${cols.map(value).join(', ')} FROM cases, generate_series(1, 1001) g WHERE id = $1`, [ids.received]);
    const q = await queues(caseworker.token);
    expect(q.triage).toEqual({ count: 1000, capped: true, query: 'state=received' });
    expect(q.awaitingRespondent).toMatchObject({ count: 1, capped: false });
  });
});
