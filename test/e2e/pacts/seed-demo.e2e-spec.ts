import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { createTestDatabase, sqlClient } from '../../support/database.js';

const root = path.resolve(import.meta.dirname, '../../..');

function seed(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/src/cli/seed-demo.js')], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`seed-demo timed out; stderr: ${stderr}`));
    }, 100_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

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
    first = await seed({ DATABASE_URL: db.url, DATA_DIR: dataDir });
  }, 120_000);
  afterAll(async () => {
    await sql.end();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds at least 60 members in all five categories, two pacts (one in version 2) and one account per role, printing the passwords', async () => {
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
    const roles = (await sql.query(`SELECT DISTINCT role FROM users WHERE email LIKE 'demo-%'`)).rows.map((r) => r.role).sort();
    expect(roles).toEqual(['admin', 'law_enforcement', 'member_rep', 'secretariat', 'supervisor']);
    expect(first.stdout).toMatch(/member_rep\s+demo-rep@youxuan-mall\.cn\s+\S{12,}/);
    expect(statSync(path.join(dataDir, 'demo-users.txt')).mode & 0o777).toBe(0o600);
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

  it('running it again adds nothing and prints the same accounts', async () => {
    const before = (await sql.query(COUNTS)).rows[0];
    const again = await seed({ DATABASE_URL: db.url, DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing added');
    expect((await sql.query(COUNTS)).rows[0]).toEqual(before);
    const pw = (out: string) => out.match(/demo-rep@youxuan-mall\.cn\s+(\S+)/)?.[1];
    expect(pw(again.stdout)).toBe(pw(first.stdout));
  }, 120_000);
});
