// Benchmark for the "Partner intake" issue (not a test): `POST /v1/partner/complaints` on the built
// service against a baseline that runs the same SQL transaction straight through `pg`, in the same
// run, against the same database, at the same concurrency.
//
//   npm run bench:intake                          # builds dist/ if stale, then runs this script
//   BENCH_DURATION=3 node bench/intake.mjs        # quicker smoke run
//   node bench/intake.mjs --cpu-prof              # also profile the service (figures distorted; docs untouched)
//
// Environment: BENCH_DURATION (s measured per side and connection count, default 10), BENCH_WARMUP (s of discarded load before
// each connection count, default 3), BENCH_SLICES (each side's measured time is cut into this many slices,
// alternating baseline and service; default 2), BENCH_RAMP (s of load before each slice's measured
// window, so that it starts with the pipeline full; default 1), BENCH_CONNECTIONS (comma list, default 1,8,32), BENCH_START_TIMEOUT (s, default 120),
// BENCH_WAIT_QUIET (s to wait, before each run, for other processes to leave the CPUs; default 0),
// BENCH_REVISION (a git revision, e.g. HEAD: build that commit in a temp folder outside the project and
// measure it instead of dist/, for when the working tree is being edited).
// Flags: --no-docs (do not touch docs/performance.md), --cpu-prof (start the service with --cpu-prof,
// summarise where its CPU time goes during the measured runs; implies --no-docs), --track-statements (keep
// pg_stat_statements on during the measured runs and print each run's statements by total time; implies --no-docs).
//
// What it does: starts `dist/src/main.js` (NODE_ENV=production, LOG_LEVEL=warn, its own embedded
// PostgreSQL in a temp DATA_DIR, partner rate limit raised out of the way), restarts it once with
// pg_stat_statements preloaded, creates two partners through the API (one for the HTTP load, one whose id
// the baseline writes with, so their rows can be told apart), inserts members with domains so respondent
// matching hits, and sends one probe complaint whose stored values (state machine snapshot, deadline
// offset) the baseline reuses. It then checks with pg_stat_statements that 40 intakes through the service
// and 40 baseline transactions run the same statements (the SQL below is copied from src/: when the intake
// changes, this check fails and the baseline must follow). Then, for each connection count, it runs the
// baseline and the service in alternating slices (ABBA…), after a warm-up of each. After every level
// it checks in the database that each 2xx response (and each baseline commit) produced exactly one case
// with its first history entry, its audit entry, its triage deadline and pg-boss job, and a completed
// idempotency key. The service's RSS (/proc/<pid>/status VmRSS) is sampled throughout, and CPU time per
// request of the service, its PostgreSQL and the benchmark process is read from /proc.
//
// Everything runs on 127.0.0.1; every process and temp folder it starts is stopped/removed at the end.
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { buildTemplates, generateDataset } from './generate-cases.mjs';
import {
  Cleanup,
  ROOT,
  SERVICE_NODE_ARGS,
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
  processRssBytes,
  processTreeCpu,
  replaceMarkedSection,
  rssSampler,
  runAutocannon,
  serviceEnv,
  sleep,
  spawnNode,
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
const unknown = argv.filter((a) => !['--no-docs', '--cpu-prof', '--track-statements'].includes(a));
if (unknown.length) {
  process.stderr.write(`unknown argument(s): ${unknown.join(' ')} (see --help)\n`);
  process.exit(2);
}
const flags = { cpuProf: argv.includes('--cpu-prof'), trackStatements: argv.includes('--track-statements') };
flags.docs = !argv.includes('--no-docs') && !flags.cpuProf && !flags.trackStatements;

const DURATION = envNumber('BENCH_DURATION', 10);
const WARMUP = envNumber('BENCH_WARMUP', Math.min(3, DURATION));
const LEVELS = (process.env.BENCH_CONNECTIONS || '1,8,32').split(',').map((s) => {
  const n = Number(s.trim());
  if (!Number.isInteger(n) || n < 1 || n > 150) throw new Error(`BENCH_CONNECTIONS: ${JSON.stringify(s)} is not a connection count (1-150)`);
  return n;
});
const SLICES = envNumber('BENCH_SLICES', 2);
const RAMP = process.env.BENCH_RAMP === '0' ? 0 : envNumber('BENCH_RAMP', 1);
if (!Number.isInteger(SLICES)) throw new Error('BENCH_SLICES must be a whole number');
const START_TIMEOUT_MS = envNumber('BENCH_START_TIMEOUT', 120) * 1000;
const WAIT_QUIET_S = process.env.BENCH_WAIT_QUIET === '0' ? 0 : envNumber('BENCH_WAIT_QUIET', 0);
const LOG_LEVEL = 'warn';
const REVISION = process.env.BENCH_REVISION || undefined;
const PARTNER_PER_MINUTE = 1_000_000; // the configuration's maximum: the limiter still runs, it just never refuses
const BUSY_THRESHOLD = 0.15;
const MEMBER_COUNT = 5;
const GOAL = { connections: 32, ratio: 0.5, p99Ms: 50, rssBytes: 300 * 2 ** 20 };
const FIXED_RATE_SECONDS = envNumber('BENCH_FIXED_RATE_SECONDS', 30);
// Not counted at the start of the open-loop run: the sender's connections opening, its code warming up, and what the
// closed-loop runs just before left (a queue to index, autovacuum). A 1 s ramp left a 0.4 s stall at its end in the count.
const FIXED_RATE_RAMP = envNumber('BENCH_FIXED_RATE_RAMP', 5);
// Cases already in the database before the load (bench/generate-cases.mjs), as in a register that has run for a while.
// On an empty table autovacuum re-analyses `cases` at every 10 % of growth (every few seconds under load), a cost a
// database of real size pays rarely. 0: start empty.
const PRELOAD_CASES = process.env.BENCH_PRELOAD_CASES === '0' ? 0 : envNumber('BENCH_PRELOAD_CASES', 200_000);

// The SQL of one partner intake, copied from the service (same text, same parameters, same order).
const ROUTE = 'POST /v1/partner/complaints';
const IDEMPOTENCY_TTL_HOURS = 48;
const SQL = {
  // src/complaints/idempotency.service.ts
  claim: `INSERT INTO idempotency_keys (partner_id, key, route, request_hash, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'in_progress', now(), now() + make_interval(hours => $5))
         ON CONFLICT (partner_id, key, route) DO UPDATE
           SET request_hash = excluded.request_hash, status = 'in_progress', response_status = NULL, response_body = NULL,
               created_at = excluded.created_at, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= now()
         RETURNING 1`,
  // src/complaints/complaint-intake.service.ts findByExternalId
  findExternal: 'SELECT id, reference FROM cases WHERE partner_id = $1 AND external_id = $2',
  // src/complaints/respondent-matcher.ts (match by URL host)
  matchDomain: `SELECT d.member_id, d.domain, mb.name FROM member_domains d JOIN members mb ON mb.id = d.member_id
          WHERE d.domain = ANY($1) AND d.member_active ORDER BY length(d.domain) DESC LIMIT 1`,
  // src/cases/case-transitions.service.ts createCase (the reference is drawn from its sequence inside the insert)
  insertCase: `WITH c AS (
         INSERT INTO cases (id, reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url,
           respondent_match, category, title, description, occurred_at, urls, cited_articles, complainant_anonymous,
           complainant_contact_enc, complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot,
           machine_version, version, overdue, assignee_id, received_at, updated_at, created_by)
         VALUES ($1, (SELECT 'TS-' || $2 || '-' || lpad(v::text, greatest(6, length(v::text)), '0') FROM nextval('case_reference_seq') v),
           $3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,1,false,NULL,$25,$25,$26)
         RETURNING id, reference)
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT id, 1, 'RECEIVED', $27, $28, $29, NULL, $21, $30, $25 FROM c
       RETURNING (SELECT reference FROM c) AS reference`,
  // src/audit/audit.repository.ts insertEntry (a brand-new stream, case:<id>: no head to lock or read)
  insertAudit: `INSERT INTO audit_log (stream, stream_seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
         request_id, payload_digest, details, prev_hash, hash, xid)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, pg_current_xact_id()::text::bigint)`,
  // src/cases/case-transitions.service.ts runDeadlineEffects (the initial state's entry action: schedule the triage deadline)
  cancelDeadline: `UPDATE case_deadlines SET settled_at = $3, outcome = 'cancelled' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL`,
  insertDeadline: `INSERT INTO case_deadlines (case_id, kind, started_at, due_at) VALUES ($1, $2, $3, $4) RETURNING id`,
  // src/complaints/idempotency.service.ts
  complete: `UPDATE idempotency_keys SET status = 'completed', response_status = $4, response_body = $5 WHERE partner_id = $1 AND key = $2 AND route = $3`,
};
const BASELINE_STATEMENTS = [
  '`START TRANSACTION` (what TypeORM sends for `dataSource.transaction`)',
  'idempotency key claim: `INSERT INTO idempotency_keys … ON CONFLICT (partner_id, key, route) DO UPDATE … WHERE expires_at <= now() RETURNING 1` (new key each time: one row inserted)',
  'external-id check: `SELECT id, reference FROM cases WHERE partner_id = $1 AND external_id = $2` (no row)',
  'respondent match: `SELECT d.member_id, d.domain, mb.name FROM member_domains d JOIN members mb … WHERE d.domain = ANY($1) AND d.member_active ORDER BY length(d.domain) DESC LIMIT 1` with the URL host\'s candidates (one row: the domain matches)',
  'case + first history entry in one statement: `WITH c AS (INSERT INTO cases (30 columns, the reference drawn from `case_reference_seq` inside the insert) … RETURNING id, reference) INSERT INTO case_events … SELECT … FROM c RETURNING (SELECT reference FROM c)` with the ~1 KB Chinese description, title, jsonb `respondent_match`/`urls`/`cited_articles`/`snapshot` (the state machine snapshot the service stored for its first case), AES-256-GCM-sealed contact (bytea), a 64-hex receipt hash',
  'audit (a new stream `case:<id>`, so no stream lock and no head to read): `INSERT INTO audit_log (… 13 values …, pg_current_xact_id()::text::bigint)` with 64-hex payload digest and hash, jsonb details',
  'triage deadline (the initial state\'s entry action): `UPDATE case_deadlines SET settled_at = $3, outcome = \'cancelled\' WHERE case_id = $1 AND kind = $2 AND settled_at IS NULL` (no row), then `INSERT INTO case_deadlines (case_id, kind, started_at, due_at) … RETURNING id`',
  'its durable job: pg-boss\'s own job insert for `case-deadline` (`boss.send(…, { startAfter: due, db: <the transaction\'s connection> })`, as the service\'s `JobsService.sendIn` does, from a pg-boss instance in the benchmark process that only sends)',
  'idempotency completion: `UPDATE idempotency_keys SET status = \'completed\', response_status = 201, response_body = <receipt JSON> WHERE …`',
  '`COMMIT`',
];

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

function commandLine() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  const viaNpm = process.env.npm_lifecycle_event === 'bench:intake';
  const base = viaNpm ? `npm run bench:intake${argv.length ? ' --' : ''}` : 'node bench/intake.mjs';
  return [...vars, base, ...argv].join(' ');
}

