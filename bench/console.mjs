// How fast the console's queue and case pages render on a large database (issue #16; not a test): builds the case
// data set of bench/generate-cases.mjs (CASES, default 1,000,000) in a fresh embedded PostgreSQL behind the built
// service, signs a secretariat user in through the sign-in page in Debian's Chromium, then for ROUNDS rounds opens
//   - the triage queue and the "mine" queue by URL (a full page load: the shell, the route's chunks, the API calls)
//     until the table shows its rows, and
//   - a case page by URL until its actions card shows,
// in a fresh page each time (the browser's HTTP cache warm, as for a person who opened the console before).
// The baseline, in the same run: the same page's API calls alone, made from the page with fetch (what no page can
// beat). Reported: median and p95 of each, in ms.
//
//   npm run build && node bench/console.mjs            # CASES=200000 for a quicker look
//
// Writes bench/results/console-<stamp>.json; docs/performance.md ("Console") is written by hand from it.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { buildTemplates, generateDataset } from './generate-cases.mjs';
import { Cleanup, ROOT, adminJwt, envNumber, freePort, http, makeTempDir, serviceEnv, startService, writeResults } from './lib.mjs';

const CASES = envNumber('CASES', 1_000_000);
const ROUNDS = envNumber('CONSOLE_ROUNDS', 15);
// CONSOLE_TRACE=1: print one render's resource timings per page (where the time goes), from the Performance API.
const TRACE = process.env.CONSOLE_TRACE === '1';
// CONSOLE_PROFILE=1: also a CPU profile of that render, summed by script and by function (self time).
const PROFILE = process.env.CONSOLE_PROFILE === '1';
const traced = new Map(); // url → renders so far (the second, with a warm cache, is traced)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (s) => process.stderr.write(`${s}\n`);
const cleanup = new Cleanup();

