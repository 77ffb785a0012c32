import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, referCase, sendEvent } from '../../support/cases.js';
import { createAgency, insertMember } from '../../support/factories.js';

type Json = Record<string, unknown>;

/** Every key anywhere in a JSON value. */
function keysOf(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysOf(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.add(k), keysOf(x, out));
  return out;
}

describe('What the respondent sees — GET /v1/cases/:id, /history, /v1/cases as a member_rep', () => {
  let t: TestApp;
  let staff: { id: string; token: string };
  let supA: { id: string; token: string };
  let supB: { id: string; token: string };
  let rep: { id: string; token: string };
  let agencyId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    staff = await userWithRole(t, 'secretariat');
    supA = await userWithRole(t, 'supervisor');
    supB = await userWithRole(t, 'supervisor');
    rep = await userWithRole(t, 'member_rep', { memberId });
    agencyId = (await createAgency(t, await adminToken(t))).id;
  });
  afterAll(() => t.close());

  const asRep = async (path: string) => {
    const res = await t.http().get(path).set('authorization', `Bearer ${rep.token}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const detail = (id: string): Promise<Json> => asRep(`/v1/cases/${id}`);
  const history = (id: string): Promise<Json[]> => asRep(`/v1/cases/${id}/history`);

  it('a member rep never sees staff notes, assignment, added information, internal notes or staff ids in the case or its history', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'ASSIGN', assigneeId: staff.id });
    await mustSend(t, staff.token, c.caseId, { type: 'ADD_NOTE', text: '内部备注：该商家曾多次被投诉 NOTE-1' });
    expect((await complainantEvent(t, c.receiptCode, { type: 'ADD_INFORMATION', text: '补充：我的工号 ADDED-INFO-1' })).status).toBe(200);
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', note: '仅供内部 STAFF-NOTE-1', statement: '请就未发货一事说明情况 STATEMENT-1' });

    const d = await detail(c.caseId);
    const h = await history(c.caseId);
    const text = JSON.stringify([d, h]);
    for (const secret of ['NOTE-1', 'ADDED-INFO-1', 'STAFF-NOTE-1', staff.id, '13800138000', 'zhang.san', '张三']) expect(text).not.toContain(secret);
    expect(d).toMatchObject({ audience: 'respondent', state: 'investigating', phase: 'awaiting_response', allowedEvents: ['RESPOND'] });
    expect(d.statements).toEqual([{ at: expect.any(String), text: '请就未发货一事说明情况 STATEMENT-1' }]);
    expect((d.responseRequest as Json).dueAt).toEqual(expect.any(String));
    expect((d.deadlines as Json[]).map((x) => x.kind)).toEqual(['response']);
    expect(h.map((e) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'REQUEST_RESPONSE']);
    expect(h[2].details).toEqual({ statement: '请就未发货一事说明情况 STATEMENT-1' });
    // Hidden steps leave no gap to count: the respondent's entries carry no sequence numbers.
    const keys = keysOf([d, h]);
    for (const k of ['seq', 'version', 'updatedAt', 'assigneeId', 'partnerId', 'actorId', 'complainant', 'lifecycle', 'respondentMatch', 'channel', 'note', 'effects', 'fromPhase']) expect(keys).not.toContain(k);

    const staffHistory = (await t.http().get(`/v1/cases/${c.caseId}/history`).set('authorization', `Bearer ${staff.token}`)).body as Json[];
    expect(staffHistory.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(staffHistory.find((e) => e.type === 'ADD_NOTE')?.payload).toEqual({ text: '内部备注：该商家曾多次被投诉 NOTE-1' });
    expect(staffHistory.find((e) => e.type === 'REQUEST_RESPONSE')?.payload).toEqual({ note: '仅供内部 STAFF-NOTE-1', statement: '请就未发货一事说明情况 STATEMENT-1' });
  });

  it('before the association brings a complaint to the respondent, the rep sees that it exists but not what the complainant wrote; a request for its answer forwards it', async () => {
    const c = await openCase(t, { title: '未转交的投诉 UNFORWARDED-TITLE', description: '投诉内容 UNFORWARDED-TEXT 尚未转交被投诉方' });
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    const listed = async () => ((await asRep('/v1/cases?limit=100')).items as Json[]).find((i) => i.id === c.caseId);
    const searched = async () => ((await asRep(`/v1/cases?q=${encodeURIComponent('UNFORWARDED-TEXT')}`)).items as Json[]).map((i) => i.id);

    const before = await detail(c.caseId);
    expect(before).toMatchObject({ audience: 'respondent', state: 'investigating', title: null, complaint: null, statements: [] });
    expect(JSON.stringify([before, await history(c.caseId), await listed()])).not.toMatch(/UNFORWARDED/);
    expect(await listed()).toMatchObject({ id: c.caseId, title: null });
    expect(await searched()).toEqual([]);

    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请说明情况' });
    const after = await detail(c.caseId);
    expect(after).toMatchObject({ title: '未转交的投诉 UNFORWARDED-TITLE', complaint: { title: '未转交的投诉 UNFORWARDED-TITLE', description: '投诉内容 UNFORWARDED-TEXT 尚未转交被投诉方' } });
    expect(await listed()).toMatchObject({ id: c.caseId, title: '未转交的投诉 UNFORWARDED-TITLE' });
    expect(await searched()).toEqual([c.caseId]);
  });

  it('a pending referral proposal is invisible to the respondent (no field, no history entry, no hint in allowedEvents); a rejected one stays invisible', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    // Not even a changed version or update time: the answers are the same before, during and after.
    const before = { d: await detail(c.caseId), h: await history(c.caseId) };
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId, justification: '涉嫌诈骗 JUSTIFICATION-1' });
    const pending = { d: await detail(c.caseId), h: await history(c.caseId) };
    expect(pending).toEqual(before);
    // RIGHT_OF_REPLY's refusal reads NO_PENDING_PROPOSAL with or without the hidden referral proposal (the view equals `before`).
    expect(JSON.stringify(pending)).not.toMatch(/JUSTIFICATION-1|(?<!NO_PENDING_)proposal|referral/i);
    expect(JSON.stringify(pending)).not.toContain(agencyId);
    await mustSend(t, supB.token, c.caseId, { type: 'REJECT_PROPOSAL', reason: '证据不足 REJECT-REASON-1' });
    const rejected = { d: await detail(c.caseId), h: await history(c.caseId) };
    expect(rejected).toEqual(before);
  });

  it('an approved referral shows the respondent only that the case was referred: no agency, no approver, no justification', async () => {
    const c = await openCase(t);
    await referCase(t, { caseId: c.caseId, agencyId, proposer: supA.token, approver: supB.token, justification: '涉嫌诈骗 JUSTIFICATION-2' });
    const d = await detail(c.caseId);
    const h = await history(c.caseId);
    expect(d.state).toBe('referred');
    expect(h.map((e) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'REFERRED']);
    const text = JSON.stringify([d, h]);
    for (const secret of [agencyId, supA.id, supB.id, 'JUSTIFICATION-2', '同意移送']) expect(text).not.toContain(secret);
  });

  it('an employee complaint shows the respondent only the staff statement, never what the complainant wrote; the statement is required', async () => {
    const c = await openCase(t, { isEmployeeOfRespondent: true, title: '员工举报 EMP-TITLE', description: '公司要求我们刷单 EMP-DESC', urls: ['https://m.shop.example.cn/item/EMP-URL'] });
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    const version = (await t.sql.query('SELECT version FROM cases WHERE id = $1', [c.caseId])).rows[0].version;
    const refused = await sendEvent(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', note: '先问问' });
    expectProblem(refused, 400, 'CASE_EVENT_INVALID');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'statement', code: 'STATEMENT_REQUIRED' })]);
    expect((await t.sql.query('SELECT version FROM cases WHERE id = $1', [c.caseId])).rows[0].version).toBe(version);
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: '   ' }), 400, 'CASE_EVENT_INVALID');
    expectProblem(await sendEvent(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: 'x'.repeat(10_001) }), 400, 'CASE_EVENT_INVALID');
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE', statement: '  有人反映贵司存在虚假交易，请核查 EMP-STATEMENT  ' });
    expect((await complainantEvent(t, c.receiptCode, { type: 'ADD_INFORMATION', text: '我在运营部 EMP-INFO' })).status).toBe(200);

    const d = await detail(c.caseId);
    const h = await history(c.caseId);
    const list = (await asRep('/v1/cases')).items as Json[];
    const text = JSON.stringify([d, h, list]);
    for (const secret of ['EMP-TITLE', 'EMP-DESC', 'EMP-URL', 'EMP-INFO', '13800138000', '张三']) expect(text).not.toContain(secret);
    expect(d.complaint).toBeNull();
    expect(d.title).toBeNull();
    expect(d).toMatchObject({ category: 'fraud', occurredAt: expect.any(String), receivedAt: expect.any(String) });
    expect(d.statements).toEqual([{ at: expect.any(String), text: '有人反映贵司存在虚假交易，请核查 EMP-STATEMENT' }]);
    expect(list.find((x) => x.id === c.caseId)).toMatchObject({ title: null, category: 'fraud' });
    // Searching the text of a protected complaint finds nothing for the respondent (a match would reveal the words).
    expect(((await asRep('/v1/cases?q=EMP-DESC')).items as Json[]).map((x) => x.id)).not.toContain(c.caseId);
  });

  it('a complaint by a customer shows the respondent the complaint as filed; list summaries carry no staff internals', async () => {
    const c = await openCase(t, { title: '收款不发货 CUST-TITLE' });
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    const d = await detail(c.caseId);
    expect(d.complaint).toMatchObject({ title: '收款不发货 CUST-TITLE', description: expect.any(String), urls: ['https://m.shop.example.cn/item/42'] });
    const item = ((await asRep('/v1/cases')).items as Json[]).find((x) => x.id === c.caseId)!;
    expect(Object.keys(item).sort()).toEqual(['category', 'id', 'nextDeadline', 'phase', 'receivedAt', 'reference', 'respondentName', 'state', 'title']);
    // The deadline the respondent must meet (its answer), never one of the association's.
    expect(item.nextDeadline).toEqual({ kind: 'response', dueAt: expect.any(String), workingDaysLeft: expect.any(Number) });
    for (const q of ['assignee=' + staff.id, 'partner=' + staff.id, 'overdue=true']) {
      expectProblem(await t.http().get(`/v1/cases?${q}`).set('authorization', `Bearer ${rep.token}`), 400, 'VALIDATION_FAILED');
    }
  });

  it('the respondent sees its answers, the mediation it took part in and the decisions, without internal reasons', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff.token, c.caseId, { type: 'REQUEST_RESPONSE' });
    expectProblem(await sendEvent(t, rep.token, c.caseId, { type: 'RESPOND', response: { kind: 'not_concerned' } }, 4), 400, 'CASE_EVENT_INVALID');
    const answered = await mustSend(t, rep.token, c.caseId, { type: 'RESPOND', response: { kind: 'unfounded', reasons: '已按时发货 OWN-ANSWER' } });
    // The answer counts nothing: no version or sequence number that would reveal hidden steps.
    expect(Object.keys(answered).sort()).toEqual(['caseId', 'fromState', 'phase', 'reference', 'toState', 'type']);
    await mustSend(t, staff.token, c.caseId, { type: 'START_MEDIATION', note: '内部 MED-NOTE' });
    await mustSend(t, staff.token, c.caseId, { type: 'RECORD_MEDIATION_SESSION', summary: '电话沟通 SESSION-SUMMARY' });
    await mustSend(t, staff.token, c.caseId, { type: 'MEDIATION_FAILED', reason: '商家态度差 FAIL-REASON' });
    await mustSend(t, staff.token, c.caseId, { type: 'RESOLVE', upheld: true, outcome: '投诉成立 OUTCOME-1' });
    expect((await complainantEvent(t, c.receiptCode, { type: 'CONFIRM', note: '谢谢 CONFIRM-NOTE' })).status).toBe(200);
    await mustSend(t, supA.token, c.caseId, { type: 'REOPEN', reason: '新证据 REOPEN-REASON' });
    await mustSend(t, staff.token, c.caseId, { type: 'DISMISS', reason: '重复投诉 DISMISS-REASON' });

    const d = await detail(c.caseId);
    const h = await history(c.caseId);
    expect(h.map((e) => e.type)).toEqual([
      'RECEIVED', 'ACCEPT', 'REQUEST_RESPONSE', 'RESPOND', 'START_MEDIATION', 'RECORD_MEDIATION_SESSION', 'MEDIATION_FAILED', 'RESOLVE', 'CONFIRM', 'REOPEN', 'DISMISS',
    ]);
    expect(h[3].details).toEqual({ response: { kind: 'unfounded', reasons: '已按时发货 OWN-ANSWER' } });
    expect(h[7].details).toEqual({ upheld: true, outcome: '投诉成立 OUTCOME-1' });
    expect(h.map((e) => e.by)).toEqual([null, 'association', 'association', 'respondent', 'association', 'association', 'association', 'association', 'complainant', 'association', 'association']);
    expect(d).toMatchObject({ state: 'dismissed', mediation: { sessions: 1 }, response: { kind: 'unfounded', reasons: '已按时发货 OWN-ANSWER' } });
    const text = JSON.stringify([d, h]);
    for (const secret of ['MED-NOTE', 'SESSION-SUMMARY', 'FAIL-REASON', 'CONFIRM-NOTE', 'REOPEN-REASON', 'DISMISS-REASON', supA.id]) expect(text).not.toContain(secret);
  });

  it('a publication: the right-of-reply request and its deadline, never the proposal before approval; then the published text', async () => {
    const c = await openCase(t);
    await mustSend(t, staff.token, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA.token, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理 PUB-SUMMARY', findings: '经核实属实 PUB-FINDINGS' });
    let d = await detail(c.caseId);
    expect(d.rightOfReply).toMatchObject({ requestedAt: expect.any(String), dueAt: expect.any(String), reply: null, elapsed: false });
    expect(d.allowedEvents).toEqual(['RIGHT_OF_REPLY']);
    expect((d.deadlines as Json[]).map((x) => x.kind)).toEqual(['right_of_reply']);
    expect((await history(c.caseId)).map((e) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'RIGHT_OF_REPLY_REQUESTED']);
    expect(JSON.stringify(d)).not.toMatch(/PUB-SUMMARY|PUB-FINDINGS/);
    await mustSend(t, rep.token, c.caseId, { type: 'RIGHT_OF_REPLY', reply: '我司已整改 OWN-REPLY' });
    await mustSend(t, supB.token, c.caseId, { type: 'APPROVE', note: '同意 APPROVE-NOTE' });
    d = await detail(c.caseId);
    const h = await history(c.caseId);
    expect(h.map((e) => e.type)).toEqual(['RECEIVED', 'ACCEPT', 'RIGHT_OF_REPLY_REQUESTED', 'RIGHT_OF_REPLY', 'PUBLISHED']);
    expect(d).toMatchObject({ state: 'publicized', publication: { summary: '多次拒不处理 PUB-SUMMARY', findings: '经核实属实 PUB-FINDINGS', reply: '我司已整改 OWN-REPLY', retracted: false } });
    const text = JSON.stringify([d, h]);
    for (const secret of ['APPROVE-NOTE', supA.id, supB.id]) expect(text).not.toContain(secret);
  });

  it('the OpenAPI document describes each audience\'s case, summary and history entry', async () => {
    const doc = (await t.http().get('/docs-json')).body;
    const schemas = doc.components.schemas as Record<string, { properties: Record<string, unknown> }>;
    for (const name of ['StaffCaseView', 'RespondentCaseView', 'StaffCaseSummaryView', 'RespondentCaseListItemView', 'StaffHistoryEntryView', 'RespondentHistoryEntryView', 'ComplainantContactView', 'ComplaintStatusView', 'StaffEvidenceView', 'RespondentEvidenceView']) {
      expect(Object.keys(schemas)).toContain(name);
    }
    expect(Object.keys(schemas.RespondentCaseView.properties)).toEqual(expect.arrayContaining(['statements', 'responseRequest', 'rightOfReply', 'publication']));
    expect(Object.keys(schemas.RespondentCaseView.properties)).not.toEqual(expect.arrayContaining(['lifecycle']));
    const detail = doc.paths['/v1/cases/{id}'].get.responses['200'].content['application/json'].schema;
    expect(detail.oneOf.map((x: { $ref: string }) => x.$ref)).toEqual(['#/components/schemas/StaffCaseView', '#/components/schemas/RespondentCaseView']);
    expect(doc.paths['/v1/cases/{id}/complainant'].get['x-roles']).toEqual(['secretariat']);
  });
});
