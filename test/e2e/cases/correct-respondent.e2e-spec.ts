import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, openCase, sendEvent } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

type Json = Record<string, unknown>;

describe('Correct a wrong respondent match — POST /v1/cases/:id/events CORRECT_RESPONDENT', () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  let supA: { id: string; token: string };
  let wrongRep: { id: string; token: string };
  let rightRep: { id: string; token: string };
  let wrongId: string;
  let rightId: string;
  let suspendedId: string;

  beforeAll(async () => {
    t = await createTestApp();
    // Intake's domain matcher picks this member for shop.example.cn: the wrong one in these tests.
    wrongId = await insertMember(t, { name: '错配网络科技有限公司', domains: ['shop.example.cn'] });
    rightId = await insertMember(t, { name: '正确电子商务有限公司' });
    suspendedId = await insertMember(t, { name: '暂停会员有限公司', status: 'suspended' });
    staff = await userWithRole(t, 'secretariat');
    supA = await userWithRole(t, 'supervisor');
    wrongRep = await userWithRole(t, 'member_rep', { memberId: wrongId });
    rightRep = await userWithRole(t, 'member_rep', { memberId: rightId });
  });
  afterAll(() => t.close());

  const get = (token: string, path: string) => t.http().get(path).set('authorization', `Bearer ${token}`);
  const correct = (respondentMemberId: string, reason = '域名匹配到了错误的会员单位') => ({ type: 'CORRECT_RESPONDENT', respondentMemberId, reason });
  const caseRow = async (id: string) =>
    (await t.sql.query('SELECT respondent_member_id AS "memberId", respondent_match AS match, version FROM cases WHERE id = $1', [id])).rows[0];
  const counts = async (id: string) =>
    (
      await t.sql.query(
        `SELECT (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events, (SELECT count(*)::int FROM audit_log WHERE resource_id = $1::text) AS audit,
                (SELECT count(*)::int FROM notifications WHERE case_id = $1) AS notes, (SELECT count(*)::int FROM case_deadlines WHERE case_id = $1) AS deadlines`,
        [id],
      )
    ).rows[0];
  const accepted = async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    expect((await caseRow(c.caseId)).memberId).toBe(wrongId);
    return c;
  };

  it('successful in investigating: the respondent changes, the match records the correction, the history and audit have it, the old rep loses the case', async () => {
    const c = await accepted();
    expect((await get(wrongRep.token, `/v1/cases/${c.caseId}`)).status).toBe(200);
    const before = await counts(c.caseId);
    const applied = await mustSend(t, staff.token, c.caseId, correct(rightId));
    expect(applied).toMatchObject({ type: 'CORRECT_RESPONDENT', fromState: 'investigating', toState: 'investigating', phase: 'reviewing' });

    const row = await caseRow(c.caseId);
    expect(row.memberId).toBe(rightId);
    expect(row.match).toMatchObject({ method: 'corrected', memberName: '正确电子商务有限公司', previousMemberId: wrongId, correctedBy: staff.id });
    const view = (await get(staff.token, `/v1/cases/${c.caseId}`)).body;
    expect(view.respondentMemberId).toBe(rightId);
    expect(view.respondentMatch).toMatchObject({ method: 'corrected', memberName: '正确电子商务有限公司', previousMemberId: wrongId, correctedBy: staff.id });
    const history = (await get(staff.token, `/v1/cases/${c.caseId}/history`)).body as Json[];
    expect(history.at(-1)).toMatchObject({
      type: 'CORRECT_RESPONDENT', actorRole: 'secretariat',
      payload: { respondentMemberId: rightId, previousRespondentMemberId: wrongId, reason: '域名匹配到了错误的会员单位' },
    });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE resource_id = $1 AND action = 'case.event' ORDER BY id DESC LIMIT 1`, [c.caseId])).rows[0];
    expect(audit.details).toEqual({ type: 'CORRECT_RESPONDENT', from: 'investigating', to: 'investigating', version: row.version });
    // Not awaiting an answer: no deadline and no message for the new respondent.
    const after = await counts(c.caseId);
    expect([after.deadlines - before.deadlines, after.notes - before.notes]).toEqual([0, 0]);

    // The previous member's rep: 404 at once, on the case, its history, its events, and gone from its list.
    expectProblem(await get(wrongRep.token, `/v1/cases/${c.caseId}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await get(wrongRep.token, `/v1/cases/${c.caseId}/history`), 404, 'CASE_NOT_FOUND');
    expectProblem(await sendEvent(t, wrongRep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned' } }), 404, 'CASE_NOT_FOUND');
    const list = (await get(wrongRep.token, '/v1/cases')).body.items as Json[];
    expect(list.map((x) => x.id)).not.toContain(c.caseId);
    // The new one sees it, with the correction as a step but never its reason nor the member it replaced.
    const seen = await get(rightRep.token, `/v1/cases/${c.caseId}`);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain('域名匹配到了错误的会员单位');
    const steps = (await get(rightRep.token, `/v1/cases/${c.caseId}/history`)).body as Json[];
    expect(steps.at(-1)).toMatchObject({ type: 'CORRECT_RESPONDENT', by: 'association', details: {} });
    expect(JSON.stringify(steps)).not.toContain('域名匹配到了错误的会员单位');
    expect(JSON.stringify(steps)).not.toContain(wrongId);
  });

  it('successful in awaiting_response: the old deadline is settled, a fresh one runs for the new respondent, who is asked and may answer', async () => {
    const c = await accepted();
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请核查并答复' });
    const [old] = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [c.caseId])).rows;
    const applied = await mustSend(t, supA.token, c.caseId, correct(rightId));
    expect(applied).toMatchObject({ fromState: 'investigating', toState: 'investigating', phase: 'awaiting_response' });

    const deadlines = (
      await t.sql.query(`SELECT id, settled_at AS "settledAt", outcome, started_at AS "startedAt", due_at AS "dueAt" FROM case_deadlines WHERE case_id = $1 AND kind = 'response' ORDER BY started_at`, [c.caseId])
    ).rows;
    expect(deadlines).toHaveLength(2);
    expect(deadlines[0]).toMatchObject({ id: old.id, outcome: 'cancelled' });
    expect(deadlines[0].settledAt).not.toBeNull();
    expect(deadlines[1].settledAt).toBeNull();
    // Counted afresh from the correction, in working days (as REQUEST_RESPONSE counts it).
    expect(deadlines[1].startedAt.getTime()).toBeGreaterThan(deadlines[0].startedAt.getTime());
    expect(deadlines[1].dueAt.getTime()).toBeGreaterThan(deadlines[1].startedAt.getTime() + 5 * 86_400_000 - 1);

    const asked = (await t.sql.query(`SELECT recipient_ref AS ref FROM notifications WHERE case_id = $1 AND template = 'response_requested' ORDER BY created_at`, [c.caseId])).rows;
    expect(asked.map((n) => n.ref)).toEqual([wrongId, rightId]);

    const seen = (await get(rightRep.token, `/v1/cases/${c.caseId}`)).body;
    expect(seen).toMatchObject({ audience: 'respondent', phase: 'awaiting_response', allowedEvents: ['RESPOND'] });
    expect(seen.responseRequest.dueAt).toBe(deadlines[1].dueAt.toISOString());
    expect(seen.statements).toEqual([expect.objectContaining({ text: '请核查并答复' })]);
    expectProblem(await get(wrongRep.token, `/v1/cases/${c.caseId}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await sendEvent(t, wrongRep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned' } }), 404, 'CASE_NOT_FOUND');
    await mustSend(t, rightRep.token, c.caseId, { type: 'RESPOND', response: { kind: 'unfounded', reasons: '经核查不属实' } });
  });

  it('the previous respondent\'s answer is not the new one\'s to see', async () => {
    const c = await accepted();
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(t, wrongRep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned', note: '该网站不属于我司' } });
    await mustSend(t, staff.token, c.caseId, correct(rightId));
    const seen = (await get(rightRep.token, `/v1/cases/${c.caseId}`)).body;
    expect(seen.response).toBeNull();
    const steps = (await get(rightRep.token, `/v1/cases/${c.caseId}/history`)).body as Json[];
    expect(steps.map((s) => s.type)).toEqual(['RECEIVED', 'ACCEPT', 'REQUEST_RESPONSE', 'CORRECT_RESPONDENT']);
    expect(JSON.stringify(seen)).not.toContain('该网站不属于我司');
    // Staff keep it in the history.
    const history = (await get(staff.token, `/v1/cases/${c.caseId}/history`)).body as Json[];
    expect(history.some((e) => e.type === 'RESPOND')).toBe(true);
  });

  it('failing: an unknown or a suspended member is refused (400) and nothing is written', async () => {
    const c = await accepted();
    const before = { row: await caseRow(c.caseId), counts: await counts(c.caseId) };
    const unknown = await sendEvent(t, staff.token, c.caseId, correct('00000000-0000-4000-8000-0000000000aa'));
    expectProblem(unknown, 400, 'CASE_EVENT_INVALID');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'respondentMemberId', code: 'UNKNOWN_MEMBER' })]);
    const suspended = await sendEvent(t, staff.token, c.caseId, correct(suspendedId));
    expectProblem(suspended, 400, 'CASE_EVENT_INVALID');
    expect(suspended.body.errors).toEqual([expect.objectContaining({ field: 'respondentMemberId', code: 'MEMBER_NOT_ACTIVE' })]);
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'CORRECT_RESPONDENT', respondentMemberId: rightId }), 400, 'CASE_EVENT_INVALID');
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'CORRECT_RESPONDENT', respondentMemberId: 'not-a-uuid', reason: 'r' }), 400, 'CASE_EVENT_INVALID');
    expect({ row: await caseRow(c.caseId), counts: await counts(c.caseId) }).toEqual(before);
  });

  it('failing: naming the current respondent answers 409 RESPONDENT_UNCHANGED', async () => {
    const c = await accepted();
    const res = await sendEvent(t, staff.token, c.caseId, correct(wrongId));
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('RESPONDENT_UNCHANGED');
  });

  it('failing: a member_rep may not correct the respondent (403), and nothing is written', async () => {
    const c = await accepted();
    const before = await caseRow(c.caseId);
    expectProblem(await sendEvent(t, wrongRep.token, c.caseId, correct(rightId)), 403, 'CASE_EVENT_FORBIDDEN');
    expect(await caseRow(c.caseId)).toEqual(before);
  });

  it('failing: with a publication proposal pending the correction answers 409 PROPOSAL_PENDING, and is neither offered nor listed as allowed', async () => {
    const c = await accepted();
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '拒不整改', findings: '经查属实' });
    const view = (await get(staff.token, `/v1/cases/${c.caseId}`)).body;
    expect(view.allowedEvents).not.toContain('CORRECT_RESPONDENT');
    expect(view.refusedEvents).toContainEqual({ type: 'CORRECT_RESPONDENT', reason: 'PROPOSAL_PENDING' });
    const before = await caseRow(c.caseId);
    const res = await sendEvent(t, staff.token, c.caseId, correct(rightId));
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('PROPOSAL_PENDING');
    expect(await caseRow(c.caseId)).toEqual(before);
  });

  it('failing: before acceptance and once decided the state refuses it (STATE_REFUSES)', async () => {
    const c = await openCase(t);
    const received = await sendEvent(t, staff.token, c.caseId, correct(rightId));
    expectProblem(received, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(received.body.reason).toBe('STATE_REFUSES');
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    expect((await get(staff.token, `/v1/cases/${c.caseId}`)).body.allowedEvents).toContain('CORRECT_RESPONDENT');
    await mustSend(t, staff.token, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '已整改' });
    const resolved = await sendEvent(t, staff.token, c.caseId, correct(rightId));
    expectProblem(resolved, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(resolved.body.reason).toBe('STATE_REFUSES');
  });
});
