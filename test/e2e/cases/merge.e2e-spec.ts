import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, sendEvent, type Opened } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

describe('Merging cases — POST /v1/cases/:id/events MERGE and UNMERGE', () => {
  let t: TestApp;
  let staff: string;
  let supA: string;
  let supB: string;

  beforeAll(async () => {
    // Many complaints from one address: above the public form's hourly limit.
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '1000' });
    await insertMember(t, { domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    supA = (await userWithRole(t, 'supervisor')).token;
    supB = (await userWithRole(t, 'supervisor')).token;
  });
  afterAll(() => t.close());

  /** Everything a refused merge must leave untouched, on both cases. */
  const footprint = async (...ids: string[]) =>
    (
      await t.sql.query(
        `SELECT c.id, c.state, c.version, c.snapshot,
                (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events,
                (SELECT count(*)::int FROM notifications n WHERE n.case_id = c.id) AS notifications,
                (SELECT count(*)::int FROM audit_log a WHERE a.resource_id = c.id::text) AS audits
           FROM cases c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id`,
        [ids],
      )
    ).rows;
  const history = async (caseId: string) =>
    (await t.sql.query('SELECT seq, type, from_state AS "fromState", to_state AS "toState", actor_role AS "actorRole", payload FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId])).rows;
  const row = async (caseId: string) => (await t.sql.query('SELECT state, phase, version, snapshot FROM cases WHERE id = $1', [caseId])).rows[0];

  it('merging a case into itself is refused with MERGE_INTO_SELF and writes nothing', async () => {
    const a = await openCase(t);
    const before = await footprint(a.caseId);
    const res = await sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: a.caseId });
    expectProblem(res, 422, 'MERGE_INTO_SELF');
    expect(await footprint(a.caseId)).toEqual(before);
  });

  it('merging into a case that does not exist is refused with MERGE_TARGET_NOT_FOUND and writes nothing', async () => {
    const a = await openCase(t);
    const before = await footprint(a.caseId);
    const res = await sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: '00000000-0000-4000-8000-00000000beef' });
    expectProblem(res, 422, 'MERGE_TARGET_NOT_FOUND');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'targetCaseId', code: 'UNKNOWN_CASE' })]);
    expect(await footprint(a.caseId)).toEqual(before);
  });

  it('merging into an already merged case is refused with MERGE_TARGET_MERGED and writes nothing', async () => {
    const [a, b, c] = [await openCase(t), await openCase(t), await openCase(t)];
    await mustSend(t, staff, b.caseId, { type: 'MERGE', targetCaseId: c.caseId });
    const before = await footprint(a.caseId, b.caseId, c.caseId);
    const res = await sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    expectProblem(res, 409, 'MERGE_TARGET_MERGED');
    expect(res.body.targetReference).toBe(b.reference);
    expect(await footprint(a.caseId, b.caseId, c.caseId)).toEqual(before);
  });

  it('merging into a closed, dismissed or withdrawn case is refused with MERGE_TARGET_CLOSED and writes nothing', async () => {
    const dismissed = await openCase(t);
    await mustSend(t, staff, dismissed.caseId, { type: 'DISMISS', reason: '不属于受理范围' });
    const withdrawn = await openCase(t);
    expect((await complainantEvent(t, withdrawn.receiptCode, { type: 'WITHDRAW' })).status).toBe(200);
    const closed = await openCase(t);
    await mustSend(t, staff, closed.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, closed.caseId, { type: 'RESOLVE', upheld: true, outcome: '已退款' });
    expect((await complainantEvent(t, closed.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    for (const target of [dismissed, withdrawn, closed]) {
      const a = await openCase(t);
      const before = await footprint(a.caseId, target.caseId);
      const res = await sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: target.caseId });
      expectProblem(res, 409, 'MERGE_TARGET_CLOSED');
      expect(await footprint(a.caseId, target.caseId)).toEqual(before);
    }
  });

  it('a case whose publication proposal awaits its decision is not merged (PROPOSAL_PENDING) until the proposal is decided', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    await mustSend(t, staff, a.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, a.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次收款不发货', findings: '经核实属实' });
    const before = await footprint(a.caseId, b.caseId);
    const res = await sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('PROPOSAL_PENDING');
    expect(res.body.allowedEvents).not.toContain('MERGE');
    expect(await footprint(a.caseId, b.caseId)).toEqual(before);
    await mustSend(t, supA, a.caseId, { type: 'REJECT_PROPOSAL', reason: '证据不足' });
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    expect((await row(a.caseId)).state).toBe('merged');
  });

  it('a merge is not held up by a foreign-key check on one of its cases (such as the search indexer inserting its text)', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    // Another transaction holds what an insert referencing case b takes for its foreign-key check: FOR KEY SHARE on b.
    const other = await t.sql.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM cases WHERE id = $1 FOR KEY SHARE', [b.caseId]);
      const res = await Promise.race([
        sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId }),
        new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5000)),
      ]);
      expect(res === 'blocked' ? res : res.status).toBe(200);
    } finally {
      await other.query('ROLLBACK');
      other.release();
    }
    expect((await row(a.caseId)).state).toBe('merged');
  });

  it('the merge target\'s history names the merged case, in the same transaction as the merge', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    const targetVersion = (await row(b.caseId)).version;
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    const source = await history(a.caseId);
    expect(source.at(-1)).toMatchObject({ type: 'MERGE', toState: 'merged', payload: expect.objectContaining({ targetCaseId: b.caseId, targetReference: b.reference }) });
    const target = await history(b.caseId);
    expect(target.at(-1)).toMatchObject({
      type: 'MERGED_IN',
      fromState: 'received',
      toState: 'received',
      actorRole: 'secretariat',
      payload: expect.objectContaining({ sourceCaseId: a.caseId, sourceReference: a.reference }),
    });
    expect(target.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect((await row(b.caseId)).version).toBe(targetVersion + 1);
    const staffHistory = await t.http().get(`/v1/cases/${b.caseId}/history`).set('authorization', `Bearer ${staff}`);
    expect(staffHistory.body.map((e: { type: string }) => e.type)).toContain('MERGED_IN');
    const audited = (await t.sql.query(`SELECT details FROM audit_log WHERE resource_id = $1 AND action = 'case.event'`, [b.caseId])).rows;
    expect(audited).toEqual([{ details: expect.objectContaining({ type: 'MERGED_IN', sourceReference: a.reference }) }]);
  });

  it('the merged case\'s complainant is told the reference of the case it went to', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    const sent = (await t.sql.query(`SELECT recipient_kind AS "to", template, payload FROM notifications WHERE case_id = $1 AND template = 'case_merged'`, [a.caseId])).rows;
    expect(sent).toEqual([{ to: 'complainant', template: 'case_merged', payload: { reference: a.reference, mergedIntoReference: b.reference } }]);
    expect((await row(a.caseId)).snapshot.context.mergedInto).toBe(b.caseId);
  });

  it('a merged case accepts nothing else: notes, assignments and the complainant\'s events are refused, only a supervisor is offered UNMERGE', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    const before = await footprint(a.caseId);
    for (const body of [{ type: 'ADD_NOTE', text: '备注' }, { type: 'ASSIGN', assigneeId: null }, { type: 'ACCEPT' }, { type: 'MERGE', targetCaseId: b.caseId }]) {
      const res = await sendEvent(t, staff, a.caseId, body);
      expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
      expect(res.body.reason).toBe('STATE_REFUSES');
    }
    expectProblem(await complainantEvent(t, a.receiptCode, { type: 'ADD_INFORMATION', text: '补充' }), 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(await footprint(a.caseId)).toEqual(before);
    const asStaff = await t.http().get(`/v1/cases/${a.caseId}`).set('authorization', `Bearer ${staff}`);
    expect(asStaff.body.allowedEvents).toEqual([]);
    const asSupervisor = await t.http().get(`/v1/cases/${a.caseId}`).set('authorization', `Bearer ${supA}`);
    expect(asSupervisor.body.allowedEvents).toEqual(['UNMERGE']);
  });

  it('a supervisor undoes a merge within the window: the case returns to where it came from and the target records it', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    await mustSend(t, staff, a.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, a.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    expectProblem(await sendEvent(t, staff, a.caseId, { type: 'UNMERGE', reason: '误合并' }), 403, 'CASE_EVENT_FORBIDDEN');
    expectProblem(await sendEvent(t, supA, a.caseId, { type: 'UNMERGE' }), 400, 'CASE_EVENT_INVALID');
    await mustSend(t, supA, a.caseId, { type: 'UNMERGE', reason: '两件投诉涉及不同订单，误合并' });
    expect(await row(a.caseId)).toMatchObject({ state: 'investigating', phase: 'reviewing' });
    expect((await row(a.caseId)).snapshot.context).toMatchObject({ mergedInto: null, mergedAt: null });
    expect((await history(a.caseId)).at(-1)).toMatchObject({ type: 'UNMERGE', fromState: 'merged', toState: 'investigating', actorRole: 'supervisor' });
    expect((await history(b.caseId)).map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'MERGED_IN', 'MERGE_UNDONE']);
    expect((await history(b.caseId)).at(-1).payload).toMatchObject({ sourceCaseId: a.caseId, sourceReference: a.reference, reason: '两件投诉涉及不同订单，误合并' });
    const open = (await t.sql.query(`SELECT kind FROM case_deadlines WHERE case_id = $1 AND settled_at IS NULL`, [a.caseId])).rows.map((r) => r.kind);
    expect(open).toEqual(['resolution']);
    // The case is open again: it takes events, and can be merged elsewhere.
    await mustSend(t, staff, a.caseId, { type: 'ADD_NOTE', text: '已拆分' });
    const fromReceived = await openCase(t);
    await mustSend(t, staff, fromReceived.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    await mustSend(t, supB, fromReceived.caseId, { type: 'UNMERGE', reason: '误合并' });
    expect((await row(fromReceived.caseId)).state).toBe('received');
  });

  it('undoing a merge after the reopen window is refused with REOPEN_WINDOW_PASSED and the date it ended', async () => {
    const [a, b] = [await openCase(t), await openCase(t)];
    await mustSend(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId });
    const mergedAt = new Date(Date.now() - 100 * 86_400_000).toISOString();
    await t.sql.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,mergedAt}', to_jsonb($2::text)) WHERE id = $1`, [a.caseId, mergedAt]);
    const offered = await t.http().get(`/v1/cases/${a.caseId}`).set('authorization', `Bearer ${supA}`);
    expect(offered.body.allowedEvents).toEqual([]);
    const before = await footprint(a.caseId, b.caseId);
    const res = await sendEvent(t, supA, a.caseId, { type: 'UNMERGE', reason: '误合并' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('REOPEN_WINDOW_PASSED');
    const windowDays = t.config.cases.reopenWindowDays;
    expect(res.body.until).toBe(new Date(Date.parse(mergedAt) + windowDays * 86_400_000).toISOString());
    expect(await footprint(a.caseId, b.caseId)).toEqual(before);
  });

  it('opposite merges at the same time never deadlock: one wins, the other is refused', async () => {
    for (let round = 0; round < 6; round++) {
      const [a, b]: Opened[] = [await openCase(t), await openCase(t)];
      const results = await Promise.all([
        sendEvent(t, staff, a.caseId, { type: 'MERGE', targetCaseId: b.caseId }),
        sendEvent(t, supA, b.caseId, { type: 'MERGE', targetCaseId: a.caseId }),
      ]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409)!;
      expect(['MERGE_TARGET_MERGED', 'CASE_EVENT_NOT_ALLOWED']).toContain(loser.body.code);
      const states = (await footprint(a.caseId, b.caseId)).map((r: { state: string }) => r.state).sort();
      expect(states).toEqual(['merged', 'received']);
    }
  });
});
