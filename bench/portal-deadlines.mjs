// Plans of the member portal's list, `GET /v1/cases?open=true&sort=deadline` (issue #16; not a test): builds the case
// data set of bench/generate-cases.mjs (CASES, default 300,000) in a fresh embedded PostgreSQL behind the built
// service, then prints `EXPLAIN (ANALYZE, BUFFERS)` of the service's own SQL (dist's CaseReadsRepository with a
// data source that explains instead of running) for a member_rep (the member with the most cases, and a median one)
// and for staff: the first page of each part of the list (running deadlines the caller must meet, then the others),
// and a later page of the first part.
//
//   npm run build && CASES=300000 node bench/portal-deadlines.mjs
//
// Writes bench/results/portal-deadlines-<stamp>.json; docs/performance.md ("Member portal") is written by hand from it.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { buildTemplates, generateDataset } from './generate-cases.mjs';
import { Cleanup, ROOT, adminJwt, envNumber, freePort, http, makeTempDir, serviceEnv, startService, stopService, writeResults } from './lib.mjs';

const CASES = envNumber('CASES', 300_000);
const log = (s) => process.stderr.write(`${s}\n`);
const cleanup = new Cleanup();
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', 'src', p)).href);

async function main() {
  const { addListFilters } = await dist('cases/case-list-filters.js');
  const { Where } = await dist('platform/sql.js');
  const { CaseReadsRepository, NEWEST_FIRST } = await dist('cases/case-reads.repository.js');
  const { RESPONDENT_DEADLINES } = await dist('cases/views/respondent.view.js');
  const dataDir = makeTempDir(cleanup);
  const dbPort = await freePort();
  const env = serviceEnv({ port: await freePort(), dbPort, dataDir });
  const svc = await startService({ env, cleanup });
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg` });
  await db.connect();
  db.on('error', (e) => log(`database client: ${e.message}`));

  const admin = await adminJwt(svc.baseUrl, env);
  const email = `bench-secretariat-${randomUUID()}@example.test`;
  const created = await http('POST', `${svc.baseUrl}/v1/users`, {
    headers: { authorization: `Bearer ${admin}` },
    body: { email, password: `bench-${randomUUID()}`, displayName: 'bench', role: 'secretariat' },
  });
  const templates = await buildTemplates({ distDir: path.join(ROOT, 'dist'), staffId: created.body.id });
  log(`generating ${CASES} cases…`);
  const t0 = performance.now();
  const dataset = await generateDataset(db, { cases: CASES, templates, staffId: created.body.id, log });
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  await db.query('VACUUM (ANALYZE) cases, case_deadlines');

  const facts = (await db.query(
    `SELECT count(*) FILTER (WHERE state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged'))::int AS open,
            (SELECT count(*)::int FROM case_deadlines WHERE settled_at IS NULL) AS running,
            (SELECT count(*)::int FROM case_deadlines WHERE settled_at IS NULL AND kind IN ('response', 'right_of_reply')) AS "runningRespondent"
       FROM cases`,
  )).rows[0];
  const members = (await db.query(
    `SELECT respondent_member_id AS id, count(*)::int AS cases,
            count(*) FILTER (WHERE state NOT IN ('closed', 'dismissed', 'withdrawn', 'merged'))::int AS open,
            (SELECT count(*)::int FROM case_deadlines d JOIN cases x ON x.id = d.case_id WHERE x.respondent_member_id = c.respondent_member_id AND d.settled_at IS NULL AND d.kind IN ('response', 'right_of_reply')) AS "respondentDeadlines"
       FROM cases c WHERE respondent_member_id IS NOT NULL GROUP BY respondent_member_id ORDER BY count(*) DESC`,
  )).rows;
  const largest = members[0];
  const median = members[Math.floor(members.length / 2)];
  log(JSON.stringify({ facts, largest, median }));

  let last = null;
  const explaining = {
    query: async (sql, params) => {
      const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
      const plan = rows[0]['QUERY PLAN'][0];
      const nodes = [];
      const walk = (n) => {
        nodes.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']})`);
        (n.Plans ?? []).forEach(walk);
      };
      walk(plan.Plan);
      last = { ms: plan['Execution Time'], plan: nodes.join(' → '), buffers: plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks'] };
      return [];
    },
  };
  const explainRepo = new CaseReadsRepository(explaining);
  const runRepo = new CaseReadsRepository({ query: async (sql, params) => (await db.query(sql, params)).rows });
  const caller = { userId: null, supervisor: false, now: new Date(), calendar: null };
  const scopes = {
    repLargest: { where: () => addListFilters(new Where().addRaw('NOT c.test').add('c.respondent_member_id = ?', largest.id), { open: true }, caller), kinds: RESPONDENT_DEADLINES, forwarded: true },
    repMedian: { where: () => addListFilters(new Where().addRaw('NOT c.test').add('c.respondent_member_id = ?', median.id), { open: true }, caller), kinds: RESPONDENT_DEADLINES, forwarded: true },
    staff: { where: () => addListFilters(new Where().addRaw('NOT c.test'), { open: true }, caller), kinds: null, forwarded: false },
  };
  const results = { cases: CASES, dataset, facts, members: { largest, median, count: members.length }, plans: {} };
  for (const [name, s] of Object.entries(scopes)) {
    const out = {};
    const measure = async (label, run) => {
      await run(); // warm
      await run();
      out[label] = last;
      log(`${name} ${label}: ${last.ms.toFixed(2)} ms, ${last.buffers} buffers | ${last.plan}`);
    };
    // For comparison: the same list newest first (the default sort), as the service runs it.
    await measure('newestFirstPage', () => explainRepo.newest(s.where(), 51, s.forwarded));
    await measure('firstPageDue', () => explainRepo.dueFirst(s.where(), s.kinds, undefined, 51, s.forwarded));
    // A later page: after the 50th row of the first part (when it has that many).
    const first = await runRepo.dueFirst(s.where(), s.kinds, undefined, 51, s.forwarded);
    if (first.length > 50) {
      const after = [first[49].sortDueAt.toISOString(), first[49].id];
      await measure('secondPageDue', () => explainRepo.dueFirst(s.where(), s.kinds, after, 51, s.forwarded));
    }
    await measure('firstPageOthers', () => explainRepo.newestWithoutDeadline(s.where(), s.kinds, 51, s.forwarded));
    const others = await runRepo.newestWithoutDeadline(s.where(), s.kinds, 51, s.forwarded);
    if (others.length > 50) {
      const w = s.where().add(NEWEST_FIRST.clause, others[49].receivedAt.toISOString(), others[49].id);
      await measure('secondPageOthers', () => explainRepo.newestWithoutDeadline(w, s.kinds, 51, s.forwarded));
    }
    results.plans[name] = { firstPartRows: first.length, ...out };
  }
  const file = writeResults('portal-deadlines', results);
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
