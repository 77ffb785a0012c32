// Benchmark for the mail issue (#15), not a test: how fast the outbox turns into mail at a local SMTP server, and what
// a burst of queued mail does to the intake's latency.
//
//   npm run bench:mail                       # builds dist/ if stale, then runs this script
//   BENCH_MAIL_MESSAGES=1000 node bench/mail.mjs --no-docs   # a quicker run, docs untouched
//
// Environment: BENCH_MAIL_MESSAGES (messages of the throughput run, default 3000), BENCH_MAIL_BURST (messages queued at
// once during the intake run, default 10000), BENCH_INTAKE_RATE (intakes per second of the open-loop runs, default
// 50), BENCH_INTAKE_SECONDS (counted seconds of each open-loop run, default 30), BENCH_MAIL_UNDER_LOAD (the service's
// MAIL_PER_SECOND_UNDER_LOAD, default its own), BENCH_WAIT_QUIET (s to wait for other
// processes to leave the CPUs before each run, default 0). Flags: --no-docs (do not touch docs/performance.md),
// --cpu-prof (profile the service during the throughput run only, print where its CPU goes by package; implies
// --no-docs and skips the intake runs).
//
// What it does: starts a counting SMTP server (smtp-server, in this process: it reads each message and answers 250),
// then the built service (`dist/src/main.js`, NODE_ENV=production, its own embedded PostgreSQL in a temp DATA_DIR,
// SMTP_URL pointing at that server, the per-recipient cap and the partner rate limit raised out of the way), inserts
// 200 accounts to write to, and:
// 1. throughput: writes BENCH_MAIL_MESSAGES outbox rows (one to each account in turn) in one transaction, as any
//    context would, and times from its commit until the SMTP server has received every message (dispatch: recipients,
//    rendering in two languages, the delivery jobs; delivery: pg-boss, SMTP with the commit before the final dot);
//    the goal is ≥ 50 messages/s. It then checks that each message arrived once (by Message-ID) and is marked sent.
// 2. the intake under a burst: three open-loop intake runs at BENCH_INTAKE_RATE (bench/paced-sender.mjs, a process of
//    its own): without mail, with BENCH_MAIL_BURST messages queued at the start of the counted window, and without
//    mail again (the two quiet runs show the noise). Reports p50/p99 of each and how long the burst took to drain.
// CPU seconds of the service and of its PostgreSQL are read from /proc for each phase.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  Cleanup, ROOT, SERVICE_NODE_ARGS, adminCredentials, envNumber, fmt, freePort, machineInfo, makeTempDir, markdownTable, percentiles,
  processTreeCpu, replaceMarkedSection, serviceEnv, sleep, spawnNode, startService, stopService, waitForQuietCpu, writeResults,
} from './lib.mjs';

const argv = process.argv.slice(2);
const PROFILE = argv.includes('--cpu-prof');
const MESSAGES = envNumber('BENCH_MAIL_MESSAGES', 3000);
const BURST = envNumber('BENCH_MAIL_BURST', 10000);
const RATE = envNumber('BENCH_INTAKE_RATE', 50);
const SECONDS = envNumber('BENCH_INTAKE_SECONDS', 30);
const WAIT_QUIET = envNumber('BENCH_WAIT_QUIET', 0);
const ACCOUNTS = 200;
const log = (s) => process.stdout.write(`${s}\n`);
const cleanup = new Cleanup();

/** A counting SMTP server: every message is read to its end and answered 250; arrivals are timed. */
async function startSink() {
  const arrivals = [];
  const ids = new Map();
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false, maxClients: 64,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c) => {
        if (head.length < 4096) head += c.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '?';
        ids.set(id, (ids.get(id) ?? 0) + 1);
        arrivals.push(performance.now());
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  cleanup.add('smtp sink', () => new Promise((r) => server.close(() => r())));
  return { port, arrivals, ids, reset: () => ((arrivals.length = 0), ids.clear()) };
}

const cpuOf = (pid) => {
  const c = processTreeCpu(pid);
  return { service: c.self ?? 0, postgres: c.descendants ?? 0 };
};
const cpuSince = (pid, before) => {
  const now = cpuOf(pid);
  return { service: now.service - before.service, postgres: now.postgres - before.postgres };
};

