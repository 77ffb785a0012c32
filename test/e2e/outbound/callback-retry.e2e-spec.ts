import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { sendEvent } from '../../support/cases.js';
import { complaintBody, insertMember } from '../../support/factories.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free local port: listened on, then closed (the partner's endpoint is down until the test starts it there). */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('Retry a dead partner callback — POST /v1/admin/callbacks/dead/:id/retry', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let port: number;
  let receiver: Server | null = null;
  const received: { headers: Record<string, string>; body: string }[] = [];
  let partner: { id: string; key: string; secret: string };
  let callbackId: string;
  let reference: string;

  const bearer = (token = admin) => ({ authorization: `Bearer ${token}` });
  const retry = (id: string, token = admin) => t.http().post(`/v1/admin/callbacks/dead/${id}/retry`).set(bearer(token));
  const rowOf = async (id: string) => (await t.sql.query('SELECT status, attempts, last_error FROM partner_callbacks WHERE id = $1', [id])).rows[0];
  const retryAudits = async (id: string) =>
    (await t.sql.query(`SELECT actor_type, actor_id, action, resource_type, details, payload_digest FROM audit_log WHERE action = 'callback.retry' AND resource_id = $1`, [id])).rows;

  async function startReceiver(): Promise<void> {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver!.listen(port, '127.0.0.1', r));
  }

  async function waitFor<T>(what: () => Promise<T>, done: (v: T) => boolean, tries = 120): Promise<T> {
    let v = await what();
    for (let i = 0; i < tries && !done(v); i++) {
      await sleep(250);
      v = await what();
    }
    return v;
  }

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true', CALLBACK_RETRY_DELAY_SECONDS: '1' });
    await insertMember(t, { domains: ['shop.example.cn'] });
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    const created = await t.http().post('/v1/partners').set(bearer()).send({ name: '回调重发网站', callbackUrl: `http://127.0.0.1:${port}/hook` });
    partner = { id: created.body.partner.id, key: created.body.apiKey.key, secret: created.body.callbackSecret };
    // The receiver is down: the ACCEPT callback fails; its attempt count is moved to the last one (as after a day of
    // retries), so the next failure dead-letters it.
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'retry-1').send(complaintBody({ externalId: 'retry-1' }));
    reference = c.body.reference;
    expect((await sendEvent(t, staff, c.body.caseId, { type: 'ACCEPT' })).status).toBe(200);
    const first = await waitFor(
      async () => (await t.sql.query('SELECT id, attempts FROM partner_callbacks WHERE case_id = $1', [c.body.caseId])).rows[0],
      (r) => r?.attempts >= 1,
    );
    callbackId = first.id;
    await t.sql.query('UPDATE partner_callbacks SET attempts = 16 WHERE id = $1', [callbackId]);
    expect(await waitFor(() => rowOf(callbackId), (r) => r.status === 'dead')).toMatchObject({ status: 'dead', last_error: expect.any(String) });
  });

  afterAll(async () => {
    await t.close();
    receiver?.close();
  });

  it('a dead callback retried once the partner is up leaves the dead list at once and is delivered once, signed, with a fresh attempt budget', async () => {
    expect((await t.http().get('/v1/admin/callbacks/dead').set(bearer())).body.map((d: { id: string }) => d.id)).toContain(callbackId);
    await startReceiver();
    const res = await retry(callbackId);
    expect(res.status).toBe(202);
    expect((await t.http().get('/v1/admin/callbacks/dead').set(bearer())).body.map((d: { id: string }) => d.id)).not.toContain(callbackId);
    // Retrying again at once sends nothing twice: the callback is no longer dead.
    expectProblem(await retry(callbackId), 409, 'CALLBACK_NOT_RETRYABLE');
    const row = await waitFor(() => rowOf(callbackId), (r) => r.status === 'delivered');
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
    await sleep(1500);
    const mine = received.filter((r) => JSON.parse(r.body).reference === reference);
    expect(mine).toHaveLength(1);
    expect(mine[0].headers['webhook-id']).toBe(callbackId);
    expect(new Webhook(partner.secret).verify(mine[0].body, mine[0].headers)).toMatchObject({ reference, event: 'ACCEPT', state: 'investigating' });
  });

  it('the retry is audited: the admin, the callback id and its partner, never the callback body', async () => {
    const rows = await retryAudits(callbackId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', resource_type: 'partner_callback', details: { partnerId: partner.id }, payload_digest: null });
    expect(JSON.stringify(rows[0])).not.toContain(reference);
  });

  it('a delivered callback, an unknown id or a malformed one (404, as an unknown one) is refused and nothing is written', async () => {
    expectProblem(await retry(callbackId), 409, 'CALLBACK_NOT_RETRYABLE');
    expectProblem(await retry('00000000-0000-4000-8000-000000000000'), 404, 'CALLBACK_NOT_FOUND');
    expect((await retry('not-a-uuid')).status).toBe(404);
    expect(await retryAudits(callbackId)).toHaveLength(1);
  });

  it('only an admin may retry: staff get 403', async () => {
    await t.sql.query(`UPDATE partner_callbacks SET status = 'dead' WHERE id = $1`, [callbackId]);
    expect((await retry(callbackId, staff)).status).toBe(403);
    expect((await rowOf(callbackId)).status).toBe('dead');
  });

  it('a suspended partner\'s dead callback stays dead (CALLBACK_PARTNER_SUSPENDED), and one whose partner has no callback URL (CALLBACK_TARGET_MISSING)', async () => {
    expect((await t.http().patch(`/v1/partners/${partner.id}`).set(bearer()).send({ status: 'suspended' })).status).toBe(200);
    expectProblem(await retry(callbackId), 409, 'CALLBACK_PARTNER_SUSPENDED');
    expect((await rowOf(callbackId)).status).toBe('dead');
    expect((await t.http().patch(`/v1/partners/${partner.id}`).set(bearer()).send({ status: 'active', callbackUrl: null })).status).toBe(200);
    expectProblem(await retry(callbackId), 409, 'CALLBACK_TARGET_MISSING');
    expect((await rowOf(callbackId)).status).toBe('dead');
    expect(await retryAudits(callbackId)).toHaveLength(1);
  });

  it('a test complaint\'s callback (the partner sandbox) is not on the list and cannot be retried', async () => {
    await t.sql.query('UPDATE partner_callbacks SET test = true WHERE id = $1', [callbackId]);
    expectProblem(await retry(callbackId), 404, 'CALLBACK_NOT_FOUND');
  });

  it('a partner that set no callback URL gets no dead letters: its callbacks are skipped, off the list', async () => {
    const quiet = await t.http().post('/v1/partners').set(bearer()).send({ name: '不收回调的网站' });
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', quiet.body.apiKey.key).set('idempotency-key', 'quiet-1').send(complaintBody({ externalId: 'quiet-1' }));
    expect((await sendEvent(t, staff, c.body.caseId, { type: 'ACCEPT' })).status).toBe(200);
    const row = await waitFor(
      async () => (await t.sql.query('SELECT id, status, last_error FROM partner_callbacks WHERE case_id = $1', [c.body.caseId])).rows[0],
      (r) => r?.status === 'skipped',
    );
    expect(row).toMatchObject({ status: 'skipped', last_error: 'no callback configured' });
    const dead = await t.http().get('/v1/admin/callbacks/dead').set(bearer());
    expect(dead.body.map((d: { id: string }) => d.id)).not.toContain(row.id);
    expectProblem(await retry(row.id), 409, 'CALLBACK_NOT_RETRYABLE');
  });
});