const cleanup = new Cleanup();
const startedAt = new Date();
const results = {
  benchmark: 'intake',
  date: startedAt.toISOString(),
  command: commandLine(),
  git: gitRevision(),
  machine: machineInfo(),
  settings: {
    durationS: DURATION,
    warmupS: WARMUP,
    slices: SLICES,
    rampS: RAMP,
    connections: LEVELS,
    waitQuietS: WAIT_QUIET_S,
    busyThreshold: BUSY_THRESHOLD,
    serviceLogLevel: LOG_LEVEL,
    partnerIntakePerMinute: PARTNER_PER_MINUTE,
    cpuProf: flags.cpuProf,
    host: '127.0.0.1',
  },
  setup: {},
  levels: [],
  rss: {},
  problems: [],
};

// ---------------------------------------------------------------------------------------------
// Complaint content

const TITLE = '网店收款后迟迟不发货，客服不回复，平台显示虚假物流信息';
const PARAGRAPH =
  '我于本月初在该网店购买了一部手机，订单金额三千二百元，已通过平台担保交易支付。商家在商品页面承诺四十八小时内发货，' +
  '但至今已超过两周仍未收到商品。我多次联系在线客服，客服先称仓库缺货需要等待，后来干脆不再回复任何消息。' +
  '平台订单页面显示“已发货”，但物流单号在快递公司官网查询不到任何记录，我怀疑商家虚假发货以规避平台的超时赔付规则。' +
  '我申请退款时，商家以“已发货”为由拒绝，并要求我先确认收货再协商。我担心继续拖延会超过平台的售后期限，' +
  '因此向协会投诉，请求督促商家尽快退款，并核查其虚假发货、拒不履行承诺的行为。相关订单截图和聊天记录已保存，可随时提供。';

/** About 1 KB of UTF-8 Chinese text (≈340 characters), varied by `n` so rows are not identical. */
function description(n) {
  const head = `（投诉编号 ${n}）`;
  let text = head;
  while (Buffer.byteLength(text) < 1024) text += PARAGRAPH;
  let chars = [...text];
  while (Buffer.byteLength(chars.join('')) > 1024) chars.pop();
  return chars.join('');
}

const memberDomain = (k) => `shop${k}.bench.example.cn`;
const occurredAt = () => new Date(Date.now() - 7 * 86400_000).toISOString();

/** A valid partner complaint (cf. test/support/factories.ts complaintBody), unique by `tag` and `n`. */
function complaintBody(tag, n) {
  const k = (n % MEMBER_COUNT) + 1;
  const url = `https://m.${memberDomain(k)}/item/${n}`;
  return {
    externalId: `${tag}-ext-${n}`,
    respondent: { name: `某某${k}号网络科技有限公司`, url },
    category: 'fraud',
    title: TITLE,
    description: description(n),
    occurredAt: occurredAt(),
    urls: [url, `https://${memberDomain(k)}/order/${n}`],
    complainant: { name: '张三', phone: '13800138000', email: 'zhang.san@example.cn' },
  };
}

/** Same as src/complaints/respondent-matcher.ts hostCandidates. */
function hostCandidates(host) {
  const parts = host.split('.');
  const out = [];
  for (let i = 0; i < parts.length - 1; i++) out.push(parts.slice(i).join('.'));
  return out;
}

const hex64 = () => randomBytes(32).toString('hex');

// ---------------------------------------------------------------------------------------------
// CPU accounting: the service's node process, its PostgreSQL (all backends, the baseline's included), this process

