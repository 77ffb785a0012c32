// Benchmark for the "Foundation" issue (not a test): start-up time, and HTTP throughput of the
// service's public and authenticated paths against a bare Fastify hello-world on the same machine.
//
//   npm run bench:foundation                      # builds dist/ if stale, then runs this script
//   BENCH_DURATION=3 node bench/foundation.mjs    # quicker smoke run
//   node bench/foundation.mjs --measure-install --measure-tests
//
// Environment: BENCH_DURATION (s per load run, default 10), BENCH_WARMUP (s, default 3),
// BENCH_CONNECTIONS (default 50), BENCH_START_TIMEOUT (s, default 120),
// BENCH_WAIT_QUIET (s to wait, before each step, for other processes to leave the CPUs; default 0),
// BENCH_NPM_INSTALL_SECONDS / BENCH_TEST_SUITE_SECONDS (figures measured elsewhere, reported as given).
// Flags: --measure-install (cold `npm install` in a temp copy, empty cache), --measure-tests (`npm test`),
// --no-docs (do not touch docs/performance.md).
//
// Everything runs on 127.0.0.1; every process and temp folder it starts is stopped/removed at the end.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
  Cleanup,
  ROOT,
  adminCredentials,
  cpuWatch,
  envNumber,
  fmt,
  freePort,
  http,
  machineInfo,
  makeTempDir,
  markdownTable,
  measureColdInstall,
  othersCpuShare,
  replaceMarkedSection,
  runLoad,
  serviceEnv,
  startBareFastify,
  startService,
  stopService,
  timeCommand,
  writeResults,
} from './lib.mjs';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(
    (await import('node:fs')).readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n',
  );
  process.exit(0);
}
const unknown = argv.filter((a) => !['--measure-install', '--measure-tests', '--no-docs'].includes(a));
if (unknown.length) {
  process.stderr.write(`unknown argument(s): ${unknown.join(' ')} (see --help)\n`);
  process.exit(2);
}
const flags = {
  measureInstall: argv.includes('--measure-install'),
  measureTests: argv.includes('--measure-tests'),
  docs: !argv.includes('--no-docs'),
};

const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', Math.min(3, DURATION));
const CONNECTIONS = envNumber('BENCH_CONNECTIONS', 50);
const START_TIMEOUT_MS = envNumber('BENCH_START_TIMEOUT', 120) * 1000;
const WAIT_QUIET_S = process.env.BENCH_WAIT_QUIET === '0' ? 0 : envNumber('BENCH_WAIT_QUIET', 0);
const LOG_LEVEL = 'warn';
const GOAL_RATIO = 0.5;
// Share of all CPUs in use by others, while the benchmark idles, above which a figure is flagged.
const BUSY_THRESHOLD = 0.15;

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

function commandLine() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const viaNpm = process.env.npm_lifecycle_event === 'bench:foundation';
  const base = viaNpm ? `npm run bench:foundation${argv.length ? ' --' : ''}` : 'node bench/foundation.mjs';
  return [...vars, base, ...argv].join(' ');
}

