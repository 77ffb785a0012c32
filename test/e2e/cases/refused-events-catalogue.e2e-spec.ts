import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, openCase, sendEvent } from '../../support/cases.js';
import { createAgency, insertMember } from '../../support/factories.js';
import { CASE_EVENTS, CASE_EVENT_TYPES } from '../../../src/cases/events/case-events.js';

// ajv (fastify's validator, installed with it) checks that the served schemas are JSON Schema and that the probes fit them.
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

type Schema = { type?: string | string[]; properties?: Record<string, Schema>; required?: string[]; oneOf?: Schema[]; enum?: unknown[]; format?: string; minLength?: number };
type Entry = { type: string; roles: string[]; summary: string; schema: Schema };

/** A payload that satisfies the schema: every property (required or not), the shortest valid value of each; `ids` names real records by field. */
function example(s: Schema, ids: Record<string, string> = {}, field = ''): unknown {
  if (s.oneOf) return example(s.oneOf[0], ids);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object') return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, example(p, ids, k)]));
  if (ids[field]) return ids[field];
  if (type === 'boolean') return true;
  if (s.enum) return s.enum[0];
  if (s.format === 'uuid') return randomUUID();
  if (s.format === 'date-time') return '2027-01-15T10:00:00+08:00';
  return '样'.repeat(Math.max(1, s.minLength ?? 1));
}

