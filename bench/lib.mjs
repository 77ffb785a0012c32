// Shared helpers for the benchmark scripts in bench/ (foundation.mjs now; intake.mjs etc. later).
//
// Everything here binds to 127.0.0.1 only, bounds every wait with a timeout, and registers what it
// starts (processes, temp folders) with a Cleanup so a failing or interrupted run stops them too.
//
// Run directly, `node bench/lib.mjs bare-fastify <port>` starts the bare Fastify hello-world used as
// the baseline (it lives here so every benchmark uses the same baseline).
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const HOST = '127.0.0.1';
export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH_DIR, '..');
const require = createRequire(import.meta.url);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Reads a positive number from the environment, or the default. */
export function envNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Cleanup: everything a script starts is registered here and undone in reverse order, also on
// Ctrl-C / SIGTERM / an uncaught error.

export class Cleanup {
  #tasks = [];
  #running;

  constructor({ handleSignals = true } = {}) {
    if (handleSignals) {
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
        process.once(sig, () => {
          process.stderr.write(`\n${sig}: stopping everything this benchmark started…\n`);
          this.run().finally(() => process.exit(130));
        });
      }
    }
  }

  /** Registers an async undo step; returns a function that runs it early (and unregisters it). */
  add(label, fn) {
    const task = { label, fn, done: false };
    this.#tasks.push(task);
    return async () => {
      if (task.done) return;
      task.done = true;
      return fn();
    };
  }

  async run() {
    this.#running ??= (async () => {
      for (const task of this.#tasks.reverse()) {
        if (task.done) continue;
        task.done = true;
        try {
          await task.fn();
        } catch (e) {
          process.stderr.write(`cleanup "${task.label}" failed: ${e?.message ?? e}\n`);
        }
      }
    })();
    return this.#running;
  }
}

// ---------------------------------------------------------------------------------------------
// Ports and folders

const handedOut = new Set();

/** A free TCP port on 127.0.0.1 (never the same one twice in one process). */
export async function freePort() {
  for (let i = 0; i < 20; i++) {
    const port = await new Promise((resolve, reject) => {
      const srv = createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, HOST, () => {
        const { port: p } = srv.address();
        srv.close(() => resolve(p));
      });
    });
    if (port >= 1024 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('could not find a free port');
}

/**
 * A fresh folder (mode 755: as root, embedded PostgreSQL runs as the `postgres` user, which must
 * traverse it). Defaults to bench/.tmp-XXXX inside the project because a folder under root's home is
 * not traversable. Registered with `cleanup` for deletion.
 */
export function makeTempDir(cleanup, { parent = BENCH_DIR, prefix = '.tmp-' } = {}) {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, prefix));
  chmodSync(dir, 0o755);
  cleanup?.add(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Processes

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Keeps the last `max` lines a child wrote, for error messages; calls onLine for each line. */
function captureLines(stream, sink, max, onLine) {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      sink.push(line);
      if (sink.length > max) sink.shift();
      onLine?.(line);
    }
  });
}

/**
 * Spawns a node process (cwd = project root) and records its output. Returns a handle with
 * `child`, `output` (last lines of stdout+stderr), `exited` (promise of {code, signal}).
 */
export function spawnNode(args, { env = {}, cwd = ROOT, cleanup, label = args.join(' '), onLine, maxLines = 200 } = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  captureLines(child.stdout, output, maxLines, onLine);
  captureLines(child.stderr, output, maxLines, onLine);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (e) => output.push(`spawn error: ${e.message}`));
  const handle = { child, pid: child.pid, output, exited, label, exitInfo: undefined };
  exited.then((info) => (handle.exitInfo = info));
  handle.stop = cleanup ? cleanup.add(`stop ${label} (pid ${child.pid})`, () => stopProcess(handle)) : () => stopProcess(handle);
  return handle;
}

/**
 * Sends SIGTERM to the process (by pid) and waits for it to exit; SIGKILL after timeoutMs.
 * Returns { code, signal, ms, killed }.
 */