function gitRevision() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${rev} (+ uncommitted changes in src/ or migrations/)` : rev;
  } catch {
    return 'unknown';
  }
}

const cleanup = new Cleanup();
const startedAt = new Date();
const results = {
  benchmark: 'foundation',
  date: startedAt.toISOString(),
  command: commandLine(),
  git: gitRevision(),
  machine: machineInfo(),
  settings: { waitQuietS: WAIT_QUIET_S, busyThreshold: BUSY_THRESHOLD, durationS: DURATION, warmupS: WARMUP, connections: CONNECTIONS, serviceLogLevel: LOG_LEVEL, host: '127.0.0.1' },
  startup: {},
  load: [],
  install: undefined,
  tests: undefined,
  problems: [],
};

/** With BENCH_WAIT_QUIET, waits (up to that long) until other processes leave the CPUs alone. */
async function waitQuiet(what) {
  if (!(WAIT_QUIET_S > 0)) return;
  const deadline = Date.now() + WAIT_QUIET_S * 1000;
  let others = await othersCpuShare(1000);
  while (others !== undefined && others > BUSY_THRESHOLD && Date.now() < deadline) {
    log(`  waiting for a quiet machine before ${what} (other processes use ${fmt(others * 100)}% of all CPUs)…`);
    others = await othersCpuShare(2000);
  }
}

/** Flags a figure measured while other processes used a noticeable share of the CPUs. */
function flagBusy(what, cpu) {
  if (cpu?.others > BUSY_THRESHOLD) {
    const msg = `during ${what}, other processes used ${fmt(cpu.others * 100)}% of all CPUs: this figure is lower than on a quiet machine`;
    results.problems.push(msg);
    log(`  WARNING: ${msg}`);
  }
}

/** Starts the service while watching the CPUs. */
async function timedStart(env, label) {
  await waitQuiet(label);
  const watch = cpuWatch();
  const svc = await startService({ env, cleanup, timeoutMs: START_TIMEOUT_MS, label });
  svc.cpu = watch.stop();
  flagBusy(label, svc.cpu);
  return svc;
}

async function main() {
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpuModel}, node ${results.machine.node}`);

  // 1. First start (fresh DATA_DIR: initdb, migrations, bootstrap admin) and warm start (same DATA_DIR).
  const dataDir = makeTempDir(cleanup);
  const env = serviceEnv({ port: await freePort(), dbPort: await freePort(), dataDir, logLevel: LOG_LEVEL });
  log(`first start (fresh DATA_DIR ${path.relative(ROOT, dataDir)})…`);
  const cold = await timedStart(env, 'the first start');
  log(`  ready after ${fmt(cold.readyMs)} ms; stopping (SIGTERM)…`);
  const coldStop = await stopService(cold);
  results.startup.first = { readyMs: cold.readyMs, listeningLogMs: cold.listeningMs, cpu: cold.cpu, stopMs: coldStop.ms, exit: coldStop };
  if (coldStop.code !== 0) results.problems.push(`first instance exited with code ${coldStop.code} signal ${coldStop.signal} after SIGTERM`);
  if (coldStop.leftoverPostgres) results.problems.push(`first instance left its PostgreSQL running (pid ${coldStop.leftoverPostgres}); stopped by the benchmark`);
  log(`  stopped in ${fmt(coldStop.ms)} ms (exit ${coldStop.code ?? coldStop.signal})`);

  const warmEnv = { ...env, PORT: String(await freePort()), EMBEDDED_DB_PORT: String(await freePort()) };
  log('warm start (same DATA_DIR)…');
  const svc = await timedStart(warmEnv, 'the warm start');
  results.startup.warm = { readyMs: svc.readyMs, listeningLogMs: svc.listeningMs, cpu: svc.cpu };
  log(`  ready after ${fmt(svc.readyMs)} ms`);

  // Credentials for the authenticated runs, checked once before the load.
  const { jwt, apiKey } = await adminCredentials(svc.baseUrl, warmEnv);
  const authApiKey = { 'x-api-key': apiKey };
  const authJwt = { authorization: `Bearer ${jwt}` };
  for (const [name, headers] of [['API key', authApiKey], ['JWT', authJwt]]) {
    const me = await http('GET', `${svc.baseUrl}/v1/auth/me`, { headers });
    if (me.status !== 200) throw new Error(`GET /v1/auth/me with ${name} answered ${me.status}: ${JSON.stringify(me.body)}`);
  }

  // 2. Bare Fastify baseline in its own process.
  const bare = await startBareFastify({ cleanup });

  // 3. Load. One scenario at a time; the load generator shares the machine with the server under test.
  const scenarios = [
    { key: 'bare', title: 'bare Fastify `GET /`', url: `${bare.baseUrl}/` },
    { key: 'live', title: 'service `GET /health/live` (public)', url: `${svc.baseUrl}/health/live` },
    { key: 'meApiKey', title: 'service `GET /v1/auth/me` (X-Api-Key)', url: `${svc.baseUrl}/v1/auth/me`, headers: authApiKey, authenticated: true },
    { key: 'meJwt', title: 'service `GET /v1/auth/me` (Bearer JWT)', url: `${svc.baseUrl}/v1/auth/me`, headers: authJwt, authenticated: true },
  ];
  for (const s of scenarios) {
    await waitQuiet(s.title);
    log(`load: ${s.title}: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s…`);
    const r = await runLoad({ title: s.title, url: s.url, headers: s.headers, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP });
    results.load.push({ key: s.key, authenticated: !!s.authenticated, ...r });
    log(`  ${fmt(r.reqPerSec)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
    flagBusy(s.title, r.cpu);
    if (r.non2xx || r.errors || r.timeouts) results.problems.push(`${s.title}: ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodes)}), ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  const base = results.load.find((r) => r.key === 'bare').reqPerSec;
  for (const r of results.load) r.ratioToBare = base > 0 ? r.reqPerSec / base : undefined;
  results.goal = {
    description: `authenticated GET /v1/auth/me ≥ ${GOAL_RATIO * 100}% of bare Fastify req/s`,
    met: results.load.filter((r) => r.authenticated).every((r) => r.ratioToBare >= GOAL_RATIO),
  };

  await bare.stop();
  log('stopping the service (SIGTERM)…');
  const warmStop = await stopService(svc);
  results.startup.warm.stopMs = warmStop.ms;
  results.startup.warm.exit = warmStop;
  if (warmStop.code !== 0) results.problems.push(`warm instance exited with code ${warmStop.code} signal ${warmStop.signal} after SIGTERM`);
  if (warmStop.leftoverPostgres) results.problems.push(`warm instance left its PostgreSQL running (pid ${warmStop.leftoverPostgres}); stopped by the benchmark`);

  // 4. Install and test-suite times: measured on request (slow), else taken from the environment.
  if (flags.measureInstall) {
    log('cold npm install in a temp copy (empty cache)…');
    const r = await measureColdInstall({ cleanup });
    results.install = { source: 'measured', seconds: r.seconds, exitCode: r.code, command: r.command };
    if (r.code !== 0) results.problems.push(`cold npm install failed (exit ${r.code}): ${r.output.slice(-500)}`);
  } else if (process.env.BENCH_NPM_INSTALL_SECONDS) {
    results.install = { source: 'BENCH_NPM_INSTALL_SECONDS', seconds: envNumber('BENCH_NPM_INSTALL_SECONDS') };
  }
  if (flags.measureTests) {
    log('npm test…');
    const r = await timeCommand('npm', ['test'], { echo: false, cleanup, label: 'npm test' });
    results.tests = { source: 'measured', seconds: r.seconds, exitCode: r.code, command: 'npm test' };
    if (r.code !== 0) results.problems.push(`npm test failed (exit ${r.code}): ${r.output.slice(-500)}`);
  } else if (process.env.BENCH_TEST_SUITE_SECONDS) {
    results.tests = { source: 'BENCH_TEST_SUITE_SECONDS', seconds: envNumber('BENCH_TEST_SUITE_SECONDS') };
  }
}