function cpuMeter() {
  const a = processTreeCpu(svc.pid);
  const b = process.cpuUsage();
  return {
    stop(successes) {
      const a2 = processTreeCpu(svc.pid);
      const b2 = process.cpuUsage(b);
      const sec = {
        serviceNode: a2.self !== undefined && a.self !== undefined ? a2.self - a.self : undefined,
        serviceNodeSystem: a2.selfSystem !== undefined && a.selfSystem !== undefined ? a2.selfSystem - a.selfSystem : undefined,
        postgres: a2.descendants !== undefined && a.descendants !== undefined ? a2.descendants - a.descendants : undefined,
        benchProcess: (b2.user + b2.system) / 1e6,
      };
      const per = (v) => (v === undefined || !successes ? undefined : (v * 1000) / successes);
      return { seconds: sec, msPerSuccess: { serviceNode: per(sec.serviceNode), serviceNodeSystem: per(sec.serviceNodeSystem), postgres: per(sec.postgres), benchProcess: per(sec.benchProcess) } };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The baseline: the intake transaction straight through pg

let pool;
/** The benchmark database (its PostgreSQL is the service's own). */
let pgUrl;
let baselineCtx;
const contactKey = randomBytes(32);

function seal(plain, aad) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', contactKey, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

async function baselineTx(c, tag, n) {
  const { partnerId, keyId, template, year, boss } = baselineCtx;
  const body = complaintBody(tag, n);
  const key = `${tag}-key-${n}`;
  await c.query('START TRANSACTION');
  try {
    const claimed = await c.query(SQL.claim, [partnerId, key, ROUTE, hex64(), IDEMPOTENCY_TTL_HOURS]);
    if (claimed.rowCount !== 1) throw new Error('baseline: idempotency key not claimed');
    const existing = await c.query(SQL.findExternal, [partnerId, body.externalId]);
    if (existing.rowCount !== 0) throw new Error('baseline: externalId exists');
    const host = new URL(body.respondent.url).hostname;
    const match = await c.query(SQL.matchDomain, [hostCandidates(host)]);
    const member = match.rows[0];
    if (!member) throw new Error(`baseline: no member matched ${host}`);
    const id = randomUUID();
    const receiptCode = randomBytes(13).toString('base64url').slice(0, 20);
    const respondentMatch = { method: 'domain', matchedDomain: member.domain };
    const contact = seal(JSON.stringify(body.complainant), `case:${id}:complainant`);
    const now = new Date();
    const snapshot = template.snapshot.split(template.memberId).join(member.member_id);
    const [{ reference }] = (await c.query(SQL.insertCase, [
      id, year, 'partner', partnerId, body.externalId, member.member_id, body.respondent.name, body.respondent.url,
      JSON.stringify(respondentMatch), body.category, body.title, body.description, new Date(body.occurredAt), JSON.stringify(body.urls),
      JSON.stringify([]), false, contact, template.complainantKeyId, false, createHash('sha256').update(receiptCode).digest('hex'),
      template.state, template.phase, snapshot, template.machineVersion, now, null,
      'api_key', keyId, 'partner', JSON.stringify({ channel: 'partner', respondentMemberId: member.member_id }),
    ])).rows;
    await c.query(SQL.insertAudit, [
      `case:${id}`, 1, now.toISOString(), 'api_key', keyId, 'case.create', 'case', id, randomUUID(), hex64(),
      JSON.stringify({ reference, channel: 'partner', category: body.category }), null, hex64(),
    ]);
    await c.query(SQL.cancelDeadline, [id, 'triage', now]);
    const due = new Date(now.getTime() + template.dueInMs);
    const [{ id: deadlineId }] = (await c.query(SQL.insertDeadline, [id, 'triage', now, due])).rows;
    await boss.send('case-deadline', { deadlineId, caseId: id, kind: 'triage' }, { startAfter: due, db: { executeSql: async (text, values) => ({ rows: (await c.query(text, values)).rows }) } });
    const receipt = {
      caseId: id,
      reference,
      receiptCode,
      state: template.state,
      receivedAt: now.toISOString(),
      respondent: { memberId: member.member_id, name: body.respondent.name, match: respondentMatch },
      externalId: body.externalId,
    };
    await c.query(SQL.complete, [partnerId, key, ROUTE, 201, JSON.stringify(receipt)]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Per-tag counters, so the slices of one run continue the numbering (externalIds and keys stay unique). */
const counters = new Map();
const nextNumber = (tag) => {
  const n = (counters.get(tag) ?? 0) + 1;
  counters.set(tag, n);
  return n;
};

/**
 * Starts the CPU meters `rampS` after now and stops them `seconds` later (timers), so CPU time and shares
 * cover the measured window only. Resolves to { cpu, cpuTime } once stopped.
 */
function meterWindow(rampS, seconds) {
  return new Promise((resolve) => {
    setTimeout(() => {
      const watch = cpuWatch();
      const meter = cpuMeter();
      setTimeout(() => resolve({ cpu: watch.stop(), cpuTime: meter.stop() }), seconds * 1000);
    }, rampS * 1000);
  });
}

/**
 * N workers, each on its own connection, one transaction after the other for `rampS + seconds`; only
 * transactions committed in the last `seconds` (the pipeline full, as in a steady state) are counted.
 * Returns raw figures (see combineBaseline).
 */
async function runBaseline(connections, rampS, seconds, tag) {
  const clients = [];
  try {
    for (let i = 0; i < connections; i++) clients.push(await pool.connect());
    let ok = 0;
    let outside = 0;
    let errors = 0;
    const errorSamples = [];
    const latencies = [];
    const t0 = performance.now();
    const from = t0 + rampS * 1000;
    const end = from + seconds * 1000;
    const metered = meterWindow(rampS, seconds);
    await Promise.all(
      clients.map(async (c) => {
        while (performance.now() < end) {
          const n = nextNumber(tag);
          const s = performance.now();
          try {
            await baselineTx(c, tag, n);
            const e = performance.now();
            if (e >= from && e <= end) {
              ok++;
              latencies.push(e - s);
            } else outside++;
          } catch (err) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(String(err?.message ?? err));
          }
        }
      }),
    );
    const { cpu, cpuTime } = await metered;
    return { seconds, ok, committed: ok + outside, latencies, errors, errorSamples, cpu, cpuTime };
  } finally {
    for (const c of clients) c.release();
  }
}

/** Time-weighted mean of cpuWatch shares. */
function meanShares(parts) {
  const total = parts.reduce((a, p) => a + p.seconds, 0);
  const out = {};
  for (const k of ['busy', 'ours', 'others']) {
    if (parts.some((p) => p.cpu?.[k] === undefined)) continue;
    out[k] = parts.reduce((a, p) => a + p.cpu[k] * p.seconds, 0) / total;
  }
  return out;
}

function sumCpuTime(parts, successes) {
  const seconds = {};
  for (const k of ['serviceNode', 'serviceNodeSystem', 'postgres', 'benchProcess']) {
    seconds[k] = parts.some((p) => p.cpuTime.seconds[k] === undefined) ? undefined : parts.reduce((a, p) => a + p.cpuTime.seconds[k], 0);
  }
  const per = (v) => (v === undefined || !successes ? undefined : (v * 1000) / successes);
  return {
    seconds,
    msPerSuccess: { serviceNode: per(seconds.serviceNode), serviceNodeSystem: per(seconds.serviceNodeSystem), postgres: per(seconds.postgres), benchProcess: per(seconds.benchProcess) },
  };
}

function latencySummary(latencies) {
  const mean = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
  const p = percentiles(latencies, [50, 90, 99]);
  return { mean, ...p, max: latencies.at(-1) };
}

/** The baseline's slices as one run. */
function combineBaseline(connections, parts) {
  const seconds = parts.reduce((a, p) => a + p.seconds, 0);
  const ok = parts.reduce((a, p) => a + p.ok, 0);
  return {
    connections,
    durationS: seconds,
    slices: parts.length,
    tx: ok,
    txPerSec: ok / seconds,
    committed: parts.reduce((a, p) => a + p.committed, 0),
    latencyMs: latencySummary(parts.flatMap((p) => p.latencies)),
    errors: parts.reduce((a, p) => a + p.errors, 0),
    errorSamples: parts.flatMap((p) => p.errorSamples).slice(0, 5),
    cpu: meanShares(parts),
    cpuTime: sumCpuTime(parts, ok),
    perSlice: parts.map((p) => ({ seconds: p.seconds, tx: p.ok, othersCpu: p.cpu?.others })),
  };
}

// ---------------------------------------------------------------------------------------------
// The service

let svc;
let svcPartner;
const profileWindows = [];
const hrMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * autocannon against POST /v1/partner/complaints for `rampS + seconds`, each request with its own externalId
 * and Idempotency-Key; only 2xx responses received in the last `seconds` are counted, like the baseline.
 * Latency is measured here, like the baseline's: from building the request (just before it is written) to
 * its response, matched by the externalId in the response body.
 */
async function runService(connections, rampS, seconds, tag, overallRate) {
  const okIds = new Set();
  const started = new Map();
  const latencies = [];
  const failures = [];
  let replayed = 0;
  let ok = 0;
  await drain(tag);
  const t0 = performance.now();
  const from = t0 + rampS * 1000;
  const end = from + seconds * 1000;
  const metered = meterWindow(rampS, seconds);
  const win = {};
  setTimeout(() => (win.start = hrMicros()), rampS * 1000);
  const r = await runAutocannon({
    url: `${svc.baseUrl}/v1/partner/complaints`,
    method: 'POST',
    connections,
    duration: rampS + seconds,
    pipelining: 1,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    headers: { 'content-type': 'application/json', 'x-api-key': svcPartner.apiKey },
    requests: [
      {
        setupRequest: (req) => {
          const n = nextNumber(tag);
          const body = JSON.stringify(complaintBody(tag, n));
          started.set(`${tag}-ext-${n}`, performance.now());
          return { ...req, headers: { ...req.headers, 'idempotency-key': `${tag}-key-${n}` }, body };
        },
        onResponse: (status, body, _context, headers) => {
          const now = performance.now();
          if (status >= 200 && status < 300) {
            if (headers?.['idempotent-replayed']) replayed++;
            try {
              const id = JSON.parse(body).externalId;
              okIds.add(id);
              const t = started.get(id);
              started.delete(id);
              if (now >= from && now <= end) {
                ok++;
                if (t !== undefined) latencies.push(now - t);
              }
            } catch {
              if (failures.length < 5) failures.push(`${status} unparsable body: ${String(body).slice(0, 200)}`);
            }
          } else if (failures.length < 5) failures.push(`${status} ${String(body).slice(0, 300)}`);
        },
      },
    ],
  });
  const { cpu, cpuTime } = await metered;
  win.end = win.start === undefined ? undefined : win.start + seconds * 1e6;
  if (win.start !== undefined && !tag.startsWith('w')) profileWindows.push(win); // warm-ups are not profiled
  // The requests cut off at the end finish before the next run starts (like the baseline's last transactions).
  await drain(tag);
  return { seconds, ok, r, okIds, latencies, replayed, failures, cpu, cpuTime };
}

/**
 * Open loop: one intake every 1000/rate ms, evenly spaced, whether or not earlier ones have been answered, over at
 * most GOAL.connections keep-alive connections (a request beyond that waits for a free one, and that wait counts).
 * autocannon's own rate limit is not used: it lets each connection send its whole second's quota at once, so its
 * "fixed rate" arrives in bursts at the start of every second. The requests are sent and timed by
 * bench/paced-sender.mjs, a process that does nothing else; this process meanwhile samples PostgreSQL's sessions and
 * the service's event loop. Latency: from writing the request to the end of its response; only requests sent after
 * the ramp count.
 */
async function pacedRun(rate, rampS, seconds, tag) {
  const total = Math.round((rampS + seconds) * rate);
  const requests = [];
  for (let i = 0; i < total; i++) {
    const n = nextNumber(tag);
    requests.push({ body: JSON.stringify(complaintBody(tag, n)), headers: { 'idempotency-key': `${tag}-key-${n}` } });
  }
  const dir = makeTempDir(cleanup, { prefix: '.tmp-paced-' });
  const jobFile = path.join(dir, 'job.json');
  const resultFile = path.join(dir, 'result.json');
  writeFileSync(jobFile, JSON.stringify({
    url: `${svc.baseUrl}/v1/partner/complaints`, headers: { 'x-api-key': svcPartner.apiKey }, rate, rampS, seconds, connections: GOAL.connections, requests,
  }));
  const sender = spawnNode([path.join(ROOT, 'bench', 'paced-sender.mjs'), jobFile, resultFile], { cleanup, label: 'paced sender' });
  const start = performance.now();
  const metered = meterWindow(rampS, seconds);
  const waits = sampleActivity(start);
  const stalls = sampleStalls(start);
  const exit = await sender.exited;
  const activity = await waits.stop();
  const pauses = await stalls.stop();
  const { cpu } = await metered;
  if (exit.code !== 0) throw new Error(`paced sender failed (${JSON.stringify(exit)}): ${sender.output.join('\n')}`);
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  await drain(tag);
  const latencies = r.sent.map(([, ms]) => ms).sort((a, b) => a - b);
  // The slowest requests with when they were sent: clustered in time means a stall (a checkpoint, autovacuum, a GIN
  // pending-list merge), spread out means queueing.
  const slowest = [...r.sent].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([atS, ms]) => ({ atS, ms }));
  const around = (atS) => slowest.some((w) => atS >= w.atS - 0.3 && atS <= w.atS + w.ms / 1000 + 0.3);
  // What PostgreSQL's busy sessions were doing around the slowest requests.
  const near = activity.samples.filter((x) => around(x.atS));
  const senderLags = r.lags.map(([atS, ms]) => ({ atS, ms }));
  return {
    ok2xx: r.ok, okPerSec: r.ok / seconds, latencyMs: latencySummary(latencies), non2xx: r.non2xx, errors: r.errors, failures: r.failures,
    maxInFlight: r.maxInFlight, cpu, slowest,
    activity: { whole: activity.summary(activity.samples), nearSlowest: activity.summary(near) },
    // Event-loop stalls of the service (its /metrics: longest delay per 250 ms window, GC time) and of the sender, in
    // the windows around the slowest requests.
    stalls: pauses.filter((x) => around(x.atS)).map((x) => ({ ...x, senderLagMaxMs: Math.max(0, ...senderLags.filter((l) => Math.abs(l.atS - x.atS) <= 0.25).map((l) => l.ms)) })),
    // The first look covers the time since the previous one (before this run): left out.
    serviceStallsOver30Ms: pauses.slice(1).filter((x) => (x.serviceLagMaxMs ?? 0) > 30),
    stallMaxMs: {
      service: Math.max(0, ...pauses.slice(1).map((x) => x.serviceLagMaxMs ?? 0)),
      serviceGc: Math.max(0, ...pauses.slice(1).map((x) => x.serviceGcMs ?? 0)),
      sender: Math.max(0, ...senderLags.map((l) => l.ms)),
    },
  };
}

/** Every 250 ms: the service's longest event-loop delay and GC time since the last look (its /metrics). */
function sampleStalls(start) {
  const samples = [];
  let stopped = false;
  const metric = (text, name) => {
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm'));
    return m ? Number(m[1]) : undefined;
  };
  const gcSum = (text) => [...text.matchAll(/^nodejs_gc_duration_seconds_sum\{[^}]*\} ([0-9.e+-]+)$/gm)].reduce((a, m) => a + Number(m[1]), 0);
  const loop = (async () => {
    let lastGc;
    while (!stopped) {
      await sleep(250);
      const atS = (performance.now() - start) / 1000;
      try {
        const res = await fetch(`${svc.baseUrl}/metrics`);
        const text = await res.text();
        const gc = gcSum(text);
        samples.push({ atS, serviceLagMaxMs: (metric(text, 'nodejs_eventloop_lag_max_seconds') ?? 0) * 1000, serviceGcMs: lastGc === undefined ? 0 : (gc - lastGc) * 1000 });
        lastGc = gc;
      } catch {
        samples.push({ atS });
      }
    }
  })();
  return { stop: async () => ((stopped = true), await loop, samples) };
}

/**
 * Samples pg_stat_activity every 20 ms (PostgreSQL's active sessions: what they wait for, which statement), so a
 * latency tail can be told apart: lock waits, WAL / IO waits, or just CPU.
 */
function sampleActivity(start) {
  const samples = [];
  let stopped = false;
  const client = new pg.Client({ connectionString: pgUrl, application_name: 'bench-activity' });
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, backend_type AS backend,
                regexp_replace(left(query, 48), '\\s+', ' ', 'g') AS query
           FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND application_name <> 'bench-intake'`,
      );
      const atS = (performance.now() - start) / 1000;
      for (const r of rows) samples.push({ atS, ...r });
      await sleep(20);
    }
    await client.end();
  })();
  const summary = (list) => {
    const counts = new Map();
    for (const x of list) {
      const key = `${x.wait} | ${x.backend} | ${x.query}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([key, n]) => ({ key, n }));
  };
  return { stop: async () => ((stopped = true), await loop, { samples, summary }) };
}

/** The service's slices as one run. */
function combineService(connections, parts) {
  const seconds = parts.reduce((a, p) => a + p.seconds, 0);
  const ok = parts.reduce((a, p) => a + p.ok, 0);
  const statusCodes = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.r.statusCodeStats ?? {})) statusCodes[k] = (statusCodes[k] ?? 0) + v.count;
  const okIds = new Set(parts.flatMap((p) => [...p.okIds]));
  const latencies = parts.flatMap((p) => p.latencies);
  return {
    connections,
    durationS: seconds,
    slices: parts.length,
    ok2xx: ok,
    okPerSec: ok / seconds,
    all2xx: parts.reduce((a, p) => a + p.r['2xx'], 0),
    latencyMs: latencySummary(latencies),
    latencySamples: latencies.length,
    autocannonPerSlice: parts.map((p) => ({
      seconds: p.seconds,
      ok2xx: p.r['2xx'],
      latencyMs: { p50: p.r.latency.p50, p99: p.r.latency.p99, max: p.r.latency.max },
      othersCpu: p.cpu?.others,
    })),
    non2xx: parts.reduce((a, p) => a + p.r.non2xx, 0),
    statusCodes,
    errors: parts.reduce((a, p) => a + p.r.errors, 0),
    timeouts: parts.reduce((a, p) => a + p.r.timeouts, 0),
    resets: parts.reduce((a, p) => a + p.r.resets, 0),
    replayed: parts.reduce((a, p) => a + p.replayed, 0),
    failureSamples: parts.flatMap((p) => p.failures).slice(0, 5),
    okIds,
    cpu: meanShares(parts),
    cpuTime: sumCpuTime(parts, ok),
  };
}

