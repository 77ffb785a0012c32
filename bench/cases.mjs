// Benchmark for the "Case lifecycle" issue (not a test). Two parts, against the built service with its own
// embedded PostgreSQL in a temp DATA_DIR:
//
//  1. Queries on a generated data set (bench/generate-cases.mjs; CASES cases, default 1,000,000):
//     `GET /v1/cases?state=investigating&respondent=<member>&limit=50` (member varied per request) and
//     `GET /v1/cases?q=<Chinese term>` with 2-, 3- and 4-character terms (one run per length), at
//     QUERY_CONNECTIONS (default 8) connections; p50/p95/p99 per run and per term; EXPLAIN (ANALYZE, BUFFERS)
//     of the service's SQL for each term and for large/median/small members.
//  2. Transitions: `POST /v1/cases/:id/events {"type":"ACCEPT"}` on distinct freshly received cases (each case
//     accepted once) against a baseline that runs the same SQL transaction straight through `pg` (one
//     connection per worker, one transaction after the other), same database, same run, at 1, 8 and 32
//     connections; pg_stat_statements checks beforehand that both sides run the same statements.
//
//   npm run bench:cases                         # full run (builds dist/ if stale)
//   CASES=20000 BENCH_DURATION=3 node bench/cases.mjs --no-docs    # smoke run
//
// Environment: CASES (default 1,000,000), MEMBERS (500), BENCH_DURATION (s per measured run, default 10),
// BENCH_WARMUP (s of discarded load before each run, default 3), BENCH_CONNECTIONS (transition levels, default
// 1,8,32), QUERY_CONNECTIONS (default 8), BENCH_START_TIMEOUT (s, default 120), BENCH_WAIT_QUIET (s to wait,
// before each run, for other processes to leave the CPUs; default 0), BENCH_REVISION (a git revision to build
// in a temp folder and measure instead of dist/).
// Flags: --no-docs (leave docs/performance.md alone), --skip-queries, --skip-transitions,
// --report <bench/results/cases-….json> (measure nothing: rewrite the docs section from a results file of an
// earlier run).
//
// Everything runs on 127.0.0.1; every process and temp folder it starts is stopped/removed at the end.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { buildTemplates, datasetStats, generateDataset, insertReceivedCases, SEARCH_TERMS, shapeOf } from './generate-cases.mjs';
import {
  Cleanup,
  ROOT,
  adminJwt,
  buildRevision,
  cpuWatch,
  envNumber,
  fmt,
  freePort,
  gitRevision,
  http,
  machineInfo,
  makeTempDir,
  markdownTable,
  percentiles,
  processTreeCpu,
  replaceMarkedSection,
  runAutocannonRecorded,
  serviceEnv,
  sleep,
  startService,
  stopService,
  waitForQuietCpu,
  writeResults,
} from './lib.mjs';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(
    readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n',
  );
  process.exit(0);
}
const KNOWN_FLAGS = ['--no-docs', '--skip-queries', '--skip-transitions'];
const reportAt = argv.indexOf('--report');
const REPORT_FROM = reportAt >= 0 ? argv[reportAt + 1] : undefined;
if (reportAt >= 0 && !REPORT_FROM) {
  process.stderr.write('--report needs a results file (bench/results/cases-….json)\n');
  process.exit(2);
}
const unknownArgs = argv.filter((a, i) => !KNOWN_FLAGS.includes(a) && !(reportAt >= 0 && (i === reportAt || i === reportAt + 1)));
if (unknownArgs.length) {
  process.stderr.write(`unknown argument(s): ${unknownArgs.join(' ')} (see --help)\n`);
  process.exit(2);
}
const flags = {
  docs: !argv.includes('--no-docs'),
  queries: !argv.includes('--skip-queries'),
  transitions: !argv.includes('--skip-transitions'),
};

const CASES = envNumber('CASES', 1_000_000);
const MEMBERS = envNumber('MEMBERS', 500);
const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', Math.min(3, DURATION));
const LEVELS = (process.env.BENCH_CONNECTIONS || '1,8,32').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 150) throw new Error(`BENCH_CONNECTIONS: ${JSON.stringify(s)} is not a connection count (1-150)`);
  return n;
});
const QUERY_CONNECTIONS = envNumber('QUERY_CONNECTIONS', 8);
const START_TIMEOUT_MS = envNumber('BENCH_START_TIMEOUT', 120) * 1000;
const WAIT_QUIET_S = process.env.BENCH_WAIT_QUIET === '0' ? 0 : envNumber('BENCH_WAIT_QUIET', 0);
const REVISION = process.env.BENCH_REVISION || undefined;
const LOG_LEVEL = 'warn';
const BUSY_THRESHOLD = 0.15;
const GOAL = { connections: 32, ratio: 0.4, listP95Ms: 20, searchP95Ms: 100 };
const LIST_LIMIT = 50;
const RECENT_SCAN = 15_000; // CASE_SEARCH_RECENT_SCAN, the service's default; the service is started with it

// The SQL of one ACCEPT through the one door (src/cases/case-transitions.service.ts applyIn, its queries in
// src/cases/cases.repository.ts, src/audit), same text.
const SQL = {
  lock: `SELECT c.id, c.reference, c.state, c.phase, c.snapshot, c.version, c.respondent_member_id AS "respondentMemberId",
              c.partner_id AS "partnerId", c.external_id AS "externalId", c.category, cc.deadlines, c.test
         FROM cases c JOIN complaint_categories cc ON cc.code = c.category
        WHERE c.id = $1
          AND ($2::uuid IS NULL OR c.respondent_member_id = $2::uuid)
          AND ($3::uuid IS NULL OR c.referral_agency_id = $3::uuid)
          AND ($4::boolean IS NULL OR c.test = $4::boolean)
          AND ($5::uuid IS NULL OR c.partner_id = $5::uuid)
        FOR NO KEY UPDATE OF c`,
  update: `UPDATE cases SET state = $2, phase = $3, snapshot = $4, version = version + 1, overdue = $5, assignee_id = $6,
              respondent_member_id = $7, updated_at = $8
        WHERE id = $1 AND version = $9 RETURNING version`,
  insertEvent: `INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM case_events WHERE case_id = $1
       RETURNING seq`,
  lockStream: 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))',
  streamHead: 'SELECT stream_seq AS "streamSeq", hash FROM audit_log WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
  insertAudit: `INSERT INTO audit_log (stream, stream_seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
         request_id, payload_digest, details, prev_hash, hash, xid)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, pg_current_xact_id()::text::bigint)`,
  cancelDeadline: `UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`,
  insertDeadline: `INSERT INTO case_deadlines (case_id, kind, started_at, due_at, calendar_covered) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
};
const BASELINE_STATEMENTS = [
  '`START TRANSACTION`',
  'lock: `SELECT c.id, …, cc.deadlines FROM cases c JOIN complaint_categories cc … WHERE c.id = $1 AND ($2 IS NULL …) AND ($3 IS NULL …) AND ($4 IS NULL OR c.test = $4) AND ($5 IS NULL …) FOR NO KEY UPDATE OF c` (staff: member, agency and partner scope NULL, test false)',
  'state: `UPDATE cases SET state = $2, phase = $3, snapshot = $4, version = version + 1, overdue, assignee_id, respondent_member_id, updated_at WHERE id = $1 AND version = $9 RETURNING version` with the snapshot the service wrote for its own probe ACCEPT (member id substituted)',
  'history: `INSERT INTO case_events (…) SELECT $1, coalesce(max(seq), 0) + 1, … FROM case_events WHERE case_id = $1 RETURNING seq` (payload as the service writes it)',
  'audit: `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))` on `case:<id>`, `SELECT stream_seq, hash FROM audit_log WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1` (the case.create entry), `INSERT INTO audit_log (…, pg_current_xact_id()::text::bigint)` with 64-hex digest and hash',
  'deadlines (exit of `received`, then ACCEPT\'s action): `UPDATE case_deadlines … WHERE case_id = $1 AND kind = \'triage\' AND settled_at IS NULL` (settles the open triage deadline), the same for `resolution` (no row), `INSERT INTO case_deadlines … RETURNING id` (resolution, due from the service\'s own deadline policy)',
  'its durable job: pg-boss\'s own insert for `case-deadline` (`boss.send(…, { startAfter: due, db: <the transaction\'s connection> })`, as `JobsService.sendIn` does)',
  '`COMMIT`',
];

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

function commandLine() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_') || ['CASES', 'MEMBERS', 'QUERY_CONNECTIONS'].includes(k))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const viaNpm = process.env.npm_lifecycle_event === 'bench:cases';
  const base = viaNpm ? `npm run bench:cases${argv.length ? ' --' : ''}` : 'node bench/cases.mjs';
  return [...vars, base, ...argv].join(' ');
}

const cleanup = new Cleanup();
const startedAt = new Date();
const results = {
  benchmark: 'cases',
  date: startedAt.toISOString(),
  command: commandLine(),
  git: gitRevision(),
  machine: machineInfo(),
  settings: { cases: CASES, members: MEMBERS, durationS: DURATION, warmupS: WARMUP, transitionConnections: LEVELS, queryConnections: QUERY_CONNECTIONS, waitQuietS: WAIT_QUIET_S, flags, recentScan: RECENT_SCAN },
  setup: {},
  dataset: undefined,
  queries: undefined,
  transitions: undefined,
  problems: [],
};

// ---------------------------------------------------------------------------------------------
// Shared state

let svc;
let pool;
let boss;
let templates;
let staff; // { id, email, password, jwt }
let policy; // dist deadline policy (dueAt, DEFAULT_DEADLINES)

