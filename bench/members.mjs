// Benchmark for the members and pacts issue (not a test): the member list and the public signatory
// register at 8 connections, each next to a bare `SELECT` of the same page through `pg` in the same run.
//
//   npm run bench:members                       # builds dist/ if stale, then runs this script
//   BENCH_DURATION=5 node bench/members.mjs     # shorter load runs
//
// What it does: starts the built service (`node dist/src/main.js`) on a fresh embedded PostgreSQL in a
// temporary DATA_DIR, inserts 5,000 members (with domains) and 20,000 signatures directly with SQL
// (two conventions created and published through the API), then loads with autocannon:
//   - GET /v1/members?limit=50 (secretariat JWT), and a text search (?q=…);
//   - GET /v1/public/conventions/:code/signatories?limit=50 (public, full 200 answers: no If-None-Match);
//   - the same two pages from a tiny node:http server that runs only the repository's SQL through a pg
//     pool (8 connections) and returns the rows as JSON: the floor under the service.
// p95 is computed from every response time autocannon reports (autocannon itself has no p95).
// Writes the figures to docs/performance.md between <!-- members:start --> and <!-- members:end -->
// (--no-docs: do not), raw JSON to bench/results/ (git-ignored). Environment: BENCH_DURATION (s,
// default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (default 8), BENCH_MEMBERS (default 5000),
// BENCH_WAIT_QUIET (s to wait, before each scenario, for other processes to leave the CPUs; default 0).
// 20,000 signatures for 5,000 members (4 per member on average). Self-contained: no shared helper file.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SERVICE_NODE_ARGS } from './lib.mjs';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const require = createRequire(import.meta.url);
const pg = require('pg');

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number`);
  return n;
};
const log = (m) => process.stderr.write(`[bench:members] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n, d = 1) => (n === undefined || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));

// The SQL of the two pages, exactly as the repositories run it (MembersRepository.listSummaries with no
// filter; PublicRegisterRepository.signatories), for the baseline server.
const MEMBERS_SQL = `SELECT m.id, m.name, m.kind, m.category, m.credit_code AS "creditCode", m.status, m.joined_on::text AS "joinedOn",
  COALESCE((SELECT array_agg(d.domain ORDER BY d.domain) FROM member_domains d WHERE d.member_id = m.id), '{}') AS domains
  FROM members m ORDER BY m.name, m.id LIMIT $1`;
const SIGNATORIES_SQL = `SELECT m.id AS "memberId", m.name AS "memberName", m.category, v.version, s.status, s.signed_at AS "signedAt",
  s.valid_from::text AS "validFrom", s.renewal_due_on::text AS "renewalDueOn", s.ended_on::text AS "endedOn", (s.articles IS NULL) AS "allArticles"
  FROM members m
  JOIN LATERAL (SELECT x.version_id, x.status, x.signed_at, x.valid_from, x.renewal_due_on, x.ended_on, x.articles FROM signatures x
                 WHERE x.member_id = m.id AND x.convention_id = $1 AND x.status <> 'renewed' ORDER BY x.created_at DESC LIMIT 1) s ON true
  JOIN convention_versions v ON v.id = s.version_id
  WHERE ($2::text IS NULL OR (m.name, m.id) > ($2, $3::uuid))
  ORDER BY m.name, m.id LIMIT $4`;

// ---------------------------------------------------------------------------------------------
// Baseline server (child process): `node bench/members.mjs baseline <port> <databaseUrl> <conventionId>`