// ---------------------------------------------------------------------------------------------
// Database checks

/**
 * Waits until the service has finished the requests autocannon cut off at the end of a run: no transaction of
 * the service's pool open and the number of `tag` cases unchanged over two reads. Returns that number.
 */
async function drain(tag) {
  let last = -1;
  let stable = 0;
  for (let i = 0; i < 600; i++) {
    const { rows: [r] } = await pool.query(
      `SELECT (SELECT count(*) FROM cases WHERE partner_id = $1 AND external_id LIKE $2)::int AS n,
              (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'selfreg' AND state <> 'idle')::int AS busy`,
      [svcPartner.id, `${tag}-ext-%`],
    );
    if (r.n === last && r.busy === 0) {
      if (++stable >= 2) return r.n;
    } else stable = 0;
    last = r.n;
    await sleep(50);
  }
  return last;
}

const countPartnerCases = async (partnerId) =>
  (await pool.query('SELECT count(*)::int AS n FROM cases WHERE partner_id = $1', [partnerId])).rows[0].n;

/** Each case of `tag`: exactly one history entry, one audit entry, a completed idempotency key. */
async function rowsOf(partnerId, tag) {
  const { rows } = await pool.query(
    `SELECT c.external_id,
            (SELECT count(*) FROM case_events e WHERE e.case_id = c.id)::int AS events,
            (SELECT count(*) FROM audit_log a WHERE a.stream = 'case:' || c.id::text)::int AS audits,
            (SELECT count(*) FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'triage' AND d.settled_at IS NULL)::int AS deadlines,
            (SELECT k.status FROM idempotency_keys k WHERE k.partner_id = c.partner_id AND k.route = $3
               AND k.key = replace(c.external_id, '-ext-', '-key-')) AS idem
       FROM cases c WHERE c.partner_id = $1 AND c.external_id LIKE $2`,
    [partnerId, `${tag}-ext-%`, ROUTE],
  );
  const { rows: [jobs] } = await pool.query(
    `SELECT count(*)::int AS n FROM pgboss.job j JOIN cases c ON j.data->>'caseId' = c.id::text
      WHERE j.name = 'case-deadline' AND c.partner_id = $1 AND c.external_id LIKE $2`,
    [partnerId, `${tag}-ext-%`],
  );
  const incomplete = rows.filter((r) => r.events !== 1 || r.audits !== 1 || r.deadlines !== 1 || r.idem !== 'completed');
  const missingJobs = rows.length - jobs.n;
  return {
    ids: new Set(rows.map((r) => r.external_id)),
    count: rows.length,
    incomplete: incomplete.length + Math.max(0, missingJobs),
    incompleteSample: incomplete.slice(0, 3),
    deadlineJobs: jobs.n,
  };
}

// ---------------------------------------------------------------------------------------------

async function waitQuiet(what) {
  await waitForQuietCpu({ seconds: WAIT_QUIET_S, threshold: BUSY_THRESHOLD, what, log });
}

function flagBusy(what, cpu) {
  if (cpu?.others > BUSY_THRESHOLD) {
    const msg = `during ${what.replace(/\b1 connections\b/, '1 connection')}, other processes used ${fmt(cpu.others * 100)}% of all CPUs: this figure is lower than on a quiet machine`;
    results.problems.push(msg);
    log(`  WARNING: ${msg}`);
  }
}