export async function stopProcess(handle, { signal = 'SIGTERM', timeoutMs = 30_000 } = {}) {
  if (handle.exitInfo) return { ...handle.exitInfo, ms: 0, killed: false };
  const t0 = performance.now();
  try {
    handle.child.kill(signal);
  } catch {
    /* already gone */
  }
  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const first = await Promise.race([handle.exited, timedOut]);
  clearTimeout(timer);
  if (first === 'timeout') {
    process.stderr.write(`${handle.label} (pid ${handle.pid}) did not exit ${timeoutMs} ms after ${signal}: SIGKILL\n`);
    try {
      handle.child.kill('SIGKILL');
    } catch {
      /* gone */
    }
    const info = await handle.exited;
    return { ...info, ms: performance.now() - t0, killed: true };
  }
  return { ...first, ms: performance.now() - t0, killed: false };
}

/**
 * Safety net after the service stopped: if the embedded PostgreSQL of `dataDir` is still running
 * (postmaster.pid names a live process), ask it for a fast shutdown (SIGINT), then SIGKILL.
 * Returns the pid it had to stop, or undefined when nothing was left running.
 */
export async function stopLeftoverPostgres(dataDir, { timeoutMs = 15_000 } = {}) {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0) || !pidAlive(pid)) return undefined;
  process.stderr.write(`embedded PostgreSQL (pid ${pid}) still running after the service stopped: fast shutdown\n`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await sleep(100);
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  return pid;
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** fetch with a timeout; returns { status, body (parsed JSON or text), headers }. */
export async function http(method, url, { headers = {}, body, timeoutMs = 5000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Polls `url` until it answers `status` (default 200); resolves with ms since `since` (performance.now()). */
export async function waitForHttp(url, { status = 200, since = performance.now(), timeoutMs = 90_000, intervalMs = 50, exited } = {}) {
  let gone = false;
  exited?.then(() => (gone = true));
  let last = 'no answer yet';
  while (performance.now() - since < timeoutMs) {
    if (gone) throw new Error(`process exited before ${url} answered ${status} (last: ${last})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === status) return performance.now() - since;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.name ?? String(e);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

// ---------------------------------------------------------------------------------------------
// The service

/** A configuration that passes the service's validation; secrets are random per run. */
export function serviceEnv({ port, dbPort, dataDir, logLevel = 'warn', extra = {} }) {
  return {
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort),
    LOG_LEVEL: logLevel,
    JWT_SECRET: `bench-${crypto.randomUUID()}-${crypto.randomUUID()}`,
    BOOTSTRAP_ADMIN_EMAIL: 'bench-admin@example.test',
    BOOTSTRAP_ADMIN_PASSWORD: `bench-${crypto.randomUUID()}`,
    ...extra,
  };
}

/**
 * Starts `node dist/src/main.js` with `env` and times it until GET /health/ready answers 200.
 * Returns the process handle plus `readyMs` (spawn → first 200), `listeningMs` (spawn → the
 * "listening on" log line, when the log level shows it) and `baseUrl`. `nodeArgs`: flags for node itself
 * (e.g. --cpu-prof, which NODE_OPTIONS does not allow).
 */
/**
 * The node flags `npm start` gives the service (package.json's start script, e.g. the V8 heap cap), so that every
 * benchmark measures the service as it runs in production.
 */
export const SERVICE_NODE_ARGS = (() => {
  const start = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts?.start ?? '';
  const m = /^node\s+(.*?)\s*dist\/src\/main\.js/.exec(start);
  return m && m[1] ? m[1].split(/\s+/) : [];
})();

export async function startService({ env, cleanup, timeoutMs = 90_000, entry = 'dist/src/main.js', label = 'service', nodeArgs = SERVICE_NODE_ARGS }) {
  if (!existsSync(path.join(ROOT, entry))) throw new Error(`${entry} is missing: run npm run build`);
  const baseUrl = `http://${HOST}:${env.PORT}`;
  let listeningMs;
  const t0 = performance.now();
  const handle = spawnNode([...nodeArgs, entry], {
    env,
    cleanup,
    label,
    onLine: (line) => {
      if (listeningMs === undefined && line.includes('"msg":"listening on')) listeningMs = performance.now() - t0;
    },
  });
  if (cleanup && env.DATA_DIR) cleanup.add(`leftover postgres in ${env.DATA_DIR}`, () => stopLeftoverPostgres(env.DATA_DIR));
  try {
    const readyMs = await waitForHttp(`${baseUrl}/health/ready`, { since: t0, timeoutMs, exited: handle.exited });
    return Object.assign(handle, { readyMs, listeningMs, baseUrl, env });
  } catch (e) {
    await handle.stop();
    if (env.DATA_DIR) await stopLeftoverPostgres(env.DATA_DIR);
    throw new Error(`${label} did not become ready: ${e.message}\n--- last output ---\n${handle.output.slice(-40).join('\n')}`);
  }
}

/** Stops a service started by startService (SIGTERM, wait) and makes sure its PostgreSQL is gone. */
export async function stopService(handle) {
  const result = await handle.stop();
  const leftover = handle.env?.DATA_DIR ? await stopLeftoverPostgres(handle.env.DATA_DIR) : undefined;
  return { ...(result ?? handle.exitInfo ?? {}), leftoverPostgres: leftover };
}

/** Logs in as the bootstrap admin and creates a partner API key. Returns { jwt, apiKey }. */
export async function adminCredentials(baseUrl, env) {
  const login = await http('POST', `${baseUrl}/v1/auth/login`, {
    body: { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD },
  });
  if (login.status !== 200 && login.status !== 201) throw new Error(`login failed: HTTP ${login.status} ${JSON.stringify(login.body)}`);
  const jwt = login.body?.accessToken;
  if (!jwt) throw new Error(`login answered without accessToken: ${JSON.stringify(login.body)}`);
  // A partner (keys are issued only for partners and agencies that exist); its first key comes with it.
  const created = await http('POST', `${baseUrl}/v1/partners`, {
    headers: { authorization: `Bearer ${jwt}` },
    body: { name: `基准测试伙伴 ${crypto.randomUUID().slice(0, 8)}`, domains: ['bench-partner.example.cn'] },
  });
  const apiKey = created.body?.apiKey?.key;
  if (created.status !== 201 || !apiKey) throw new Error(`creating a partner and its API key failed: HTTP ${created.status} ${JSON.stringify(created.body)}`);
  return { jwt, apiKey };
}

/** Starts the bare Fastify hello-world ({hello:'world'} on GET /) in a child process; resolves when it answers. */
export async function startBareFastify({ cleanup, timeoutMs = 15_000 } = {}) {
  const port = await freePort();
  const handle = spawnNode([fileURLToPath(import.meta.url), 'bare-fastify', String(port)], { cleanup, label: 'bare fastify' });
  const baseUrl = `http://${HOST}:${port}`;
  try {
    await waitForHttp(`${baseUrl}/`, { timeoutMs, exited: handle.exited });
  } catch (e) {
    await handle.stop();
    throw new Error(`bare Fastify did not start: ${e.message}\n${handle.output.join('\n')}`);
  }
  return Object.assign(handle, { baseUrl, port });
}

async function runBareFastify(port) {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/', async () => ({ hello: 'world' }));
  await app.listen({ port, host: HOST });
  process.stdout.write(`bare fastify listening on ${port}\n`);
  const close = () => app.close().then(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

// ---------------------------------------------------------------------------------------------
// Load (autocannon)

function cannon(opts) {
  const autocannon = require('autocannon');
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * One autocannon measurement: optional warm-up (discarded), then the timed run.
 * Returns a compact summary, including the CPU shares (cpuWatch) during the timed run.
 */
export async function runLoad({ title, url, headers = {}, method = 'GET', body, connections = 50, duration = 10, warmup = 3, pipelining = 1, timeout = 10 }) {
  const opts = { url, method, headers, body, connections, pipelining, timeout };
  if (warmup > 0) await cannon({ ...opts, duration: warmup });
  const watch = cpuWatch();
  const r = await cannon({ ...opts, title, duration });
  const cpu = watch.stop();
  return {
    title,
    url,
    method,
    connections,
    durationS: duration,
    warmupS: warmup,
    reqPerSec: r.requests.average,
    reqPerSecStddev: r.requests.stddev,
    latencyMs: { mean: r.latency.average, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests: r.requests.total,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    resets: r.resets,
    throughputBytesPerSec: r.throughput.average,
    // Shares of all CPUs during the timed part: whole machine, this benchmark's process tree, everything else.
    cpu,
  };
}

/** Aggregate CPU clock ticks from /proc/stat: { busy, total } (undefined off Linux). */
function machineTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU clock ticks used by this process and all its descendants (the services, the baseline, their
 * PostgreSQL): utime+stime, plus cutime+cstime for children already reaped.
 */
function ownTicks() {
  const stats = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
      // f[0] = state (field 3); ppid = field 4; utime..cstime = fields 14-17.
      stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      /* exited meanwhile */
    }
  }
  const ours = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, st] of stats) {
      if (!ours.has(pid) && ours.has(st.ppid)) {
        ours.add(pid);
        grew = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of ours) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks;
}

/**
 * Starts watching CPU use; `stop()` returns shares of all CPUs (0-1) over the interval: `busy` (the
 * whole machine), `ours` (this process and its descendants) and `others` (everything else: a
 * concurrent test run, another benchmark…). Undefined fields off Linux.
 */
export function cpuWatch() {
  let a;
  let o;
  try {
    a = machineTicks();
    o = ownTicks();
  } catch {
    a = undefined;
  }
  return {
    stop() {
      if (!a) return {};
      let b;
      let o2;
      try {
        b = machineTicks();
        o2 = ownTicks();
      } catch {
        return {};
      }
      const total = b.total - a.total;
      if (!(total > 0)) return {};
      const busy = (b.busy - a.busy) / total;
      const ours = Math.min(busy, (o2 - o) / total);
      return { busy, ours, others: Math.max(0, busy - ours) };
    },
  };
}

/** Share of all CPUs used by processes other than ours during the next `ms`. */
export async function othersCpuShare(ms = 1000) {
  const w = cpuWatch();
  await sleep(ms);
  return w.stop().others;
}

// ---------------------------------------------------------------------------------------------
// Commands

/** Runs a command, inheriting or capturing output; resolves { code, seconds, output } (output capped). */
export function timeCommand(cmd, args, { cwd = ROOT, env = {}, timeoutMs = 30 * 60_000, echo = true, cleanup, label = `${cmd} ${args.join(' ')}` } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // Own process group, so a timeout or Ctrl-C stops the command's children (jest workers, postgres) too.
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const killGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        /* gone */
      }
    };
    const out = [];
    const remove = cleanup?.add(`stop ${label} (process group ${child.pid})`, async () => killGroup('SIGTERM'));
    const sink = (chunk) => {
      const s = chunk.toString();
      if (echo) process.stderr.write(s);
      out.push(s);
      if (out.length > 2000) out.shift();
    };
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    const timer = setTimeout(() => killGroup('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      remove?.();
      resolve({ code, signal, seconds: (performance.now() - t0) / 1000, output: out.join('').slice(-4000) });
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, seconds: (performance.now() - t0) / 1000, output: e.message });
    });
  });
}

