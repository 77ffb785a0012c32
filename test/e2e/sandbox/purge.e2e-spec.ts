import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AuditService } from '../../../src/audit/audit.service.js';
import { SandboxPurgeJob } from '../../../src/complaints/sandbox/sandbox-purge.job.js';
import { CasePurgeRegistry } from '../../../src/platform/purge/case-purge-registry.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken } from '../../support/auth.js';
import { complainantEvent, submitComplaint, uploadEvidence, type Submitted } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('The sandbox purge: test complaints older than 7 days go, with everything that hangs off them', () => {
  let t: TestApp;
  let admin: string;
  let partnerId: string;
  let liveKey: string;
  let testKey: string;
  let old: Submitted;
  let recent: Submitted;
  let oldLive: Submitted;
  const ownFile = Buffer.from('只属于过期测试投诉的证据文本 purge-only');
  const sharedFile = Buffer.from('测试投诉和正式投诉都有的同一份证据 shared-bytes');
  const blobPath = (b: Buffer) => path.join(t.dataDir, 'blobs', sha(b).slice(0, 2), sha(b).slice(2, 4), sha(b));
  const count = async (sql: string, id: string) => (await t.sql.query(sql, [id])).rows[0].n as number;

  beforeAll(async () => {
    t = await createTestApp({ CALLBACK_ALLOW_PRIVATE_NETWORKS: 'true' });
    await insertMember(t, { domains: ['shop.example.cn'] });
    admin = await adminToken(t);
    const created = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name: '清理测试伙伴', callbackUrl: 'http://127.0.0.1:9/hook' });
    partnerId = created.body.partner.id;
    liveKey = created.body.apiKey.key;
    testKey = (await t.http().post(`/v1/partners/${partnerId}/keys`).set('authorization', `Bearer ${admin}`).send({ testMode: true })).body.key;

    old = await submitComplaint(t, testKey);
    await uploadEvidence(t, testKey, old.reference, [{ name: 'own.txt', bytes: ownFile }, { name: 'shared.txt', bytes: sharedFile }]);
    // Moved along, so it has history, deadlines and their jobs, callbacks, and a complainant's survey-ready closing.
    await t.http().post(`/v1/partner/sandbox/complaints/${old.reference}/events`).set('x-api-key', testKey).send({ type: 'ACCEPT' });
    await t.http().post(`/v1/partner/sandbox/complaints/${old.reference}/events`).set('x-api-key', testKey).send({ type: 'REQUEST_RESPONSE' });
    await t.http().post(`/v1/partner/sandbox/complaints/${old.reference}/events`).set('x-api-key', testKey).send({ type: 'RESOLVE', payload: { upheld: true, outcome: '已处理' } });
    expect((await complainantEvent(t, old.receiptCode, { type: 'CONFIRM' })).status).toBe(200);
    expect((await t.http().post('/v1/public/complaints/survey').set('x-receipt-code', old.receiptCode).send({ rating: 5, comment: '很好' })).status).toBe(201);

    recent = await submitComplaint(t, testKey);
    oldLive = await submitComplaint(t, liveKey);
    await uploadEvidence(t, liveKey, oldLive.reference, [{ name: 'shared.txt', bytes: sharedFile }]);
    // Ages: 8 days (purged), 6 days (kept), and a live complaint of 30 days (never a sandbox matter).
    await t.sql.query(`UPDATE cases SET received_at = now() - interval '8 days' WHERE id = $1`, [old.caseId]);
    await t.sql.query(`UPDATE cases SET received_at = now() - interval '6 days' WHERE id = $1`, [recent.caseId]);
    await t.sql.query(`UPDATE cases SET received_at = now() - interval '30 days' WHERE id = $1`, [oldLive.caseId]);
    await t.sql.query(`UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE partner_id = $1`, [partnerId]);
    // Let the search indexer take the cases in, so there are search rows to delete too.
    for (let i = 0; i < 40; i++) {
      if ((await count('SELECT count(*)::int AS n FROM case_search_pending WHERE case_id = $1', old.caseId)) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
  });
  afterAll(() => t.close());

  it('every context registered its part of a case purge', () => {
    const registry = t.app.get(CasePurgeRegistry);
    expect(registry.rowPurgers().map((p) => p.owner).sort()).toEqual([
      'complaints: evidence', 'complaints: satisfaction_surveys', 'outbound: partner_callbacks', 'platform: notifications',
      'publications: disclosures', 'referrals: referrals, referral_custody',
    ]);
    expect(registry.blobReferences().map((p) => p.owner).sort()).toEqual(['complaints: evidence', 'pacts: self_inspection_revisions', 'pacts: signatures']);
  });

  it('the old test complaint has rows in every table before the purge (so the purge is seen to delete them)', async () => {
    for (const sql of [
      'SELECT count(*)::int AS n FROM case_events WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM case_deadlines WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM evidence WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM partner_callbacks WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM satisfaction_surveys WHERE case_id = $1',
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('case-deadline', 'case-reminder') AND data->>'caseId' = $1`,
      'SELECT (SELECT count(*) FROM case_search_text WHERE case_id = $1) + (SELECT count(*) FROM case_search_pending WHERE case_id = $1)::int AS n',
    ]) {
      expect(Number(await count(sql, old.caseId))).toBeGreaterThan(0);
    }
    expect(existsSync(blobPath(ownFile))).toBe(true);
  });

  it('removes the 8-day-old test complaint with everything that hangs off it, and its own blob', async () => {
    await t.app.get(SandboxPurgeJob).handle();
    for (const sql of [
      'SELECT count(*)::int AS n FROM cases WHERE id = $1',
      'SELECT count(*)::int AS n FROM case_events WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM case_deadlines WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM evidence WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM partner_callbacks WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM notifications WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM satisfaction_surveys WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM case_search_text WHERE case_id = $1',
      'SELECT count(*)::int AS n FROM case_search_pending WHERE case_id = $1',
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name IN ('case-deadline', 'case-reminder') AND data->>'caseId' = $1 AND state < 'active'`,
    ]) {
      expect({ sql, n: await count(sql, old.caseId) }).toEqual({ sql, n: 0 });
    }
    expect(existsSync(blobPath(ownFile))).toBe(false);
    expectProblemStatus(await t.http().get(`/v1/partner/complaints/${old.reference}`).set('x-api-key', testKey), 404);
    expectProblemStatus(await t.http().get('/v1/public/complaints/status').set('x-receipt-code', old.receiptCode), 404);
  });

  it('keeps a blob another (live) complaint holds the same bytes of', async () => {
    expect(existsSync(blobPath(sharedFile))).toBe(true);
    const dl = await t.sql.query('SELECT count(*)::int AS n FROM evidence WHERE sha256 = $1', [sha(sharedFile)]);
    expect(dl.rows[0].n).toBe(1);
  });

  it('keeps the 6-day-old test complaint and every live complaint, however old', async () => {
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE id = $1 AND test', recent.caseId)).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM cases WHERE id = $1 AND NOT test', oldLive.caseId)).toBe(1);
    expect((await t.http().get(`/v1/partner/complaints/${recent.reference}`).set('x-api-key', testKey)).status).toBe(200);
    expect((await t.http().get(`/v1/partner/complaints/${oldLive.reference}`).set('x-api-key', liveKey)).status).toBe(200);
  });

  it('deletes the sandbox\'s old Idempotency-Keys and keeps the live integration\'s', async () => {
    const { rows } = await t.sql.query('SELECT test, count(*)::int AS n FROM idempotency_keys WHERE partner_id = $1 GROUP BY test ORDER BY test', [partnerId]);
    expect(rows).toEqual([{ test: false, n: 1 }]);
  });

  it('keeps the audit log, records the purge in the case\'s stream, and the chain still verifies', async () => {
    const entries = (await t.sql.query(`SELECT action, details FROM audit_log WHERE stream = $1 ORDER BY stream_seq`, [`case:${old.caseId}`])).rows;
    expect(entries[0].action).toBe('case.create');
    expect(entries[0].details).toMatchObject({ test: true });
    expect(entries[entries.length - 1]).toEqual({ action: 'case.purge', details: { reason: 'sandbox', reference: old.reference } });
    // Sealed by a checkpoint too, so the verification covers the purge's range as a whole, not only the streams.
    await t.app.get(AuditService).checkpoint();
    const verify = await t.http().get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.checkpointsChecked).toBeGreaterThan(0);
    expect(verify.body.firstFailure ?? null).toBeNull();
  });

  it('is idempotent: a second run finds nothing more to delete', async () => {
    const before = (await t.sql.query('SELECT count(*)::int AS n FROM cases')).rows[0].n;
    await t.app.get(SandboxPurgeJob).handle();
    expect((await t.sql.query('SELECT count(*)::int AS n FROM cases')).rows[0].n).toBe(before);
  });
});

function expectProblemStatus(res: { status: number; headers: Record<string, string> }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}