async function staffLogin() {
  const res = await http('POST', `${svc.baseUrl}/v1/auth/login`, { body: { email: staff.email, password: staff.password } });
  if (res.status !== 200 && res.status !== 201) throw new Error(`secretariat login failed: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  staff.jwt = res.body.accessToken;
}

async function waitQuiet(what) {
  await waitForQuietCpu({ seconds: WAIT_QUIET_S, threshold: BUSY_THRESHOLD, what, log });
}

function flagBusy(what, cpu) {
  if (cpu?.others > BUSY_THRESHOLD) {
    const msg = `during ${what}, other processes used ${fmt(cpu.others * 100)}% of all CPUs: this figure is worse than on a quiet machine`;
    results.problems.push(msg);
    log(`  WARNING: ${msg}`);
  }
}

function cpuMeter() {
  const a = processTreeCpu(svc.pid);
  const b = process.cpuUsage();
  return {
    stop(successes) {
      const a2 = processTreeCpu(svc.pid);
      const b2 = process.cpuUsage(b);
      const sec = {
        serviceNode: a2.self !== undefined && a.self !== undefined ? a2.self - a.self : undefined,
        postgres: a2.descendants !== undefined && a.descendants !== undefined ? a2.descendants - a.descendants : undefined,
        benchProcess: (b2.user + b2.system) / 1e6,
      };
      const per = (v) => (v === undefined || !successes ? undefined : (v * 1000) / successes);
      return { seconds: sec, msPerSuccess: { serviceNode: per(sec.serviceNode), postgres: per(sec.postgres), benchProcess: per(sec.benchProcess) } };
    },
  };
}

const summarise = (ms) => {
  const p = percentiles(ms, [50, 95, 99]);
  return { n: ms.length, mean: ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : undefined, ...p, max: ms.at(-1) };
};

// ---------------------------------------------------------------------------------------------
// Setup

async function setup() {
  const dataDir = makeTempDir(cleanup);
  const dbPort = await freePort();
  const env = { ...serviceEnv({ port: await freePort(), dbPort, dataDir, logLevel: LOG_LEVEL }), CASE_SEARCH_RECENT_SCAN: String(RECENT_SCAN) };
  let entry = 'dist/src/main.js';
  let distDir = path.join(ROOT, 'dist');
  if (REVISION) {
    log(`building revision ${REVISION} in a temp folder…`);
    const built = await buildRevision(REVISION, { cleanup });
    entry = built.entry;
    distDir = path.join(built.dir, 'dist');
    results.git = `${built.rev} (BENCH_REVISION=${REVISION}: built from git in a temp folder; working tree not measured)`;
  }
  results.setup.entry = entry;
  policy = await import(pathToFileURL(path.join(distDir, 'src', 'cases', 'deadlines', 'deadline-policy.js')).href);
  log(`starting the service ${entry} (fresh DATA_DIR ${path.relative(ROOT, dataDir)})…`);
  svc = await startService({ env, cleanup, timeoutMs: START_TIMEOUT_MS, label: 'service', entry });
  log(`  ready after ${fmt(svc.readyMs)} ms (pid ${svc.pid})`);

  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg`;
  results.setup.statementCheck = false;
  {
    const admin = new pg.Client({ connectionString: url, application_name: 'bench-cases' });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'pg_stat_statements'`);
      if (rows[0].n === 1) {
        await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
        results.setup.statementCheck = true;
      } else results.problems.push('pg_stat_statements is not available: the statement check is skipped');
    } finally {
      await admin.end();
    }
  }
  if (results.setup.statementCheck) {
    log('restarting the service to load pg_stat_statements…');
    await stopService(svc);
    svc = await startService({ env, cleanup, timeoutMs: START_TIMEOUT_MS, label: 'service', entry });
    log(`  ready after ${fmt(svc.readyMs)} ms (pid ${svc.pid})`);
  }
  results.setup.serviceReadyMs = svc.readyMs;
  pool = new pg.Pool({ connectionString: url, max: Math.max(...LEVELS) + 4, idleTimeoutMillis: 0, application_name: 'bench-cases' });
  pool.on('error', (e) => log(`benchmark pool: idle connection error: ${e.message}`));
  cleanup.add('close the benchmark pool', async () => pool?.end());
  if (results.setup.statementCheck) {
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await setTracking('none');
    } catch (e) {
      results.setup.statementCheck = false;
      results.problems.push(`pg_stat_statements could not be set up (${e.message}): the statement check is skipped`);
    }
  }
  const { rows: [settings] } = await pool.query(
    `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS "sharedBuffers", current_setting('work_mem') AS "workMem",
            current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS "synchronousCommit",
            current_setting('max_parallel_workers_per_gather') AS "parallelWorkersPerGather",
            (SELECT datctype FROM pg_database WHERE datname = current_database()) AS "lcCtype", current_setting('jit') AS jit`,
  );
  results.setup.postgres = settings;

  // A secretariat user (the bootstrap admin may not act on cases).
  const adminToken = await adminJwt(svc.baseUrl, env);
  staff = { email: 'bench-secretariat@example.test', password: `bench-${randomUUID()}` };
  const created = await http('POST', `${svc.baseUrl}/v1/users`, {
    headers: { authorization: `Bearer ${adminToken}` },
    body: { email: staff.email, displayName: '基准测试秘书处', password: staff.password, role: 'secretariat' },
  });
  if (created.status !== 201) throw new Error(`POST /v1/users answered ${created.status}: ${JSON.stringify(created.body)}`);
  staff.id = created.body.id;
  await staffLogin();

  // The data set.
  templates = await buildTemplates({ distDir, staffId: staff.id });
  log(`generating ${fmt(CASES)} cases (bench/generate-cases.mjs)…`);
  const gen = new pg.Client({ connectionString: url, application_name: 'generate-cases' });
  await gen.connect();
  try {
    results.dataset = await generateDataset(gen, { cases: CASES, members: MEMBERS, templates, staffId: staff.id, log });
  } finally {
    await gen.end();
  }
  log(`  generated in ${fmt(results.dataset.seconds, 1)} s; database ${fmt(results.dataset.databaseBytes / 2 ** 20)} MiB`);

  // A real case through the API: its snapshot must have the shape of the generated ones.
  const { rows: [member] } = await pool.query(`SELECT id, name FROM members WHERE status = 'active' ORDER BY credit_code NULLS LAST LIMIT 1 OFFSET 10`);
  const probe = await http('POST', `${svc.baseUrl}/v1/complaints`, {
    headers: { authorization: `Bearer ${staff.jwt}` },
    body: {
      channel: 'phone',
      respondent: { memberId: member.id },
      category: 'fraud',
      title: '网店收款后不发货',
      description: '我通过网店遇到以下问题：收款后不发货。多次联系客服均没有回应。请协会督促该企业依法处理。',
      occurredAt: new Date(Date.now() - 86400_000).toISOString(),
      complainant: { name: '张三', phone: '13800138000' },
    },
  });
  if (probe.status !== 201) throw new Error(`probe POST /v1/complaints answered ${probe.status}: ${JSON.stringify(probe.body)}`);
  const { rows: [real] } = await pool.query(`SELECT snapshot, state, phase, machine_version AS "machineVersion" FROM cases WHERE id = $1`, [probe.body.caseId]);
  const tpl = templates.find((x) => x.key === 'm:received');
  const generated = JSON.parse(tpl.snapshot.split('__M__').join(member.id));
  const sameShape = JSON.stringify(shapeOf(real.snapshot)) === JSON.stringify(shapeOf(generated));
  const sameValue = JSON.stringify(canonical(real.snapshot)) === JSON.stringify(canonical(generated));
  results.setup.snapshotCheck = { probeCaseId: probe.body.caseId, sameShape, sameValue, real: real.snapshot };
  if (!sameValue) results.problems.push(`the generated 'received' snapshot differs from the one the service wrote (${sameShape ? 'same shape, other values' : 'different shape'}): ${JSON.stringify(real.snapshot)}`);
  log(`  snapshot of a real received case (POST /v1/complaints) ${sameValue ? 'equals' : sameShape ? 'has the shape of' : 'DIFFERS FROM'} the generated template`);
}

/** A value with object keys sorted (jsonb does not keep key order). */
function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical(v[k])]));
  return v;
}

async function setTracking(value) {
  await pool.query(`ALTER SYSTEM SET pg_stat_statements.track = '${value}'`);
  await pool.query('SELECT pg_reload_conf()');
  await sleep(300);
}

// ---------------------------------------------------------------------------------------------
// Queries

const SUMMARY = `c.id, c.reference, c.state, c.phase, c.channel, c.category, c.title, c.respondent_member_id AS "respondentMemberId",
  c.respondent_name AS "respondentName", c.partner_id AS "partnerId", c.assignee_id AS "assigneeId", c.overdue,
  c.received_at AS "receivedAt", c.updated_at AS "updatedAt", c.version`;
// The SQL src/cases/cases-query.service.ts list() builds for these filters (staff: no scope condition).
const LIST_SQL = `SELECT ${SUMMARY} FROM cases c WHERE c.state = $1 AND c.respondent_member_id = $2
        ORDER BY c.received_at DESC, c.id DESC LIMIT $3`;
// src/cases/case-search.ts: a term the statistics call rare goes straight to the bigram index (step 2); any other is
// first looked for among the newest RECENT_SCAN cases in order (step 1), then in the index when step 1 found less than
// a page. LIKE, since every term here is Chinese (no cased letters).
const SEARCH_RECENT_SQL = `SELECT ${SUMMARY} FROM (SELECT * FROM cases c ORDER BY c.received_at DESC, c.id DESC LIMIT $3) c
        WHERE (c.title || ' ' || c.description) LIKE $1 ORDER BY c.received_at DESC, c.id DESC LIMIT $2`;
const SEARCH_INDEX_SQL = `WITH matches AS MATERIALIZED (
         SELECT ${SUMMARY}, c.received_at AS "_at" FROM cases c
          WHERE c.id IN (SELECT s.case_id FROM case_search_text s WHERE s.bigrams @> case_text_bigrams($3)
                          UNION ALL SELECT q.case_id FROM case_search_pending q)
            AND (c.title || ' ' || c.description) LIKE $1)
       SELECT * FROM matches ORDER BY "_at" DESC, id DESC LIMIT $2`;
const likePattern = (term) => `%${term.replace(/[%_\\]/g, '\\$&')}%`;

/** The bigram statistics the service routes by (src/cases/case-search.ts: same query, same rule). */
async function bigramStats() {
  const { rows: [row] } = await pool.query(
    `SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs, greatest(t.reltuples, 0)::float8 AS rows
       FROM pg_stats s, pg_class t WHERE s.schemaname = current_schema() AND s.tablename = 'case_search_text' AND s.attname = 'bigrams'
        AND t.oid = 'case_search_text'::regclass`,
  );
  if (!row?.elems) return null;
  const freqs = row.freqs.map(Number);
  return { common: new Map(row.elems.map((e, i) => [e, freqs[i]])), cutoff: freqs[row.elems.length], rows: Number(row.rows), size: row.elems.length };
}

/** Rows step 1 tested with LIKE: those its filter (the Subquery Scan over the newest cases) saw. */
function rowsTested(plan) {
  let n = 0;
  const walk = (node) => {
    if (node['Node Type'] === 'Subquery Scan') n += node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0);
    for (const c of node.Plans ?? []) walk(c);
  };
  walk(plan[0].Plan);
  return n;
}

/** Rows the index step read from the table (the Bitmap Heap Scan's, rechecked ones included). */
function rowsFetched(plan) {
  let n = 0;
  const walk = (node) => {
    if (node['Node Type'] === 'Bitmap Heap Scan') n += node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    for (const c of node.Plans ?? []) walk(c);
  };
  walk(plan[0].Plan);
  return n;
}

/** EXPLAIN ANALYZE of the service's search for a term, on the route the service takes. */
async function explainSearch(term, stats) {
  const { CaseSearch, mostCasesWith } = await import(pathToFileURL(path.join(ROOT, 'dist/src/cases/case-search.js')).href);
  const bound = mostCasesWith(stats, term);
  const direct = bound !== null && bound <= CaseSearch.DIRECT_MAX;
  const recent = direct ? undefined : await explain(SEARCH_RECENT_SQL, [likePattern(term), LIST_LIMIT + 1, RECENT_SCAN]);
  const found = recent?.plan[0].Plan['Actual Rows'];
  const index = direct || found < LIST_LIMIT + 1 ? await explain(SEARCH_INDEX_SQL, [likePattern(term), LIST_LIMIT + 1, term]) : undefined;
  return {
    step: direct ? 'direct' : index ? 'index' : 'recent',
    bound,
    executionMs: (recent?.executionMs ?? 0) + (index?.executionMs ?? 0),
    recent: recent && { executionMs: recent.executionMs, shape: recent.shape, rowsTested: rowsTested(recent.plan), found },
    index: index && { executionMs: index.executionMs, shape: index.shape, fetched: rowsFetched(index.plan) },
    shape: [recent && `1. ${recent.shape}`, index && `2. ${index.shape}`].filter(Boolean).join('; '),
  };
}

/** A compact description of an EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) plan. */
function planSummary(json) {
  const root = json[0];
  const nodes = [];
  const walk = (n, depth) => {
    const bits = [n['Node Type']];
    if (n['Scan Direction'] === 'Backward') bits[0] += ' Backward';
    if (n['Index Name']) bits.push(`using ${n['Index Name']}`);
    const rows = n['Actual Rows'] * (n['Actual Loops'] ?? 1);
    const removed = (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0);
    const extra = [`rows ${fmt(rows)}`];
    if (removed) extra.push(`removed ${fmt(removed * (n['Actual Loops'] ?? 1))}`);
    if (n['Heap Blocks']) extra.push(`heap blocks ${fmt(n['Heap Blocks'])}`);
    if (n['Exact Heap Blocks'] || n['Lossy Heap Blocks']) extra.push(`heap blocks ${fmt((n['Exact Heap Blocks'] ?? 0) + (n['Lossy Heap Blocks'] ?? 0))}`);
    if (n['Workers Launched']) extra.push(`${n['Workers Launched']} workers`);
    nodes.push({ depth, text: `${bits.join(' ')} (${extra.join(', ')})` });
    for (const c of n.Plans ?? []) walk(c, depth + 1);
  };
  walk(root.Plan, 0);
  const p = root.Plan;
  return {
    shape: nodes.map((n) => n.text).join(' → '),
    executionMs: root['Execution Time'],
    planningMs: root['Planning Time'],
    sharedHit: p['Shared Hit Blocks'],
    sharedRead: p['Shared Read Blocks'],
  };
}

async function explain(sql, params) {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const json = rows[0]['QUERY PLAN'];
  return { ...planSummary(json), plan: json };
}

/** Waits until the service's connections run no query (a load generator that stops leaves requests running). */
async function waitDbIdle(timeoutMs = 180_000) {
  const t0 = performance.now();
  for (;;) {
    const { rows: [{ n }] } = await pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'selfreg' AND state = 'active'`);
    if (n === 0) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) {
      results.problems.push(`the service's database connections were still busy ${timeoutMs / 1000} s after a run ended`);
      return performance.now() - t0;
    }
    await sleep(200);
  }
}

