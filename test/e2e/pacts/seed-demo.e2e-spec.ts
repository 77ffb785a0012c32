import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import request from 'supertest';
import { createApp } from '../../../src/app/app.factory.js';
import { testConfig } from '../../support/app.js';
import { createTestDatabase, sqlClient } from '../../support/database.js';
import { runScript } from '../../support/processes.js';


const COUNTS = `SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM member_domains)::int AS domains,
  (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM conventions)::int AS conventions,
  (SELECT count(*) FROM convention_versions)::int AS versions, (SELECT count(*) FROM signatures)::int AS signatures,
  (SELECT count(*) FROM self_inspections)::int AS reports, (SELECT count(*) FROM self_inspection_revisions)::int AS revisions,
  (SELECT count(*) FROM audit_log)::int AS audit`;

describe('Demo data — npm run seed:demo', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sql: pg.Pool;
  let dataDir: string;
  let first: { code: number | null; stdout: string; stderr: string };
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = sqlClient(db.url);
    dataDir = mkdtempSync(path.join(tmpdir(), 'selfreg-seed-'));
    first = await runScript('dist/src/cli/seed-demo.js', [], { DATABASE_URL: db.url, DATA_DIR: dataDir }, 240_000);
  }, 300_000);
  afterAll(async () => {
    await sql.end();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds at least 60 members in all five categories, two pacts (one in version 2) and accounts for every role, printing the passwords', async () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const cats = (await sql.query(`SELECT category, count(*)::int AS n FROM members GROUP BY 1`)).rows;
    expect(cats.map((r) => r.category).sort()).toEqual(['ecommerce', 'enterprise_site', 'government', 'other', 'telecom_operator']);
    expect(cats.reduce((s, r) => s + r.n, 0)).toBeGreaterThanOrEqual(60);
    const invalid = (await sql.query(`SELECT count(*)::int AS n FROM members WHERE kind = 'organisation' AND credit_code IS NULL`)).rows[0].n;
    expect(invalid).toBe(0);
    expect((await sql.query(`SELECT c.code, max(v.version)::int AS v FROM conventions c JOIN convention_versions v ON v.convention_id = c.id GROUP BY 1 ORDER BY 1`)).rows).toEqual([
      { code: 'isc-self-discipline', v: 2 },
      { code: 'search-engine-norm', v: 1 },
    ]);
    const roles = (await sql.query(`SELECT role, count(*)::int AS n FROM users WHERE email LIKE 'demo-%' GROUP BY 1 ORDER BY 1`)).rows;
    expect(roles.map((r) => r.role)).toEqual(['admin', 'law_enforcement', 'member_rep', 'secretariat', 'supervisor']);
    // Four eyes: a proposal is approved by a supervisor other than its proposer.
    expect(roles.find((r) => r.role === 'supervisor').n).toBeGreaterThanOrEqual(2);
    expect(roles.find((r) => r.role === 'member_rep').n).toBeGreaterThanOrEqual(2);
    expect(first.stdout).toMatch(/member_rep\s+demo-rep@youxuan-mall\.cn\s+\S{12,}/);
    expect(first.stdout).toMatch(/Partner API keys[^\n]*\n\s+\S+\s+srk_\S+/);
    expect(statSync(path.join(dataDir, 'demo-accounts.txt')).mode & 0o777).toBe(0o600);
  });

  it('has signatures in every state and self-inspection reports in every state, with overdue ones left', async () => {
    const sig = (await sql.query(`SELECT DISTINCT status FROM signatures`)).rows.map((r) => r.status).sort();
    expect(sig).toEqual(['active', 'renewal_pending', 'renewed', 'withdrawn']);
    expect((await sql.query(`SELECT DISTINCT method FROM signatures`)).rows.map((r) => r.method).sort()).toEqual(['online', 'paper']);
    const rep = (await sql.query(`SELECT DISTINCT status FROM self_inspections`)).rows.map((r) => r.status).sort();
    expect(rep).toEqual(['accepted', 'returned', 'submitted']);
    expect((await sql.query(`SELECT count(*)::int AS n FROM self_inspections WHERE revision > 1`)).rows[0].n).toBeGreaterThan(0);
    const articles = (await sql.query(`SELECT count(*)::int AS n FROM convention_articles a JOIN convention_versions v ON v.id = a.version_id WHERE v.status = 'published'`)).rows[0].n;
    expect(articles).toBeGreaterThanOrEqual(16);
    const missing2024 = (
      await sql.query(
        `SELECT count(*)::int AS n FROM signatures s JOIN conventions c ON c.id = s.convention_id
          WHERE c.code = 'isc-self-discipline' AND s.valid_from <= '2024-12-31' AND '2024-12-31' < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity')
            AND NOT EXISTS (SELECT 1 FROM self_inspections r WHERE r.member_id = s.member_id AND r.convention_id = c.id AND r.period = '2024')`,
      )
    ).rows[0].n;
    expect(missing2024).toBeGreaterThan(0);
  });

  it('has a few hundred complaints over the last year in every case state, made through the one door (history, deadlines, audit)', async () => {
    const states = (await sql.query(`SELECT DISTINCT state || coalesce('.' || phase, '') AS s FROM cases`)).rows.map((r) => r.s).sort();
    expect(states).toEqual([
      'closed', 'dismissed', 'investigating.awaiting_response', 'investigating.reviewing', 'mediating', 'merged', 'publicized',
      'received', 'referred.acknowledged', 'referred.pending', 'resolved', 'withdrawn',
    ]);
    const spread = (
      await sql.query(`SELECT count(*)::int AS n, min(received_at) < now() - interval '300 days' AS old, max(received_at) > now() - interval '3 days' AS recent,
                              count(DISTINCT channel)::int AS channels, count(*) FILTER (WHERE partner_id IS NOT NULL)::int AS partner FROM cases`)
    ).rows[0];
    expect(spread).toMatchObject({ old: true, recent: true, channels: 3 });
    expect(spread.n).toBeGreaterThanOrEqual(200);
    expect(spread.partner).toBeGreaterThan(0);
    expect((await sql.query(`SELECT count(*)::int AS n FROM disclosures`)).rows[0].n).toBeGreaterThan(0);
    expect((await sql.query(`SELECT count(*)::int AS n FROM referrals`)).rows[0].n).toBeGreaterThan(0);
    // Every change of state went through CaseTransitionsService: one history entry and one audit entry per event, at the event's time.
    const history = (
      await sql.query(`SELECT (SELECT count(*)::int FROM case_events WHERE type <> 'RECEIVED') AS events,
                              (SELECT count(*)::int FROM audit_log WHERE action = 'case.event') AS audited,
                              (SELECT count(*)::int FROM cases c WHERE state = 'closed' AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type IN ('CONFIRM', 'CLOSE', 'LE_CONCLUDE'))) AS unexplained,
                              (SELECT count(*)::int FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.occurred_at < c.received_at) AS before_receipt,
                              (SELECT count(*)::int FROM case_deadlines) AS deadlines`)
    ).rows[0];
    expect(history.events).toBeGreaterThan(500);
    expect(history.audited).toBe(history.events);
    expect(history).toMatchObject({ unexplained: 0, before_receipt: 0 });
    expect(history.deadlines).toBeGreaterThan(history.events / 4);
  });

  it('running it again adds nothing and prints the same accounts', async () => {
    const before = (await sql.query(COUNTS)).rows[0];
    const again = await runScript('dist/src/cli/seed-demo.js', [], { DATABASE_URL: db.url, DATA_DIR: dataDir }, 240_000);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing added');
    expect((await sql.query(COUNTS)).rows[0]).toEqual(before);
    const pw = (out: string) => out.match(/demo-rep@youxuan-mall\.cn\s+(\S+)/)?.[1];
    expect(pw(again.stdout)).toBe(pw(first.stdout));
    const key = (out: string) => out.match(/\s(srk_\S+)/)?.[1];
    expect(key(again.stdout)).toBe(key(first.stdout));
  }, 300_000);

  it('the accounts file holds working credentials: a supervisor and a member rep log in, a partner key reads its complaints, the audit log verifies', async () => {
    const lines = readFileSync(path.join(dataDir, 'demo-accounts.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const account = (role: string) => lines.find(([r]) => r === role)!;
    const app: NestFastifyApplication = await createApp(testConfig(dataDir, { JOBS_ENABLED: 'false' }), db.url, { swagger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const http = () => request(app.getHttpServer());
      const login = async (role: string) => {
        const [, email, password] = account(role);
        const res = await http().post('/v1/auth/login').send({ email, password });
        expect(res.status).toBe(200);
        return res.body.accessToken as string;
      };
      const supervisor = await login('supervisor');
      const cases = await http().get('/v1/cases').set('authorization', `Bearer ${supervisor}`);
      expect(cases.status).toBe(200);
      expect(cases.body.items.length).toBeGreaterThan(0);
      const rep = await login('member_rep');
      const own = await http().get('/v1/cases').set('authorization', `Bearer ${rep}`);
      expect(own.status).toBe(200);
      expect(own.body.items.length).toBeGreaterThan(0);

      const [, partnerName, key] = account('partner_api_key');
      const me = await http().get('/v1/auth/me').set('x-api-key', key);
      expect(me.status).toBe(200);
      const { reference } = (await sql.query(`SELECT c.reference FROM cases c JOIN partners p ON p.id = c.partner_id WHERE p.name = $1 LIMIT 1`, [partnerName])).rows[0];
      const status = await http().get(`/v1/partner/complaints/${reference}`).set('x-api-key', key);
      expect(status.status).toBe(200);
      expect(status.body.reference).toBe(reference);

      const verify = await http().get('/v1/audit/verify').set('authorization', `Bearer ${await login('admin')}`);
      expect(verify.body).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
  });
});