async function setup() {
  const dataDir = makeTempDir(cleanup);
  const dbPort = await freePort();
  const env = serviceEnv({ port: await freePort(), dbPort, dataDir, logLevel: LOG_LEVEL, extra: { PARTNER_INTAKE_PER_MINUTE: String(PARTNER_PER_MINUTE) } });
  let profileDir;
  if (flags.cpuProf) {
    profileDir = makeTempDir(cleanup, { prefix: '.tmp-cpuprof-' });
  }
  let entry = 'dist/src/main.js';
  let distDir = path.join(ROOT, 'dist');
  if (REVISION) {
    log(`building revision ${REVISION} in a temp folder…`);
    const built = await buildRevision(REVISION, { cleanup });
    entry = built.entry;
    distDir = path.join(built.dir, 'dist');
    results.git = `${built.rev} (BENCH_REVISION=${REVISION}: built from git in a temp folder; working tree not measured)`;
    log(`  built ${built.rev} in ${fmt(built.buildSeconds, 1)} s`);
  }
  results.setup.entry = entry;
  log(`starting the service ${entry} (fresh DATA_DIR ${path.relative(ROOT, dataDir)})…`);
  const nodeArgs = [...SERVICE_NODE_ARGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])];
  svc = await startService({ env, cleanup, timeoutMs: START_TIMEOUT_MS, label: 'service', entry, nodeArgs });
  log(`  ready after ${fmt(svc.readyMs)} ms (pid ${svc.pid})`);
  results.setup.firstStartReadyMs = svc.readyMs;

  // pg_stat_statements (to check that the baseline runs the statements the service runs) loads at server start only:
  // preload it, then restart the service on the same DATA_DIR. Tracking stays off except during that check.
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg`;
  pgUrl = url;
  let statementsLoaded = false;
  {
    const admin = new pg.Client({ connectionString: url, application_name: 'bench-intake' });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'pg_stat_statements'`);
      if (rows[0].n === 1) {
        await admin.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
        statementsLoaded = true;
      } else results.problems.push('pg_stat_statements is not available in this PostgreSQL: the statement check is skipped');
    } finally {
      await admin.end();
    }
  }
  if (statementsLoaded) {
    log('restarting the service to load pg_stat_statements…');
    await stopService(svc);
    svc = await startService({ env, cleanup, timeoutMs: START_TIMEOUT_MS, label: 'service', entry, nodeArgs });
    log(`  ready after ${fmt(svc.readyMs)} ms (pid ${svc.pid})`);
  }
  svc.profileDir = profileDir;
  results.setup.serviceReadyMs = svc.readyMs;
  results.rss.afterStartBytes = processRssBytes(svc.pid);
  svc.rssAll = rssSampler(svc.pid, 200);

  // Partners through the API: one for the HTTP load, one whose id the baseline writes with.
  const jwt = await adminJwt(svc.baseUrl, env);
  const createPartner = async (name, domain) => {
    const res = await http('POST', `${svc.baseUrl}/v1/partners`, { headers: { authorization: `Bearer ${jwt}` }, body: { name, domains: [domain] } });
    if (res.status !== 201 || !res.body?.partner?.id || !res.body?.apiKey?.key) {
      throw new Error(`POST /v1/partners answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    return { id: res.body.partner.id, apiKey: res.body.apiKey.key, keyId: res.body.apiKey.id };
  };
  svcPartner = await createPartner('基准测试合作网站（服务）', 'partner-service.bench.example.cn');
  const basePartner = await createPartner('基准测试合作网站（基线）', 'partner-baseline.bench.example.cn');

  pool = new pg.Pool({ connectionString: url, max: Math.max(...LEVELS) + 2, idleTimeoutMillis: 0, application_name: 'bench-intake' });
  cleanup.add('close the benchmark pool', async () => pool?.end());
  if (statementsLoaded) {
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await setTracking('none');
      results.setup.statementCheck = true;
    } catch (e) {
      results.problems.push(`pg_stat_statements could not be set up (${e.message}): the statement check is skipped`);
    }
  }

  // Members whose domains the complaints' URLs fall under.
  for (let k = 1; k <= MEMBER_COUNT; k++) {
    const { rows } = await pool.query(
      `INSERT INTO members (name, credit_code, kind, category, joined_on) VALUES ($1, $2, 'organisation', 'ecommerce', '2025-01-01') RETURNING id`,
      [`某某${k}号网络科技有限公司`, `91BENCH${String(k).padStart(11, '0')}`],
    );
    await pool.query('INSERT INTO member_domains (member_id, domain, member_active) VALUES ($1, $2, true)', [rows[0].id, memberDomain(k)]);
  }

  if (PRELOAD_CASES > 0) {
    // A secretariat user: the generated history names one (the bootstrap admin may not act on cases).
    const staff = await http('POST', `${svc.baseUrl}/v1/users`, {
      headers: { authorization: `Bearer ${jwt}` },
      body: { email: 'bench-secretariat@example.test', displayName: '基准测试秘书处', password: `bench-${randomUUID()}`, role: 'secretariat' },
    });
    if (staff.status !== 201) throw new Error(`POST /v1/users answered ${staff.status}: ${JSON.stringify(staff.body)}`);
    log(`preloading ${fmt(PRELOAD_CASES)} cases (bench/generate-cases.mjs)…`);
    const templates = await buildTemplates({ distDir, staffId: staff.body.id });
    const gen = new pg.Client({ connectionString: url, application_name: 'generate-cases' });
    await gen.connect();
    try {
      const d = await generateDataset(gen, { cases: PRELOAD_CASES, templates, staffId: staff.body.id, log: (m) => log(`  ${m.trim()}`) });
      results.setup.preload = { cases: d.cases, seconds: d.seconds };
      log(`  ${fmt(d.cases)} cases in ${fmt(d.seconds)} s`);
    } finally {
      await gen.end();
    }
  }

  // One request through the API first: checks the set-up and gives the baseline the service's own values.
  const probe = complaintBody('probe', 1);
  const res = await http('POST', `${svc.baseUrl}/v1/partner/complaints`, {
    headers: { 'x-api-key': svcPartner.apiKey, 'idempotency-key': 'probe-key-1' },
    body: probe,
  });
  if (res.status !== 201) throw new Error(`probe POST /v1/partner/complaints answered ${res.status}: ${JSON.stringify(res.body)}`);
  if (res.body?.respondent?.match?.method !== 'domain') throw new Error(`probe complaint did not match its respondent by domain: ${JSON.stringify(res.body)}`);
  const { rows: [row] } = await pool.query(
    `SELECT c.snapshot::text AS snapshot, c.state, c.phase, c.machine_version AS "machineVersion", c.complainant_key_id AS "complainantKeyId",
            c.respondent_member_id AS "memberId", octet_length(c.complainant_contact_enc) AS "contactBytes", octet_length(c.description) AS "descriptionBytes",
            e.actor_type AS "eventActorType", e.actor_role AS "eventActorRole", e.payload::text AS "eventPayload",
            a.actor_type AS "auditActorType", a.details::text AS "auditDetails",
            (SELECT (extract(epoch FROM d.due_at - d.started_at) * 1000)::bigint FROM case_deadlines d WHERE d.case_id = c.id AND d.kind = 'triage') AS "dueInMs",
            (SELECT count(*) FROM pgboss.job j WHERE j.name = 'case-deadline' AND j.data->>'caseId' = c.id::text)::int AS "deadlineJobs"
       FROM cases c JOIN case_events e ON e.case_id = c.id JOIN audit_log a ON a.stream = 'case:' || c.id::text
      WHERE c.partner_id = $1 AND c.external_id = $2`,
    [svcPartner.id, probe.externalId],
  );
  if (!row) throw new Error('the probe complaint left no case/event/audit rows');
  if (row.dueInMs === null || row.deadlineJobs !== 1) {
    results.problems.push(`the service's probe complaint has ${row.dueInMs === null ? 'no triage deadline' : 'a triage deadline'} and ${row.deadlineJobs} case-deadline jobs: the baseline (which writes both) no longer matches the service`);
  }
  row.dueInMs = Number(row.dueInMs ?? 3 * 86400_000);
  // A pg-boss instance that only sends (no supervision, schedules, migrations or workers), like the service's JobsService.sendIn.
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 2, application_name: 'bench-intake-boss', supervise: false, schedule: false, migrate: false, createSchema: false });
  boss.on('error', (e) => log(`bench pg-boss error: ${e.message}`));
  await boss.start();
  const stopBoss = cleanup.add('stop the benchmark pg-boss', () => boss.stop({ graceful: false, close: true }));
  baselineCtx = {
    boss,
    stopBoss,
    partnerId: basePartner.id,
    keyId: basePartner.keyId,
    year: new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    template: row,
  };
  // One baseline transaction, checked the same way.
  const c = await pool.connect();
  try {
    await baselineTx(c, 'probe', 1);
  } finally {
    c.release();
  }
  const probeRows = await rowsOf(basePartner.id, 'probe');
  if (probeRows.count !== 1 || probeRows.incomplete) throw new Error(`the baseline probe transaction did not write its rows: ${JSON.stringify(probeRows)}`);
  results.setup = {
    ...results.setup,
    servicePartnerId: svcPartner.id,
    baselinePartnerId: basePartner.id,
    members: MEMBER_COUNT,
    requestBodyBytes: Buffer.byteLength(JSON.stringify(probe)),
    descriptionBytes: row.descriptionBytes,
    contactBytes: row.contactBytes,
    serviceProbe: { status: res.status, body: res.body },
    template: row,
  };
  log(`  partners, ${MEMBER_COUNT} members and probes OK (request body ${results.setup.requestBodyBytes} bytes, description ${row.descriptionBytes} bytes)`);
  return { basePartner };
}