/**
 * Times a cold `npm install` of the project's lockfile: copies package.json, package-lock.json and
 * .npmrc into a temp folder (outside the project, so no tool sees a second package.json) and runs
 * `npm install --cache <empty temp dir>`. The temp folders are removed afterwards.
 */
export async function measureColdInstall({ cleanup, echo = false } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-install-'));
  const removeDir = cleanup?.add(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  try {
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) {
      if (existsSync(path.join(ROOT, f))) cpSync(path.join(ROOT, f), path.join(dir, f));
    }
    const cache = path.join(dir, 'empty-npm-cache');
    mkdirSync(cache);
    const r = await timeCommand('npm', ['install', '--cache', cache, '--no-audit', '--no-fund'], { cwd: dir, echo, cleanup, label: 'npm install (cold)' });
    return { ...r, command: `npm install --cache <empty dir> --no-audit --no-fund (copy of package.json, package-lock.json, .npmrc)` };
  } finally {
    await removeDir?.();
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

/** Machine facts for the report. */
export function machineInfo() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (m) cpuModel = m[1].trim();
  } catch {
    /* not Linux */
  }
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** Formats numbers for tables: thousands separators, fixed decimals. */
export function fmt(n, decimals = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A Markdown table from a header array and rows of cells. */
export function markdownTable(header, rows, align = []) {
  const sep = header.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [header, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in `file` (markers kept),
 * appending the section when absent and creating the file with `intro` when missing.
 */
export function replaceMarkedSection(file, name, content, { intro = '' } = {}) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${content.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : intro.trimEnd() + '\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end, i + 1);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Writes raw results to bench/results/<name>-<timestamp>.json; returns the path. */
export function writeResults(name, data, stamp = new Date()) {
  const dir = path.join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${stamp.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

// ---------------------------------------------------------------------------------------------
// More generic helpers (added for bench/intake.mjs; the ones above are unchanged)

/** Logs in as the bootstrap admin; returns the access token (JWT). */
export async function adminJwt(baseUrl, env) {
  const login = await http('POST', `${baseUrl}/v1/auth/login`, {
    body: { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD },
  });
  if (login.status !== 200 && login.status !== 201) throw new Error(`login failed: HTTP ${login.status} ${JSON.stringify(login.body)}`);
  const jwt = login.body?.accessToken;
  if (!jwt) throw new Error(`login answered without accessToken: ${JSON.stringify(login.body)}`);
  return jwt;
}

/** One raw autocannon run (any autocannon options, e.g. `requests` with setupRequest/onResponse); resolves its result object. */
export function runAutocannon(opts) {
  return cannon(opts);
}

/** Resident set size (VmRSS) of a process in bytes, or undefined (gone, or not Linux). */
export function processRssBytes(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stop(); stop() returns { maxBytes, lastBytes, samples }. */
export function rssSampler(pid, intervalMs = 200) {
  let maxBytes = processRssBytes(pid);
  let lastBytes = maxBytes;
  let samples = maxBytes === undefined ? 0 : 1;
  const take = () => {
    const b = processRssBytes(pid);
    if (b === undefined) return;
    samples++;
    lastBytes = b;
    if (maxBytes === undefined || b > maxBytes) maxBytes = b;
  };
  const timer = setInterval(take, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxBytes, lastBytes, samples };
    },
  };
}

/**
 * Waits up to `seconds` until processes other than this benchmark's tree use at most `threshold` of all
 * CPUs (measured over 1-2 s). Returns the last share seen (undefined off Linux). No-op when seconds is 0.
 */
export async function waitForQuietCpu({ seconds, threshold = 0.15, what = 'the next step', log = () => {} }) {
  if (!(seconds > 0)) return undefined;
  const deadline = Date.now() + seconds * 1000;
  let others = await othersCpuShare(1000);
  while (others !== undefined && others > threshold && Date.now() < deadline) {
    log(`  waiting for a quiet machine before ${what} (other processes use ${fmt(others * 100)}% of all CPUs)…`);
    others = await othersCpuShare(2000);
  }
  return others;
}

/** Short git revision of the project, flagged when `paths` (default src/, migrations/) have uncommitted changes. */
export function gitRevision(paths = ['src', 'migrations']) {
  try {
    const opts = { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] };
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], opts).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...paths], opts).trim();
    return dirty ? `${rev} (+ uncommitted changes in ${paths.map((p) => `${p}/`).join(' or ')})` : rev;
  } catch {
    return 'unknown';
  }
}

/**
 * Builds git revision `rev` (e.g. HEAD) of the project in a temp folder outside the project (`git archive` + tsc,
 * node_modules linked from the project), so a benchmark can measure committed code while the working tree is
 * being edited. Returns { dir, rev (short hash), entry (dist/src/main.js relative to ROOT, for startService), buildSeconds }.
 */
export async function buildRevision(rev, { cleanup, echo = false } = {}) {
  const short = execFileSync('git', ['rev-parse', '--short', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const dir = mkdtempSync(path.join(os.tmpdir(), `bench-rev-${short}-`));
  cleanup?.add(`remove ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  const tar = execFileSync('git', ['archive', '--format=tar', short], { cwd: ROOT, maxBuffer: 1024 * 2 ** 20 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = await timeCommand(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.build.json')], { cwd: dir, echo, cleanup, label: `tsc (${short})` });
  if (r.code !== 0) throw new Error(`building revision ${short} failed (exit ${r.code}):\n${r.output.slice(-2000)}`);
  return { dir, rev: short, entry: path.relative(ROOT, path.join(dir, 'dist', 'src', 'main.js')), buildSeconds: r.seconds };
}

let clockTicks;
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * CPU seconds (user + system, all threads) used so far by `pid` itself (`self`, of which `selfSystem` in the kernel) and by its descendants
 * (`descendants`, e.g. a service's embedded PostgreSQL and its backends, including those that exited and were
 * reaped by a descendant). Undefined fields off Linux.
 */
export function processTreeCpu(pid) {
  const stats = new Map();
  try {
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const raw = readFileSync(`/proc/${name}/stat`, 'utf8');
        const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
        // utime + stime; cutime + cstime (children already reaped) counted for descendants only, so that
        // processes exiting meanwhile (e.g. a PostgreSQL backend whose connection closed) do not take their CPU time with them.
        stats.set(Number(name), { ppid: Number(f[1]), user: Number(f[11]), ticks: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) });
      } catch {
        /* exited meanwhile */
      }
    }
  } catch {
    return {};
  }
  if (!stats.has(pid)) return {};
  const tree = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, st] of stats) {
      if (!tree.has(p) && tree.has(st.ppid)) {
        tree.add(p);
        grew = true;
      }
    }
  }
  let descendants = 0;
  for (const p of tree) if (p !== pid) descendants += stats.get(p).ticks + stats.get(p).reaped;
  const hz = ticksPerSecond();
  return { self: stats.get(pid).ticks / hz, selfSystem: (stats.get(pid).ticks - stats.get(pid).user) / hz, descendants: descendants / hz };
}

/** Percentiles (0-100) of an array of numbers (nearest-rank); the array is sorted in place. */
export function percentiles(values, ps = [50, 90, 99]) {
  values.sort((a, b) => a - b);
  const out = {};
  for (const p of ps) out[`p${p}`] = values.length ? values[Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1))] : undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// More generic helpers (added for bench/cases.mjs; the ones above are unchanged)

/**
 * One autocannon run that also keeps every response: resolves { result, responses, unfinished }, where each response
 * is { status, ms (autocannon's own per-request latency, fractional), label } and `unfinished` lists the requests
 * still waiting for an answer when the run ended, as { label, msAtLeast } (for slow requests these matter: a
 * percentile over finished requests alone would leave out the slowest). `label` is whatever the caller's
 * setupRequest stored in `context.label` for that request (e.g. the search term), so percentiles such as p95
 * (which autocannon's summary lacks) can be computed per label. Pipelining is 1 (one request in flight per
 * connection). Pass the usual autocannon options, with `requests: [{ setupRequest, onResponse? }]`.
 */
export function runAutocannonRecorded(opts) {
  const autocannon = require('autocannon');
  const responses = [];
  const inFlight = new Set();
  let pending;
  const requests = (opts.requests ?? [{}]).map((r) => ({
    ...r,
    setupRequest: (req, context) => {
      const out = r.setupRequest ? r.setupRequest(req, context) : req;
      if (out) {
        context.sentAt = performance.now();
        inFlight.add(context);
      }
      return out;
    },
    onResponse: (status, body, context, headers) => {
      pending = { status, label: context?.label };
      inFlight.delete(context);
      r.onResponse?.(status, body, context, headers);
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...opts, pipelining: 1, requests }, (err, result) => {
      if (err) return reject(err);
      const end = performance.now();
      const unfinished = [...inFlight].map((c) => ({ label: c.label, msAtLeast: end - c.sentAt }));
      resolve({ result, responses, unfinished });
    });
    // autocannon calls onResponse and then emits 'response' for the same request, synchronously one after the other.
    instance.on('response', (_client, status, _bytes, ms) => {
      responses.push({ status, ms, label: pending?.label });
      pending = undefined;
    });
  });
}

// ---------------------------------------------------------------------------------------------

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [cmd, arg] = process.argv.slice(2);
  if (cmd === 'bare-fastify') {
    runBareFastify(Number(arg) || 0).catch((e) => {
      process.stderr.write(`${e.stack}\n`);
      process.exit(1);
    });
  } else {
    process.stderr.write('usage: node bench/lib.mjs bare-fastify <port>\n');
    process.exit(2);
  }
}
