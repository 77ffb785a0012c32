// Plans and timings of the console's work queues (issue #16; not a test): builds the case data set of
// bench/generate-cases.mjs (CASES, default 1,000,000) in a fresh embedded PostgreSQL behind the built service, gives it
// the queue facts the generator leaves out (assignees, overdue flags, pending proposals), then for each queue prints
// `EXPLAIN (ANALYZE, BUFFERS)` of the service's own SQL (built with dist/'s addListFilters) for its capped count and the
// first page of its list, and times GET /v1/cases/queues and the queue lists over HTTP (sequential, 1 connection).
//
//   npm run build && node bench/queues.mjs            # CASES=200000 for a quicker look
//
// Writes bench/results/queues-<stamp>.json; docs/performance.md ("Work queues") is written by hand from it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { buildTemplates, generateDataset } from './generate-cases.mjs';
import { Cleanup, ROOT, adminJwt, envNumber, freePort, http, makeTempDir, serviceEnv, startService, stopService, writeResults } from './lib.mjs';

const CASES = envNumber('CASES', 1_000_000);
const ROUNDS = envNumber('QUEUE_ROUNDS', 30);
const log = (s) => process.stderr.write(`${s}\n`);
const cleanup = new Cleanup();
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', 'src', p)).href);

async function main() {
  const { addListFilters } = await dist('cases/case-list-filters.js');
  const { Where } = await dist('platform/sql.js');
  const { NEWEST_FIRST } = await dist('cases/case-reads.repository.js');
  const { buildCalendar } = await dist('calendar/working-calendar.js');
  const dataDir = makeTempDir(cleanup);
  const dbPort = await freePort();
  const env = serviceEnv({ port: await freePort(), dbPort, dataDir });
  const svc = await startService({ env, cleanup });
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg`;
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  db.on('error', (e) => log(`database client: ${e.message}`));

  const admin = await adminJwt(svc.baseUrl, env);
  const users = {};
  for (const role of ['secretariat', 'supervisor']) {
    const email = `bench-${role}@example.test`;
    const pw = `bench-${randomUUID()}`;
    const created = await http('POST', `${svc.baseUrl}/v1/users`, { headers: { authorization: `Bearer ${admin}` }, body: { email, password: pw, displayName: role, role } });
    const login = await http('POST', `${svc.baseUrl}/v1/auth/login`, { body: { email, password: pw } });
    users[role] = { id: created.body.id, token: login.body.accessToken };
  }
  const templates = await buildTemplates({ distDir: path.join(ROOT, 'dist'), staffId: users.secretariat.id });
  log(`generating ${CASES} cases…`);
  const t0 = performance.now();
  const dataset = await generateDataset(db, { cases: CASES, templates, staffId: users.secretariat.id, log });
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  // What the generator leaves out: 20 caseworkers (the bench secretariat user one of them) share 80% of all cases
  // (closed ones too), 10% of the open cases with a running deadline are overdue, 400 open investigating cases carry a
  // pending proposal by one of 4 proposers (the bench supervisor one of them).
  const staff = [users.secretariat.id, ...Array.from({ length: 19 }, () => randomUUID())];
  const proposers = [users.supervisor.id, ...Array.from({ length: 3 }, () => randomUUID())];
  await db.query(`UPDATE cases SET assignee_id = ($1::uuid[])[1 + (hashtext(id::text) & 1023) % 20] WHERE (hashtext(id::text) & 1023) % 10 < 8`, [staff]);
  await db.query(
    `UPDATE cases SET overdue = true WHERE state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged') AND (hashtext(reference) & 1023) % 10 = 0
        AND id IN (SELECT case_id FROM case_deadlines WHERE settled_at IS NULL)`,
  );
  await db.query(
    `UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,proposal}', jsonb_build_object('kind', 'publication', 'proposedBy', ($1::text[])[1 + (hashtext(reference) & 1023) % 4], 'at', updated_at, 'summary', 's', 'findings', 'f'))
      WHERE id IN (SELECT id FROM cases WHERE state = 'investigating' ORDER BY received_at DESC LIMIT 400)`,
    [proposers],
  );
  await db.query('VACUUM (ANALYZE) cases, case_deadlines');
  const facts = (await db.query(
    `SELECT count(*) FILTER (WHERE state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged'))::int AS open, count(*) FILTER (WHERE assignee_id = $1)::int AS "benchAssigned",
            count(*) FILTER (WHERE overdue)::int AS overdue, (SELECT count(*)::int FROM case_deadlines WHERE settled_at IS NULL) AS running
       FROM cases`,
    [users.secretariat.id],
  )).rows[0];
  log(JSON.stringify(facts));

  const calendar = (await db.query('SELECT year FROM calendar_years')).rows.map((r) => r.year);
  const days = (await db.query(`SELECT date::text AS date, kind, name FROM calendar_days`)).rows;
  const cal = buildCalendar(calendar, days);
  const now = new Date();
  const queues = {
    triage: { state: 'received' },
    mine: { mine: true, open: true },
    awaitingRespondent: { state: 'investigating', phase: 'awaiting_response' },
    dueSoon: { dueWithin: 2 },
    overdue: { overdue: true, open: true },
    approvals: { awaitingApproval: true },
  };
  const SUMMARY = `c.id, c.reference, c.state, c.phase, c.channel, c.category, c.title, c.respondent_member_id, c.respondent_name, c.partner_id, c.assignee_id, c.overdue, c.is_employee_of_respondent, c.received_at, c.updated_at, c.version`;
  const explain = async (sql, params) => {
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    const plan = rows[0]['QUERY PLAN'][0];
    const nodes = [];
    const walk = (n) => {
      nodes.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']})`);
      (n.Plans ?? []).forEach(walk);
    };
    walk(plan.Plan);
    return { ms: plan['Execution Time'], plan: nodes.join(' → '), buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'] };
  };
  const results = { cases: CASES, dataset, facts, queues: {} };
  for (const [name, q] of Object.entries(queues)) {
    const caller = { userId: name === 'approvals' ? users.supervisor.id : users.secretariat.id, supervisor: name === 'approvals', now, calendar: cal };
    const w = addListFilters(new Where().addRaw('NOT c.test'), q, caller);
    const count = w.copy();
    const countSql = `SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c ${count.sql()} LIMIT ${count.param(1001)}) x`;
    const page = w.copy();
    const pageSql = `SELECT ${SUMMARY} FROM cases c ${page.sql()} ORDER BY ${NEWEST_FIRST.orderBy} LIMIT ${page.param(51)}`;
    await explain(countSql, count.params); // warm
    const n = (await db.query(countSql, count.params)).rows[0].n;
    results.queues[name] = { query: new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString(), count: n, countPlan: await explain(countSql, count.params), pagePlan: await explain(pageSql, page.params) };
    log(`${name}: ${n} | count ${results.queues[name].countPlan.ms.toFixed(2)} ms ${results.queues[name].countPlan.plan} | page ${results.queues[name].pagePlan.ms.toFixed(2)} ms ${results.queues[name].pagePlan.plan}`);
  }
  // The list's countdown column: the extra query on a page's ids.
  const ids = (await db.query(`SELECT id FROM cases WHERE state = 'investigating' ORDER BY received_at DESC LIMIT 51`)).rows.map((r) => r.id);
  results.nextDeadline = await explain(
    `SELECT DISTINCT ON (d.case_id) d.case_id, d.kind, d.due_at FROM case_deadlines d WHERE d.case_id = ANY($1::uuid[]) AND d.settled_at IS NULL ORDER BY d.case_id, d.due_at, d.kind`,
    [ids],
  );
  log(`nextDeadline: ${results.nextDeadline.ms.toFixed(2)} ms ${results.nextDeadline.plan}`);

  // Over HTTP, one request at a time: the queues route (six counts) and each queue's first page (with its countdowns).
  const timeIt = async (label, url, token) => {
    const ms = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const t = performance.now();
      const res = await http('GET', url, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const out = { p50: ms[Math.floor(ms.length / 2)], p95: ms[Math.floor(ms.length * 0.95)], max: ms.at(-1) };
    log(`${label}: p50 ${out.p50.toFixed(1)} p95 ${out.p95.toFixed(1)} max ${out.max.toFixed(1)} ms`);
    return out;
  };
  results.http = {
    queuesSecretariat: await timeIt('GET /v1/cases/queues (secretariat)', `${svc.baseUrl}/v1/cases/queues`, users.secretariat.token),
    queuesSupervisor: await timeIt('GET /v1/cases/queues (supervisor)', `${svc.baseUrl}/v1/cases/queues`, users.supervisor.token),
  };
  for (const [name, q] of Object.entries(queues)) {
    const token = name === 'approvals' ? users.supervisor.token : users.secretariat.token;
    results.http[name] = await timeIt(`GET /v1/cases?${results.queues[name].query}`, `${svc.baseUrl}/v1/cases?${results.queues[name].query}`, token);
  }
  results.http.investigatingPage = await timeIt('GET /v1/cases?state=investigating', `${svc.baseUrl}/v1/cases?state=investigating`, users.secretariat.token);
  const file = writeResults('queues', results);
  log(`results: ${path.relative(ROOT, file)}`);
  await db.end();
  await stopService(svc);
}

main()
  .catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());
