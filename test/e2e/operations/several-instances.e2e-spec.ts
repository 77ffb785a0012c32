import { jest } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import request from 'supertest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../../support/app.js';
import { apiKeyFor, expectProblem, login, userWithRole } from '../../support/auth.js';
import { mustSend, submitComplaint, uploadEvidence } from '../../support/cases.js';
import { createTestDatabase, sqlClient } from '../../support/database.js';
import { createPartner, insertMember } from '../../support/factories.js';
import { startService, type RunningService } from '../../support/processes.js';
import { startS3, type TestS3 } from '../../support/s3.js';

jest.setTimeout(180_000);

/** The test's helpers take a TestApp; this one talks HTTP to one running instance and SQL to the shared database. */
function through(service: RunningService, sql: pg.Pool): TestApp {
  return { http: () => request(service.base), sql } as unknown as TestApp;
}

/** Files under a folder, at any depth. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

describe('Several instances on one database and one S3 bucket (built service, two processes)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sql: pg.Pool;
  let s3: TestS3;
  let a: RunningService;
  let b: RunningService;
  let A: TestApp;
  let B: TestApp;
  const dataDirs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    s3 = await startS3('several-instances');
    // Shared by every instance, as docs/operations.md says; each keeps its own DATA_DIR.
    const shared = {
      DATABASE_URL: db.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATA_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}`,
      DATA_ENCRYPTION_KEY_ID: 'k1',
      BOOTSTRAP_ADMIN_EMAIL: ADMIN_EMAIL,
      BOOTSTRAP_ADMIN_PASSWORD: ADMIN_PASSWORD,
      RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '3',
      ...s3.env,
    };
    const dataDir = () => {
      const d = mkdtempSync(path.join(tmpdir(), 'selfreg-instance-'));
      dataDirs.push(d);
      return d;
    };
    // A serves HTTP only; B also runs the job workers, so a job that runs was run by B.
    a = await startService({ ...shared, DATA_DIR: dataDir(), JOBS_ENABLED: 'false' });
    b = await startService({ ...shared, DATA_DIR: dataDir(), JOBS_ENABLED: 'true' });
    A = through(a, sql);
    B = through(b, sql);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await s3?.close();
    await sql?.end();
    await db?.drop();
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  });

  it('a complaint accepted with its evidence by A is served, downloaded, transitioned and its deadline run by B', async () => {
    await insertMember(A, { domains: ['shop.example.cn'] });
    const admin = await login(A, ADMIN_EMAIL, ADMIN_PASSWORD);
    const partner = await createPartner(A, admin);
    const complaint = await submitComplaint(A, partner.key);
    const bytes = Buffer.from(`聊天记录 ${randomBytes(8).toString('hex')}：卖家承诺三天内发货。`);
    const [evidence] = await uploadEvidence(A, partner.key, complaint.reference, [{ name: '聊天记录.txt', bytes }]);
    expect(evidence.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The bytes went to the bucket, not to A's disk.
    expect(dataDirs.flatMap((d) => filesIn(d)).filter((f) => f === evidence.sha256)).toEqual([]);

    const status = await B.http().get(`/v1/partner/complaints/${complaint.reference}`).set('x-api-key', partner.key);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference: complaint.reference });

    const staff = await userWithRole(B, 'secretariat');
    const download = await B.http().get(`/v1/evidence/${evidence.id}`).set('authorization', `Bearer ${staff.token}`);
    expect(download.status).toBe(200);
    expect(download.headers['x-content-sha256']).toBe(evidence.sha256);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(download.text).equals(bytes)).toBe(true);

    await mustSend(B, staff.token, complaint.caseId, { type: 'ACCEPT' });
    await mustSend(B, staff.token, complaint.caseId, { type: 'REQUEST_RESPONSE' });
    const [deadline] = (await sql.query(`SELECT id FROM case_deadlines WHERE case_id = $1 AND kind = 'response' AND settled_at IS NULL`, [complaint.caseId])).rows;
    // The response deadline is days away: bring its stored job forward to now.
    await sql.query(`UPDATE pgboss.job SET start_after = now() WHERE name = 'case-deadline' AND data->>'deadlineId' = $1`, [deadline.id]);
    let overdue = false;
    for (let i = 0; i < 120 && !overdue; i++) {
      await new Promise((r) => setTimeout(r, 250));
      overdue = (await sql.query('SELECT overdue FROM cases WHERE id = $1', [complaint.caseId])).rows[0].overdue;
    }
    expect(overdue).toBe(true);
    const last = (await sql.query('SELECT type, actor_type FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1', [complaint.caseId])).rows[0];
    expect(last).toEqual({ type: 'DEADLINE_ELAPSED', actor_type: 'system' });

    // And back on A: the case as B left it, and the same file.
    const detail = await A.http().get(`/v1/cases/${complaint.caseId}`).set('authorization', `Bearer ${staff.token}`);
    expect(detail.status).toBe(200);
    expect(detail.body.overdue).toBe(true);
    expect(Buffer.from((await A.http().get(`/v1/evidence/${evidence.id}`).set('authorization', `Bearer ${staff.token}`)).text).equals(bytes)).toBe(true);
  });

  it('an API key revoked on A is refused by B at once, though B had just accepted it', async () => {
    const admin = await login(A, ADMIN_EMAIL, ADMIN_PASSWORD);
    const partner = await createPartner(A, admin);
    for (let round = 0; round < 3; round++) {
      const key = await apiKeyFor(A, 'partner', partner.id);
      for (let i = 0; i < 2; i++) {
        expect((await B.http().get('/v1/partner/complaints/TS-NONE').set('x-api-key', key.key)).status).toBe(404);
      }
      expect((await A.http().delete(`/v1/api-keys/${key.id}`).set('authorization', `Bearer ${admin}`)).status).toBe(204);
      expectProblem(await B.http().get('/v1/partner/complaints/TS-NONE').set('x-api-key', key.key), 401, 'API_KEY_INVALID');
    }
  });

  it('a partner suspended on A has its keys refused by B at once, and accepted again once reactivated', async () => {
    const admin = await login(A, ADMIN_EMAIL, ADMIN_PASSWORD);
    const partner = await createPartner(A, admin);
    const key = await apiKeyFor(A, 'partner', partner.id);
    expect((await B.http().get('/v1/partner/complaints/TS-NONE').set('x-api-key', key.key)).status).toBe(404);
    expect((await A.http().patch(`/v1/partners/${partner.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'suspended' })).status).toBe(200);
    expectProblem(await B.http().get('/v1/partner/complaints/TS-NONE').set('x-api-key', key.key), 401, 'API_KEY_INVALID');
    expect((await A.http().patch(`/v1/partners/${partner.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'active' })).status).toBe(200);
    expect((await B.http().get('/v1/partner/complaints/TS-NONE').set('x-api-key', key.key)).status).toBe(404);
  });

  it('rate limits are shared: a limit spent on A is exhausted on B', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await A.http().get('/v1/public/complaints/status').set('x-receipt-code', 'WRONG-CODE-0000')).status).toBe(404);
    }
    const res = await B.http().get('/v1/public/complaints/status').set('x-receipt-code', 'WRONG-CODE-0000');
    expectProblem(res, 429, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('neither instance logs the S3 secret key', () => {
    for (const s of [a, b]) expect(s.output()).not.toContain(s3.location.secretKey);
  });

  it('an instance whose bucket does not exist refuses to start, naming the bucket and not the secret', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'selfreg-instance-'));
    dataDirs.push(dir);
    const env = { DATABASE_URL: db.url, DATA_DIR: dir, JOBS_ENABLED: 'false', ...s3.env, S3_BUCKET: 'no-such-bucket' };
    const failed = await startService(env).then(
      async (s) => {
        await s.stop();
        return 'it started';
      },
      (e: Error) => e.message,
    );
    expect(failed).toContain('S3 bucket no-such-bucket does not exist');
    expect(failed).not.toContain(s3.location.secretKey);
  });
});