describe('Refusals in the case view — GET /v1/cases/:id refusedEvents; the event catalogue — GET /v1/case-events', () => {
  let t: TestApp;
  let staff: string;
  let supA: string;
  let supB: string;
  let rep: string;
  let liaison: string;
  let agencyId: string;
  let memberId: string;
  let staffId: string;

  const detail = async (token: string, caseId: string) => {
    const res = await t.http().get(`/v1/cases/${caseId}`).set('authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`detail: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { allowedEvents: string[]; refusedEvents: { type: string; reason: string; until?: string }[] };
  };
  const reasonOf = (d: { refusedEvents: { type: string; reason: string }[] }, type: string) => d.refusedEvents.find((r) => r.type === type)?.reason;
  const catalogue = async (token: string): Promise<Entry[]> => {
    const res = await t.http().get('/v1/case-events').set('authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`catalogue: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '1000' });
    memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    const caseworker = await userWithRole(t, 'secretariat');
    staff = caseworker.token;
    staffId = caseworker.id;
    supA = (await userWithRole(t, 'supervisor')).token;
    supB = (await userWithRole(t, 'supervisor')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    agencyId = (await createAgency(t, await adminToken(t))).id;
    liaison = (await userWithRole(t, 'law_enforcement', { agencyId })).token;
  });
  afterAll(() => t.close());

  it('a pending proposal shows OWN_PROPOSAL to its proposer, PROPOSAL_PENDING for another proposal or a merge; the other supervisor may approve', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA, c.caseId, { type: 'PROPOSE_REFERRAL', agencyId, justification: '涉嫌网络诈骗' });
    const proposer = await detail(supA, c.caseId);
    expect(proposer.refusedEvents).toContainEqual({ type: 'APPROVE', reason: 'OWN_PROPOSAL' });
    expect(reasonOf(proposer, 'PROPOSE_PUBLICATION')).toBe('PROPOSAL_PENDING');
    expect(reasonOf(proposer, 'PROPOSE_REFERRAL')).toBe('PROPOSAL_PENDING');
    expect(reasonOf(proposer, 'MERGE')).toBe('PROPOSAL_PENDING');
    expect(reasonOf(proposer, 'AGREEMENT')).toBe('STATE_REFUSES');
    const other = await detail(supB, c.caseId);
    expect(other.allowedEvents).toContain('APPROVE');
    expect(reasonOf(other, 'APPROVE')).toBeUndefined();
    // A caseworker's role never approves: APPROVE is neither offered nor refused to it.
    const caseworker = await detail(staff, c.caseId);
    expect([...caseworker.allowedEvents, ...caseworker.refusedEvents.map((r) => r.type)]).not.toContain('APPROVE');
    // The refusals are the 409's reasons.
    const res = await sendEvent(t, supA, c.caseId, { type: 'APPROVE' });
    expectProblem(res, 409, 'CASE_EVENT_NOT_ALLOWED');
    expect(res.body.reason).toBe('OWN_PROPOSAL');
  });

  it('a publication in its right of reply shows RIGHT_OF_REPLY_PENDING with the end of the period; the respondent may reply', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, supA, c.caseId, { type: 'PROPOSE_PUBLICATION', summary: '多次拒不处理投诉', findings: '经核实投诉属实' });
    const [deadline] = (await t.sql.query(`SELECT due_at FROM case_deadlines WHERE case_id = $1 AND kind = 'right_of_reply' AND settled_at IS NULL`, [c.caseId])).rows;
    const d = await detail(supB, c.caseId);
    expect(d.refusedEvents).toContainEqual({ type: 'APPROVE', reason: 'RIGHT_OF_REPLY_PENDING', until: new Date(deadline.due_at).toISOString() });
    const respondent = await detail(rep, c.caseId);
    expect(respondent.allowedEvents).toEqual(['RIGHT_OF_REPLY']);
    expect(respondent.refusedEvents).toEqual([{ type: 'RESPOND', reason: 'STATE_REFUSES' }]);
  });

  it('refused and allowed events split the role\'s events between them; a member_rep sees only its own events', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE', statement: '请说明情况' });
    for (const [role, token] of [['secretariat', staff], ['supervisor', supB], ['member_rep', rep]] as const) {
      const d = await detail(token, c.caseId);
      const refused = d.refusedEvents.map((r) => r.type);
      const roleEvents = CASE_EVENT_TYPES.filter((e) => e !== 'DEADLINE_ELAPSED' && (CASE_EVENTS[e].roles as readonly string[]).includes(role));
      expect(refused.filter((e) => d.allowedEvents.includes(e))).toEqual([]);
      expect([...d.allowedEvents, ...refused].sort()).toEqual([...roleEvents].sort());
    }
    const respondent = await detail(rep, c.caseId);
    expect(respondent).toMatchObject({ allowedEvents: ['RESPOND'], refusedEvents: [{ type: 'RIGHT_OF_REPLY', reason: 'NO_PENDING_PROPOSAL' }] });
  });

  it('the catalogue lists every event for each role it names, with its summary and a JSON Schema', async () => {
    const byRole = {
      secretariat: await catalogue(staff),
      supervisor: await catalogue(supA),
      member_rep: await catalogue(rep),
      law_enforcement: await catalogue(liaison),
    };
    const ajv = addFormats(new Ajv2020({ strict: false }));
    for (const [role, entries] of Object.entries(byRole)) {
      const expected = CASE_EVENT_TYPES.filter((e) => CASE_EVENTS[e].payload !== null && (CASE_EVENTS[e].roles as readonly string[]).includes(role));
      expect({ role, types: entries.map((e) => e.type) }).toEqual({ role, types: expected });
      for (const e of entries) {
        const spec = CASE_EVENTS[e.type as keyof typeof CASE_EVENTS];
        expect(e).toEqual({ type: e.type, roles: [...spec.roles], summary: spec.summary, schema: expect.objectContaining({ type: 'object', additionalProperties: false }) });
        expect(ajv.validateSchema(e.schema)).toBe(true);
      }
    }
    const resolve = byRole.supervisor.find((e) => e.type === 'RESOLVE')!.schema;
    expect(resolve).toMatchObject({ required: ['upheld', 'outcome'], properties: { upheld: { type: 'boolean' }, outcome: { type: 'string', minLength: 1, maxLength: 5000 } } });
    const respond = byRole.member_rep.find((e) => e.type === 'RESPOND')!.schema;
    expect(respond.required).toEqual(['response']);
    expect(respond.properties!.response.oneOf!.map((s) => s.properties!.kind.enum)).toEqual([['action_promised'], ['unfounded'], ['not_concerned']]);
    expect(respond.properties!.response.oneOf![0]).toMatchObject({ required: ['kind', 'action', 'by'], properties: { by: { format: 'date-time' } } });
    expect(byRole.supervisor.find((e) => e.type === 'ASSIGN')!.schema.properties!.assigneeId).toMatchObject({ type: ['string', 'null'], format: 'uuid' });
    // The catalogue's probes (what the view's allowedEvents are computed with) fit the schemas where they are real values.
    for (const [type, spec] of Object.entries(CASE_EVENTS)) {
      const probe = 'probe' in spec ? (spec.probe as Record<string, unknown>) : {};
      const entry = [...byRole.supervisor, ...byRole.member_rep, ...byRole.law_enforcement].find((e) => e.type === type);
      if (!entry || Object.values(probe).some((v) => v === 'probe') || 'evidenceCount' in probe) continue;
      expect({ type, valid: ajv.validate(entry.schema, probe) }).toEqual({ type, valid: true });
    }
  });

  it('a payload valid against each schema passes the door\'s validation; one missing a required field fails both', async () => {
    const ajv = addFormats(new Ajv2020({ strict: false }));
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    // The door also checks that named records exist (422/400 otherwise): the uuids name real ones.
    const ids = { respondentMemberId: memberId, agencyId, targetCaseId: (await openCase(t)).caseId, assigneeId: staffId };
    for (const [token, entries] of [[supA, await catalogue(supA)], [rep, await catalogue(rep)], [liaison, await catalogue(liaison)]] as const) {
      for (const e of entries) {
        const payload = example(e.schema, ids) as Record<string, unknown>;
        expect({ type: e.type, valid: ajv.validate(e.schema, payload) }).toEqual({ type: e.type, valid: true });
        const res = await sendEvent(t, token, c.caseId, { type: e.type, ...payload });
        // Accepted by the door's validation: whatever the case then answers (applied, 409 by state, 404/422 for made-up ids), not 400.
        expect({ type: e.type, status: res.status, code: res.body.code }).not.toMatchObject({ status: 400 });
        for (const field of e.schema.required ?? []) {
          const { [field]: _dropped, ...incomplete } = payload;
          expect(ajv.validate(e.schema, incomplete)).toBe(false);
          const refused = await sendEvent(t, token, c.caseId, { type: e.type, ...incomplete });
          expect({ type: e.type, field, status: refused.status, code: refused.body.code }).toEqual({ type: e.type, field, status: 400, code: 'CASE_EVENT_INVALID' });
        }
      }
    }
  });

  it('the catalogue answers 304 to its ETag, may be kept privately for five minutes, and is refused to other roles', async () => {
    const first = await t.http().get('/v1/case-events').set('authorization', `Bearer ${staff}`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('private, max-age=300');
    expect(first.headers.etag).toMatch(/^"/);
    const again = await t.http().get('/v1/case-events').set('authorization', `Bearer ${staff}`).set('if-none-match', first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    const supervisor = await t.http().get('/v1/case-events').set('authorization', `Bearer ${supA}`);
    expect(supervisor.headers.etag).not.toBe(first.headers.etag);
    expectProblem(await t.http().get('/v1/case-events').set('authorization', `Bearer ${await adminToken(t)}`), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().get('/v1/case-events'), 401, 'UNAUTHENTICATED');
  });
});
