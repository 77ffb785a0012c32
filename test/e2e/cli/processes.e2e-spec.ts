import { jest } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken } from '../../support/auth.js';
import { createPartner } from '../../support/factories.js';
import { freePort, runScript } from '../../support/processes.js';

const root = path.resolve(import.meta.dirname, '../../..');

jest.setTimeout(120_000);

describe('Start-up failures are one clear line; the CLI does its jobs', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    env = { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, JWT_SECRET: 'cli-secret-cli-secret-cli-secret-0123' };
  });
  afterAll(() => t.close());

  it('invalid configuration names the variable, without a stack trace', async () => {
    const r = await runScript('dist/src/main.js', [], { ...env, PORT: 'eighty' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Invalid configuration: PORT .*\(got "eighty"\)$/);
  });

  it('an unreachable database is one line naming where', async () => {
    const r = await runScript('dist/src/main.js', [], { ...env, DATABASE_URL: 'postgres://u:p@127.0.0.1:1/nowhere' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^Database unreachable at 127\.0\.0\.1:1\/nowhere: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a port in use is one line naming the port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runScript('dist/src/main.js', [], { ...env, PORT: String(port), HOST: '127.0.0.1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Port ${port} is already in use`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('the CLI prints usage with exit code 2 for an unknown command', async () => {
    const r = await runScript('dist/src/cli/main.js', ['frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command: frobnicate');
    expect(r.stderr).toContain('verify-audit');
  });

  it('the CLI migrates, creates a user and an API key, and verifies the audit log', async () => {
    expect((await runScript('dist/src/cli/main.js', ['migrate'], env)).stdout).toContain('Schema is up to date');
    const user = await runScript('dist/src/cli/main.js', ['create-user', '--email', 'cli@test.local', '--role', 'secretariat'], env);
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/Created secretariat cli@test\.local .*\nPassword \(shown once\): \S{12,}/);
    const dup = await runScript('dist/src/cli/main.js', ['create-user', '--email', 'cli@test.local', '--role', 'secretariat'], env);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('EMAIL_TAKEN');
    const nobody = await runScript('dist/src/cli/main.js', ['create-api-key', '--owner-kind', 'partner', '--owner-id', '33333333-3333-4333-8333-333333333333', '--name', 'cli'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('API_KEY_OWNER_NOT_FOUND');
    const partner = await createPartner(t, await adminToken(t));
    const key = await runScript('dist/src/cli/main.js', ['create-api-key', '--owner-kind', 'partner', '--owner-id', partner.id, '--name', 'cli'], env);
    expect(key.code).toBe(0);
    const secret = key.stdout.match(/API key \(shown once\): (\S+)/)?.[1];
    expect((await t.http().get('/v1/auth/me').set('x-api-key', secret!)).status).toBe(200);
    const ok = await runScript('dist/src/cli/main.js', ['verify-audit'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
  });

  it('verify-audit exits 1 and names the tampered entry', async () => {
    const target = (await t.sql.query(`SELECT id FROM audit_log ORDER BY id DESC LIMIT 1`)).rows[0].id;
    await t.sql.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await t.sql.query(`UPDATE audit_log SET actor_id = 'someone-else' WHERE id = $1`, [target]);
    await t.sql.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const r = await runScript('dist/src/cli/main.js', ['verify-audit'], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).firstFailure.entryId).toBe(String(target));
  });
});

/** Every live process whose command line names the cluster folder (the postmaster and its children). */
function postgresProcessesFor(clusterDir: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(clusterDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ok: () => boolean, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

describe('The embedded PostgreSQL never outlives the service', () => {
  let dataDir: string;
  let clusterDir: string;
  let env: Record<string, string>;
  const started: ChildProcess[] = [];

  /** The built service on the embedded database; resolves once it listens. */
  async function startService(): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
    const child = spawn(process.execPath, [path.join(root, 'dist/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await until(`the service to listen (${out})`, () => out.includes('listening on') || child.exitCode !== null, 90_000);
    if (!out.includes('listening on')) throw new Error(`service did not start: ${out}`);
    return { child, exited, output: () => out };
  }
  const postmasterPid = () => Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'selfreg-lifecycle-'));
    clusterDir = path.join(dataDir, 'pg');
    chmodSync(dataDir, 0o755); // the cluster runs as the postgres user when the tests run as root
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      EMBEDDED_DB_PORT: String(await freePort()),
      JWT_SECRET: 'life-secret-life-secret-life-secret-0123',
      JOBS_ENABLED: 'false',
    };
  });
  afterAll(async () => {
    for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const pid of postgresProcessesFor(clusterDir)) process.kill(pid, 'SIGQUIT');
    await until('postgres to stop', () => postgresProcessesFor(clusterDir).length === 0, 10_000).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after node is killed with SIGKILL, the next start stops the orphaned cluster and runs its own; a graceful stop then leaves no postgres process', async () => {
    const first = await startService();
    const orphan = postmasterPid();
    first.child.kill('SIGKILL');
    await first.exited;
    // SIGKILL gives node no chance to stop its child: the cluster is left behind.
    expect(postgresProcessesFor(clusterDir)).toContain(orphan);

    const second = await startService();
    const own = postmasterPid();
    expect(own).not.toBe(orphan);
    expect(postgresProcessesFor(clusterDir)).not.toContain(orphan);
    const ready = await fetch(`http://127.0.0.1:${env.PORT}/health/ready`);
    expect(ready.status).toBe(200);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await until('the cluster to stop', () => postgresProcessesFor(clusterDir).length === 0, 15_000);
    expect(existsSync(path.join(clusterDir, 'postmaster.pid'))).toBe(false);
  }, 300_000); // two cold starts of the built service with a durable cluster (initdb, migrations) on a loaded machine
});
