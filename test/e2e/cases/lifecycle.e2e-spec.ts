import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, sendEvent } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

describe('Case lifecycle over HTTP — POST /v1/cases/:id/events (the one door)', () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  let supA: { id: string; token: string };
  let supB: { id: string; token: string };
  let rep: { token: string };
  let otherRep: { token: string };
  let liaison: { token: string };
  let otherLiaison: { token: string };
  let memberId: string;
  let agencyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    staff = await userWithRole(t, 'secretariat');
    supA = await userWithRole(t, 'supervisor');
    supB = await userWithRole(t, 'supervisor');
    rep = await userWithRole(t, 'member_rep', { memberId });
    otherRep = await userWithRole(t, 'member_rep');
    const admin = await adminToken(t);
    const agency = async (name: string) =>
      (await t.http().post('/v1/agencies').set('authorization', `Bearer ${admin}`).send({ name, jurisdiction: '某市' })).body.id as string;
    agencyId = await agency('某市公安局网络安全保卫支队');
    liaison = await userWithRole(t, 'law_enforcement', { agencyId });
    otherLiaison = await userWithRole(t, 'law_enforcement', { agencyId: await agency('某市市场监督管理局') });
  });
  afterAll(() => t.close());

  const state = async (caseId: string) => (await t.sql.query('SELECT state, phase, version FROM cases WHERE id = $1', [caseId])).rows[0];

  it('reaches closed: accept, ask the respondent, respondent answers, resolve, complainant confirms', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    expect(await state(c.caseId)).toMatchObject({ state: 'investigating', phase: 'awaiting_response' });
    await mustSend(t, rep.token, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '退款并道歉', by: '2027-01-10T00:00:00+08:00' } });
    await mustSend(t, staff.token, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '商家已退款' });
    const confirm = await complainantEvent(t, c.receiptCode, { type: 'CONFIRM' });
    expect(confirm.status).toBe(200);
    expect(await state(c.caseId)).toMatchObject({ state: 'closed', version: 6 });
    const history = await t.http().get(`/v1/cases/${c.caseId}/history`).set('authorization', `Bearer ${staff.token}`);
    expect(history.body.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.body.map((e: { type: string }) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'REQUEST_RESPONSE', 'RESPOND', 'RESOLVE', 'CONFIRM']);
    const audit = (await t.sql.query(`SELECT count(*)::int n FROM audit_log WHERE resource_type = 'case' AND resource_id = $1 AND action = 'case.event'`, [c.caseId])).rows[0].n;
    expect(audit).toBe(5);
    const timeline = await t.http().get('/v1/public/complaints/status').set('x-receipt-code', c.receiptCode);
    expect(timeline.body.timeline.map((s: { step: string }) => s.step)).toEqual(['received', 'accepted', 'respondent_asked', 'respondent_answered', 'resolved', 'confirmed']);
  });

  it('reaches dismissed, withdrawn and merged', async () => {
    const d = await openCase(t);
    await mustSend(t, staff.token, d.caseId, { type: 'DISMISS', reason: '不属于受理范围' });
    expect((await state(d.caseId)).state).toBe('dismissed');
    const w = await openCase(t);
    expect((await complainantEvent(t, w.receiptCode, { type: 'WITHDRAW', reason: '已自行解决' })).status).toBe(200);
    expect((await state(w.caseId)).state).toBe('withdrawn');
    const m = await openCase(t);
    const open = await openCase(t);
    await mustSend(t, staff.token, m.caseId, { type: 'MERGE', targetCaseId: open.caseId });
    expect((await state(m.caseId)).state).toBe('merged');
  });

  it('mediation: agreement resolves; a dispute reopens the investigation', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'START_MEDIATION' });
    await mustSend(t, staff.token, c.caseId, { type: 'RECORD_MEDIATION_SESSION', summary: '双方电话沟通' });
    await mustSend(t, staff.token, c.caseId, { type: 'AGREEMENT', terms: '商家补偿200元' });
    expect((await state(c.caseId)).state).toBe('resolved');
    expect((await complainantEvent(t, c.receiptCode, { type: 'DISPUTE', reason: '未收到补偿' })).status).toBe(200);
    expect(await state(c.caseId)).toMatchObject({ state: 'investigating', phase: 'reviewing' });
  });

  it('publication needs four eyes and the right of reply; then it can be closed', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理投诉', findings: '经核实投诉属实' });
    const own = await sendEvent(t, supA.token, c.caseId, { type: 'APPROVE' });
    expectProblem(own, 409, 'CASE_EVENT_NOT_ALLOWED');
    const early = await sendEvent(t, supB.token, c.caseId, { type: 'APPROVE' });
    expectProblem(early, 409, 'CASE_EVENT_NOT_ALLOWED');
    await mustSend(t, rep.token, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我司已整改' });
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'APPROVE' }), 403, 'CASE_EVENT_FORBIDDEN');
    await mustSend(t, supB.token, c.caseId, { type: 'APPROVE' });
    expect((await state(c.caseId)).state).toBe('publicized');
    await mustSend(t, staff.token, c.caseId, { type: 'CLOSE' });
    expect((await state(c.caseId)).state).toBe('closed');
  });

  it('referral to law enforcement: only the addressed agency acknowledges and concludes', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    const unjustified = await sendEvent(t, supA.token, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId });
    expectProblem(unjustified, 409, 'CASE_EVENT_NOT_ALLOWED');
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId, justification: '涉嫌网络诈骗，金额较大' });
    await mustSend(t, supB.token, c.caseId, { type: 'APPROVE' });
    expect(await state(c.caseId)).toMatchObject({ state: 'referred', phase: 'pending' });
    expectProblem(await sendEvent(t, otherLiaison.token, c.caseId, { type: 'LE_ACKNOWLEDGE', referenceNumber: 'X-1' }), 404, 'CASE_NOT_FOUND');
    await mustSend(t, liaison.token, c.caseId, { type: 'LE_ACKNOWLEDGE', referenceNumber: '公网安〔2026〕118号' });
    await mustSend(t, liaison.token, c.caseId, { type: 'LE_CONCLUDE', outcome: '已立案侦查' });
    expect((await state(c.caseId)).state).toBe('closed');
  });

  it('REOPEN by a supervisor, within the window, with a reason', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'DISMISS', reason: '证据不足' });
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'REOPEN', reason: '新证据' }), 403, 'CASE_EVENT_FORBIDDEN');
    expectProblem(await sendEvent(t, supA.token, c.caseId, { type: 'REOPEN' }), 400, 'CASE_EVENT_INVALID');
    await mustSend(t, supA.token, c.caseId, { type: 'REOPEN', reason: '投诉人补充了新证据' });
    expect((await state(c.caseId)).state).toBe('investigating');
  });

  it('a complaint about a non-member cannot be accepted until a respondent member is named', async () => {
    const c = await openCase(t, { respondent: { name: '无名网店', url: 'https://unknown.example.org/' } });
    const res = await sendEvent(t, staff.token, c.caseId, { type: 'ACCEPT' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.allowedEvents).toEqual(expect.arrayContaining(['DISMISS', 'MERGE', 'ACCEPT']));
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'ACCEPT', respondentMemberId: '00000000-0000-4000-8000-0000000000ff' }), 400, 'CASE_EVENT_INVALID');
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT', respondentMemberId: memberId });
    expect((await t.sql.query('SELECT respondent_member_id FROM cases WHERE id = $1', [c.caseId])).rows[0].respondent_member_id).toBe(memberId);
  });

  it('refuses an event the state does not accept with 409 naming the allowed events, and a stale If-Match with 412', async () => {
    const c = await openCase(t);
    const res = await sendEvent(t, staff.token, c.caseId, { type: 'RESOLVE', upheld: true, outcome: 'x' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT', 'DISMISS']));
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'ACCEPT' }, 7), 412, 'CASE_VERSION_MISMATCH');
    expect((await sendEvent(t, staff.token, c.caseId, { type: 'ACCEPT' }, 1)).status).toBe(200);
  });

  it('refuses malformed events with field errors and writes nothing', async () => {
    const c = await openCase(t);
    for (const body of [{ type: 'NOPE' }, { type: 'DISMISS' }, { type: 'DISMISS', reason: 'x', extra: 1 }, { type: 'RESOLVE', upheld: 'yes', outcome: 'x' }, {}]) {
      expectProblem(await sendEvent(t, staff.token, c.caseId, body), 400, 'CASE_EVENT_INVALID');
    }
    expectProblem(await sendEvent(t, staff.token, '00000000-0000-4000-8000-000000000000', { type: 'ACCEPT' }), 404, 'CASE_NOT_FOUND');
    expect(await state(c.caseId)).toMatchObject({ state: 'received', version: 1 });
  });

  it('a member_rep sees and answers only its own organisation\'s cases, never the complainant', async () => {
    const c = await openCase(t, { isEmployeeOfRespondent: true });
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请核查贵司的刷单行为' });
    const mine = await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${rep.token}`);
    expect(mine.status).toBe(200);
    expect(mine.body).not.toHaveProperty('complainant');
    expect(mine.body.allowedEvents).toEqual(['RESPOND']);
    expect(JSON.stringify(mine.body)).not.toMatch(/13800138000|zhang\.san|张三/);
    expectProblem(await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${otherRep.token}`), 404, 'CASE_NOT_FOUND');
    expectProblem(await sendEvent(t, otherRep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned' } }), 404, 'CASE_NOT_FOUND');
    const list = await t.http().get('/v1/cases').set('authorization', `Bearer ${otherRep.token}`);
    expect(list.body.items).toEqual([]);
    const staffView = await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${staff.token}`);
    expect(staffView.body.complainant).toEqual({ anonymous: false, hasContact: true });
    expect(staffView.body.allowedEvents).toEqual(expect.arrayContaining(['START_MEDIATION', 'RESOLVE', 'DISMISS']));
    const contact = await t.http().get(`/v1/cases/${c.caseId}/complainant`).set('authorization', `Bearer ${staff.token}`);
    expect(contact.body).toMatchObject({ anonymous: false, phone: '13800138000' });
    expectProblem(await t.http().get(`/v1/cases/${c.caseId}/complainant`).set('authorization', `Bearer ${rep.token}`), 403, 'FORBIDDEN_ROLE');
    const reads = (await t.sql.query(`SELECT count(*)::int n FROM audit_log WHERE action = 'case.contact.read' AND resource_id = $1`, [c.caseId])).rows[0].n;
    expect(reads).toBe(1);
  });

  it('the complainant can only withdraw, add information, confirm, dispute or answer a follow-up', async () => {
    const c = await openCase(t);
    expectProblem(await complainantEvent(t, c.receiptCode, { type: 'ACCEPT' }), 403, 'CASE_EVENT_FORBIDDEN');
    expectProblem(await complainantEvent(t, 'AAAA-AAAA-AAAA-AAAA-AAAA', { type: 'WITHDRAW' }), 404, 'COMPLAINT_NOT_FOUND');
    expect((await complainantEvent(t, c.receiptCode, { type: 'ADD_INFORMATION', text: '补充：对方电话 010-12345678' })).status).toBe(200);
  });

  it('lists cases with filters, keyset pagination and Chinese text search', async () => {
    const a = await openCase(t, { title: '直播间虚假宣传减肥产品', category: 'false_advertising' });
    await openCase(t, { title: '会员自动续费无法取消', category: 'service_quality' });
    const byText = await t.http().get(`/v1/cases?q=${encodeURIComponent('虚假宣传')}`).set('authorization', `Bearer ${staff.token}`);
    expect(byText.body.items.map((i: { id: string }) => i.id)).toEqual([a.caseId]);
    const byCat = await t.http().get('/v1/cases?category=service_quality&state=received').set('authorization', `Bearer ${staff.token}`);
    expect(byCat.body.items).toHaveLength(1);
    const page1 = await t.http().get('/v1/cases?limit=3').set('authorization', `Bearer ${staff.token}`);
    const page2 = await t.http().get(`/v1/cases?limit=3&cursor=${page1.body.nextCursor}`).set('authorization', `Bearer ${staff.token}`);
    const ids = [...page1.body.items, ...page2.body.items].map((i: { id: string }) => i.id);
    expect(new Set(ids).size).toBe(6);
    expectProblem(await t.http().get('/v1/cases?state=flying').set('authorization', `Bearer ${staff.token}`), 400, 'VALIDATION_FAILED');
  });

  it('50 concurrent conflicting events on one case: exactly one wins, the others get 409/412, no history gaps', async () => {
    const c = await openCase(t);
    const other = await openCase(t);
    // DISMISS and MERGE exclude each other: whichever lands first, every other event is refused.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        sendEvent(t, staff.token, c.caseId, i % 2 ? { type: 'MERGE', targetCaseId: other.caseId } : { type: 'DISMISS', reason: `并发${i}` }, i % 3 === 0 ? 1 : undefined),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    // Losers are refused (409/412); on an overloaded machine a loser that waited longer than the pool's connection
    // timeout is told to retry (503 with Retry-After) instead. Never anything else.
    const unexpected = results.filter((r) => ![200, 409, 412].includes(r.status) && !(r.status === 503 && r.body.code === 'SERVICE_UNAVAILABLE' && r.headers['retry-after']));
    expect(unexpected.map((r) => `${r.status} ${r.body.code}`)).toEqual([]);
    const row = await state(c.caseId);
    expect(row.version).toBe(2);
    const seqs = (await t.sql.query('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [c.caseId])).rows.map((r) => r.seq);
    expect(seqs).toEqual([1, 2]);
  });
});

describe('A promised action falling due asks the complainant whether it happened', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows the question on the status page, records the answer, and the respondent and the complainant are told through the outbox', async () => {
    const memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    const staff = (await userWithRole(t, 'secretariat')).token;
    const rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    await mustSend(t, rep, c.caseId, { type: 'RESPOND', response: { kind: 'action_promised', action: '下架违规商品', by: '2026-12-01T00:00:00+08:00' } });
    const [d] = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'promised_action' AND settled_at IS NULL`, [c.caseId])).rows;
    expect(d).toBeDefined();
    await t.sql.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case-deadline' AND data->>'deadlineId' = $1`, [d.id]);
    let status;
    for (let i = 0; i < 40; i++) {
      status = await t.http().get('/v1/public/complaints/status').set('x-receipt-code', c.receiptCode);
      if (status.body.question) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status!.body.question).toMatchObject({ kind: 'promised_action', action: '下架违规商品', answerWith: 'ACTION_FOLLOW_UP' });
    expect((await complainantEvent(t, c.receiptCode, { type: 'ACTION_FOLLOW_UP', happened: false, note: '商品仍在售' })).status).toBe(200);
    const after = (await t.http().get('/v1/public/complaints/status').set('x-receipt-code', c.receiptCode)).body;
    expect(after.question).toBeNull();
    // The answer is a step of the complainant's timeline; what they said is not.
    expect(after.timeline.at(-1)).toMatchObject({ step: 'follow_up_answered', label: '投诉人已答复承诺的措施是否落实' });
    expect(JSON.stringify(after.timeline)).not.toContain('商品仍在售');
    const templates = (await t.sql.query('SELECT template, recipient_kind FROM notifications WHERE case_id = $1', [c.caseId])).rows;
    expect(templates).toEqual(expect.arrayContaining([{ template: 'response_requested', recipient_kind: 'respondent' }, { template: 'promised_action_due', recipient_kind: 'complainant' }]));
  });
});