function summariseProfile(profile, url) {
  if (process.env.CONSOLE_PROFILE_DIR) writeFileSync(path.join(process.env.CONSOLE_PROFILE_DIR, `${url.replace(/^.*\/console\//, '').replace(/\W+/g, '-')}.cpuprofile`), JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i + 1] ?? 0) / 1000));
  const byScript = new Map();
  const byFn = new Map();
  for (const [id, ms] of self) {
    const f = byId.get(id).callFrame;
    const script = f.url ? f.url.replace(/^.*\//, '') : `(${f.functionName || 'native'})`;
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
    const fn = `${f.functionName || '(anonymous)'} ${script}:${f.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
  }
  const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `    ${v.toFixed(0).padStart(5)} ms ${k}`).join('\n');
  log(`CPU profile of ${url}, self time by script:\n${top(byScript, 12)}\nby function:\n${top(byFn, 25)}`);
}

function stats(ms) {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))], max: s.at(-1), n: s.length };
}

async function main() {
  const dataDir = makeTempDir(cleanup);
  const dbPort = await freePort();
  const env = serviceEnv({ port: await freePort(), dbPort, dataDir });
  const svc = await startService({ env, cleanup });
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg` });
  await db.connect();

  const admin = await adminJwt(svc.baseUrl, env);
  const email = 'bench-console@example.test';
  const pw = `bench-${randomUUID()}`;
  const created = await http('POST', `${svc.baseUrl}/v1/users`, { headers: { authorization: `Bearer ${admin}` }, body: { email, password: pw, displayName: 'bench', role: 'secretariat' } });
  const staffId = created.body.id;
  const templates = await buildTemplates({ distDir: path.join(ROOT, 'dist'), staffId });
  log(`generating ${CASES} cases…`);
  const t0 = performance.now();
  const dataset = await generateDataset(db, { cases: CASES, templates, staffId, log });
  log(`generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  // 80 % of the cases assigned among 20 caseworkers, the bench user one of them (as bench/queues.mjs).
  const staff = [staffId, ...Array.from({ length: 19 }, () => randomUUID())];
  await db.query(`UPDATE cases SET assignee_id = ($1::uuid[])[1 + (hashtext(id::text) & 1023) % 20] WHERE (hashtext(id::text) & 1023) % 10 < 8`, [staff]);
  await db.query('VACUUM (ANALYZE) cases, case_deadlines, case_events');
  const caseIds = (await db.query(`SELECT id FROM cases WHERE state = 'investigating' AND assignee_id = $1 ORDER BY received_at DESC LIMIT $2`, [staffId, ROUNDS])).rows.map((r) => r.id);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  cleanup.add('close Chromium', () => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${svc.baseUrl}/console/login`);
  await page.getByLabel('电子邮箱').fill(email);
  await page.getByLabel(/^密码$/).fill(pw);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/console\/cases/);

  /** Opens the URL in a fresh page (the session cookie and the HTTP cache are the context's) until `ready` shows. */
  const render = async (url, ready) => {
    const p = await context.newPage();
    const profiling = PROFILE && (traced.get(url) ?? 0) === 1;
    const cdp = profiling ? await context.newCDPSession(p) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const t = performance.now();
    await p.goto(url);
    await p.locator(ready).first().waitFor({ timeout: 30_000 });
    const ms = performance.now() - t;
    if (cdp) summariseProfile((await cdp.send('Profiler.stop')).profile, url);
    traced.set(url, (traced.get(url) ?? 0) + 1);
    if (TRACE && traced.get(url) === 2) {
      const entries = await p.evaluate(() =>
        [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('paint'), ...performance.getEntriesByType('mark')].map((e) => ({
          name: e.name.replace(location.origin, ''),
          start: Math.round(e.startTime),
          end: Math.round(e.startTime + e.duration),
          kB: 'encodedBodySize' in e ? Math.round(e.encodedBodySize / 1024) : undefined,
        })),
      );
      log(`trace of ${url} (${ms.toFixed(0)} ms; ${await p.locator('style').count()} <style> elements):`);
      for (const e of entries.sort((a, b) => a.start - b.start)) log(`  ${String(e.start).padStart(5)}–${String(e.end).padEnd(5)} ${e.kB === undefined ? '' : `${e.kB} kB `}${e.name}`);
    }
    await p.close();
    return ms;
  };
  /** The same page's API calls alone, from a page of the console's origin (its session), in order, with fetch. */
  const apiOnly = async (paths) =>
    page.evaluate(async (list) => {
      const t = performance.now();
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = await r.json();
      const auth = { authorization: `Bearer ${accessToken}` };
      await Promise.all([fetch('/v1/auth/me', { headers: auth }).then((x) => x.json())]);
      await Promise.all(list.map((p) => fetch(p, { headers: auth }).then((x) => x.json())));
      return performance.now() - t;
    }, paths);

  const results = { cases: CASES, rounds: ROUNDS, dataset, pages: {} };
  const scenarios = [
    { name: 'queue: triage', url: '/console/cases?queue=triage', ready: 'tr[data-row-index="0"]', api: ['/v1/cases/queues', '/v1/complaint-categories', '/v1/cases?state=received&limit=20'] },
    { name: 'queue: mine', url: '/console/cases?queue=mine', ready: 'tr[data-row-index="0"]', api: ['/v1/cases/queues', '/v1/complaint-categories', '/v1/cases?mine=true&open=true&limit=20'] },
  ];
  for (const s of scenarios) {
    await render(`${svc.baseUrl}${s.url}`, s.ready); // warm the HTTP cache and the service
    const page_ = [];
    const api = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      page_.push(await render(`${svc.baseUrl}${s.url}`, s.ready));
      api.push(await apiOnly(s.api));
    }
    results.pages[s.name] = { page: stats(page_), apiOnly: stats(api) };
    log(`${s.name}: page p50 ${stats(page_).p50.toFixed(0)} ms p95 ${stats(page_).p95.toFixed(0)} | API alone p50 ${stats(api).p50.toFixed(0)} ms`);
  }
  {
    const page_ = [];
    const api = [];
    await render(`${svc.baseUrl}/console/cases/${caseIds[0]}`, 'h2:text("可办理的事项")');
    for (const id of caseIds) {
      page_.push(await render(`${svc.baseUrl}/console/cases/${id}`, 'h2:text("可办理的事项")'));
      api.push(await apiOnly([`/v1/cases/${id}`, `/v1/cases/${id}/history`, `/v1/cases/${id}/evidence`, '/v1/case-events']));
    }
    results.pages['case page'] = { page: stats(page_), apiOnly: stats(api) };
    log(`case page: page p50 ${stats(page_).p50.toFixed(0)} ms p95 ${stats(page_).p95.toFixed(0)} | API alone p50 ${stats(api).p50.toFixed(0)} ms`);
  }
  writeResults('console', results);
  await db.end();
}

main()
  .catch((e) => {
    log(e?.stack ?? String(e));
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());
