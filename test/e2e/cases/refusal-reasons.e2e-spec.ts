import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, sendEvent } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

describe('Refusals say why — 409 CASE_EVENT_NOT_ALLOWED names a stable reason', () => {
  let t: TestApp;
  let staff: string;
  let supA: string;
  let supB: string;
  let rep: string;
  let agencyId: string;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '1000' });
    const memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
    supA = (await userWithRole(t, 'supervisor')).token;
    supB = (await userWithRole(t, 'supervisor')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    const admin = await adminToken(t);
    agencyId = (await t.http().post('/v1/agencies').set('authorization', `Bearer ${admin}`).send({ name: '某市公安局网络安全保卫支队', jurisdiction: '某市' })).body.id;
  });
  afterAll(() => t.close());

  const version = async (caseId: string) => (await t.sql.query('SELECT version FROM cases WHERE id = $1', [caseId])).rows[0].version;

  it('approving a publication during the right of reply answers RIGHT_OF_REPLY_PENDING with its end date', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理投诉', findings: '经核实投诉属实' });
    const [deadline] = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'right_of_reply' AND settled_at IS NULL`, [c.caseId])).rows;
    const before = await version(c.caseId);
    const res = await sendEvent(t, supB, c.caseId, { type: 'APPROVE' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body).toMatchObject({ reason: 'RIGHT_OF_REPLY_PENDING', until: new Date(deadline.due_at).toISOString(), state: 'investigating' });
    expect(res.body.detail).toContain(new Date(deadline.due_at).toISOString());
    expect(res.body.allowedEvents).not.toContain('APPROVE');
    expect(await version(c.caseId)).toBe(before);
  });

  it('the proposer approving its own proposal answers OWN_PROPOSAL; a second proposal PROPOSAL_PENDING', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId, justification: '涉嫌网络诈骗' });
    const own = await sendEvent(t, supA, c.caseId, { type: 'APPROVE' });
    expectProblem(own, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(own.body.reason).toBe('OWN_PROPOSAL');
    const second = await sendEvent(t, supB, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: 's', findings: 'f' });
    expect(second.body.reason).toBe('PROPOSAL_PENDING');
  });

  it('accepting a complaint about a non-member answers NO_RESPONDENT_MEMBER', async () => {
    const c = await openCase(t, { respondent: { name: '无名网店', url: 'https://unknown.example.org/' } });
    const res = await sendEvent(t, staff, c.caseId, { type: 'ACCEPT' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('NO_RESPONDENT_MEMBER');
  });

  it('an unjustified referral without evidence answers REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION; no proposal answers NO_PENDING_PROPOSAL', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    expect((await sendEvent(t, supA, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId })).body.reason).toBe('REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION');
    expect((await sendEvent(t, supA, c.caseId, { type: 'REJECT_PROPOSAL', reason: 'r' })).body.reason).toBe('NO_PENDING_PROPOSAL');
    expect((await sendEvent(t, rep, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '已整改' })).body.reason).toBe('NO_PENDING_PROPOSAL');
  });

  it('a follow-up answer nobody asked for answers NOT_AWAITING_FOLLOW_UP; an event the state never takes answers STATE_REFUSES', async () => {
    const c = await openCase(t);
    const early = await complainantEvent(t, c.receiptCode, { type: 'ACTION_FOLLOW_UP', happened: true });
    expect(early.body.reason).toBe('STATE_REFUSES');
    const plain = await sendEvent(t, staff, c.caseId, { type: 'RESOLVE', upheld: true, outcome: 'x' });
    expect(plain.body).toMatchObject({ code: 'CASE_EVENT_NOT_ALLOWED', reason: 'STATE_REFUSES', state: 'received' });
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    const followUp = await complainantEvent(t, c.receiptCode, { type: 'ACTION_FOLLOW_UP', happened: true });
    expectProblem(followUp, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(followUp.body.reason).toBe('NOT_AWAITING_FOLLOW_UP');
  });

  it('after the reopen window REOPEN is no longer offered and answers REOPEN_WINDOW_PASSED with the date the window ended', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'DISMISS', reason: '证据不足' });
    expect((await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${supA}`)).body.allowedEvents).toContain('REOPEN');
    const closedAt = new Date(Date.now() - 400 * 86_400_000).toISOString();
    await t.sql.query(`UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,closedAt}', to_jsonb($2::text)) WHERE id = $1`, [c.caseId, closedAt]);
    expect((await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${supA}`)).body.allowedEvents).not.toContain('REOPEN');
    const before = await version(c.caseId);
    const res = await sendEvent(t, supA, c.caseId, { type: 'REOPEN', reason: '新证据' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body).toMatchObject({
      reason: 'REOPEN_WINDOW_PASSED',
      until: new Date(Date.parse(closedAt) + t.config.cases.reopenWindowDays * 86_400_000).toISOString(),
      allowedEvents: expect.not.arrayContaining(['REOPEN']),
    });
    expect(await version(c.caseId)).toBe(before);
  });
});