/** One autocannon run over GET paths produced by `next()` ({ path, label }); per-label latency summaries. */
async function runGets({ title, next, connections, duration, warmup, timeout = 60 }) {
  await staffLogin();
  const headers = { authorization: `Bearer ${staff.jwt}` };
  const failures = [];
  const items = [];
  const opts = {
    url: svc.baseUrl,
    method: 'GET',
    connections,
    timeout,
    headers,
    requests: [
      {
        setupRequest: (req, context) => {
          const n = next();
          context.label = n.label;
          return { ...req, path: n.path };
        },
        onResponse: (status, body) => {
          if (status === 200) {
            try {
              items.push(JSON.parse(body).items.length);
            } catch {
              /* counted below */
            }
          } else if (failures.length < 5) failures.push(`${status} ${String(body).slice(0, 200)}`);
        },
      },
    ],
  };
  if (warmup > 0) {
    await runAutocannonRecorded({ ...opts, duration: warmup });
    await waitDbIdle();
  }
  items.length = 0;
  failures.length = 0;
  const watch = cpuWatch();
  const meter = cpuMeter();
  const { result: r, responses, unfinished } = await runAutocannonRecorded({ ...opts, title, duration });
  const cpu = watch.stop();
  const idleAfterMs = await waitDbIdle();
  const ok = responses.filter((x) => x.status === 200);
  // Requests still unanswered when the run ended count with the time they had waited (a lower bound).
  const byLabel = {};
  for (const x of ok) (byLabel[x.label] ??= []).push(x.ms);
  for (const x of unfinished) (byLabel[x.label] ??= []).push(x.msAtLeast);
  const slowUnfinished = unfinished.filter((x) => x.msAtLeast > 1000);
  return {
    title,
    connections,
    durationS: duration,
    requests: responses.length,
    ok: ok.length,
    okPerSec: ok.length / duration,
    latencyMs: summarise([...ok.map((x) => x.ms), ...unfinished.map((x) => x.msAtLeast)]),
    byLabel: Object.fromEntries(Object.entries(byLabel).map(([k, v]) => [k, summarise(v)])),
    unfinished: unfinished.length,
    unfinishedOverOneSecond: slowUnfinished.map((x) => ({ label: x.label, msAtLeast: Math.round(x.msAtLeast) })),
    dbBusyAfterRunMs: idleAfterMs,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    failureSamples: failures,
    itemsPerResponse: items.length ? items.reduce((a, b) => a + b, 0) / items.length : undefined,
    cpu,
    cpuTime: meter.stop(ok.length),
  };
}

let listMembers = [];
let rnd = 12345;
const rand = () => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

async function listRun(connections, what) {
  await waitQuiet(`the ${what} query`);
  log(`GET /v1/cases?state=investigating&respondent=<one of ${listMembers.length} members>&limit=${LIST_LIMIT} at ${connections} connections: ${WARMUP} s warm-up + ${DURATION} s…`);
  const l = await runGets({
    title: what,
    connections,
    duration: DURATION,
    warmup: WARMUP,
    next: () => {
      const m = listMembers[Math.floor(rand() * listMembers.length)];
      return { path: `/v1/cases?state=investigating&respondent=${m.id}&limit=${LIST_LIMIT}`, label: m.size };
    },
  });
  log(`  ${fmt(l.okPerSec)} req/s, p50 ${fmt(l.latencyMs.p50, 1)} ms, p95 ${fmt(l.latencyMs.p95, 1)} ms, p99 ${fmt(l.latencyMs.p99, 1)} ms, ${fmt(l.itemsPerResponse, 1)} items/response, non-2xx ${l.non2xx}, errors ${l.errors}; CPU per request: node ${fmt(l.cpuTime.msPerSuccess.serviceNode, 2)} ms, postgres ${fmt(l.cpuTime.msPerSuccess.postgres, 2)} ms, autocannon ${fmt(l.cpuTime.msPerSuccess.benchProcess, 2)} ms`);
  flagBusy(`the ${what} query`, l.cpu);
  if (l.non2xx || l.errors) results.problems.push(`${what}: ${l.non2xx} non-2xx, ${l.errors} errors: ${l.failureSamples.join(' | ')}`);
  return l;
}