function report() {
  const m = results.machine;
  const s = results.startup;
  const pct = (share) => (share === undefined ? '–' : `${fmt(share * 100)}%`);
  const sec = (ms) => (ms === undefined ? '–' : `${fmt(ms / 1000, 2)} s`);
  const startTable = markdownTable(
    ['Start', 'spawn → `/health/ready` 200', 'SIGTERM → exit', 'other processes\' CPU'],
    [
      ['first start (fresh DATA_DIR: initdb, migrations, admin)', sec(s.first?.readyMs), sec(s.first?.stopMs), pct(s.first?.cpu?.others)],
      ['warm start (same DATA_DIR)', sec(s.warm?.readyMs), sec(s.warm?.stopMs), pct(s.warm?.cpu?.others)],
    ],
    ['l', 'r', 'r', 'r'],
  );
  const loadTable = markdownTable(
    ['Scenario', 'req/s (mean)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors (incl. timeouts)', 'vs bare', 'other processes\' CPU'],
    results.load.map((r) => [
      r.title,
      fmt(r.reqPerSec),
      fmt(r.latencyMs.p50),
      fmt(r.latencyMs.p99),
      fmt(r.non2xx),
      fmt(r.errors),
      r.key === 'bare' ? '100%' : `${fmt(r.ratioToBare * 100)}%${r.authenticated ? (r.ratioToBare >= GOAL_RATIO ? ' ✅' : ' ❌') : ''}`,
      pct(r.cpu?.others),
    ]),
    ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const other = (x, cmd, envName, flag) =>
    x
      ? `${fmt(x.seconds, 1)} s (${x.source === 'measured' ? `measured by \`${flag}\`${x.exitCode ? `, exit ${x.exitCode}` : ''}` : `from ${x.source}`})`
      : `not measured in this run; measure with \`${cmd}\` (or \`${flag}\`) and pass \`${envName}\``;
  const otherTable = markdownTable(
    ['Measure', 'Result'],
    [
      ['cold `npm install` (empty cache)', other(results.install, 'rm -rf node_modules ~/.npm/_cacache && time npm install', 'BENCH_NPM_INSTALL_SECONDS', '--measure-install')],
      ['test suite (`npm test`)', other(results.tests, 'time npm test', 'BENCH_TEST_SUITE_SECONDS', '--measure-tests')],
    ],
  );
  const goal = results.goal
    ? `Goal (${results.goal.description}): **${results.goal.met ? 'met' : 'not met'}**.`
    : 'Goal not evaluated (the run did not finish).';
  const problems = results.problems.length ? `\n**Problems in this run:**\n\n${results.problems.map((p) => `- ${p}`).join('\n')}\n` : '';
  return `### Foundation (\`bench/foundation.mjs\`)

- Date: ${results.date}
- Command: \`${results.command}\`
- Revision: ${results.git}
- Machine: ${m.nproc} cores (nproc), ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}
- Load: autocannon (in the benchmark process), ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per scenario, loopback only.
  Service started with \`NODE_ENV=production LOG_LEVEL=${LOG_LEVEL}\` (request logs off) and its own embedded PostgreSQL; bare Fastify runs in its own process without a logger.

${startTable}

${loadTable}

${goal}
${problems}
${otherTable}

Raw figures: \`${results.resultsFile ? path.relative(ROOT, results.resultsFile) : 'bench/results/'}\` (git-ignored).
`;
}

