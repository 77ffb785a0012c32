import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { EVENT_ROLES } from '../../../src/cases/machine/case.permissions.js';
import type { CaseEventType } from '../../../src/cases/machine/case.types.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent, mustSend, openCase, sendEvent } from '../../support/cases.js';
import { complaintBody, insertMember } from '../../support/factories.js';

const SAMPLE: Record<string, Record<string, unknown>> = {
  ACCEPT: {}, DISMISS: { reason: 'r' }, MERGE: { targetCaseId: '00000000-0000-4000-8000-000000000000' }, REQUEST_RESPONSE: {},
  RESPOND: { response: { kind: 'not_concerned' } }, START_MEDIATION: {}, RECORD_MEDIATION_SESSION: { summary: 's' }, AGREEMENT: { terms: 't' },
  MEDIATION_FAILED: { reason: 'r' }, RESOLVE: { upheld: true, outcome: 'o' }, PROPOSE_PUBLICATION: { summary: 's', findings: 'f' },
  PROPOSE_REFERRAL: { agencyId: '00000000-0000-4000-8000-00000000a001', justification: 'j' }, APPROVE: {}, REJECT_PROPOSAL: { reason: 'r' },
  RIGHT_OF_REPLY: { reply: 'r' }, LE_ACKNOWLEDGE: { referenceNumber: 'n' }, LE_CONCLUDE: { outcome: 'o' }, RETRACT_REFERRAL: { reason: 'r' },
  CONFIRM: {}, DISPUTE: { reason: 'r' }, WITHDRAW: {}, ADD_INFORMATION: { text: 't' }, ASSIGN: { assigneeId: null }, ADD_NOTE: { text: 'n' },
  CLOSE: {}, REOPEN: { reason: 'r' }, UNMERGE: { reason: 'r' }, ACTION_FOLLOW_UP: { happened: true },
};

describe('The role matrix: every event refused to the roles that may not send it', () => {
  let t: TestApp;
  let tokens: Record<'secretariat' | 'supervisor' | 'member_rep', string>;
  let caseId: string;
  let receipt: string;
  beforeAll(async () => {
    t = await createTestApp();
    const memberId = await insertMember(t, { domains: ['shop.example.cn'] });
    tokens = {
      secretariat: (await userWithRole(t, 'secretariat')).token,
      supervisor: (await userWithRole(t, 'supervisor')).token,
      member_rep: (await userWithRole(t, 'member_rep', { memberId })).token,
    };
    const c = await openCase(t);
    caseId = c.caseId;
    receipt = c.receiptCode;
  });
  afterAll(() => t.close());

  const types = (Object.keys(EVENT_ROLES) as CaseEventType[]).filter((e) => e !== 'DEADLINE_ELAPSED');
  it.each(types)('%s is refused (403) to every role outside its list, over HTTP', async (type) => {
    for (const role of ['secretariat', 'supervisor', 'member_rep'] as const) {
      if (EVENT_ROLES[type].includes(role)) continue;
      const res = await sendEvent(t, tokens[role], caseId, { type, ...SAMPLE[type] });
      expectProblem(res, 403, 'CASE_EVENT_FORBIDDEN');
    }
    if (!EVENT_ROLES[type].includes('complainant')) {
      expectProblem(await complainantEvent(t, receipt, { type, ...SAMPLE[type] }), 403, 'CASE_EVENT_FORBIDDEN');
    }
    expect((await t.sql.query('SELECT version FROM cases WHERE id = $1', [caseId])).rows[0].version).toBe(1);
  });

  it('DEADLINE_ELAPSED cannot be sent by anyone over HTTP', async () => {
    expectProblem(await sendEvent(t, tokens.supervisor, caseId, { type: 'DEADLINE_ELAPSED', deadline: 'triage' }), 400, 'CASE_EVENT_INVALID');
  });

  it('an admin or a partner key does not act on cases', async () => {
    expectProblem(await sendEvent(t, await adminToken(t), caseId, { type: 'ADD_NOTE', text: 'x' }), 403, 'FORBIDDEN_ROLE');
  });
});