async function until(what, check, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

/** Outbox rows as any context writes them: one transaction, `n` rows, to the accounts in turn. */
async function enqueue(pool, accounts, n, tag) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO notifications (recipient_kind, recipient_ref, template, payload)
       SELECT 'user', ($1::text[])[1 + (i % $2)], 'callback_dead', jsonb_build_object('reference', $3 || '-' || i) FROM generate_series(0, $4 - 1) i`,
      [accounts, accounts.length, tag, n],
    );
    await client.query('COMMIT');
    return performance.now();
  } finally {
    client.release();
  }
}

/** Self time of the service's profile by package (node_modules/<pkg>, src/<context>, node internals). */
function printProfile(dir) {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  const prof = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const owner = (url) => {
    if (!url) return '(native)';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url) ?? /dist\/src\/([^/]+)\/([^/]+)/.exec(url);
    if (m) return m[2] ? `src/${m[1]}/${m[2]}` : m[1];
    return url.startsWith('node:') ? url : '(other)';
  };
  const self = new Map();
  let total = 0;
  for (const id of prof.samples) {
    const cf = byId.get(id).callFrame;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)') continue;
    total++;
    const k = owner(cf.url);
    self.set(k, (self.get(k) ?? 0) + 1);
  }
  for (const [k, n] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) log(`  ${(100 * n / total).toFixed(1).padStart(5)} %  ${k}`);
}

const complaint = (tag, i) => ({
  externalId: `${tag}-${i}`,
  respondent: { name: `某某${i % 50}号网络科技有限公司`, url: `https://m.shop${i % 50}.example.cn/item/${i}` },
  category: 'fraud',
  title: '收款后不发货',
  description: `2026年11月在该网站购买商品并付款，商家至今未发货，客服不回复。订单号 ${tag}-${i}。`,
  occurredAt: '2026-11-20T10:00:00+08:00',
  urls: [`https://m.shop${i % 50}.example.cn/item/${i}`],
  complainant: { name: '张三', phone: '13800138000', email: 'zhang.san@example.cn' },
});

/** One open-loop intake run (bench/paced-sender.mjs); `during` runs when the counted window starts. */
async function pacedIntake(svc, apiKey, tag, during) {
  const rampS = 3;
  const total = Math.round((rampS + SECONDS) * RATE);
  const requests = Array.from({ length: total }, (_, i) => ({ body: JSON.stringify(complaint(tag, i)), headers: { 'idempotency-key': `${tag}-${i}` } }));
  const dir = makeTempDir(cleanup, { prefix: '.tmp-mail-paced-' });
  const jobFile = path.join(dir, 'job.json');
  const resultFile = path.join(dir, 'result.json');
  writeFileSync(jobFile, JSON.stringify({ url: `${svc.baseUrl}/v1/partner/complaints`, headers: { 'x-api-key': apiKey }, rate: RATE, rampS, seconds: SECONDS, connections: 32, requests }));
  const before = cpuOf(svc.pid);
  const sender = spawnNode([path.join(ROOT, 'bench', 'paced-sender.mjs'), jobFile, resultFile], { cleanup, label: 'paced sender' });
  const side = during ? sleep(rampS * 1000).then(during) : Promise.resolve(undefined);
  const exit = await sender.exited;
  const extra = await side;
  if (exit.code !== 0) throw new Error(`paced sender failed: ${sender.output.join('\n')}`);
  const r = JSON.parse(readFileSync(resultFile, 'utf8'));
  const lat = r.sent.map(([, ms]) => ms);
  // The slowest requests and when they were sent (s from the start, the counted window starting at rampS): clustered
  // in time means a stall, spread out means queueing.
  const slowest = [...r.sent].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([atS, ms]) => `${atS.toFixed(1)} s: ${ms.toFixed(0)} ms`);
  return { ok: r.ok, non2xx: r.non2xx, errors: r.errors, ...percentiles(lat, [50, 90, 99]), max: Math.max(...lat), slowest, cpu: cpuSince(svc.pid, before), extra };
}

