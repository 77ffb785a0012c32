import { jest } from '@jest/globals';
import { entryHash } from '../../../src/audit/audit.hash.js';
import { AuditService } from '../../../src/audit/audit.service.js';
import type { Actor } from '../../../src/platform/access/principal.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, userWithRole } from '../../support/auth.js';
import { referCase, submitComplaint } from '../../support/cases.js';
import { createAgency, createPartner, insertMember } from '../../support/factories.js';
import { runCli } from '../../support/processes.js';

const actor: Actor = { principal: null, requestId: 'test' };

jest.setTimeout(90_000);

describe('Audit ids are ordered as numbers, not as text', () => {
  let t: TestApp;
  let audit: AuditService;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    audit = t.app.get(AuditService);
    admin = await adminToken(t);
  });
  afterAll(() => t.close());

  const checkpointCount = async () => Number((await t.sql.query('SELECT count(*) AS n FROM audit_checkpoints')).rows[0].n);

  /**
   * One entry, then checkpoints until one is sealed. A checkpoint seals only transactions older than the oldest one
   * still running in the (shared) test cluster, so it may have to wait a moment for another test file's transaction.
   */
  const sealOneMore = async (n: number) => {
    await audit.recordNow(actor, { action: 'test.write', resourceType: 'thing', resourceId: 'sealed', details: { n } });
    const before = await checkpointCount();
    for (let i = 0; i < 200 && (await checkpointCount()) === before; i++) {
      if (!(await audit.checkpoint())) await new Promise((r) => setTimeout(r, 50));
    }
  };

  const withTriggerOff = async (sql: string, params: unknown[]) => {
    await t.sql.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER audit_checkpoints_append_only');
    try {
      await t.sql.query(sql, params);
    } finally {
      await t.sql.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER audit_checkpoints_append_only');
    }
  };

  it('an untouched log with more than 10 checkpoints verifies ok, by the API and by the CLI', async () => {
    for (let n = 0; (await checkpointCount()) < 12; n++) await sealOneMore(n);
    const res = await t.http().get('/v1/audit/verify').set('authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
    expect(res.body.firstFailure).toBeUndefined();
    expect(res.body.checkpointsChecked).toBeGreaterThanOrEqual(12);

    const r = await runCli(['verify-audit'], { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, JWT_SECRET: 'cli-secret-cli-secret-cli-secret-0123' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, checkpointsChecked: expect.any(Number) });
  });

  it('a checkpoint altered after the 10th is still detected and named as a checkpoint failure', async () => {
    const [{ id, hash, prevHash }] = (
      await t.sql.query(`SELECT id::text AS id, hash, prev_hash AS "prevHash" FROM audit_checkpoints ORDER BY audit_checkpoints.id OFFSET 10 LIMIT 1`)
    ).rows;
    expect(Number(id)).toBeGreaterThanOrEqual(11);

    await withTriggerOff('UPDATE audit_checkpoints SET hash = $2 WHERE id = $1', [id, 'f'.repeat(64)]);
    let result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.firstFailure).toEqual({ checkpointId: id, reason: 'checkpoint content does not match its hash' });
    await withTriggerOff('UPDATE audit_checkpoints SET hash = $2 WHERE id = $1', [id, hash]);

    await withTriggerOff('UPDATE audit_checkpoints SET prev_hash = $2 WHERE id = $1', [id, 'e'.repeat(64)]);
    result = await audit.verify();
    expect(result.firstFailure).toEqual({ checkpointId: id, reason: 'checkpoint chain broken' });
    await withTriggerOff('UPDATE audit_checkpoints SET prev_hash = $2 WHERE id = $1', [id, prevHash]);

    expect((await audit.verify()).ok).toBe(true);
  });

  it('paging GET /v1/audit from the start over more than 10,000 entries visits every entry once, newest first', async () => {
    // 10,050 valid entries (each the first of its own stream, hashed by the service's entryHash) in one statement.
    const occurredAt = new Date().toISOString();
    const rows = Array.from({ length: 10_050 }, (_, i) => {
      const f = { stream: `bulk:b${i}`, streamSeq: 1, occurredAt, actorType: 'system', actorId: null, action: 'test.bulk', resourceType: 'bulk',
        resourceId: `b${i}`, requestId: 'test', payloadDigest: null, details: null, prevHash: null };
      return { ...f, hash: entryHash(f) };
    });
    await t.sql.query(
      `INSERT INTO audit_log (stream, stream_seq, occurred_at, actor_type, action, resource_type, resource_id, request_id, hash, xid)
       SELECT s, 1, $2, 'system', 'test.bulk', 'bulk', r, 'test', h, pg_current_xact_id()::text::bigint
         FROM unnest($1::text[], $3::text[], $4::text[]) AS t(s, r, h)`,
      [rows.map((r) => r.stream), occurredAt, rows.map((r) => r.resourceId), rows.map((r) => r.hash)],
    );
    expect((await audit.verify()).ok).toBe(true);
    const expected = (await t.sql.query('SELECT id::text AS id FROM audit_log ORDER BY audit_log.id DESC')).rows.map((r) => r.id as string);
    expect(expected.length).toBeGreaterThan(10_000);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 200; page++) {
      const path: string = `/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.http().get(path).set('authorization', `Bearer ${admin}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor as string | null;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(seen.length).toBe(expected.length);
    expect(seen).toEqual(expected);
  });

  it('a referral\'s chain of custody lists more than 10 fetches in the order they happened', async () => {
    const [supA, supB, staff] = [(await userWithRole(t, 'supervisor')).token, (await userWithRole(t, 'supervisor')).token, (await userWithRole(t, 'secretariat')).token];
    await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    const partner = await createPartner(t, admin);
    const agency = await createAgency(t, admin);
    const c = await submitComplaint(t, partner.key);
    const referralId = await referCase(t, { caseId: c.caseId, agencyId: agency.id, proposer: supA, approver: supB });
    for (let i = 0; i < 12; i++) {
      expect((await t.http().get(`/v1/referrals/${referralId}/packet`).set('authorization', `Bearer ${staff}`)).status).toBe(200);
    }
    const custody = await t.http().get(`/v1/referrals/${referralId}/custody`).set('authorization', `Bearer ${staff}`);
    expect(custody.status).toBe(200);
    const ids = custody.body.map((e: { id: string }) => BigInt(e.id));
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(ids).toEqual([...ids].sort((a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)));
  });
});