/** With --track-statements: statement times of one measured slice, added to `acc` (tracking on, counters reset first). */
async function trackedRun(acc, fn) {
  if (!flags.trackStatements || !results.setup.statementCheck) return fn();
  await setTracking('top');
  await pool.query('SELECT pg_stat_statements_reset()');
  const r = await fn();
  const { rows } = await pool.query(
    `SELECT queryid::text AS id, calls::int AS calls, total_exec_time::float AS "totalMs", left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  await setTracking('none');
  for (const x of rows) {
    const a = acc.get(x.id) ?? { calls: 0, totalMs: 0, query: x.query };
    a.calls += x.calls;
    a.totalMs += x.totalMs;
    acc.set(x.id, a);
  }
  return r;
}

function statementTimes(acc, what) {
  const list = [...acc.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, 20).map((a) => ({ ...a, meanMs: a.calls ? a.totalMs / a.calls : undefined }));
  if (list.length) log(`  statements (${what}), by total execution time:`);
  for (const x of list) log(`    ${fmt(x.totalMs, 0).padStart(7)} ms total ${fmt(x.calls).padStart(7)} calls ${fmt(x.meanMs, 3).padStart(8)} ms mean  ${x.query}`);
  return list;
}

async function setTracking(value) {
  await pool.query(`ALTER SYSTEM SET pg_stat_statements.track = '${value}'`);
  await pool.query('SELECT pg_reload_conf()');
  await sleep(300);
}

/**
 * Runs K intakes through the service, then K baseline transactions, one at a time, with pg_stat_statements
 * tracking each side separately; returns the statements that ran about once per intake on either side.
 */
async function statementCheck(K = 40) {
  const read = async () =>
    (
      await pool.query(
        `SELECT queryid::text AS id, calls::int AS calls, regexp_replace(query, '\\s+', ' ', 'g') AS query
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      )
    ).rows;
  await setTracking('top');
  let svcRows;
  let baseRows;
  try {
    await pool.query('SELECT pg_stat_statements_reset()');
    for (let i = 1; i <= K; i++) {
      const res = await http('POST', `${svc.baseUrl}/v1/partner/complaints`, {
        headers: { 'x-api-key': svcPartner.apiKey, 'idempotency-key': `chk-key-${i}` },
        body: complaintBody('chk', i),
      });
      if (res.status !== 201) throw new Error(`statement check: POST answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    svcRows = await read();
    await pool.query('SELECT pg_stat_statements_reset()');
    const c = await pool.connect();
    try {
      for (let i = 1; i <= K; i++) await baselineTx(c, 'chk', i);
    } finally {
      c.release();
    }
    baseRows = await read();
  } finally {
    await setTracking('none');
  }
  const perIntake = (rows) => new Map(rows.filter((r) => r.calls >= 0.9 * K).map((r) => [r.id, { calls: r.calls / K, query: r.query }]));
  const sv = perIntake(svcRows);
  const bl = perIntake(baseRows);
  const statements = [];
  for (const [id, v] of sv) statements.push({ query: v.query, service: v.calls, baseline: bl.get(id)?.calls ?? 0 });
  for (const [id, v] of bl) if (!sv.has(id)) statements.push({ query: v.query, service: 0, baseline: v.calls });
  const isRateLimit = (q) => /^INSERT INTO rate_limit_buckets/i.test(q.trim());
  const differ = statements.filter((st) => Math.abs(st.service - st.baseline) > 0.05 && !isRateLimit(st.query));
  return { intakes: K, statements, differ, same: differ.length === 0 };
}

/**
 * One connection count: a warm-up of each side, then SLICES slices of each side, alternating (ABBA…), so both
 * see the same database size and the same background load; the slices of each side are added up.
 */
async function measureLevel(connections, index, basePartner) {
  const sliceS = DURATION / SLICES;
  const level = { connections, slices: SLICES, sliceS };
  await waitQuiet(`the runs at ${connections} connections`);
  log(`${connections} connections: ${WARMUP} s warm-up of each side, then ${SLICES} × (${RAMP} s ramp + ${fmt(sliceS, 1)} s measured) of each side, alternating…`);
  if (WARMUP > 0) {
    await runBaseline(connections, 0, WARMUP, `wb${connections}`);
    await runService(connections, 0, WARMUP, `ws${connections}`);
  }
  const bTag = `b${connections}`;
  const sTag = `s${connections}`;
  const before = await countPartnerCases(svcPartner.id);
  const bParts = [];
  const sParts = [];
  const bStatements = new Map();
  const sStatements = new Map();
  const rss = rssSampler(svc.pid, 100);
  level.order = [];
  for (let i = 0; i < SLICES; i++) {
    const order = (i + index) % 2 === 0 ? ['baseline', 'service'] : ['service', 'baseline'];
    for (const which of order) {
      level.order.push(which[0]);
      if (which === 'baseline') bParts.push(await trackedRun(bStatements, () => runBaseline(connections, RAMP, sliceS, bTag)));
      else sParts.push(await trackedRun(sStatements, () => runService(connections, RAMP, sliceS, sTag)));
    }
  }
  level.order = level.order.join('');
  const rssRun = rss.stop();

  const b = combineBaseline(connections, bParts);
  const bRows = await rowsOf(basePartner.id, bTag);
  b.rows = { created: bRows.count, incomplete: bRows.incomplete, incompleteSample: bRows.incompleteSample };
  b.rowsMatch = bRows.count === b.committed && bRows.incomplete === 0;
  if (flags.trackStatements) b.statements = statementTimes(bStatements, `baseline at ${connections}`);
  level.baseline = b;
  log(
    `  baseline: ${fmt(b.txPerSec)} tx/s, p50 ${fmt(b.latencyMs.p50, 1)} ms, p99 ${fmt(b.latencyMs.p99, 1)} ms, errors ${b.errors}, rows ${bRows.count}; ` +
      `CPU per tx: postgres ${fmt(b.cpuTime.msPerSuccess.postgres, 2)} ms, client ${fmt(b.cpuTime.msPerSuccess.benchProcess, 2)} ms; others' CPU ${fmt(b.cpu.others * 100)}%`,
  );
  flagBusy(`the baseline at ${connections} connections`, b.cpu);
  if (b.errors) results.problems.push(`baseline at ${connections}: ${b.errors} failed transactions (${b.errorSamples.join(' | ')})`);
  if (!b.rowsMatch) results.problems.push(`baseline at ${connections}: ${bRows.count} cases for ${b.committed} commits, ${bRows.incomplete} incomplete`);

  const s = combineService(connections, sParts);
  const after = await countPartnerCases(svcPartner.id);
  const rows = await rowsOf(svcPartner.id, sTag);
  const okWithoutRow = [...s.okIds].filter((id) => !rows.ids.has(id)).length;
  const rowsWithoutOk = [...rows.ids].filter((id) => !s.okIds.has(id)).length;
  s.rows = { before, after, created: after - before, okWithoutRow, rowsWithoutResponse: rowsWithoutOk, incomplete: rows.incomplete, incompleteSample: rows.incompleteSample };
  // Every 2xx has its rows; rows without a 2xx can only be requests autocannon cut off at the end of a slice (≤ 1 per connection and slice).
  s.rowsMatch =
    s.okIds.size === s.all2xx && okWithoutRow === 0 && rows.incomplete === 0 && s.replayed === 0 && rowsWithoutOk <= connections * SLICES && after - before === rows.count;
  s.rssMaxBytes = rssRun.maxBytes;
  delete s.okIds;
  if (flags.trackStatements) s.statements = statementTimes(sStatements, `service at ${connections}`);
  level.service = s;
  log(
    `  service: ${fmt(s.okPerSec)} 2xx/s, p50 ${fmt(s.latencyMs.p50, 1)} ms, p99 ${fmt(s.latencyMs.p99, 1)} ms, non-2xx ${s.non2xx}, errors ${s.errors}, ` +
      `rows ${s.rows.created} (2xx ${s.all2xx}, cut off at slice ends ${rowsWithoutOk}), RSS max ${fmt(rssRun.maxBytes / 2 ** 20)} MiB; ` +
      `CPU per 2xx: node ${fmt(s.cpuTime.msPerSuccess.serviceNode, 2)} ms (kernel ${fmt(s.cpuTime.msPerSuccess.serviceNodeSystem, 2)} ms), postgres ${fmt(s.cpuTime.msPerSuccess.postgres, 2)} ms, autocannon ${fmt(s.cpuTime.msPerSuccess.benchProcess, 2)} ms; others' CPU ${fmt(s.cpu.others * 100)}%`,
  );
  flagBusy(`the service at ${connections} connections`, s.cpu);
  if (s.non2xx || s.errors) results.problems.push(`service at ${connections}: ${s.non2xx} non-2xx ${JSON.stringify(s.statusCodes)}, ${s.errors} errors (${s.timeouts} timeouts): ${s.failureSamples.join(' | ')}`);
  if (!s.rowsMatch) results.problems.push(`service at ${connections}: rows do not match 2xx responses: ${JSON.stringify({ ...s.rows, all2xx: s.all2xx, replayed: s.replayed })}`);

  level.ratio = b.txPerSec > 0 ? s.okPerSec / b.txPerSec : undefined;
  log(`  service/baseline at ${connections}: ${fmt(level.ratio * 100)}%`);
  return level;
}

async function main() {
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpuModel}, node ${results.machine.node}`);
  const { basePartner } = await setup();
  if (results.setup.statementCheck) {
    log('statement check (pg_stat_statements): 40 intakes through the service, 40 baseline transactions…');
    const chk = await statementCheck(40);
    results.statements = chk;
    for (const st of chk.statements) log(`  ${fmt(st.service, 2).padStart(5)} ${fmt(st.baseline, 2).padStart(5)}  ${st.query.slice(0, 110)}`);
    if (!chk.same) {
      const msg = `the baseline does not run the service's statements: ${chk.differ.map((d) => `${d.query.slice(0, 80)}… (service ${fmt(d.service, 2)}, baseline ${fmt(d.baseline, 2)} per intake)`).join('; ')}`;
      results.problems.push(msg);
      log(`  WARNING: ${msg}`);
    } else log('  same statements on both sides (besides the service\'s rate-limit counter)');
  }
  // Background CPU of the idle service (pg-boss polling, timers) and its PostgreSQL, for reading the per-intake figures.
  {
    await sleep(1000);
    const m = cpuMeter();
    await sleep(3000);
    const t = m.stop();
    results.idleCpu = { serviceNodeMsPerS: (t.seconds.serviceNode * 1000) / 3, postgresMsPerS: (t.seconds.postgres * 1000) / 3 };
    log(`idle background CPU: service ${fmt(results.idleCpu.serviceNodeMsPerS, 1)} ms/s, its PostgreSQL ${fmt(results.idleCpu.postgresMsPerS, 1)} ms/s`);
  }
  // A first warm-up of both sides (JIT, connection pools), discarded.
  const first = Math.max(...LEVELS);
  log(`initial warm-up at ${first} connections (${WARMUP} s each side)…`);
  if (WARMUP > 0) {
    await runBaseline(first, 0, WARMUP, 'w0b');
    await runService(first, 0, WARMUP, 'w0s');
  }
  for (const [i, connections] of LEVELS.entries()) results.levels.push(await measureLevel(connections, i, basePartner));

  // Open loop: partners' servers send complaints as they arrive, not as fast as answers come back. At a fixed rate
  // of half what the service sustained at the goal's connection count, latency is the service's, not queueing.
  const top = results.levels.find((l) => l.connections === GOAL.connections) ?? results.levels.at(-1);
  if (top && FIXED_RATE_SECONDS > 0) {
    const rate = Math.max(1, Math.floor(top.service.okPerSec / 2));
    await waitQuiet('the fixed-rate run');
    log(`fixed rate: ${rate} intakes/s over ${top.connections} connections, ${FIXED_RATE_RAMP} s ramp + ${FIXED_RATE_SECONDS} s…`);
    const part = await pacedRun(rate, FIXED_RATE_RAMP, FIXED_RATE_SECONDS, 'fr');
    results.fixedRate = { rate, connections: part.maxInFlight, seconds: FIXED_RATE_SECONDS, rampSeconds: FIXED_RATE_RAMP, ...part };
    log(`  ${fmt(part.okPerSec, 1)} 2xx/s, p50 ${fmt(part.latencyMs.p50, 1)} ms, p99 ${fmt(part.latencyMs.p99, 1)} ms, non-2xx ${part.non2xx}, errors ${part.errors}, at most ${part.maxInFlight} in flight`);
    for (const { key, n } of part.activity.nearSlowest.slice(0, 6)) log(`    near the slowest: ${n} × ${key}`);
    log(`    longest event-loop stall: service ${fmt(part.stallMaxMs.service, 1)} ms (GC ${fmt(part.stallMaxMs.serviceGc, 1)} ms in one 250 ms window), sender ${fmt(part.stallMaxMs.sender, 1)} ms`);
    for (const x of part.stalls.slice(0, 12)) log(`    at ${fmt(x.atS, 2)} s: service lag max ${fmt(x.serviceLagMaxMs ?? NaN, 1)} ms, GC ${fmt(x.serviceGcMs ?? NaN, 1)} ms; sender lag max ${fmt(x.senderLagMaxMs, 1)} ms`);
  }

  const rssAll = svc.rssAll.stop();
  results.rss.maxBytes = Math.max(rssAll.maxBytes ?? 0, ...results.levels.map((l) => l.service.rssMaxBytes ?? 0));
  results.rss.samples = rssAll.samples;
  const atGoal = results.levels.find((l) => l.connections === GOAL.connections);
  const svcRuns = results.levels.map((l) => l.service);
  results.goal = {
    description: `at ${GOAL.connections} connections service ≥ ${GOAL.ratio}× baseline; p99 ≤ ${GOAL.p99Ms} ms, zero errors, rows = 2xx (every level); service RSS ≤ ${fmt(GOAL.rssBytes / 2 ** 20)} MiB`,
    ratio: atGoal ? atGoal.ratio >= GOAL.ratio : undefined,
    p99: svcRuns.every((s) => s.latencyMs.p99 <= GOAL.p99Ms),
    errors: svcRuns.every((s) => !s.errors && !s.non2xx),
    rows: svcRuns.every((s) => s.rowsMatch),
    rss: results.rss.maxBytes <= GOAL.rssBytes,
  };
  results.goal.met = Object.entries(results.goal).every(([k, v]) => k === 'description' || v === true);

  log('stopping the service (SIGTERM)…');
  await baselineCtx.stopBoss().catch(() => undefined);
  await pool.end().catch(() => undefined);
  pool = undefined;
  const stop = await stopService(svc);
  results.serviceStop = stop;
  if (stop.code !== 0) results.problems.push(`service exited with code ${stop.code} signal ${stop.signal} after SIGTERM`);
  if (stop.leftoverPostgres) results.problems.push(`service left its PostgreSQL running (pid ${stop.leftoverPostgres}); stopped by the benchmark`);
  if (flags.cpuProf) results.profile = summariseProfile(svc.profileDir);
}