async function main() {
  const results = { machine: machineInfo(), when: new Date().toISOString(), settings: { MESSAGES, BURST, RATE, SECONDS, ACCOUNTS } };
  const sink = await startSink();
  const dataDir = makeTempDir(cleanup);
  const [port, dbPort] = [await freePort(), await freePort()];
  const env = serviceEnv({
    port, dbPort, dataDir,
    extra: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_RECIPIENT_PER_HOUR: '10000', PARTNER_INTAKE_PER_MINUTE: '1000000', PUBLIC_BASE_URL: 'https://selfreg.example.cn',
      ...(process.env.BENCH_MAIL_UNDER_LOAD ? { MAIL_PER_SECOND_UNDER_LOAD: process.env.BENCH_MAIL_UNDER_LOAD } : {}),
    },
  });
  log('starting the service…');
  const profileDir = PROFILE ? makeTempDir(cleanup, { prefix: '.tmp-mail-prof-' }) : undefined;
  const svc = await startService({ env, cleanup, nodeArgs: [...SERVICE_NODE_ARGS, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])] });
  const { apiKey } = await adminCredentials(svc.baseUrl, env);
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const pool = new pg.Pool({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg`, max: 4 });
  pool.on('error', () => undefined);
  let poolEnded = false;
  const endPool = async () => {
    if (!poolEnded) await pool.end();
    poolEnded = true;
  };
  cleanup.add('pool', endPool);
  const accounts = (
    await pool.query(
      `INSERT INTO users (email, display_name, password_hash, role, locale)
       SELECT 'bench-' || i || '@example.test', '基准账号' || i, 'x', 'admin', CASE WHEN i % 2 = 0 THEN 'en' ELSE 'zh-CN' END FROM generate_series(1, $1) i RETURNING id`,
      [ACCOUNTS],
    )
  ).rows.map((r) => r.id);

  // 1. Throughput.
  if (WAIT_QUIET) await waitForQuietCpu({ seconds: WAIT_QUIET, what: 'the throughput run', log });
  log(`throughput: ${MESSAGES} messages…`);
  sink.reset();
  const cpu0 = cpuOf(svc.pid);
  const t0 = await enqueue(pool, accounts, MESSAGES, 'tp');
  await until('every outbox row dispatched', async () => (await pool.query('SELECT count(*)::int AS n FROM notifications WHERE dispatched_at IS NULL')).rows[0].n === 0, 600_000);
  const tDispatched = performance.now();
  await until('every message at the SMTP server', async () => sink.arrivals.length >= MESSAGES, 600_000);
  const tLast = Math.max(...sink.arrivals);
  const cpu = cpuSince(svc.pid, cpu0);
  await sleep(1000);
  const { rows: [state] } = await pool.query(`SELECT count(*) FILTER (WHERE status = 'sent' AND confirmed_at IS NOT NULL)::int AS sent, count(*)::int AS total FROM mail_messages`);
  const duplicates = [...sink.ids.values()].filter((n) => n > 1).length;
  results.throughput = {
    messages: MESSAGES, seconds: (tLast - t0) / 1000, perSecond: MESSAGES / ((tLast - t0) / 1000), dispatchSeconds: (tDispatched - t0) / 1000,
    received: sink.arrivals.length, duplicates, markedSent: state.sent, rows: state.total,
    cpuMsPerMessage: { service: (cpu.service * 1000) / MESSAGES, postgres: (cpu.postgres * 1000) / MESSAGES },
  };
  log(`  ${fmt(results.throughput.perSecond, 1)} messages/s (${fmt(results.throughput.seconds, 1)} s; dispatched in ${fmt(results.throughput.dispatchSeconds, 1)} s); ${duplicates} duplicates; ${state.sent}/${state.total} marked sent`);

  if (profileDir) {
    await endPool();
    await stopService(svc);
    printProfile(profileDir);
    return;
  }

  // 2. The intake without mail, under a burst, without mail again.
  const runs = {};
  for (const [name, burst] of [['quiet', false], ['burst', true], ['quiet again', false]]) {
    if (WAIT_QUIET) await waitForQuietCpu({ seconds: WAIT_QUIET, what: `the ${name} run`, log });
    log(`intake at ${RATE}/s, ${name}…`);
    sink.reset();
    runs[name] = await pacedIntake(svc, apiKey, name.replace(' ', '-'), burst ? async () => {
      const t0 = performance.now();
      const start = await enqueue(pool, accounts, BURST, 'burst');
      await until('the burst delivered', async () => sink.arrivals.length >= BURST, 900_000);
      return { drainSeconds: (Math.max(...sink.arrivals) - start) / 1000, insertSeconds: (start - t0) / 1000 };
    } : undefined);
    const r = runs[name];
    log(`  p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, max ${fmt(r.max, 1)} ms, ${r.ok} ok, ${r.non2xx + r.errors} failed${r.extra ? `; burst drained in ${fmt(r.extra.drainSeconds, 1)} s (queued in ${fmt(r.extra.insertSeconds, 2)} s)` : ''}`);
    log(`  slowest: ${r.slowest.join(', ')}`);
  }
  results.intake = runs;
  await endPool();
  await stopService(svc);
  const file = writeResults('mail', results);
  log(`results: ${path.relative(ROOT, file)}`);

  if (!argv.includes('--no-docs')) {
    const t = results.throughput;
    const section = [
      '### Mail: outbox to SMTP, and the intake under a burst (#15)',
      '',
      `\`npm run bench:mail\` (${results.when.slice(0, 10)}, ${results.machine.nproc} CPUs): the built service and its embedded PostgreSQL, a counting SMTP server in the benchmark's process.`,
      '',
      markdownTable(['run', 'messages', 'seconds', 'messages/s', 'dispatch done after', 'duplicates', 'service CPU / message', 'PostgreSQL CPU / message'], [[
        'throughput', String(t.messages), fmt(t.seconds, 1), fmt(t.perSecond, 1), `${fmt(t.dispatchSeconds, 1)} s`, String(t.duplicates), `${fmt(t.cpuMsPerMessage.service, 2)} ms`, `${fmt(t.cpuMsPerMessage.postgres, 2)} ms`,
      ]], ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']),
      '',
      `Intake, open loop at ${RATE} intakes/s for ${SECONDS} s (bench/paced-sender.mjs), without mail, with ${BURST} messages queued at the start of the counted window, and without mail again:`,
      '',
      markdownTable(['run', 'ok', 'p50', 'p90', 'p99', 'max', 'burst drained in'], Object.entries(runs).map(([name, r]) => [
        name, String(r.ok), `${fmt(r.p50, 1)} ms`, `${fmt(r.p90, 1)} ms`, `${fmt(r.p99, 1)} ms`, `${fmt(r.max, 1)} ms`, r.extra ? `${fmt(r.extra.drainSeconds, 1)} s` : '—',
      ]), ['l', 'r', 'r', 'r', 'r', 'r', 'r']),
    ].join('\n');
    replaceMarkedSection(path.join(ROOT, 'docs/performance.md'), 'mail', section);
    log('docs/performance.md updated (section mail)');
  }
}

main()
  .catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());
