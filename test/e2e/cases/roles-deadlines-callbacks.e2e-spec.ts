import { jest } from '@jest/globals';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { EVENT_ROLES } from '../../../src/cases/machine/case.permissions.js';
import type { CaseEventType } from '../../../src/cases/machine/case.types.js';
import { Clock } from '../../../src/platform/clock.js';
import { FieldCipher } from '../../../src/platform/crypto/field-cipher.js';
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
  CORRECT_RESPONDENT: { respondentMemberId: '00000000-0000-4000-8000-0000000000aa', reason: 'r' },
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

describe('Partner callbacks: signed by Standard Webhooks, retried, never blocking a transition', () => {
  let t: TestApp;
  let server: Server;
  interface Received {
    headers: Record<string, string>;
    body: string;
  }
  const received: Received[] = [];
  /** The partner endpoint's answer to each callback (it may move the service's clock before answering). */
  let answer: (r: Received) => number = () => 204;
  let port = 0;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const r = { headers: req.headers as Record<string, string>, body };
        received.push(r);
        res.writeHead(answer(r)).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
    t = await createTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', CALLBACK_RETRY_DELAY_SECONDS: '1' });
    await insertMember(t, { domains: ['shop.example.cn'] });
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterEach(() => {
    jest.restoreAllMocks();
    answer = () => 204;
  });
  afterAll(async () => {
    await t.close();
    server.close();
  });

  const STANDARD_SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
  const bearer = () => ({ authorization: `Bearer ${admin}` });

  async function partnerWithCallback(name: string): Promise<{ id: string; key: string; secret: string }> {
    const created = await t.http().post('/v1/partners').set(bearer()).send({ name, callbackUrl: `http://127.0.0.1:${port}/hook` });
    return { id: created.body.partner.id, key: created.body.apiKey.key, secret: created.body.callbackSecret };
  }

  /** A partner as the migration leaves one that held a secret before issue #15: its base64url secret, flagged legacy. */
  async function partnerCreatedBefore(name: string): Promise<{ id: string; key: string; secret: string }> {
    const p = await partnerWithCallback(name);
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const sealed = t.app.get(FieldCipher).seal(secret, `partner:${p.id}:callback`);
    await t.sql.query('UPDATE partners SET callback_secret_enc = $2, callback_key_id = $3, callback_legacy_signature = true WHERE id = $1', [p.id, sealed.data, sealed.keyId]);
    return { ...p, secret };
  }

  async function acceptedComplaint(key: string, externalId: string): Promise<{ caseId: string; reference: string }> {
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', key).set('idempotency-key', externalId).send(complaintBody({ externalId }));
    expect((await sendEvent(t, staff, c.body.caseId, { type: 'ACCEPT' })).status).toBe(200);
    return c.body;
  }

  async function callbacksOf(reference: string, n: number): Promise<Received[]> {
    const of = () => received.filter((r) => JSON.parse(r.body).reference === reference);
    for (let i = 0; i < 80 && of().length < n; i++) await new Promise((r) => setTimeout(r, 250));
    expect(of()).toHaveLength(n);
    return of();
  }

  /** The library's check as a receiver whose own clock reads the callback's timestamp (its tolerance uses Date.now). */
  function verifyAsReceived(secret: string, r: Received): unknown {
    const now = jest.spyOn(Date, 'now').mockReturnValue(Number(r.headers['webhook-timestamp']) * 1000);
    try {
      return new Webhook(secret).verify(r.body, r.headers);
    } finally {
      now.mockRestore();
    }
  }

  const legacySignature = (secret: string, r: Received) => {
    const ts = r.headers['webhook-timestamp'];
    return `t=${ts},v1=${createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
  };

  it('a new partner\'s callback verifies with the Standard Webhooks library as given, never carries X-Signature, and keeps its webhook-id on the retry', async () => {
    let attempts = 0;
    answer = () => (++attempts === 1 ? 500 : 204);
    const p = await partnerWithCallback('回调网站');
    expect(p.secret).toMatch(STANDARD_SECRET);
    expect((await t.http().get(`/v1/partners/${p.id}`).set(bearer())).body.callbackLegacySignature).toBe(false);
    const c = await acceptedComplaint(p.key, 'cb-1');
    const [failed, delivered] = await callbacksOf(c.reference, 2);
    const row = (await t.sql.query('SELECT id, status, attempts FROM partner_callbacks WHERE case_id = $1', [c.caseId])).rows[0];
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    for (const r of [failed, delivered]) {
      expect(r.headers['webhook-id']).toBe(row.id);
      expect(r.headers['x-signature']).toBeUndefined();
      expect(new Webhook(p.secret).verify(r.body, r.headers)).toMatchObject({
        reference: c.reference, externalId: 'cb-1', state: 'investigating', previousState: 'received', event: 'ACCEPT', test: false,
      });
    }
    expect(() => new Webhook(p.secret).verify(delivered.body.replace('investigating', 'closed'), delivered.headers)).toThrow(WebhookVerificationError);
  });

  it('a partner created before Standard Webhooks gets X-Signature next to the standard headers through the configured last day, and only the standard ones from the next day', async () => {
    const p = await partnerCreatedBefore('旧回调网站');
    expect((await t.http().get(`/v1/partners/${p.id}`).set(bearer())).body.callbackLegacySignature).toBe(true);
    // CALLBACK_LEGACY_SIGNATURE_UNTIL is 2027-06-30 (China time) by default: the first attempt comes in its last second;
    // the partner's endpoint fails it and the clock reaches 2027-07-01 before the retry.
    const clock = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-30T23:59:59+08:00'));
    answer = (r) => {
      clock.mockReturnValue(new Date('2027-07-01T00:00:00+08:00'));
      return received.filter((x) => x.headers['webhook-id'] === r.headers['webhook-id']).length === 1 ? 500 : 204;
    };
    const c = await acceptedComplaint(p.key, 'cb-legacy');
    const [lastDay, nextDay] = await callbacksOf(c.reference, 2);
    expect(lastDay.headers['webhook-timestamp']).toBe(String(Date.parse('2027-06-30T23:59:59+08:00') / 1000));
    expect(lastDay.headers['x-signature']).toBe(legacySignature(p.secret, lastDay));
    expect(nextDay.headers['webhook-timestamp']).toBe(String(Date.parse('2027-07-01T00:00:00+08:00') / 1000));
    expect(nextDay.headers['x-signature']).toBeUndefined();
    expect(nextDay.headers['webhook-id']).toBe(lastDay.headers['webhook-id']);
    // The standard header is signed with the key bytes the old secret encodes: converted to standard base64 (as
    // docs/partners.md shows), the secret verifies with the library.
    const converted = `whsec_${Buffer.from(p.secret.slice('whsec_'.length), 'base64url').toString('base64')}`;
    for (const r of [lastDay, nextDay]) expect(verifyAsReceived(converted, r)).toMatchObject({ reference: c.reference, event: 'ACCEPT' });
  });

  it('rotating the secret of a partner created before gives a standard secret and ends X-Signature at once, before the last day too', async () => {
    const p = await partnerCreatedBefore('轮换回调网站');
    const rotated = await t.http().post(`/v1/partners/${p.id}/callback-secret`).set(bearer());
    expect(rotated.status).toBe(201);
    expect(rotated.body.callbackSecret).toMatch(STANDARD_SECRET);
    expect((await t.http().get(`/v1/partners/${p.id}`).set(bearer())).body.callbackLegacySignature).toBe(false);
    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2027-06-30T12:00:00+08:00'));
    const c = await acceptedComplaint(p.key, 'cb-rotated');
    const [r] = await callbacksOf(c.reference, 1);
    expect(r.headers['x-signature']).toBeUndefined();
    expect(verifyAsReceived(rotated.body.callbackSecret, r)).toMatchObject({ reference: c.reference, event: 'ACCEPT' });
    expect(() => verifyAsReceived(p.secret, r)).toThrow();
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