describe('Deadlines are data and fire through the one door, across restarts', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    await insertMember(t, { domains: ['shop.example.cn'] });
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  it('stores the triage deadline on intake and the respondent deadline with reminders on REQUEST_RESPONSE, in Chinese working days', async () => {
    const c = await openCase(t);
    const triage = (await t.sql.query(`SELECT * FROM case_deadlines WHERE case_id = $1`, [c.caseId])).rows;
    expect(triage.map((d) => d.kind)).toEqual(['triage']);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    const rows = (await t.sql.query(`SELECT kind, settled_at, outcome FROM case_deadlines WHERE case_id = $1 ORDER BY started_at, kind`, [c.caseId])).rows;
    expect(rows.find((d) => d.kind === 'triage')).toMatchObject({ outcome: 'cancelled' });
    expect(rows.filter((d) => d.settled_at === null).map((d) => d.kind).sort()).toEqual(['resolution', 'response']);
    const jobs = (await t.sql.query(`SELECT name FROM pgboss.job WHERE data->>'caseId' = $1`, [c.caseId])).rows.map((r) => r.name);
    expect(jobs.filter((n) => n === 'case-reminder').length).toBeGreaterThanOrEqual(1);
  });

  it('a respondent deadline scheduled before a restart fires after it: the case turns overdue, the history records it', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'ACCEPT' });
    await mustSend(t, staff, c.caseId, { type: 'REQUEST_RESPONSE' });
    const [d] = (await t.sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'response'`, [c.caseId])).rows;
    // Bring the stored job forward to "in 2 seconds" (the due date is days away), then restart the app.
    await t.sql.query(`UPDATE pgboss.job SET start_after = now() + interval '2 seconds' WHERE name = 'case-deadline' AND data->>'deadlineId' = $1`, [d.id]);
    await t.restart();
    let row: { overdue: boolean } | undefined;
    for (let i = 0; i < 60; i++) {
      row = (await t.sql.query('SELECT overdue FROM cases WHERE id = $1', [c.caseId])).rows[0];
      if (row?.overdue) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(row?.overdue).toBe(true);
    const last = (await t.sql.query(`SELECT type, payload, actor_type FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1`, [c.caseId])).rows[0];
    expect(last).toMatchObject({ type: 'DEADLINE_ELAPSED', actor_type: 'system', payload: expect.objectContaining({ deadline: 'response' }) });
    expect((await t.sql.query(`SELECT outcome FROM case_deadlines WHERE id = $1`, [d.id])).rows[0].outcome).toBe('elapsed');
    const overdueList = await t.http().get('/v1/cases?overdue=true').set('authorization', `Bearer ${(await userWithRole(t, 'secretariat')).token}`);
    expect(overdueList.body.items.map((i: { id: string }) => i.id)).toContain(c.caseId);
  });

  it('a deadline whose state has passed is settled without an event', async () => {
    const c = await openCase(t);
    await mustSend(t, staff, c.caseId, { type: 'DISMISS', reason: '重复投诉' });
    const [d] = (await t.sql.query(`SELECT id, settled_at FROM case_deadlines WHERE case_id = $1 AND kind = 'triage'`, [c.caseId])).rows;
    expect(d.settled_at).not.toBeNull();
    const versionBefore = (await t.sql.query('SELECT version FROM cases WHERE id = $1', [c.caseId])).rows[0].version;
    await t.sql.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case-deadline' AND data->>'deadlineId' = $1`, [d.id]);
    await new Promise((r) => setTimeout(r, 2500));
    expect((await t.sql.query('SELECT version FROM cases WHERE id = $1', [c.caseId])).rows[0].version).toBe(versionBefore);
  });
});

describe('Partner callbacks: signed, retried, never blocking a transition', () => {
  let t: TestApp;
  let server: Server;
  let received: { headers: IncomingMessage['headers']; body: string }[] = [];
  let failFirst = true;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failFirst) {
          failFirst = false;
          res.writeHead(500).end();
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    t = await createTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', CALLBACK_RETRY_DELAY_SECONDS: '1' });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  it('POSTs the new state with a valid HMAC signature, and retries after a failure', async () => {
    const admin = await adminToken(t);
    const created = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name: '回调网站', callbackUrl: `http://127.0.0.1:${port}/hook` });
    const secret: string = created.body.callbackSecret;
    const key: string = created.body.apiKey.key;
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', key).set('idempotency-key', 'cb-1').send(complaintBody({ externalId: 'cb-1' }));
    const staff = (await userWithRole(t, 'secretariat')).token;
    const accepted = await sendEvent(t, staff, c.body.caseId, { type: 'ACCEPT' });
    expect(accepted.status).toBe(200);
    for (let i = 0; i < 80 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 250));
    expect(received.length).toBeGreaterThanOrEqual(2);
    const last = received[received.length - 1];
    const [tPart, vPart] = String(last.headers['x-signature']).split(',');
    const ts = tPart.replace('t=', '');
    expect(vPart).toBe(`v1=${createHmac('sha256', secret).update(`${ts}.${last.body}`).digest('hex')}`);
    expect(JSON.parse(last.body)).toMatchObject({ reference: c.body.reference, externalId: 'cb-1', state: 'investigating', previousState: 'received', event: 'ACCEPT' });
    const row = (await t.sql.query('SELECT status, attempts FROM partner_callbacks WHERE case_id = $1', [c.body.caseId])).rows[0];
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
  });
});

describe('Callbacks never reach private networks unless allowed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('dead-letters a callback to a loopback address without blocking the transition', async () => {
    const admin = await adminToken(t);
    const created = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name: '内网回调', callbackUrl: 'http://127.0.0.1:9/hook' });
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', created.body.apiKey.key).set('idempotency-key', 'ssrf-1').send(complaintBody({ externalId: 'ssrf-1' }));
    const staff = (await userWithRole(t, 'secretariat')).token;
    expect((await sendEvent(t, staff, c.body.caseId, { type: 'ACCEPT' })).status).toBe(200);
    let row: { status: string; last_error: string } | undefined;
    for (let i = 0; i < 40; i++) {
      row = (await t.sql.query('SELECT status, last_error FROM partner_callbacks WHERE case_id = $1', [c.body.caseId])).rows[0];
      if (row?.status === 'dead') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(row).toMatchObject({ status: 'dead', last_error: expect.stringMatching(/private|loopback/) });
  });
});