async function queries() {
  const out = { list: undefined, search: {}, explain: { list: [], search: [] }, terms: {} };
  // Members with their case counts (uniform choice across members; labelled by size).
  const { rows: members } = await pool.query(
    `SELECT respondent_member_id AS id, count(*)::int AS cases, count(*) FILTER (WHERE state = 'investigating')::int AS investigating
       FROM cases WHERE respondent_member_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
  );
  const third = Math.ceil(members.length / 3);
  members.forEach((m, i) => (m.size = i < third ? 'large' : i < 2 * third ? 'medium' : 'small'));
  out.members = {
    count: members.length,
    casesLargest: members[0]?.cases,
    casesMedian: members[Math.floor(members.length / 2)]?.cases,
    casesSmallest: members.at(-1)?.cases,
    investigatingLargest: members[0]?.investigating,
    investigatingMedian: members[Math.floor(members.length / 2)]?.investigating,
    investigatingSmallest: members.at(-1)?.investigating,
    sizeBounds: { large: members[third - 1]?.cases, medium: members[2 * third - 1]?.cases },
  };
  // EXPLAIN first (cold-ish: right after generation and VACUUM ANALYZE).
  for (const [label, m] of [['largest', members[0]], ['median', members[Math.floor(members.length / 2)]], ['smallest', members.at(-1)]]) {
    const e = await explain(LIST_SQL, ['investigating', m.id, LIST_LIMIT + 1]);
    out.explain.list.push({ member: label, cases: m.cases, investigating: m.investigating, ...e });
    log(`  EXPLAIN list (${label} member, ${fmt(m.cases)} cases, ${fmt(m.investigating)} investigating): ${fmt(e.executionMs, 2)} ms: ${e.shape}`);
  }
  // Matches per term (exact counts: 2-character ones scan the table).
  for (const [len, terms] of Object.entries(SEARCH_TERMS)) {
    for (const term of terms) {
      const t0 = performance.now();
      const { rows: [{ n }] } = await pool.query(`SELECT count(*)::int AS n FROM cases c WHERE (c.title || ' ' || c.description) LIKE $1`, [likePattern(term)]);
      out.terms[term] = { length: Number(len), matches: n, share: n / results.dataset.totals.cases, countMs: performance.now() - t0 };
    }
  }
  const stats = await bigramStats();
  out.bigramStats = stats && { elements: stats.size, cutoff: stats.cutoff, rows: stats.rows };
  for (const [len, terms] of Object.entries(SEARCH_TERMS)) {
    for (const term of terms) {
      const e = await explainSearch(term, stats);
      out.explain.search.push({ term, length: Number(len), matches: out.terms[term].matches, ...e });
      log(`  EXPLAIN q=${term} (${fmt(out.terms[term].matches)} matches): ${fmt(e.executionMs, 1)} ms: ${e.shape}`);
    }
  }

  // The list query: at QUERY_CONNECTIONS (the goal), then at 1 connection (latency without queueing, for diagnosis).
  listMembers = members;
  out.list = await listRun(QUERY_CONNECTIONS, 'list');
  out.listSingle = await listRun(1, 'list (1 connection)');

  // Text search, one run per term length.
  for (const [len, terms] of Object.entries(SEARCH_TERMS)) {
    await waitQuiet(`the ${len}-character search`);
    log(`GET /v1/cases?q=<${len}-character term: ${terms.join(' ')}> at ${QUERY_CONNECTIONS} connections: ${WARMUP} s warm-up + ${DURATION} s…`);
    const r = await runGets({
      title: `search ${len}`,
      connections: QUERY_CONNECTIONS,
      duration: DURATION,
      warmup: WARMUP,
      next: () => {
        const term = terms[Math.floor(rand() * terms.length)];
        return { path: `/v1/cases?q=${encodeURIComponent(term)}&limit=${LIST_LIMIT}`, label: term };
      },
    });
    out.search[len] = r;
    log(`  ${fmt(r.okPerSec, 1)} req/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p95 ${fmt(r.latencyMs.p95, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, non-2xx ${r.non2xx}, errors ${r.errors}; CPU per request: node ${fmt(r.cpuTime.msPerSuccess.serviceNode, 2)} ms, postgres ${fmt(r.cpuTime.msPerSuccess.postgres, 2)} ms`);
    for (const [term, s] of Object.entries(r.byLabel)) log(`    ${term}: n ${s.n}, p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms (${fmt(out.terms[term].matches)} matches)`);
    flagBusy(`the ${len}-character search`, r.cpu);
    if (r.non2xx || r.errors) results.problems.push(`search ${len}: ${r.non2xx} non-2xx, ${r.errors} errors (${r.timeouts} timeouts): ${r.failureSamples.join(' | ')}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Transitions

let accepted; // what the service wrote for its probe ACCEPT (the baseline's values)
const hex64 = () => randomBytes(32).toString('hex');
const ACCEPT_BODY = JSON.stringify({ type: 'ACCEPT' });

async function baselineTx(c, id) {
  await c.query('START TRANSACTION');
  try {
    const { rows: [row] } = await c.query(SQL.lock, [id, null, null, false, null]);
    if (!row) throw new Error(`baseline: case ${id} not found`);
    if (row.state !== 'received') throw new Error(`baseline: case ${id} is ${row.state}`);
    const now = new Date();
    const snapshot = accepted.snapshot.split(accepted.memberId).join(row.respondentMemberId);
    const up = await c.query(SQL.update, [id, 'investigating', 'reviewing', snapshot, false, null, row.respondentMemberId, now, row.version]);
    if (up.rowCount !== 1) throw new Error('baseline: version changed');
    const version = up.rows[0].version;
    await c.query(SQL.insertEvent, [id, 'ACCEPT', 'user', staff.id, 'secretariat', 'received', 'investigating', accepted.eventPayload, now]);
    const stream = `case:${id}`;
    await c.query(SQL.lockStream, [stream]);
    const head = (await c.query(SQL.streamHead, [stream])).rows[0];
    await c.query(SQL.insertAudit, [
      stream, (head?.streamSeq ?? 0) + 1, now.toISOString(), 'user', staff.id, 'case.event', 'case', id, randomUUID(), hex64(),
      JSON.stringify({ type: 'ACCEPT', from: 'received', to: 'investigating', version }), head?.hash ?? null, hex64(),
    ]);
    await c.query(SQL.cancelDeadline, [id, 'triage', now]);
    // A calendar-day deadline: the working-day calendar does not matter, an empty one will do.
    const due = policy.dueAt('resolution', now, policy.settingsFor(row.deadlines, policy.DEFAULT_DEADLINES), { years: new Set(), days: new Map() }).dueAt;
    await c.query(SQL.cancelDeadline, [id, 'resolution', now]);
    const [{ id: deadlineId }] = (await c.query(SQL.insertDeadline, [id, 'resolution', now, due, true])).rows;
    await boss.send('case-deadline', { deadlineId, caseId: id, kind: 'resolution' }, { startAfter: due, db: { executeSql: async (text, values) => ({ rows: (await c.query(text, values)).rows }) } });
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** N workers, one connection each, one ACCEPT transaction after the other over `ids`, for `seconds` (or until `amount` done). */
async function runBaseline(connections, ids, { seconds, amount }) {
  const clients = [];
  try {
    for (let i = 0; i < connections; i++) clients.push(await pool.connect());
    let next = 0;
    let ok = 0;
    let afterWindow = 0;
    let errors = 0;
    let exhausted = false;
    const errorSamples = [];
    const latencies = [];
    const watch = cpuWatch();
    const meter = cpuMeter();
    const t0 = performance.now();
    const end = seconds ? t0 + seconds * 1000 : Infinity;
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < end && (amount === undefined || next < amount)) {
          if (next >= ids.length) {
            exhausted = true;
            break;
          }
          const id = ids[next++];
          const s = performance.now();
          try {
            await baselineTx(c, id);
            const e = performance.now();
            if (e <= end) {
              ok++;
              latencies.push(e - s);
            } else afterWindow++;
          } catch (err) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(String(err?.message ?? err));
          }
        }
      }),
    );
    const elapsedS = (performance.now() - t0) / 1000;
    const cpu = watch.stop();
    const cpuTime = meter.stop(ok + afterWindow);
    return {
      connections,
      durationS: seconds ?? elapsedS,
      elapsedS,
      used: next,
      ok,
      okPerSec: ok / (seconds ?? elapsedS),
      committedAfterWindow: afterWindow,
      latencyMs: summarise(latencies),
      errors,
      errorSamples,
      exhausted,
      cpu,
      cpuTime,
    };
  } finally {
    for (const c of clients) c.release();
  }
}

/** autocannon: POST /v1/cases/<next id>/events {"type":"ACCEPT"}, for `seconds` (or `amount` requests). */
async function runService(connections, ids, { seconds, amount }) {
  await staffLogin();
  let next = 0;
  let exhausted = false;
  const failures = [];
  const watch = cpuWatch();
  const meter = cpuMeter();
  const t0 = performance.now();
  const { result: r, responses } = await runAutocannonRecorded({
    url: svc.baseUrl,
    method: 'POST',
    connections,
    timeout: 10,
    ...(amount ? { amount } : { duration: seconds }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${staff.jwt}` },
    body: ACCEPT_BODY,
    requests: [
      {
        setupRequest: (req, context) => {
          if (next >= ids.length) exhausted = true;
          const id = ids[next++ % ids.length];
          context.label = id;
          return { ...req, path: `/v1/cases/${id}/events` };
        },
        onResponse: (status, body) => {
          if ((status < 200 || status >= 300) && failures.length < 3) failures.push(`${status} ${String(body).slice(0, 160)}`);
        },
      },
    ],
  });
  const elapsedS = (performance.now() - t0) / 1000;
  const cpu = watch.stop();
  const ok = responses.filter((x) => x.status >= 200 && x.status < 300);
  const cpuTime = meter.stop(ok.length);
  return {
    connections,
    durationS: seconds ?? elapsedS,
    elapsedS,
    used: Math.min(next, ids.length),
    usedIds: ids.slice(0, Math.min(next, ids.length)),
    okIds: new Set(ok.map((x) => x.label)),
    ok: ok.length,
    okPerSec: ok.length / (seconds ?? elapsedS),
    latencyMs: summarise(ok.map((x) => x.ms)),
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    failureSamples: failures,
    exhausted,
    cpu,
    cpuTime,
  };
}

/** For the given cases: how many were accepted with everything an ACCEPT writes. */
async function acceptedRows(ids) {
  if (!ids.length) return { accepted: 0, complete: 0, jobs: 0 };
  const { rows: [r] } = await pool.query(
    `SELECT count(*) FILTER (WHERE c.state = 'investigating')::int AS accepted,
            count(*) FILTER (WHERE c.state = 'investigating' AND c.version = 2
              AND (SELECT count(*) FROM case_events e WHERE e.case_id = c.id AND e.seq = 2 AND e.type = 'ACCEPT') = 1
              AND (SELECT count(*) FROM audit_log a WHERE a.stream = 'case:' || c.id::text) = 2
              AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'triage' AND d.settled_at IS NOT NULL)
              AND EXISTS (SELECT 1 FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'resolution' AND d.settled_at IS NULL))::int AS complete
       FROM cases c WHERE c.id = ANY($1::uuid[])`,
    [ids],
  );
  const { rows: [j] } = await pool.query(
    `SELECT count(*)::int AS n FROM pgboss.job j JOIN unnest($1::text[]) AS u(id) ON u.id = j.data->>'caseId'
      WHERE j.name = 'case-deadline' AND j.data->>'kind' = 'resolution'`,
    [ids],
  );
  return { ...r, jobs: j.n };
}

async function settle(ids) {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const { rows: [{ n }] } = await pool.query(`SELECT count(*)::int AS n FROM cases WHERE id = ANY($1::uuid[]) AND state = 'investigating'`, [ids]);
    if (n === last) return n;
    last = n;
    await sleep(200);
  }
  return last;
}

async function freshCases(n) {
  const t0 = performance.now();
  const ids = [];
  for (let left = n; left > 0; left -= 50_000) ids.push(...(await insertReceivedCases(pool, { count: Math.min(50_000, left), templates })));
  return { ids, seconds: (performance.now() - t0) / 1000 };
}

/** K ACCEPTs through the service, then K baseline transactions, one at a time, pg_stat_statements tracking each side. */
async function statementCheck(K = 30) {
  const read = async () =>
    (
      await pool.query(
        `SELECT queryid::text AS id, calls::int AS calls, regexp_replace(query, '\\s+', ' ', 'g') AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
    ).rows;
  const { ids } = await freshCases(2 * K);
  await staffLogin();
  await setTracking('top');
  let svcRows;
  let baseRows;
  const t = { service: 0, baseline: 0 };
  try {
    await pool.query('SELECT pg_stat_statements_reset()');
    let t0 = performance.now();
    for (let i = 0; i < K; i++) {
      const res = await http('POST', `${svc.baseUrl}/v1/cases/${ids[i]}/events`, { headers: { authorization: `Bearer ${staff.jwt}` }, body: { type: 'ACCEPT' } });
      if (res.status !== 200) throw new Error(`statement check: ACCEPT answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    t.service = (performance.now() - t0) / K;
    svcRows = await read();
    await pool.query('SELECT pg_stat_statements_reset()');
    const c = await pool.connect();
    try {
      t0 = performance.now();
      for (let i = K; i < 2 * K; i++) await baselineTx(c, ids[i]);
      t.baseline = (performance.now() - t0) / K;
    } finally {
      c.release();
    }
    baseRows = await read();
  } finally {
    await setTracking('none');
  }
  const per = (rows) => new Map(rows.filter((r) => r.calls >= 0.9 * K).map((r) => [r.id, { calls: r.calls / K, query: r.query }]));
  const sv = per(svcRows);
  const bl = per(baseRows);
  const statements = [];
  for (const [id, v] of sv) statements.push({ query: v.query, service: v.calls, baseline: bl.get(id)?.calls ?? 0 });
  for (const [id, v] of bl) if (!sv.has(id)) statements.push({ query: v.query, service: 0, baseline: v.calls });
  // The service's cron jobs (audit checkpoint, notification dispatch: a transaction each, every minute) may add a
  // transaction or two during the check: a statement of the ACCEPT itself differs by a whole call per transition.
  const differ = statements.filter((s) => Math.abs(s.service - s.baseline) > 0.25);
  const rows = await acceptedRows(ids);
  return { transitions: K, statements, differ, same: differ.length === 0, sequentialMs: t, rows };
}

async function measureSide(which, connections) {
  const est = estimates[which];
  const warmN = Math.max(50, Math.min(30_000, Math.round(est * Math.min(connections, 6) * WARMUP)));
  await waitQuiet(`the ${which} at ${connections}`);
  const label = which === 'baseline' ? 'baseline (pg)' : 'service POST /v1/cases/:id/events ACCEPT';
  let pre = await freshCases(warmN);
  log(`${label} at ${connections} connections: warm-up ${fmt(warmN)} transitions…`);
  const w = which === 'baseline' ? await runBaseline(connections, pre.ids, { amount: warmN }) : await runService(connections, pre.ids, { amount: warmN });
  const warmRate = w.ok / w.elapsedS;
  if (which === 'service') await settle(w.usedIds);
  // Generous: a warm-up on a busy machine can be much slower than the run, and a run that runs out of fresh cases is void.
  const rate = Math.max(warmRate, estimates.seen[which][connections] ?? 0, estimates[which] * Math.min(connections, 3));
  const need = Math.ceil(rate * DURATION * 3) + 100 * connections + 500;
  pre = await freshCases(need);
  log(`  warm-up ${fmt(warmRate)}/s; ${fmt(need)} fresh received cases inserted in ${fmt(pre.seconds, 1)} s; ${DURATION} s run…`);
  await waitQuiet(`the ${which} at ${connections}`);
  const r = which === 'baseline' ? await runBaseline(connections, pre.ids, { seconds: DURATION }) : await runService(connections, pre.ids, { seconds: DURATION });
  estimates.seen[which][connections] = r.okPerSec;
  estimates[which] = Math.max(estimates[which], r.okPerSec / Math.min(connections, 6));
  r.warmup = { transitions: warmN, perSec: warmRate };
  r.poolSize = pre.ids.length;
  if (r.exhausted) results.problems.push(`${which} at ${connections}: ran out of fresh cases (${fmt(pre.ids.length)}): the figure is too low`);
  if (which === 'baseline') {
    const rows = await acceptedRows(pre.ids.slice(0, r.used));
    r.rows = rows;
    r.rowsMatch = rows.accepted === r.ok + r.committedAfterWindow && rows.complete === rows.accepted && rows.jobs === rows.accepted;
    log(`  ${fmt(r.okPerSec)} tx/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, errors ${r.errors}; accepted ${rows.accepted} (complete ${rows.complete}, jobs ${rows.jobs}); CPU per tx: postgres ${fmt(r.cpuTime.msPerSuccess.postgres, 2)} ms, client ${fmt(r.cpuTime.msPerSuccess.benchProcess, 2)} ms`);
    if (r.errors) results.problems.push(`baseline at ${connections}: ${r.errors} failed transactions (${r.errorSamples.join(' | ')})`);
    if (!r.rowsMatch) results.problems.push(`baseline at ${connections}: rows do not match commits: ${JSON.stringify({ ...rows, ok: r.ok, after: r.committedAfterWindow })}`);
  } else {
    await settle(r.usedIds);
    const rows = await acceptedRows(r.usedIds);
    const used = new Set(r.usedIds);
    const okWithoutRow = [...r.okIds].filter((id) => !used.has(id)).length;
    r.rows = { ...rows, cutOff: rows.accepted - r.ok };
    // Every 2xx accepted its case; accepted cases without a response are only requests cut off at the end (≤ 1 per connection).
    r.rowsMatch = r.okIds.size === r.ok && okWithoutRow === 0 && rows.complete === rows.accepted && rows.jobs === rows.accepted && rows.accepted >= r.ok && rows.accepted - r.ok <= connections;
    delete r.okIds;
    delete r.usedIds;
    log(`  ${fmt(r.okPerSec)} 2xx/s, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms, non-2xx ${r.non2xx}, errors ${r.errors}; accepted ${rows.accepted} (complete ${rows.complete}, jobs ${rows.jobs}); CPU per 2xx: node ${fmt(r.cpuTime.msPerSuccess.serviceNode, 2)} ms, postgres ${fmt(r.cpuTime.msPerSuccess.postgres, 2)} ms, autocannon ${fmt(r.cpuTime.msPerSuccess.benchProcess, 2)} ms`);
    if (r.non2xx || r.errors) results.problems.push(`service at ${connections}: ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}, ${r.errors} errors: ${r.failureSamples.join(' | ')}`);
    if (!r.rowsMatch) results.problems.push(`service at ${connections}: rows do not match 2xx responses: ${JSON.stringify({ ...rows, ok: r.ok })}`);
  }
  flagBusy(`the ${which} at ${connections} connections`, r.cpu);
  return r;
}

const estimates = { baseline: 300, service: 100, seen: { baseline: {}, service: {} } };

async function transitions() {
  const out = { levels: [] };
  // The service's own ACCEPT gives the baseline its values.
  const { ids: [probeId] } = await freshCases(1);
  await staffLogin();
  const res = await http('POST', `${svc.baseUrl}/v1/cases/${probeId}/events`, { headers: { authorization: `Bearer ${staff.jwt}` }, body: { type: 'ACCEPT' } });
  if (res.status !== 200) throw new Error(`probe ACCEPT answered ${res.status}: ${JSON.stringify(res.body)}`);
  const { rows: [row] } = await pool.query(
    `SELECT c.snapshot::text AS snapshot, c.respondent_member_id AS "memberId", e.payload::text AS "eventPayload", e.actor_type AS "actorType",
            e.actor_role AS "actorRole", a.details::text AS details,
            (SELECT count(*) FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'resolution' AND d.settled_at IS NULL)::int AS "openResolution",
            (SELECT count(*) FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'triage' AND d.settled_at IS NOT NULL)::int AS "settledTriage"
       FROM cases c JOIN case_events e ON e.case_id = c.id AND e.seq = 2 JOIN audit_log a ON a.stream = 'case:' || c.id::text AND a.stream_seq = 2
      WHERE c.id = $1`,
    [probeId],
  );
  if (!row || row.openResolution !== 1 || row.settledTriage !== 1) throw new Error(`the probe ACCEPT did not write what the baseline writes: ${JSON.stringify(row)}`);
  accepted = row;
  out.probe = { response: res.body, ...row };
  const probeRows = await acceptedRows([probeId]);
  if (probeRows.complete !== 1 || probeRows.jobs !== 1) throw new Error(`the probe ACCEPT's rows are incomplete: ${JSON.stringify(probeRows)}`);
  boss = new PgBoss({ connectionString: pool.options.connectionString, schema: 'pgboss', max: 2, application_name: 'bench-cases-boss', supervise: false, schedule: false, migrate: false, createSchema: false });
  boss.on('error', (e) => log(`bench pg-boss error: ${e.message}`));
  await boss.start();
  cleanup.add('stop the benchmark pg-boss', () => boss?.stop({ graceful: false, close: true }));
  {
    const { ids: [baseProbe] } = await freshCases(1);
    const c = await pool.connect();
    try {
      await baselineTx(c, baseProbe);
    } finally {
      c.release();
    }
    const r = await acceptedRows([baseProbe]);
    if (r.complete !== 1 || r.jobs !== 1) throw new Error(`the baseline probe's rows are incomplete: ${JSON.stringify(r)}`);
  }
  if (results.setup.statementCheck) {
    log('statement check (pg_stat_statements): 30 ACCEPTs through the service, 30 baseline transactions, one at a time…');
    const chk = await statementCheck(30);
    out.statements = chk;
    for (const st of chk.statements) log(`  ${fmt(st.service, 2).padStart(5)} ${fmt(st.baseline, 2).padStart(5)}  ${st.query.slice(0, 110)}`);
    log(`  sequential: service ${fmt(chk.sequentialMs.service, 2)} ms per ACCEPT, baseline ${fmt(chk.sequentialMs.baseline, 2)} ms per transaction`);
    if (!chk.same) {
      const msg = `the baseline does not run the service's statements: ${chk.differ.map((d) => `${d.query.slice(0, 80)}… (service ${fmt(d.service, 2)}, baseline ${fmt(d.baseline, 2)} per ACCEPT)`).join('; ')}`;
      results.problems.push(msg);
      log(`  WARNING: ${msg}`);
    } else log('  same statements on both sides');
    estimates.baseline = 1000 / chk.sequentialMs.baseline;
    estimates.service = 1000 / chk.sequentialMs.service;
  }
  for (const [i, connections] of LEVELS.entries()) {
    const order = i % 2 === 0 ? ['baseline', 'service'] : ['service', 'baseline'];
    const level = { connections, order };
    for (const which of order) level[which] = await measureSide(which, connections);
    level.ratio = level.baseline.okPerSec > 0 ? level.service.okPerSec / level.baseline.okPerSec : undefined;
    log(`  service/baseline at ${connections}: ${fmt(level.ratio, 2)}×`);
    out.levels.push(level);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
async function main() {
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpuModel}, node ${results.machine.node}`);
  await setup();
  if (flags.queries) results.queries = await queries();
  if (flags.transitions) results.transitions = await transitions();
  results.datasetAfter = await datasetStats(pool);
  const g = { description: `transitions at ${GOAL.connections} connections ≥ ${GOAL.ratio}× baseline; list p95 ≤ ${GOAL.listP95Ms} ms; search p95 ≤ ${GOAL.searchP95Ms} ms (each term length)` };
  const at = results.transitions?.levels.find((l) => l.connections === GOAL.connections);
  g.ratio = at ? at.ratio >= GOAL.ratio : undefined;
  g.list = results.queries ? results.queries.list.latencyMs.p95 <= GOAL.listP95Ms && !results.queries.list.non2xx && !results.queries.list.errors : undefined;
  g.search = results.queries ? Object.fromEntries(Object.entries(results.queries.search).map(([len, r]) => [len, r.latencyMs.p95 <= GOAL.searchP95Ms && !r.non2xx && !r.errors])) : undefined;
  g.met = g.ratio === true && g.list === true && g.search && Object.values(g.search).every(Boolean);
  results.goal = g;

  log('stopping the service (SIGTERM)…');
  await boss?.stop({ graceful: false, close: true }).catch(() => undefined);
  boss = undefined;
  await pool.end().catch(() => undefined);
  pool = undefined;
  const stop = await stopService(svc);
  results.serviceStop = stop;
  if (stop.code !== 0) results.problems.push(`service exited with code ${stop.code} signal ${stop.signal} after SIGTERM`);
  if (stop.leftoverPostgres) results.problems.push(`service left its PostgreSQL running (pid ${stop.leftoverPostgres}); stopped by the benchmark`);
}

// ---------------------------------------------------------------------------------------------
// Report

/** Rows a plan's scans looked at (returned plus removed by filter or recheck), from EXPLAIN (FORMAT JSON). */
function rowsExamined(plan) {
  let n = 0;
  const walk = (node) => {
    if (/Scan$/.test(node['Node Type']) && !/Bitmap Index Scan/.test(node['Node Type'])) {
      const loops = node['Actual Loops'] ?? 1;
      n += (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * loops;
    }
    for (const c of node.Plans ?? []) walk(c);
  };
  if (plan?.[0]?.Plan) walk(plan[0].Plan);
  return n;
}

/** Conclusions drawn from the figures of this run (bottlenecks and what would fix them). */
function findings() {
  const out = [];
  const ms = (v, d = 0) => (v === undefined ? '–' : fmt(v, d));
  const tr = results.transitions;
  const q = results.queries;
  const busy = [...(tr?.levels ?? []).flatMap((l) => [l.baseline.cpu, l.service.cpu]), q?.list?.cpu, ...Object.values(q?.search ?? {}).map((r) => r.cpu)]
    .filter(Boolean)
    .map((c) => c.others ?? 0);
  if (busy.length && Math.max(...busy) > BUSY_THRESHOLD) {
    out.push(
      `The machine was shared: other processes used up to ${fmt(Math.max(...busy) * 100)}% of all CPUs during the measured runs (see the tables). ` +
        'Latencies under concurrency are then mostly queueing for a CPU; the ratios (service vs baseline, measured back to back) and the per-request CPU times are the more reliable figures.',
    );
  }
  if (tr) {
    const at = tr.levels.find((l) => l.connections === GOAL.connections) ?? tr.levels.at(-1);
    const s = at.service.cpuTime?.msPerSuccess ?? {};
    const b = at.baseline.cpuTime?.msPerSuccess ?? {};
    const svcTotal = (s.serviceNode ?? 0) + (s.postgres ?? 0) + (s.benchProcess ?? 0);
    const baseTotal = (b.postgres ?? 0) + (b.benchProcess ?? 0);
    out.push(
      `Transitions: service ÷ baseline ${tr.levels
        .map((l) => {
          const notes = [];
          if (l.service.exhausted || l.baseline.exhausted) notes.push('void: ran out of fresh cases');
          for (const side of ['baseline', 'service']) if ((l[side].cpu?.others ?? 0) > BUSY_THRESHOLD) notes.push(`other processes took ${fmt(l[side].cpu.others * 100)}% of the CPUs during the ${side} run`);
          return `${fmt(l.ratio, 2)}× at ${l.connections}${notes.length ? ` (${notes.join('; ')})` : ''}`;
        })
        .join(', ')}. At ${at.connections} connections, per accepted case the service costs ${ms(svcTotal, 1)} ms of CPU in all ` +
        `(node ${ms(s.serviceNode, 2)}, PostgreSQL ${ms(s.postgres, 2)}, load generator ${ms(s.benchProcess, 2)}) against ${ms(baseTotal, 1)} ms for the baseline (PostgreSQL ${ms(b.postgres, 2)}, pg client ${ms(b.benchProcess, 2)}); ` +
        `the CPUs were ${fmt((at.service.cpu?.busy ?? 0) * 100)}% busy during the service run and ${fmt((at.baseline.cpu?.busy ?? 0) * 100)}% during the baseline run, so on ${results.machine.nproc} cores CPU time, not locking, sets the throughput (each request touches its own case and its own audit stream: no row or advisory lock is shared). ` +
        `PostgreSQL's share is the same SQL on both sides; the difference is the service's node work per request (JWT check, validation, xstate restore and transition, audit hashing, TypeORM and pg-boss plumbing, JSON).`,
    );
    if (at.ratio < GOAL.ratio) out.push(`To reach ${GOAL.ratio}×: cut node CPU per transition (profile with \`node --cpu-prof\`; candidates: snapshot restore + \`allowedFor\`-style probing, canonical JSON for the audit hash, TypeORM's query runner) or move work out of the request.`);
  }
  if (q) {
    const l = q.list;
    const worst = q.explain.list.reduce((a, e) => (e.executionMs > (a?.executionMs ?? -1) ? e : a), undefined);
    const viaIndex = q.explain.list.filter((e) => e.shape.includes('cases_respondent_state_received_idx'));
    out.push(
      `List by state and respondent: p95 ${ms(l.latencyMs.p95, 1)} ms at ${results.settings.queryConnections} connections` +
        (q.listSingle ? ` (${ms(q.listSingle.latencyMs.p95, 1)} ms at 1 connection)` : '') +
        `, ${ms(l.cpuTime?.msPerSuccess.serviceNode, 2)} ms node + ${ms(l.cpuTime?.msPerSuccess.postgres, 2)} ms PostgreSQL CPU per request. ` +
        `${viaIndex.length} of ${q.explain.list.length} sampled members' pages are a range scan of \`cases_respondent_state_received_idx\` (respondent, state, received_at DESC, id DESC) reading at most 51 entries` +
        (viaIndex.length < q.explain.list.length ? `; ${q.explain.list.filter((e) => !viaIndex.includes(e)).map((e) => `the ${e.member} member's: ${e.shape} (${ms(e.executionMs, 2)} ms)`).join('; ')}` : '') +
        ` (slowest plan measured: ${worst?.member} member, ${ms(worst?.executionMs, 2)} ms).`,
    );
    const steps = q.explain.search;
    const recent = steps.filter((e) => e.step === 'recent');
    const index = steps.filter((e) => e.step === 'index');
    const direct = steps.filter((e) => e.step === 'direct');
    const maxBy = (arr, f) => arr.reduce((a, e) => (f(e) > (a ? f(a) : -1) ? e : a), undefined);
    const slowest = maxBy(steps, (e) => e.executionMs);
    out.push(
      `Search: ${direct.length} of ${steps.length} terms went straight to the bigram index because the statistics (${fmt(q.bigramStats?.elements ?? 0)} most common bigrams, cutoff ${fmt((q.bigramStats?.cutoff ?? 0) * 100, 3)}% of cases) put them at ≤ ${fmt(2500)} cases (${direct.map((e) => `${e.term} ${fmt(e.matches)} matches, ${ms(e.executionMs, 1)} ms`).join(', ') || 'none'}); ` +
        `${recent.length} were answered by step 1 (the newest ${fmt(RECENT_SCAN)} cases tested in order; most rows tested ${fmt(Math.max(0, ...recent.map((e) => e.recent.rowsTested)))}, slowest ${ms(maxBy(recent, (e) => e.executionMs)?.executionMs, 1)} ms alone); ` +
        `${index.length} went on from step 1 to the index (${index.map((e) => `${e.term} ${fmt(e.matches)} matches: ${ms(e.recent.executionMs, 1)} + ${ms(e.index.executionMs, 1)} ms`).join(', ') || 'none'}). ` +
        `Slowest term alone: ${slowest?.term} ${ms(slowest?.executionMs, 1)} ms. The cost is bounded by construction: step 1 by the window, the index step by the rarity that sent the search there (the statistics, or fewer than 51 matches among the newest ${fmt(RECENT_SCAN)} cases).`,
    );
    for (const [len, r] of Object.entries(q.search)) {
      if (r.latencyMs.p95 <= GOAL.searchP95Ms) continue;
      const terms = Object.entries(r.byLabel).filter(([, x]) => x.p95 > GOAL.searchP95Ms).map(([t, x]) => `${t} p95 ${ms(x.p95)} ms`);
      out.push(`${len}-character search over the goal under load (p95 ${ms(r.latencyMs.p95)} ms; ${terms.join(', ') || 'no single term'}); other processes' CPU ${fmt((r.cpu?.others ?? 0) * 100)}%, PostgreSQL CPU ${ms(r.cpuTime?.msPerSuccess.postgres, 2)} ms per request.`);
    }
  }
  return out;
}

function report() {
  const { durationS: DURATION, warmupS: WARMUP, queryConnections: QUERY_CONNECTIONS } = results.settings;
  const m = results.machine;
  const d = results.dataset;
  const pct = (share) => (share === undefined ? '–' : `${fmt(share * 100)}%`);
  const ms = (v, dd = 1) => (v === undefined ? '–' : fmt(v, dd));
  const mark = (ok) => (ok === undefined ? '–' : ok ? '✅' : '❌');
  const mib = (b) => `${fmt(b / 2 ** 20)} MiB`;
  const lines = [];
  lines.push(`### Case lifecycle (\`bench/cases.mjs\`)

- Date: ${results.date}
- Command: \`${results.command}\`
- Revision: ${results.git}
- Machine: ${m.nproc} cores (nproc), ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}
- Service: ${results.setup.entry?.includes('bench-rev-') ? `\`dist/src/main.js\` of ${String(results.git).split(' ')[0]}, built from git in a temp folder (BENCH_REVISION)` : `\`${results.setup.entry}\``} with \`NODE_ENV=production LOG_LEVEL=${LOG_LEVEL}\`, default pool (20 connections), its own embedded PostgreSQL ${results.setup.postgres?.version} (shared_buffers ${results.setup.postgres?.sharedBuffers}, work_mem ${results.setup.postgres?.workMem}, fsync ${results.setup.postgres?.fsync}, synchronous_commit ${results.setup.postgres?.synchronousCommit}, lc_ctype ${results.setup.postgres?.lcCtype}), fresh \`DATA_DIR\`; pg_stat_statements preloaded (tracking off except during the statement check). Staff JWT of a secretariat user.
- Load: autocannon in the benchmark process; ${WARMUP} s warm-up (transitions: a warm-up of a fixed number of transitions) then ${DURATION} s per run; loopback only.`);

  if (d) {
    const t = d.totals;
    lines.push(`
#### Data set (\`bench/generate-cases.mjs\`)

${fmt(d.cases)} cases generated in **${fmt(d.seconds, 0)} s** (${Object.entries(d.timings).filter(([k]) => !k.startsWith('index ')).map(([k, v]) => `${k} ${fmt(v, 1)} s`).join(', ')}), by \`INSERT … SELECT … generate_series\` (one statement per 100,000 cases writing the cases, their history and open deadlines), secondary indexes dropped during the load and re-created with their exact definitions, then \`VACUUM (ANALYZE)\`.
Database ${mib(d.databaseBytes)}; ${d.sizes.map((s) => `${s.table} ${mib(s.total)} (heap ${mib(s.heap)}, indexes ${mib(s.indexes)})`).join('; ')} (\`case_search_text\` holds each case's distinct bigrams and their GIN index).

- ${fmt(t.cases)} cases, ${fmt(t.caseEvents)} history rows (RECEIVED plus every transition on the path to the case's state, computed by the service's state machine), ${fmt(t.caseDeadlines)} open deadlines, ${fmt(t.members)} members (${fmt(t.memberDomains)} domains), ${fmt(t.partners)} partners.
- Received over two years, denser towards now, inserted in time order; open states are recent, old cases mostly closed: ${d.byState.map((s) => `${s.state} ${pct(s.n / t.cases)}`).join(', ')}.
- Channels: ${d.byChannel.map((s) => `${s.channel} ${pct(s.n / t.cases)}`).join(', ')}. Categories from \`complaint_categories\` (weighted).
- Respondents: ${fmt(d.casesPerMember.withCases)} members with Zipf-distributed case counts (largest ${fmt(d.casesPerMember.largest)}, median ${fmt(d.casesPerMember.median)}, smallest ${fmt(d.casesPerMember.smallest)}); ${fmt(d.casesPerMember.noMember)} cases without a member.
- Text: titles ${t.titleChars} characters on average (subject + problem phrase), descriptions ${t.descriptionChars} characters (${t.descriptionBytes} bytes) built from a vocabulary of complaint phrases with Zipf weights, plus selective details in ~6% and very selective ones in ~0.5% of cases; snapshot ${t.snapshotBytes} bytes. Complainant contacts are NULL (a sealed contact is bound to its case id and the service's key).
- Snapshot check: a case created through \`POST /v1/complaints\` has ${results.setup.snapshotCheck?.sameValue ? '**the same snapshot**' : results.setup.snapshotCheck?.sameShape ? 'the same snapshot shape' : '**a different snapshot** ❌'} as the generated \`received\` cases.`);
  }

  const q = results.queries;
  if (q) {
    const runRow = (name, r, goalMs) => [
      name,
      fmt(r.okPerSec, 1),
      ms(r.latencyMs.p50),
      `${ms(r.latencyMs.p95)}${goalMs ? ` ${mark(r.latencyMs.p95 <= goalMs)}` : ''}`,
      ms(r.latencyMs.p99),
      ms(r.latencyMs.max, 0),
      `${fmt(r.non2xx)} / ${fmt(r.errors)}`,
      fmt(r.unfinishedOverOneSecond?.length ?? 0),
      fmt(r.itemsPerResponse, 1),
      `${ms(r.cpuTime?.msPerSuccess.serviceNode, 2)} / ${ms(r.cpuTime?.msPerSuccess.postgres, 2)}`,
      pct(r.cpu?.others),
    ];
    lines.push(`
#### Queries (${QUERY_CONNECTIONS} connections)

${markdownTable(
  ['Request', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'non-2xx / errors', 'unanswered > 1 s at the end', 'items per page', 'CPU ms per request: node / PostgreSQL', 'others\' CPU'],
  [
    runRow(`\`GET /v1/cases?state=investigating&respondent=<member>&limit=${LIST_LIMIT}\` (member drawn uniformly from ${fmt(q.members.count)})`, q.list, GOAL.listP95Ms),
    ...(q.listSingle ? [runRow(`the same at 1 connection (no queueing; not the goal's figure)`, q.listSingle)] : []),
    ...Object.entries(q.search).map(([len, r]) => runRow(`\`GET /v1/cases?q=<${len}-character term>&limit=${LIST_LIMIT}\` (${SEARCH_TERMS[len].join(' ')})`, r, GOAL.searchP95Ms)),
  ],
  ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
)}

Latencies measured per request by autocannon (fractional ms; 200 responses), p95 computed from every response; requests still unanswered when a run ended count with the time they had waited (a lower bound), and the next run starts only when the service's database connections are idle again.
List by member size (thirds by case count: large ≥ ${fmt(q.members.sizeBounds.large)} cases, medium ≥ ${fmt(q.members.sizeBounds.medium)}): ${Object.entries(q.list.byLabel).map(([k, s]) => `${k} p50 ${ms(s.p50)} / p95 ${ms(s.p95)} ms`).join('; ')}.

Search by term (matches in the whole table; latency in the run above; \`EXPLAIN (ANALYZE, BUFFERS)\` of the service's SQL, run once before the load: a term whose least common bigram occurs in ≤ 2,500 cases by the index statistics goes straight to the bigram index (step 2); any other is first looked for among the newest ${fmt(results.settings.recentScan ?? 15000)} cases in order (step 1), and goes on to the index only when step 1 found less than a page):

${markdownTable(
  ['Term', 'chars', 'matches', 'p50 ms', 'p95 ms', 'answered by', 'step 1: rows tested / found / ms', 'step 2: rows fetched / ms', 'plan'],
  q.explain.search.map((e) => {
    const s = q.search[e.length]?.byLabel[e.term];
    return [
      e.term, String(e.length), `${fmt(e.matches)} (${fmt((e.matches / d.totals.cases) * 100, 3)}%)`, ms(s?.p50), `${ms(s?.p95)}${s ? ` ${mark(s.p95 <= GOAL.searchP95Ms)}` : ''}`,
      e.step === 'direct' ? 'index (rare by statistics)' : e.step === 'index' ? 'newest cases, then index' : 'newest cases',
      e.recent ? `${fmt(e.recent.rowsTested)} / ${fmt(e.recent.found)} / ${ms(e.recent.executionMs, 1)}` : '–',
      e.index ? `${fmt(e.index.fetched)} / ${ms(e.index.executionMs, 1)}` : '–',
      e.shape.replace(/\|/g, '\\|'),
    ];
  }),
  ['l', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'l'],
)}

List plans (\`EXPLAIN (ANALYZE, BUFFERS)\` of the service's SQL with \`state = 'investigating'\`):

${markdownTable(
  ['Member', 'cases', 'investigating', 'EXPLAIN ms', 'plan'],
  q.explain.list.map((e) => [e.member, fmt(e.cases), fmt(e.investigating), ms(e.executionMs, 2), e.shape]),
  ['l', 'r', 'r', 'r', 'l'],
)}`);
  }

  const tr = results.transitions;
  if (tr?.statements) {
    // Re-judged here with the current tolerance (a report may be rewritten from an older results file).
    tr.statements.differ = tr.statements.statements.filter((x) => Math.abs(x.service - x.baseline) > 0.25);
    tr.statements.same = tr.statements.differ.length === 0;
    if (tr.statements.same) results.problems = results.problems.filter((p) => !p.startsWith('the baseline does not run'));
  }
  if (tr) {
    const cms = (v) => (v === undefined ? '–' : fmt(v, 2));
    lines.push(`
#### Transitions: \`POST /v1/cases/:id/events {"type":"ACCEPT"}\` vs the same SQL through \`pg\`

Each request accepts a different case, freshly inserted in \`received\` (web channel, a respondent member, its RECEIVED history row, open triage deadline and \`case.create\` audit entry, like a case from the API) into the ${fmt(d?.cases)}-case table just before the run; the baseline uses its own fresh cases.

${markdownTable(
  ['Connections', 'baseline tx/s', 'baseline p50 / p99 ms', 'service 2xx/s', 'service p50 / p99 ms', 'non-2xx / errors', 'rows = 2xx', 'service ÷ baseline', 'others\' CPU (baseline / service)'],
  tr.levels.map((l) => {
    const b = l.baseline;
    const s = l.service;
    return [
      `${l.connections}${l.order[0] === 'service' ? ' (service first)' : ''}`,
      fmt(b.okPerSec),
      `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p99)}`,
      fmt(s.okPerSec),
      `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p99)}`,
      `${fmt(s.non2xx)} / ${fmt(s.errors)}`,
      `${fmt(s.rows.accepted)} = ${fmt(s.ok)}${s.rows.cutOff ? ` + ${s.rows.cutOff} cut off` : ''} ${mark(s.rowsMatch)}`,
      `**${fmt(l.ratio, 2)}×**${l.connections === GOAL.connections ? ` ${mark(l.ratio >= GOAL.ratio)}` : ''}`,
      `${pct(b.cpu?.others)} / ${pct(s.cpu?.others)}`,
    ];
  }),
  ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
)}

Latencies: service from autocannon (2xx only); baseline per transaction, \`START TRANSACTION\` to \`COMMIT\` answered.
${tr.statements ? `One at a time (statement check): service ${cms(tr.statements.sequentialMs.service)} ms per ACCEPT over HTTP, baseline ${cms(tr.statements.sequentialMs.baseline)} ms per transaction.` : ''}

CPU time per successful transition (user + system from \`/proc\`; PostgreSQL = all its processes):

${markdownTable(
  ['Connections', 'baseline: PostgreSQL', 'baseline: pg client', 'service: PostgreSQL', 'service: node', 'service: autocannon'],
  tr.levels.map((l) => {
    const b = l.baseline.cpuTime?.msPerSuccess ?? {};
    const s = l.service.cpuTime?.msPerSuccess ?? {};
    return [String(l.connections), `${cms(b.postgres)} ms`, `${cms(b.benchProcess)} ms`, `${cms(s.postgres)} ms`, `${cms(s.serviceNode)} ms`, `${cms(s.benchProcess)} ms`];
  }),
  ['r', 'r', 'r', 'r', 'r', 'r'],
)}

What the baseline runs per transaction (same SQL text as the service, values of the same kinds, one connection per worker):

${BASELINE_STATEMENTS.map((s, i) => `${i + 1}. ${s}`).join('\n')}

${tr.statements ? `Checked with pg_stat_statements (${tr.statements.transitions} ACCEPTs through the service, then ${tr.statements.transitions} baseline transactions, one at a time; statements run about once per transition; a fraction above 1 for \`START TRANSACTION\`/\`COMMIT\` on the service side comes from its once-a-minute jobs running during the check): ${tr.statements.same ? '**the same statements on both sides**' : '**they differ** ❌ (see Problems)'}.

${markdownTable(
  ['Statement', 'service, per ACCEPT', 'baseline, per transaction'],
  tr.statements.statements.map((x) => [`\`${x.query.length > 140 ? `${x.query.slice(0, 140)}…` : x.query}\``.replace(/\|/g, '\\|'), fmt(x.service, 2), fmt(x.baseline, 2)]),
  ['l', 'r', 'r'],
)}` : 'The statement check did not run.'}

What the service does on top, per request: JWT authentication (verified-token and user-status caches), role guard, body parsing and validation, restoring the snapshot into the machine and computing the transition (xstate), canonical-JSON hashing for the audit entry (the baseline sends random hashes), pg-boss's job options, TypeORM's query runner, the response.`);
  }

  const f = findings();
  if (f.length) lines.push(`\n#### Findings\n\n${f.map((x) => `- ${x}`).join('\n')}`);

  const g = results.goal;
  if (g) {
    const at = tr?.levels.find((l) => l.connections === GOAL.connections);
    const s = q?.search ?? {};
    lines.push(`
#### Goals (issue #5)

- ${mark(g.ratio)} transitions over distinct cases at ${GOAL.connections} connections ≥ ${GOAL.ratio}× the same SQL through \`pg\`: ${at ? `${fmt(at.ratio, 2)}× (${fmt(at.service.okPerSec)} vs ${fmt(at.baseline.okPerSec)}/s)` : 'not measured'}
- ${mark(g.list)} list filtered by state and respondent p95 ≤ ${GOAL.listP95Ms} ms with ${fmt(d?.cases)} cases: ${q ? `${ms(q.list.latencyMs.p95)} ms` : 'not measured'}
${Object.entries(s).map(([len, r]) => `- ${mark(g.search?.[len])} Chinese text search p95 ≤ ${GOAL.searchP95Ms} ms, ${len}-character terms: ${ms(r.latencyMs.p95)} ms`).join('\n')}

Goal: **${g.met ? 'met' : 'not met'}**.`);
  }
  if (results.problems.length) lines.push(`\n**Problems in this run:**\n\n${results.problems.map((p) => `- ${p}`).join('\n')}`);
  lines.push(`\nRaw figures: \`${results.resultsFile ? path.relative(ROOT, results.resultsFile) : 'bench/results/'}\` (git-ignored).`);
  return lines.join('\n') + '\n';
}

