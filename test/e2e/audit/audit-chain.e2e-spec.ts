import { AuditService } from '../../../src/audit/audit.service.js';
import type { Actor } from '../../../src/platform/access/principal.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';

const actor: Actor = { principal: null, requestId: 'test' };

describe('The audit log is append-only and hash-chained', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  /**
   * Checkpoints until every entry is sealed. A checkpoint seals only entries of transactions older than the oldest
   * one still running anywhere in the cluster, and the test cluster is shared by the test files running in
   * parallel: one of their transactions can hold the horizon back for a moment, and the next checkpoint seals the rest.
   */
  const sealAll = async () => {
    for (let i = 0; i < 100; i++) {
      await audit.checkpoint();
      if ((await audit.verify()).unsealedEntries === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const write = (resourceId: string, n: number) =>
    t.app.get(AuditService).recordNow(actor, { action: 'test.write', resourceType: 'thing', resourceId, payload: { n }, details: { n } });

  it('UPDATE, DELETE and TRUNCATE are refused by the database', async () => {
    await write('a', 1);
    await expect(t.sql.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.sql.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });

  it('parallel writers on many resources and on one resource keep every chain verifiable', async () => {
    await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => write(`p${i % 8}`, i)),
      ...Array.from({ length: 20 }, (_, i) => write('hot', i)),
    ]);
    const seqs = (await t.sql.query(`SELECT stream_seq FROM audit_log WHERE stream = 'thing:hot' ORDER BY stream_seq`)).rows.map((r) => r.stream_seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await sealAll();
    const res = await t.http().get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, unsealedEntries: 0 });
    expect(res.body.entriesChecked).toBeGreaterThanOrEqual(61);
  });

  it('a checkpoint seals only finished transactions: an entry committed later is sealed by the next one', async () => {
    const client = await t.sql.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT pg_current_xact_id()`); // an open transaction holds back the horizon
      await write('late', 1);
      await audit.checkpoint();
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await sealAll();
    const result = await audit.verify();
    expect(result).toMatchObject({ ok: true, unsealedEntries: 0 });
  });

  it('a row altered directly in SQL (trigger disabled) is detected and named', async () => {
    await write('victim', 1);
    await write('victim', 2);
    await audit.checkpoint();
    const target = (await t.sql.query(`SELECT id FROM audit_log WHERE stream = 'thing:victim' AND stream_seq = 2`)).rows[0].id;
    await t.sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.sql.query(`UPDATE audit_log SET action = 'test.innocent' WHERE id = $1`, [target]);
    await t.sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const res = await t.http().get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstFailure).toMatchObject({ entryId: String(target), reason: expect.stringContaining('hash') });
    // Put it back so later tests start from a valid log.
    await t.sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.sql.query(`UPDATE audit_log SET action = 'test.write' WHERE id = $1`, [target]);
    await t.sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    expect((await audit.verify()).ok).toBe(true);
  });

  it('a deleted entry is detected: by the broken chain, or by the checkpoint when it was the last of its stream', async () => {
    await write('gone', 1);
    await write('gone', 2);
    await write('gone-tail', 1);
    await sealAll();
    await t.sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    const first = (await t.sql.query(`DELETE FROM audit_log WHERE stream = 'thing:gone' AND stream_seq = 1 RETURNING id`)).rows[0].id;
    let result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstFailure?.reason).toMatch(/sequence|link/);
    expect(BigInt(result.firstFailure!.entryId!)).toBeGreaterThan(BigInt(first));
    await t.sql.query(`DELETE FROM audit_log WHERE stream = 'thing:gone'`);
    await t.sql.query(`DELETE FROM audit_log WHERE stream = 'thing:gone-tail'`);
    await t.sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstFailure).toMatchObject({ checkpointId: expect.any(String), reason: expect.stringMatching(/entries added or removed/) });
  });

  it('lists entries newest first with filters and keyset pagination, for admins only', async () => {
    for (let i = 0; i < 3; i++) await write('listed', i);
    const page1 = await t.http().get('/v1/audit?resourceType=thing&resourceId=listed&limit=2').set('authorization', `Bearer ${admin}`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((e: { streamSeq: number }) => e.streamSeq)).toEqual([3, 2]);
    const page2 = await t.http().get(`/v1/audit?resourceType=thing&resourceId=listed&limit=2&cursor=${page1.body.nextCursor}`).set('authorization', `Bearer ${admin}`);
    expect(page2.body.items.map((e: { streamSeq: number }) => e.streamSeq)).toEqual([1]);
    expectProblem(await t.http().get('/v1/audit'), 401, 'UNAUTHENTICATED');
  });
});

describe('Maintenance purges', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('expired throttle counters are purged and the count reported', async () => {
    const { RateLimitService } = await import('../../../src/platform/rate-limit/rate-limit.service.js');
    await t.sql.query(`INSERT INTO rate_limit_buckets (key, hits, expires_at) VALUES ('old-1', 3, now() - interval '1 hour'), ('old-2', 1, now() - interval '1 minute'), ('live', 1, now() + interval '1 hour')`);
    expect(await t.app.get(RateLimitService).purgeExpired()).toBe(2);
    expect((await t.sql.query('SELECT key FROM rate_limit_buckets')).rows.map((r) => r.key)).toEqual(['live']);
  });
});