// ---------------------------------------------------------------------------------------------
// CPU profile summary (--cpu-prof)

/** Where a frame's code lives: a package, a project file, Node internals, or V8's pseudo-frames. */
function owner(url, fn) {
  if (!url) return fn.startsWith('(') ? fn : '(native/V8)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const i = url.indexOf('/dist/');
  return i >= 0 ? `project ${url.slice(i + 1)}` : url;
}

function summariseProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) return { error: `no .cpuprofile in ${dir}` };
  const file = path.join(dir, files.sort().at(-1));
  const kept = path.join(ROOT, 'bench', 'results', `intake-${startedAt.toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
  mkdirSync(path.dirname(kept), { recursive: true });
  copyFileSync(file, kept);
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  let t = prof.startTime;
  const inWindow = (ts) => profileWindows.some((w) => ts >= w.start && ts <= w.end);
  const anyInWindow = prof.samples.length && profileWindows.length && (() => {
    let tt = prof.startTime;
    for (const d of prof.timeDeltas) {
      tt += d;
      if (inWindow(tt)) return true;
    }
    return false;
  })();
  const self = new Map();
  const selfOwner = new Map();
  const incl = new Map();
  let total = 0;
  let idleSamples = 0;
  let writeSamples = 0;
  // Weighted by sample count, not by the time between samples: V8 samples on a timer, and while the thread
  // waits for a CPU (a busy machine) the pending samples collapse into one that would carry the whole wait.
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    const d = 1;
    if (anyInWindow && !inWindow(t)) continue;
    const node = byId.get(prof.samples[i]);
    const cf = node.callFrame;
    // Samples in a socket write or idle are left out: on a busy machine the thread, having woken PostgreSQL with
    // a write, mostly waits there for a CPU (the node process's kernel time, reported with the CPU figures, is far smaller).
    if (cf.functionName === '(idle)') {
      idleSamples++;
      continue;
    }
    if (!cf.url && (cf.functionName === 'writev' || cf.functionName === 'writeBuffer')) {
      writeSamples++;
      continue;
    }
    total += d;
    const key = `${cf.functionName || '(anonymous)'} ${owner(cf.url, cf.functionName)}${cf.url ? `:${cf.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + d);
    const o = owner(cf.url, cf.functionName);
    selfOwner.set(o, (selfOwner.get(o) ?? 0) + d);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || '(anonymous)'} ${owner(f.url, f.functionName)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + d);
    }
  }
  const top = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, n]) => ({ what: k, samples: n, share: total ? n / total : 0 }));
  const all = total + idleSamples + writeSamples;
  return {
    file: path.relative(ROOT, kept),
    window: anyInWindow ? 'measured service windows only' : 'whole process lifetime (windows did not match the profile clock)',
    samples: all,
    idleShare: all ? idleSamples / all : undefined,
    socketWriteShare: all ? writeSamples / all : undefined,
    countedSamples: total,
    selfByOwner: top(selfOwner, 25),
    selfTop: top(self, 40),
    inclusiveTop: top(incl, 80),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

function report() {
  const m = results.machine;
  const pct = (share) => (share === undefined ? '–' : `${fmt(share * 100)}%`);
  const ms = (v, d = 1) => (v === undefined ? '–' : fmt(v, d));
  const mark = (ok) => (ok === undefined ? '–' : ok ? '✅' : '❌');
  const mib = (b) => (b === undefined ? '–' : `${fmt(b / 2 ** 20)} MiB`);
  const table = markdownTable(
    [
      'Connections',
      'baseline tx/s',
      'baseline p50 / p99 ms',
      'service 2xx/s',
      'service p50 / p99 ms',
      'non-2xx / errors',
      'rows = 2xx',
      'service ÷ baseline',
      'service RSS max',
      'others\' CPU (baseline / service)',
    ],
    results.levels.map((l) => {
      const b = l.baseline;
      const s = l.service;
      return [
        String(l.connections),
        fmt(b.txPerSec),
        `${ms(b.latencyMs.p50)} / ${ms(b.latencyMs.p99)}`,
        fmt(s.okPerSec),
        `${ms(s.latencyMs.p50)} / ${ms(s.latencyMs.p99)}${s.latencyMs.p99 <= GOAL.p99Ms ? '' : ' ❌'}`,
        `${fmt(s.non2xx)} / ${fmt(s.errors)}`,
        `${fmt(s.rows.created)} = ${fmt(s.all2xx)}${s.rows.rowsWithoutResponse ? ` + ${s.rows.rowsWithoutResponse} cut off` : ''} ${mark(s.rowsMatch)}`,
        `**${fmt(l.ratio, 2)}×**${l.connections === GOAL.connections ? ` ${mark(l.ratio >= GOAL.ratio)}` : ''}`,
        mib(s.rssMaxBytes),
        `${pct(b.cpu?.others)} / ${pct(s.cpu?.others)}`,
      ];
    }),
    ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const st = results.statements;
  const statementsSection = st
    ? `Checked with pg_stat_statements before the runs (${st.intakes} intakes through the service, then ${st.intakes} baseline transactions, one at a time;
statements that ran about once per intake on either side, normalised by PostgreSQL): ${st.same ? '**the same statements on both sides** besides the service\'s rate-limit counter' : '**they differ** ❌ (see Problems)'}.

${markdownTable(
  ['Statement', 'service, per request', 'baseline, per transaction'],
  st.statements.map((x) => [`\`${x.query.length > 150 ? `${x.query.slice(0, 150)}…` : x.query}\``.replace(/\|/g, '\\|'), fmt(x.service, 2), fmt(x.baseline, 2)]),
  ['l', 'r', 'r'],
)}
`
    : 'The statement check did not run (pg_stat_statements unavailable).\n';
  const idle = {
    node: results.idleCpu ? `${fmt(results.idleCpu.serviceNodeMsPerS, 1)} ms` : '–',
    postgres: results.idleCpu ? `${fmt(results.idleCpu.postgresMsPerS, 1)} ms` : '–',
  };
  const cms = (v) => (v === undefined ? '–' : fmt(v, 2));
  const cpuTable = markdownTable(
    ['Connections', 'baseline: PostgreSQL', 'baseline: pg client (bench process)', 'service: PostgreSQL', 'service: node process', 'service: load generator (bench process)'],
    results.levels.map((l) => {
      const b = l.baseline.cpuTime?.msPerSuccess ?? {};
      const s = l.service.cpuTime?.msPerSuccess ?? {};
      return [String(l.connections), `${cms(b.postgres)} ms`, `${cms(b.benchProcess)} ms`, `${cms(s.postgres)} ms`, `${cms(s.serviceNode)} ms (kernel ${cms(s.serviceNodeSystem)} ms)`, `${cms(s.benchProcess)} ms`];
    }),
    ['r', 'r', 'r', 'r', 'r', 'r'],
  );
  const g = results.goal;
  const at = results.levels.find((l) => l.connections === GOAL.connections);
  const goals = g
    ? [
        `- ${mark(g.ratio)} service ≥ ${GOAL.ratio}× baseline at ${GOAL.connections} connections: ${at ? `${fmt(at.ratio, 2)}×` : 'not measured (BENCH_CONNECTIONS)'}`,
        `- ${mark(g.p99)} p99 ≤ ${GOAL.p99Ms} ms at every level: ${results.levels.map((l) => `${fmt(l.service.latencyMs.p99, 1)} ms @${l.connections} (baseline ${fmt(l.baseline.latencyMs.p99, 1)} ms)`).join(', ')}`,
        `- ${mark(g.errors)} zero errors and zero non-2xx: ${results.levels.map((l) => `${l.service.errors + l.service.non2xx} @${l.connections}`).join(', ')}`,
        `- ${mark(g.rows)} rows created = 2xx responses (each 2xx has exactly one case, one history entry, one audit entry, an open triage deadline with its pg-boss job and a completed idempotency key; rows without a response are only requests the load generator cut off at the end of a slice)`,
        `- ${mark(g.rss)} service RSS ≤ ${fmt(GOAL.rssBytes / 2 ** 20)} MiB: max ${mib(results.rss.maxBytes)} during the whole run (${mib(results.rss.afterStartBytes)} after start-up)`,
        '',
        `Goal: **${g.met ? 'met' : 'not met'}**.`,
        ...(at
          ? [
              '',
              `Note on p99: each connection keeps one request in flight (a closed loop), so mean latency ≈ connections ÷ throughput (Little's law). ` +
                `At ${GOAL.connections} connections, p99 ≤ ${GOAL.p99Ms} ms needs well over ${fmt((GOAL.connections * 1000) / GOAL.p99Ms)} intakes/s; ` +
                `the baseline, the SQL alone, reached ${fmt(at.baseline.txPerSec)} tx/s here (p99 ${fmt(at.baseline.latencyMs.p99, 1)} ms).`,
            ]
          : []),
        ...(results.fixedRate
          ? [
              '',
              `Open loop (requests sent at a fixed rate, as partners' servers send complaints, rather than as fast as answers come back): ` +
                `${fmt(results.fixedRate.rate)} intakes/s, evenly spaced (half the rate sustained at ${GOAL.connections} connections), for ${results.fixedRate.seconds} s after ${results.fixedRate.rampSeconds ?? 1} s not counted, over at most ${GOAL.connections} connections, sent and timed by \`bench/paced-sender.mjs\` in a process of its own (at most ${results.fixedRate.connections} requests in flight): ` +
                `${fmt(results.fixedRate.okPerSec, 1)} 2xx/s, p50 ${fmt(results.fixedRate.latencyMs.p50, 1)} ms, p90 ${fmt(results.fixedRate.latencyMs.p90, 1)} ms, **p99 ${fmt(results.fixedRate.latencyMs.p99, 1)} ms** ${mark(results.fixedRate.latencyMs.p99 <= GOAL.p99Ms)}, ` +
                `non-2xx ${results.fixedRate.non2xx}, errors ${results.fixedRate.errors}. ` +
                `The ten slowest (sent at s: ms): ${(results.fixedRate.slowest ?? []).map((x) => `${fmt(x.atS, 1)}: ${fmt(x.ms)}`).join(', ')}. ` +
                `PostgreSQL's active sessions around them (pg_stat_activity sampled every 20 ms; samples: wait | backend | statement): ` +
                `${(results.fixedRate.activity?.nearSlowest ?? []).slice(0, 5).map((x) => `${x.n} × ${x.key.replace(/\|/g, '/')}`).join('; ') || 'none sampled'}. ` +
                `Longest event-loop stall in a 250 ms window: service ${fmt(results.fixedRate.stallMaxMs?.service ?? NaN, 1)} ms (its GC at most ${fmt(results.fixedRate.stallMaxMs?.serviceGc ?? NaN, 1)} ms in a window), sender ${fmt(results.fixedRate.stallMaxMs?.sender ?? NaN, 1)} ms.`,
            ]
          : []),
      ].join('\n')
    : 'Goal not evaluated (the run did not finish).';
  const problems = results.problems.length ? `\n**Problems in this run:**\n\n${results.problems.map((p) => `- ${p}`).join('\n')}\n` : '';
  return `### Partner intake (\`bench/intake.mjs\`)

- Date: ${results.date}
- Command: \`${results.command}\`
- Revision: ${results.git}
- Machine: ${m.nproc} cores (nproc), ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}
- Service: \`dist/src/main.js\`${REVISION ? ` of ${results.git.split(' ')[0]} (built from git by BENCH_REVISION)` : ''} with \`NODE_ENV=production LOG_LEVEL=${LOG_LEVEL} PARTNER_INTAKE_PER_MINUTE=${PARTNER_PER_MINUTE}\` (the limiter still counts every request), default pool (20 connections), its own embedded PostgreSQL with durable commits (\`fsync\`, \`synchronous_commit\` on), fresh \`DATA_DIR\`.
- Data: ${results.setup.preload ? `${fmt(results.setup.preload.cases)} cases preloaded with bench/generate-cases.mjs (${fmt(results.setup.preload.seconds)} s) before the load, as in a register that has run for a while (BENCH_PRELOAD_CASES)` : 'empty database (BENCH_PRELOAD_CASES=0)'}.
- Load: \`POST /v1/partner/complaints\` with autocannon (in the benchmark process), each request with its own \`externalId\` and \`Idempotency-Key\`; body ${fmt(results.setup.requestBodyBytes)} bytes (description ${fmt(results.setup.descriptionBytes)} bytes of Chinese text, respondent URL on one of ${MEMBER_COUNT} members' domains, two URLs, complainant name/phone/email). At each connection count: ${WARMUP} s warm-up of each side, then ${DURATION} s measured of each side in ${SLICES} slices of ${fmt(DURATION / SLICES, 1)} s, alternating baseline and service (ABBA…) so both see the same database size and the same background load; each slice starts with ${RAMP} s of load that is not counted, so that only the steady state (all connections busy) is measured. Throughput, latency and CPU time count what completed inside the measured windows.
- Baseline: the same transaction through \`pg\` (node-postgres) from the benchmark process, one connection per worker, one transaction after the other, as many workers as connections (statements below).

${table}

Latencies are measured the same way on both sides, in the benchmark process: service from building the request (just before it is written) to its 2xx response; baseline from \`START TRANSACTION\` sent to \`COMMIT\` answered. (autocannon's own percentiles, per slice, are in the raw JSON.)

CPU time per completed intake (user + system from \`/proc\` over the measured windows, divided by the intakes completed in them; PostgreSQL = all its processes, the service's background work included: idle, with no load, the service's node process used ${idle.node} and its PostgreSQL ${idle.postgres} of CPU time per second):

${cpuTable}

${goals}
${problems}
What the baseline runs per transaction (same SQL text as the service, values of the same kinds):

${BASELINE_STATEMENTS.map((s, i) => `${i + 1}. ${s}`).join('\n')}

${statementsSection}
What the service does on top, per request: API-key authentication (cached in memory), the partner rate-limit counter
(\`INSERT INTO rate_limit_buckets … ON CONFLICT (key) DO UPDATE … RETURNING\`, its own autocommit statement on an unlogged
table, one row per partner), request validation, the category set (cached, read at most every 30 s), request hash, receipt
code and hashes, contact encryption, the response. The baseline's rows go to a second partner so both sides can be counted.

Raw figures: \`${results.resultsFile ? path.relative(ROOT, results.resultsFile) : 'bench/results/'}\` (git-ignored).
`;
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
results.resultsFile = writeResults('intake', results, startedAt);
if (results.profile && !results.profile.error) {
  const p = results.profile;
  process.stdout.write(
    `\nCPU profile of the service (${p.window}; ${p.file}): ${fmt(p.samples)} samples, ${fmt(p.idleShare * 100)}% idle, ` +
      `${fmt(p.socketWriteShare * 100)}% in socket writes (left out below: mostly waiting for a CPU after waking PostgreSQL); shares of the other ${fmt(p.countedSamples)}:\n`,
  );
  process.stdout.write('\nSelf time by owner:\n');
  for (const r of p.selfByOwner) process.stdout.write(`  ${fmt(r.share * 100, 1).padStart(5)}%  ${r.what}\n`);
  process.stdout.write('\nSelf time, top functions:\n');
  for (const r of p.selfTop.slice(0, 25)) process.stdout.write(`  ${fmt(r.share * 100, 1).padStart(5)}%  ${r.what}\n`);
  process.stdout.write('\nInclusive time, top frames:\n');
  for (const r of p.inclusiveTop) process.stdout.write(`  ${fmt(r.share * 100, 1).padStart(5)}%  ${r.what}\n`);
} else if (results.profile?.error) {
  log(`profile: ${results.profile.error}`);
}
const section = failed ? undefined : report();
if (section) process.stdout.write(`\n${section}\n`);
if (flags.docs && !failed) {
  replaceMarkedSection(path.join(ROOT, 'docs', 'performance.md'), 'intake', section);
  log(`updated docs/performance.md; raw results in ${path.relative(ROOT, results.resultsFile)}`);
} else {
  log(`${failed ? 'run failed: ' : ''}docs/performance.md left unchanged; results in ${path.relative(ROOT, results.resultsFile)}`);
}
process.exit(failed ? 1 : 0);
