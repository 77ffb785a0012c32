import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, submitComplaint, uploadEvidence, type Submitted } from '../../support/cases.js';
import { complaintBody, createPartner, insertMember } from '../../support/factories.js';

/** A partner with a callback URL on a local server, its live key and a sandbox key. */
interface SandboxPartner {
  id: string;
  live: string;
  test: string;
  secret: string;
}

async function partnerWithSandbox(t: TestApp, admin: string, name: string, callbackUrl: string): Promise<SandboxPartner> {
  const created = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name, callbackUrl });
  if (created.status !== 201) throw new Error(`partner: ${created.status} ${JSON.stringify(created.body)}`);
  const test = await t.http().post(`/v1/partners/${created.body.partner.id}/keys`).set('authorization', `Bearer ${admin}`).send({ testMode: true });
  return { id: created.body.partner.id, live: created.body.apiKey.key, test: test.body.key, secret: created.body.callbackSecret };
}

const sandboxEvent = (t: TestApp, key: string, reference: string, body: unknown) =>
  t.http().post(`/v1/partner/sandbox/complaints/${reference}/events`).set('x-api-key', key).send(body as object);

describe('The partner sandbox: test complaints, kept apart, driven through the one door — /v1/partner/sandbox', () => {
  let t: TestApp;
  let server: Server;
  let callbacks: { headers: Record<string, string>; body: Record<string, unknown>; raw: string }[] = [];
  let admin: string;
  let p: SandboxPartner;
  let memberId: string;
  let staff: string;
  let rep: string;
  let test: Submitted;
  let live: Submitted;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        callbacks.push({ headers: req.headers as Record<string, string>, body: JSON.parse(raw), raw });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    t = await createTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', CALLBACK_RETRY_DELAY_SECONDS: '1' });
    memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    admin = await adminToken(t);
    p = await partnerWithSandbox(t, admin, '沙箱伙伴网站', `http://127.0.0.1:${port}/hook`);
    staff = (await userWithRole(t, 'supervisor')).token;
    rep = (await userWithRole(t, 'member_rep', { memberId })).token;
    test = await submitComplaint(t, p.test, { title: '沙箱测试独有标题甲乙丙' });
    live = await submitComplaint(t, p.live, { title: '正式投诉的标题' });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const callbacksFor = async (reference: string, n: number) => {
    for (let i = 0; i < 80 && callbacks.filter((c) => c.body.reference === reference).length < n; i++) await new Promise((r) => setTimeout(r, 250));
    return callbacks.filter((c) => c.body.reference === reference);
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('test complaints', () => {
    it('a complaint sent with a test-mode key is a test case, with the same receipt as a live one', async () => {
      const { rows } = await t.sql.query('SELECT id, test, channel, partner_id FROM cases WHERE id = ANY($1) ORDER BY test', [[test.caseId, live.caseId]]);
      expect(rows).toEqual([
        { id: live.caseId, test: false, channel: 'partner', partner_id: p.id },
        { id: test.caseId, test: true, channel: 'partner', partner_id: p.id },
      ]);
      expect(test.reference).toMatch(/^TS-\d{4}-\d{6,}$/);
      expect(test.receiptCode).toEqual(expect.any(String));
    });

    it('a test-mode key reads only test complaints and a live key only live ones', async () => {
      expect((await t.http().get(`/v1/partner/complaints/${test.reference}`).set('x-api-key', p.test)).status).toBe(200);
      expect((await t.http().get(`/v1/partner/complaints/${live.reference}`).set('x-api-key', p.live)).status).toBe(200);
      expectProblem(await t.http().get(`/v1/partner/complaints/${test.reference}`).set('x-api-key', p.live), 404, 'COMPLAINT_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/partner/complaints/${live.reference}`).set('x-api-key', p.test), 404, 'COMPLAINT_NOT_FOUND');
    });

    it('evidence goes only to a complaint of the key\'s own mode', async () => {
      const file = Buffer.from('沙箱证据：只属于测试投诉的文本。');
      expectProblem(
        await t.http().post(`/v1/partner/complaints/${test.reference}/evidence`).set('x-api-key', p.live).attach('files', file, 'a.txt'),
        404,
        'COMPLAINT_NOT_FOUND',
      );
      expectProblem(
        await t.http().post(`/v1/partner/complaints/${live.reference}/evidence`).set('x-api-key', p.test).attach('files', file, 'a.txt'),
        404,
        'COMPLAINT_NOT_FOUND',
      );
      expect((await uploadEvidence(t, p.test, test.reference, [{ name: 'a.txt', bytes: file }])).length).toBe(1);
    });

    it('the sandbox and the live integration may use the same externalId and Idempotency-Key without meeting', async () => {
      const body = complaintBody({ externalId: 'order-42' });
      const first = await t.http().post('/v1/partner/complaints').set('x-api-key', p.live).set('idempotency-key', 'same-key').send(body);
      const second = await t.http().post('/v1/partner/complaints').set('x-api-key', p.test).set('idempotency-key', 'same-key').send(body);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(second.body.reference).not.toBe(first.body.reference);
      const replay = await t.http().post('/v1/partner/complaints').set('x-api-key', p.test).set('idempotency-key', 'same-key').send(body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body.reference).toBe(second.body.reference);
      expectProblem(
        await t.http().post('/v1/partner/complaints').set('x-api-key', p.test).set('idempotency-key', 'other-key').send(body),
        409,
        'EXTERNAL_ID_EXISTS',
      );
      const batch = await t.http().post('/v1/partner/complaints/batch').set('x-api-key', p.test).set('idempotency-key', 'batch-1')
        .send({ items: [complaintBody({ externalId: 'b-1' }), complaintBody({ externalId: 'b-2' })] });
      expect(batch.status).toBe(201);
      const flags = (await t.sql.query('SELECT test FROM cases WHERE reference = ANY($1)', [batch.body.items.map((i: { reference: string }) => i.reference)])).rows;
      expect(flags).toEqual([{ test: true }, { test: true }]);
    });
  });

  describe('never reaching staff, respondents or anyone else', () => {
    it('staff lists, filters, counts and text search leave test complaints out', async () => {
      const all = await t.http().get('/v1/cases?limit=100').set(bearer(staff));
      const ids = all.body.items.map((c: { id: string }) => c.id);
      expect(ids).toContain(live.caseId);
      expect(ids).not.toContain(test.caseId);
      const byPartner = await t.http().get(`/v1/cases?partner=${p.id}&limit=100`).set(bearer(staff));
      expect(byPartner.body.items.every((c: { id: string }) => c.id !== test.caseId)).toBe(true);
      const byState = await t.http().get('/v1/cases?state=received&limit=100').set(bearer(staff));
      expect(byState.body.items.map((c: { id: string }) => c.id)).not.toContain(test.caseId);
      const found = await t.http().get(`/v1/cases?q=${encodeURIComponent('沙箱测试独有标题')}`).set(bearer(staff));
      expect(found.status).toBe(200);
      expect(found.body.items).toEqual([]);
      const liveFound = await t.http().get(`/v1/cases?q=${encodeURIComponent('正式投诉的标题')}`).set(bearer(staff));
      expect(liveFound.body.items.map((c: { id: string }) => c.id)).toContain(live.caseId);
    });

    it('a staff read or write of a test case answers 404 like an unknown case', async () => {
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}`).set(bearer(staff)), 404, 'CASE_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}/history`).set(bearer(staff)), 404, 'CASE_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}/complainant`).set(bearer(staff)), 404, 'CASE_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}/evidence`).set(bearer(staff)), 404, 'NOT_FOUND');
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}/survey`).set(bearer(staff)), 404, 'SURVEY_NOT_FOUND');
      expectProblem(await t.http().post(`/v1/cases/${test.caseId}/events`).set(bearer(staff)).send({ type: 'ACCEPT' }), 404, 'CASE_NOT_FOUND');
      const evidenceId = (await t.sql.query('SELECT id FROM evidence WHERE case_id = $1', [test.caseId])).rows[0].id;
      expectProblem(await t.http().get(`/v1/evidence/${evidenceId}`).set(bearer(staff)), 404, 'EVIDENCE_NOT_FOUND');
      expect((await t.http().get(`/v1/cases/${live.caseId}`).set(bearer(staff))).status).toBe(200);
    });

    it('the respondent\'s representative never sees a test complaint about its member', async () => {
      const list = await t.http().get('/v1/cases?limit=100').set(bearer(rep));
      expect(list.status).toBe(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(test.caseId);
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}`).set(bearer(rep)), 404, 'CASE_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/cases/${test.caseId}/evidence`).set(bearer(rep)), 404, 'NOT_FOUND');
    });
  });

  describe('advancing a test complaint through its states', () => {
    it('lists the events the test complaint takes now, from the sandbox and from the complainant', async () => {
      const res = await t.http().get(`/v1/partner/sandbox/complaints/${test.reference}/events`).set('x-api-key', p.test);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ reference: test.reference, state: 'received', phase: null });
      expect(res.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT', 'DISMISS']));
      expect(res.body.allowedEvents).not.toContain('MERGE');
      expect(res.body.complainantEvents).toEqual(expect.arrayContaining(['WITHDRAW']));
    });

    it('moves the case as staff would, records the sandbox as the actor, and the partner gets each signed callback', async () => {
      const accepted = await sandboxEvent(t, p.test, test.reference, { type: 'ACCEPT' });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ reference: test.reference, type: 'ACCEPT', fromState: 'received', toState: 'investigating', phase: 'reviewing' });
      expect(accepted.body.version).toBeUndefined();
      expect((await sandboxEvent(t, p.test, test.reference, { type: 'REQUEST_RESPONSE', payload: { note: '请回复' } })).body).toMatchObject({ phase: 'awaiting_response' });
      expect((await sandboxEvent(t, p.test, test.reference, { type: 'RESOLVE', payload: { upheld: true, outcome: '已退款' } })).body).toMatchObject({ toState: 'resolved' });
      // The complainant's step, as the partner's user would take it: with the receipt code.
      expect((await complainantEvent(t, test.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
      const got = await callbacksFor(test.reference, 4);
      expect(got.map((c) => [c.body.event, c.body.state, c.body.phase])).toEqual([
        ['ACCEPT', 'investigating', 'reviewing'],
        ['REQUEST_RESPONSE', 'investigating', 'awaiting_response'],
        ['RESOLVE', 'resolved', null],
        ['CONFIRM', 'closed', null],
      ]);
      expect(got.every((c) => c.body.test === true)).toBe(true);
      for (const c of got) {
        expect(new Webhook(p.secret).verify(c.raw, c.headers)).toEqual(c.body);
      }
      const history = (await t.sql.query('SELECT type, actor_type, actor_role FROM case_events WHERE case_id = $1 AND seq BETWEEN 2 AND 4 ORDER BY seq', [test.caseId])).rows;
      expect(history).toEqual([
        { type: 'ACCEPT', actor_type: 'sandbox', actor_role: 'supervisor' },
        { type: 'REQUEST_RESPONSE', actor_type: 'sandbox', actor_role: 'supervisor' },
        { type: 'RESOLVE', actor_type: 'sandbox', actor_role: 'supervisor' },
      ]);
      expect((await t.http().get(`/v1/partner/complaints/${test.reference}`).set('x-api-key', p.test)).body).toMatchObject({ state: 'closed' });
    });

    it('writes no notification for a test complaint, while the same steps on a live one notify as usual', async () => {
      const notes = async (caseId: string) => (await t.sql.query('SELECT count(*)::int AS n FROM notifications WHERE case_id = $1', [caseId])).rows[0].n;
      expect(await notes(test.caseId)).toBe(0);
      await mustSend(t, staff, live.caseId, { type: 'ACCEPT' });
      await mustSend(t, staff, live.caseId, { type: 'REQUEST_RESPONSE', note: '请回复' });
      expect(await notes(live.caseId)).toBeGreaterThan(0);
    });

    it('publishes nothing when a test complaint is publicized: the state moves, the public register stays empty', async () => {
      const c = await submitComplaint(t, p.test);
      await sandboxEvent(t, p.test, c.reference, { type: 'ACCEPT' });
      await sandboxEvent(t, p.test, c.reference, { type: 'PROPOSE_PUBLICATION', payload: { summary: '公开摘要', findings: '调查结论' } });
      const offered = async () => (await t.http().get(`/v1/partner/sandbox/complaints/${c.reference}/events`).set('x-api-key', p.test)).body.allowedEvents;
      expect(await offered()).not.toContain('APPROVE');
      expectProblem(await t.http().get(`/v1/cases/${c.caseId}/disclosure-preview`).set(bearer(staff)), 404, 'CASE_NOT_FOUND');
      // The respondent's right of reply is open: the door's refusal, as a supervisor would get it.
      const early = await sandboxEvent(t, p.test, c.reference, { type: 'APPROVE' });
      expectProblem(early, 409, 'CASE_EVENT_NOT_ALLOWED');
      expect(early.body).toMatchObject({ reason: 'RIGHT_OF_REPLY_PENDING', until: expect.any(String) });
      // The reply period runs out (its deadline job, brought forward): the scheduler moves a test case as any other.
      await t.sql.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case-deadline' AND data->>'caseId' = $1 AND data->>'kind' = 'right_of_reply'`, [c.caseId]);
      for (let i = 0; i < 40; i++) {
        const { rows } = await t.sql.query(`SELECT 1 FROM case_events WHERE case_id = $1 AND type = 'DEADLINE_ELAPSED'`, [c.caseId]);
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await offered()).toContain('APPROVE');
      const approved = await sandboxEvent(t, p.test, c.reference, { type: 'APPROVE' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ toState: 'publicized' });
      expect((await t.sql.query('SELECT count(*)::int AS n FROM disclosures WHERE case_id = $1', [c.caseId])).rows[0].n).toBe(0);
      expect((await t.http().get('/v1/public/disclosures')).body.items).toEqual([]);
    });
  });

  it('a live callback says test: false, and a sandbox callback that failed for good stays off the admin\'s dead-letter list', async () => {
    const liveCallbacks = await callbacksFor(live.reference, 1);
    expect(liveCallbacks[0].body.test).toBe(false);
    await t.sql.query(`UPDATE partner_callbacks SET status = 'dead', last_error = 'test' WHERE case_id = ANY($1)`, [[test.caseId, live.caseId]]);
    const dead = await t.http().get('/v1/admin/callbacks/dead').set(bearer(admin));
    expect(dead.status).toBe(200);
    const cases = new Set(dead.body.map((c: { caseId: string }) => c.caseId));
    expect(cases.has(live.caseId)).toBe(true);
    expect(cases.has(test.caseId)).toBe(false);
  });

  describe('what the sandbox refuses (problem+json, nothing written)', () => {
    const versionOf = async (caseId: string) => (await t.sql.query('SELECT version FROM cases WHERE id = $1', [caseId])).rows[0].version;

    it('a live key: 403 SANDBOX_ONLY, for its own live complaint too', async () => {
      const before = await versionOf(live.caseId);
      expectProblem(await sandboxEvent(t, p.live, live.reference, { type: 'DISMISS', payload: { reason: 'x' } }), 403, 'SANDBOX_ONLY');
      expectProblem(await t.http().get(`/v1/partner/sandbox/complaints/${live.reference}/events`).set('x-api-key', p.live), 403, 'SANDBOX_ONLY');
      expect(await versionOf(live.caseId)).toBe(before);
    });

    it('a live complaint, another partner\'s test complaint or an unknown reference: 404', async () => {
      const before = await versionOf(live.caseId);
      expectProblem(await sandboxEvent(t, p.test, live.reference, { type: 'DISMISS', payload: { reason: 'x' } }), 404, 'COMPLAINT_NOT_FOUND');
      expect(await versionOf(live.caseId)).toBe(before);
      const other = await partnerWithSandbox(t, admin, '另一个沙箱伙伴', 'http://127.0.0.1:9/none');
      const mine = await submitComplaint(t, p.test);
      expectProblem(await sandboxEvent(t, other.test, mine.reference, { type: 'ACCEPT' }), 404, 'COMPLAINT_NOT_FOUND');
      expectProblem(await t.http().get(`/v1/partner/sandbox/complaints/${mine.reference}/events`).set('x-api-key', other.test), 404, 'COMPLAINT_NOT_FOUND');
      expectProblem(await sandboxEvent(t, p.test, 'TS-2026-999999', { type: 'ACCEPT' }), 404, 'COMPLAINT_NOT_FOUND');
    });

    it('staff and the public cannot call it', async () => {
      const asStaff = t.http().post(`/v1/partner/sandbox/complaints/${test.reference}/events`).set(bearer(staff)).send({ type: 'ACCEPT' });
      expectProblem(await asStaff, 403, 'FORBIDDEN_ROLE');
      expectProblem(await t.http().post(`/v1/partner/sandbox/complaints/${test.reference}/events`).send({ type: 'ACCEPT' }), 401, 'UNAUTHENTICATED');
    });

    it('refuses as the door does: a merge, a complainant\'s event, an event the state does not take, a bad body', async () => {
      const c = await submitComplaint(t, p.test);
      const before = await versionOf(c.caseId);
      expectProblem(await sandboxEvent(t, p.test, c.reference, { type: 'MERGE', payload: { targetCaseId: live.caseId } }), 403, 'CASE_EVENT_FORBIDDEN');
      expectProblem(await sandboxEvent(t, p.test, c.reference, { type: 'CONFIRM' }), 403, 'CASE_EVENT_FORBIDDEN');
      const notNow = await sandboxEvent(t, p.test, c.reference, { type: 'RESOLVE', payload: { upheld: true, outcome: 'x' } });
      expectProblem(notNow, 409, 'CASE_EVENT_NOT_ALLOWED');
      expect(notNow.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT']));
      const badPayload = await sandboxEvent(t, p.test, c.reference, { type: 'DISMISS', payload: {} });
      expectProblem(badPayload, 400, 'CASE_EVENT_INVALID');
      expect(badPayload.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['payload.reason']));
      expect(badPayload.body.errors.every((e: { field: string }) => e.field === 'payload.reason')).toBe(true);
      const flat = await sandboxEvent(t, p.test, c.reference, { type: 'DISMISS', reason: 'x' });
      expectProblem(flat, 400, 'CASE_EVENT_INVALID');
      expect(flat.body.errors).toEqual([expect.objectContaining({ field: 'reason', code: 'UNKNOWN_FIELD' })]);
      const unknownType = await sandboxEvent(t, p.test, c.reference, { type: 'DEADLINE_ELAPSED' });
      expectProblem(unknownType, 400, 'CASE_EVENT_INVALID');
      expectProblem(await sandboxEvent(t, p.test, c.reference, []), 400, 'CASE_EVENT_INVALID');
      expect(await versionOf(c.caseId)).toBe(before);
      expect((await t.sql.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [c.caseId])).rows[0].n).toBe(1);
    });
  });
});