const INTRO = `# Performance

Figures in this file are produced by the benchmark scripts in \`bench/\` (not by the tests), one
section per script, each between \`<!-- name:start -->\` and \`<!-- name:end -->\` markers that the
script rewrites on every run. Do not edit inside the markers by hand.

How they work: each script starts what it measures itself (the built service from \`dist/\` with a
fresh embedded PostgreSQL in a temporary \`DATA_DIR\`, and any baseline), on 127.0.0.1 only, drives
it with [autocannon](https://github.com/mcollina/autocannon) for a bounded time after a short
warm-up, stops everything it started, prints a table and writes raw JSON to \`bench/results/\`
(git-ignored). \`BENCH_DURATION\` shortens or lengthens the load runs.

Run them on an otherwise idle machine. During each measurement the script reads \`/proc\` to
split CPU use between its own process tree (load generator, servers, their PostgreSQL) and
everything else; the "other processes' CPU" column shows the latter as a share of all cores, and a
figure measured while it was above 15% is listed under "Problems in this run".
\`BENCH_WAIT_QUIET=<seconds>\` makes the script wait (up to that long) for a quiet machine before
each step.

The figures come from a small 2-core machine where the load generator shares the CPUs with the
server under test: compare them with the baseline measured in the same run (bare Fastify), not
with figures from other hardware. Reference figures seen on this kind of machine
(\`stack-notes.md\`):

- Fastify hello-world JSON: 17-31k req/s at 50 connections; Express 5: about 5k req/s.
- PostgreSQL (pgbench, durable commits): a transaction inserting a 1 KB complaint row, an audit
  row and updating a counter: 2,200-2,900 transactions/s at 8-32 clients.
- Request Tracker 5 (REST 2 API), a widely used open-source ticket system: 3-6 tickets created/s.

## Results
`;

let failed;
try {
  await main();
} catch (e) {
  failed = e;
  results.problems.push(`run aborted: ${e.message.split('\n')[0]}`);
  process.stderr.write(`\n[bench] FAILED: ${e.stack ?? e}\n`);
} finally {
  await cleanup.run();
}

results.finishedAt = new Date().toISOString();
results.resultsFile = writeResults('foundation', results, startedAt);
const section = report();
process.stdout.write(`\n${section}\n`);
if (flags.docs && !failed) {
  replaceMarkedSection(path.join(ROOT, 'docs', 'performance.md'), 'foundation', section, { intro: INTRO });
  log(`updated docs/performance.md; raw results in ${path.relative(ROOT, results.resultsFile)}`);
} else if (failed) {
  log(`run failed: docs/performance.md left unchanged; partial results in ${path.relative(ROOT, results.resultsFile)}`);
}
process.exit(failed ? 1 : 0);