async function runBaseline(port, url, conventionId) {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  pool.on('error', () => undefined);
  const server = createHttpServer(async (req, res) => {
    try {
      const rows =
        req.url === '/members'
          ? (await pool.query(MEMBERS_SQL, [51])).rows
          : (await pool.query(SIGNATORIES_SQL, [conventionId, null, null, 51])).rows;
      const body = JSON.stringify({ items: rows.slice(0, 50) });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  server.listen(port, HOST, () => process.stdout.write(`baseline listening on ${port}\n`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const cleanups = [];
async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (e) {
      process.stderr.write(`cleanup failed: ${e?.message ?? e}\n`);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => cleanupAll().finally(() => process.exit(130)));

function spawnNode(args, env, label) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (d) => {
    output.push(...String(d).split('\n').filter(Boolean));
    if (output.length > 100) output.splice(0, output.length - 100);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(t);
  };
  cleanups.push(stop);
  return { child, output, exited, stop, label };
}

async function waitFor(url, { timeoutMs = 120_000, exited } = {}) {
  let gone = false;
  exited?.then(() => (gone = true));
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (gone) throw new Error(`process exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

async function api(method, url, { token, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return json;
}

function cpuTimes() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}
/** Share of all CPUs busy over `ms` (taken while this benchmark idles: it is what others use). */
async function cpuBusyShare(ms = 700) {
  const a = cpuTimes();
  await sleep(ms);
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return undefined;
  return (b.busy - a.busy) / (b.total - a.total);
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCode(i) {
  let n = i * 104729 + 7;
  let org = '';
  for (let k = 0; k < 8; k++) {
    org = ALPHABET[n % 31] + org;
    n = Math.floor(n / 31);
  }
  const first17 = `91440300M${org}`;
  const sum = [...first17].reduce((s, c, k) => s + ALPHABET.indexOf(c) * WEIGHTS[k], 0);
  return first17 + ALPHABET[(31 - (sum % 31)) % 31];
}

const CATEGORIES = ['telecom_operator', 'government', 'ecommerce', 'enterprise_site', 'other'];
const WORDS = ['星河', '云帆', '智联', '数联', '蓝海', '天启', '锐思', '卓越', '恒通', '启明', '领航', '博远', '众创', '新元', '远景', '凌云', '安信', '合众', '鼎盛', '华信'];
const TRADES = ['网络科技', '电子商务', '信息技术', '数据科技', '文化传媒', '软件'];

/** p50/p95/p99 from every response time. */
function percentiles(times) {
  const s = Float64Array.from(times).sort();
  const at = (p) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] };
}

async function load({ url, headers = {}, connections, duration, warmup }) {
  const autocannon = require('autocannon');
  const once = (d, collect) =>
    new Promise((resolve, reject) => {
      const times = [];
      const inst = autocannon({ url, headers, connections, duration: d, timeout: 10 }, (err, res) => (err ? reject(err) : resolve({ res, times })));
      if (collect) inst.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
    });
  if (warmup > 0) await once(warmup, false);
  const { res, times } = await once(duration, true);
  return {
    reqPerSec: res.requests.average,
    requests: res.requests.total,
    non2xx: res.non2xx,
    errors: res.errors,
    timeouts: res.timeouts,
    bytesPerResponse: res.requests.total ? res.throughput.total / res.requests.total : 0,
    latencyMs: { ...percentiles(times), mean: res.latency.average },
  };
}

function replaceMarkedSection(file, name, content) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${content.trim()}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n## Results\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end, i + 1);
  if (i >= 0 && j > i) text = text.slice(0, i) + block + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}

// ---------------------------------------------------------------------------------------------
// The run

async function main() {
  const argv = process.argv.slice(2);
  const docs = !argv.includes('--no-docs');
  const DURATION = num('BENCH_DURATION', 10);
  const WARMUP = num('BENCH_WARMUP', Math.min(3, DURATION));
  const CONNECTIONS = num('BENCH_CONNECTIONS', 8);
  const MEMBERS = num('BENCH_MEMBERS', 5000);
  const GOAL_P95_MS = 20;
  if (!existsSync(path.join(ROOT, 'dist/src/main.js'))) throw new Error('dist/src/main.js is missing: run npm run build (or npm run bench:members)');

  const results = {
    benchmark: 'members',
    date: new Date().toISOString(),
    command: [...Object.keys(process.env).filter((k) => k.startsWith('BENCH_')).sort().map((k) => `${k}=${process.env[k]}`), process.env.npm_lifecycle_event === 'bench:members' ? 'npm run bench:members' : 'node bench/members.mjs', ...argv].join(' '),
    machine: { nproc: os.cpus().length, cpu: os.cpus()[0]?.model?.trim(), memGiB: os.totalmem() / 2 ** 30, node: process.version, os: `${os.type()} ${os.release()}` },
    settings: { durationS: DURATION, warmupS: WARMUP, connections: CONNECTIONS, members: MEMBERS },
    data: {},
    scenarios: [],
    problems: [],
  };

  const dataDir = mkdtempSync(path.join(BENCH_DIR, '.tmp-members-'));
  chmodSync(dataDir, 0o755);
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  const [port, dbPort] = [await freePort(), await freePort()];
  const admin = { email: 'bench-admin@example.test', password: `bench-${randomUUID()}` };
  log(`starting the service (fresh DATA_DIR ${path.relative(ROOT, dataDir)})…`);
  // BENCH_SERVICE_NODE_ARGS: extra node flags for the service (e.g. --cpu-prof --cpu-prof-dir=bench/results).
  const nodeArgs = [...SERVICE_NODE_ARGS, ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const svc = spawnNode([...nodeArgs, 'dist/src/main.js'], {
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_DB_PORT: String(dbPort),
    LOG_LEVEL: 'warn',
    JWT_SECRET: `bench-${randomUUID()}-${randomUUID()}`,
    BOOTSTRAP_ADMIN_EMAIL: admin.email,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    JOBS_ENABLED: 'false',
    // Long enough to outlast a BENCH_WAIT_QUIET wait; a fresh token is taken before each scenario anyway.
    JWT_TTL_SECONDS: '86400',
  }, 'service');
  const base = `http://${HOST}:${port}`;
  try {
    await waitFor(`${base}/health/ready`, { exited: svc.exited });
  } catch (e) {
    throw new Error(`${e.message}\n${svc.output.slice(-30).join('\n')}`);
  }
  const dbUrl = `postgres://postgres:${encodeURIComponent(readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim())}@${HOST}:${dbPort}/selfreg`;
  const db = new pg.Pool({ connectionString: dbUrl, max: 2 });
  db.on('error', () => undefined); // idle connections closed when the service stops its database
  cleanups.push(() => db.end());

  // Accounts and the two conventions, through the API.
  const adminToken = (await api('POST', `${base}/v1/auth/login`, { body: admin })).accessToken;
  const staff = { email: 'bench-staff@example.test', password: `bench-${randomUUID()}` };
  await api('POST', `${base}/v1/users`, { token: adminToken, body: { ...staff, displayName: '压测干事', role: 'secretariat' } });
  const login = async () => (await api('POST', `${base}/v1/auth/login`, { body: staff })).accessToken;
  let token = await login();
  const articles = Array.from({ length: 10 }, (_, i) => ({ number: i + 1, title: `第${i + 1}条`, body: `会员单位应当遵守本公约第${i + 1}条关于诚信经营和用户权益保护的规定。`.repeat(3) }));
  for (const code of ['bench-pact-a', 'bench-pact-b']) {
    await api('POST', `${base}/v1/conventions`, { token, body: { code, titleZh: '互联网行业自律公约', issuingBody: '某市互联网协会' } });
    await api('POST', `${base}/v1/conventions/${code}/versions`, { token, body: { articles } });
    await api('POST', `${base}/v1/conventions/${code}/versions/1/publish`, { token, body: { effectiveDate: '2024-01-01' } });
  }
  await api('POST', `${base}/v1/conventions/bench-pact-a/versions`, { token, body: {} });
  await api('POST', `${base}/v1/conventions/bench-pact-a/versions/2/publish`, { token, body: { effectiveDate: '2025-01-01' } });

  // Members and signatures, directly with SQL.
  log(`inserting ${MEMBERS} members and ${MEMBERS * 4} signatures…`);
  const t0 = performance.now();
  const ids = Array.from({ length: MEMBERS }, () => randomUUID());
  const names = ids.map((_, i) => `某市${WORDS[i % WORDS.length]}${TRADES[(i >> 2) % TRADES.length]}有限公司${String(i).padStart(5, '0')}`);
  await db.query(
    `INSERT INTO members (id, name, credit_code, kind, category, joined_on, contacts)
     SELECT id, name, code, 'organisation', (ARRAY['telecom_operator','government','ecommerce','enterprise_site','other'])[1 + (n % 5)],
            DATE '2015-01-01' + (n % 3650)::int, '[{"name":"联系人"}]'::jsonb
       FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS t(id, name, code, n)`,
    [ids, names, ids.map((_, i) => creditCode(i))],
  );
  await db.query(`INSERT INTO member_domains (member_id, domain) SELECT id, 'm' || n || '.bench-example.cn' FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`, [ids]);
  const { rows: versions } = await db.query(
    `SELECT c.code, c.id AS convention_id, v.id AS version_id, v.version, v.text_hash FROM convention_versions v JOIN conventions c ON c.id = v.convention_id`,
  );
  const ver = (code, version) => versions.find((v) => v.code === code && v.version === version);
  const [a1, a2, b1] = [ver('bench-pact-a', 1), ver('bench-pact-a', 2), ver('bench-pact-b', 1)];
  const sign = (v, { status, from, ended = null, due = null, filter = 'true', createdOffset = '0', withdrawn = false }) =>
    db.query(
      `INSERT INTO signatures (member_id, convention_id, version_id, status, method, signatory_name, signatory_title, signed_at, text_hash,
                               valid_from, ended_on, renewal_due_on, withdrawn_at, withdrawal_reason, created_at)
       SELECT id, $1, $2, $3, 'online', '签字人', '总经理', $4::date, $5, $4::date, $6::date, $7::date,
              ${withdrawn ? `$6::timestamptz` : 'NULL'}, ${withdrawn ? `'退出'` : 'NULL'}, now() - interval '${createdOffset}'
         FROM unnest($8::uuid[]) WITH ORDINALITY AS t(id, n) WHERE ${filter}`,
      [v.convention_id, v.version_id, status, from, v.text_hash, ended, due, ids],
    );
  // Pact A: everyone signed v1; 4 in 5 renewed onto v2, the rest are renewal-pending.
  await sign(a1, { status: 'renewed', from: '2024-01-01', ended: '2025-03-01', filter: 'n % 5 <> 0', createdOffset: '2 years' });
  await sign(a1, { status: 'renewal_pending', from: '2024-01-01', due: '2099-01-01', filter: 'n % 5 = 0', createdOffset: '2 years' });
  await sign(a2, { status: 'active', from: '2025-03-01', filter: 'n % 5 <> 0', createdOffset: '1 year' });
  // Pact B: a withdrawn signature in the history of 6 in 5 members on average, then 9 in 10 active, 1 in 10 withdrawn.
  await sign(b1, { status: 'withdrawn', from: '2024-01-01', ended: '2024-06-01', createdOffset: '2 years', withdrawn: true });
  await sign(b1, { status: 'withdrawn', from: '2024-07-01', ended: '2024-09-01', filter: 'n % 5 = 0', createdOffset: '20 months', withdrawn: true });
  await sign(b1, { status: 'active', from: '2024-10-01', filter: 'n % 10 <> 0', createdOffset: '1 year' });
  await sign(b1, { status: 'withdrawn', from: '2024-10-01', ended: '2025-06-01', filter: 'n % 10 = 0', createdOffset: '1 year', withdrawn: true });
  await db.query('VACUUM ANALYZE');
  const counts = (await db.query(`SELECT (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM signatures)::int AS signatures`)).rows[0];
  results.data = { ...counts, insertSeconds: (performance.now() - t0) / 1000 };
  log(`  ${counts.members} members, ${counts.signatures} signatures in ${fmt(results.data.insertSeconds)} s`);

  // Plans, for the record.
  const plan = async (sql, params) => (await db.query(`EXPLAIN ANALYZE ${sql}`, params)).rows.map((r) => r['QUERY PLAN']);
  results.plans = {
    members: await plan(MEMBERS_SQL, [51]),
    membersSearch: await plan(`SELECT m.id FROM members m WHERE (m.name ILIKE $1 OR m.credit_code = $2) ORDER BY m.name, m.id LIMIT 51`, ['%启明软件%', '启明软件']),
    signatories: await plan(SIGNATORIES_SQL, [b1.convention_id, null, null, 51]),
  };

  // The baseline server, in its own process.
  const basePort = await freePort();
  const baseline = spawnNode([fileURLToPath(import.meta.url), 'baseline', String(basePort), dbUrl, b1.convention_id], {}, 'baseline');
  await waitFor(`http://${HOST}:${basePort}/members`, { exited: baseline.exited, timeoutMs: 15_000 });

  // Sanity: the service answers what the scenarios expect.
  const first = await api('GET', `${base}/v1/members?limit=50`, { token });
  const search = await api('GET', `${base}/v1/members?limit=50&q=${encodeURIComponent('启明软件')}`, { token });
  const register = await api('GET', `${base}/v1/public/conventions/bench-pact-b/signatories?limit=50`);
  if (first.items.length !== 50 || register.items.length !== 50 || search.items.length === 0) throw new Error('unexpected page sizes from the service');

  const scenarios = [
    { key: 'membersService', title: 'service `GET /v1/members?limit=50` (secretariat JWT)', url: `${base}/v1/members?limit=50`, auth: true, goal: true },
    { key: 'membersBaseline', title: 'baseline: the same page, bare `SELECT` through `pg` (node:http)', url: `http://${HOST}:${basePort}/members` },
    { key: 'membersSearch', title: 'service `GET /v1/members?limit=50&q=启明软件` (trigram search)', url: `${base}/v1/members?limit=50&q=${encodeURIComponent('启明软件')}`, auth: true, goal: true },
    { key: 'registerService', title: 'service `GET /v1/public/conventions/:code/signatories?limit=50` (public, 200)', url: `${base}/v1/public/conventions/bench-pact-b/signatories?limit=50`, goal: true },
    { key: 'registerBaseline', title: 'baseline: the same page, bare `SELECT` through `pg` (node:http)', url: `http://${HOST}:${basePort}/signatories` },
  ];
  const WAIT_QUIET_S = num('BENCH_WAIT_QUIET', 0.001);
  const quietBy = Date.now() + WAIT_QUIET_S * 1000;
  for (const s of scenarios) {
    let busy = await cpuBusyShare();
    while (busy !== undefined && busy > 0.15 && Date.now() < quietBy) {
      log(`waiting for a quiet machine (${fmt(busy * 100, 0)}% CPU busy)…`);
      busy = await cpuBusyShare(2000);
    }
    if (busy !== undefined && busy > 0.15) results.problems.push(`machine busy before "${s.title}": ${fmt(busy * 100, 0)}% of all CPUs used by other processes`);
    log(`load: ${s.title}: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s…`);
    if (s.auth) token = await login();
    const r = await load({ url: s.url, headers: s.auth ? { authorization: `Bearer ${token}` } : {}, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP });
    results.scenarios.push({ ...s, busyBefore: busy, loadAvgAfter: os.loadavg()[0], ...r });
    log(`  ${fmt(r.reqPerSec, 0)} req/s, p50 ${fmt(r.latencyMs.p50, 2)} ms, p95 ${fmt(r.latencyMs.p95, 2)} ms, p99 ${fmt(r.latencyMs.p99, 2)} ms, non-2xx ${r.non2xx}`);
    if (r.non2xx || r.errors || r.timeouts) results.problems.push(`${s.title}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  const meets = (s) => s.latencyMs.p95 <= GOAL_P95_MS && s.non2xx + s.errors + s.timeouts === 0;
  results.goal = { description: `service p95 ≤ ${GOAL_P95_MS} ms at ${CONNECTIONS} connections, every answer 2xx`, met: results.scenarios.filter((s) => s.goal).every(meets) };

  await baseline.stop();
  await svc.stop();

  const stamp = results.date.replace(/[:.]/g, '-');
  mkdirSync(path.join(BENCH_DIR, 'results'), { recursive: true });
  const rawFile = path.join(BENCH_DIR, 'results', `members-${stamp}.json`);
  writeFileSync(rawFile, JSON.stringify(results, null, 2) + '\n');

  const rows = results.scenarios.map((s) => `| ${s.title} | ${fmt(s.reqPerSec, 0)} | ${fmt(s.latencyMs.p50, 2)} | ${fmt(s.latencyMs.p95, 2)}${s.goal ? (meets(s) ? ' ✅' : ' ❌') : ''} | ${fmt(s.latencyMs.p99, 2)} | ${fmt(s.bytesPerResponse / 1024, 1)} | ${s.non2xx + s.errors} | ${s.busyBefore === undefined ? '–' : `${fmt(s.busyBefore * 100, 0)}%`} / ${fmt(s.loadAvgAfter, 1)} |`);
  const m = results.machine;
  const section = `### Members and pacts (\`bench/members.mjs\`)

- Date: ${results.date}
- Command: \`${results.command}\`
- Machine: ${m.nproc} cores, ${m.cpu}, ${fmt(m.memGiB, 1)} GiB RAM, ${m.os}; Node ${m.node}
- Data: ${counts.members.toLocaleString('en-US')} members (one domain each), ${counts.signatures.toLocaleString('en-US')} signatures over two conventions (current, renewed, renewal-pending and withdrawn history), inserted with SQL in ${fmt(results.data.insertSeconds)} s; \`VACUUM ANALYZE\` before the load (the steady state autovacuum keeps).
- Load: autocannon in the benchmark process, ${CONNECTIONS} connections, ${WARMUP} s warm-up then ${DURATION} s per scenario, loopback. The service runs from \`dist/\` with \`NODE_ENV=production LOG_LEVEL=warn\` on its own durable embedded PostgreSQL; the baseline is a node:http server in its own process running only the page's SQL through a pg pool of 8. p95 is computed from every response time.

| Scenario | req/s | p50 ms | p95 ms | p99 ms | KiB/response | errors | CPU used by others before / load avg after |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Goal (${results.goal.description}): **${results.goal.met ? 'met' : 'not met'}**.
${results.problems.length ? `\n**Problems in this run:**\n\n${results.problems.map((p) => `- ${p}`).join('\n')}\n` : ''}
Query plans (\`EXPLAIN ANALYZE\`) and every figure: \`${path.relative(ROOT, rawFile)}\` (git-ignored).`;
  process.stdout.write(`\n${section}\n`);
  if (docs) {
    replaceMarkedSection(path.join(ROOT, 'docs', 'performance.md'), 'members', section);
    log('wrote docs/performance.md (members section)');
  }
}

if (process.argv[2] === 'baseline') {
  runBaseline(Number(process.argv[3]), process.argv[4], process.argv[5]).catch((e) => {
    process.stderr.write(`${e.stack}\n`);
    process.exit(1);
  });
} else {
  main()
    .catch((e) => {
      process.stderr.write(`bench:members failed: ${e.stack ?? e}\n`);
      process.exitCode = 1;
    })
    .finally(() => cleanupAll());
}