if (REPORT_FROM) {
  Object.assign(results, JSON.parse(readFileSync(REPORT_FROM, 'utf8')));
  results.resultsFile ??= path.resolve(REPORT_FROM);
  const section = report();
  process.stdout.write(`\n${section}\n`);
  if (flags.docs) {
    replaceMarkedSection(path.join(ROOT, 'docs', 'performance.md'), 'cases', section);
    log(`updated docs/performance.md from ${REPORT_FROM}`);
  }
  process.exit(0);
}

let failed;
try {
  await main();
} catch (e) {
  failed = e;
  results.problems.push(`run aborted: ${String(e?.message ?? e).split('\n')[0]}`);
  process.stderr.write(`\n[bench] FAILED: ${e?.stack ?? e}\n`);
} finally {
  await cleanup.run();
}

results.finishedAt = new Date().toISOString();
results.resultsFile = writeResults('cases', results, startedAt);
let section;
try {
  section = failed ? undefined : report();
} catch (e) {
  process.stderr.write(`report failed: ${e.stack}\n`);
}
if (section) process.stdout.write(`\n${section}\n`);
if (flags.docs && section) {
  replaceMarkedSection(path.join(ROOT, 'docs', 'performance.md'), 'cases', section);
  log(`updated docs/performance.md; raw results in ${path.relative(ROOT, results.resultsFile)}`);
} else {
  log(`${failed ? 'run failed: ' : ''}docs/performance.md left unchanged; results in ${path.relative(ROOT, results.resultsFile)}`);
}
process.exit(failed || !section ? 1 : 0);
