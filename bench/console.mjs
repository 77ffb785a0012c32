// How fast the console's queue and case pages render on a large database (issue #16; not a test): builds the case
// data set of bench/generate-cases.mjs (CASES, default 1,000,000) in a fresh embedded PostgreSQL behind the built
// service, signs a secretariat user in through the sign-in page in Debian's Chromium, then for ROUNDS rounds opens
//   - the triage queue and the "mine" queue by URL (a full page load: the shell, the route's chunks, the API calls)
//     until the table shows its rows, and
//   - a case page by URL until its actions card shows,
// in a fresh page each time (the browser's HTTP cache warm, as for a person who opened the console before).
// The baseline, in the same run: the same page's API calls alone, made from the page with fetch (what no page can
// beat); with BASELINE_CONSOLE_DIR also another build of the console (say the revision before a change), served by a
// second instance of the service on the same database and measured in the same rounds, interleaved. Reported: median
// and p95 of each, in ms. BENCH_WAIT_QUIET=<s> waits for a quiet machine before each page; CONSOLE_TRACE=1 prints one
// render's resource timings per page, CONSOLE_PROFILE=1 a CPU profile summary (CONSOLE_PROFILE_DIR keeps the profiles).
//
//   npm run build && node bench/console.mjs            # CASES=200000 for a quicker look
//   BASELINE_CONSOLE_DIR=/path/to/other/dist/console node bench/console.mjs
//
// Writes bench/results/console-<stamp>.json; docs/performance.md ("Console") is written by hand from it.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { buildTemplates, generateDataset } from './generate-cases.mjs';
import { Cleanup, ROOT, adminJwt, envNumber, freePort, http, makeTempDir, serviceEnv, startService, waitForQuietCpu, writeResults } from './lib.mjs';

const CASES = envNumber('CASES', 1_000_000);
const ROUNDS = envNumber('CONSOLE_ROUNDS', 15);
// CONSOLE_TRACE=1: print one render's resource timings per page (where the time goes), from the Performance API.
const TRACE = process.env.CONSOLE_TRACE === '1';
// CONSOLE_PROFILE=1: also a CPU profile of that render, summed by script and by function (self time).
const PROFILE = process.env.CONSOLE_PROFILE === '1';
const traced = new Map(); // url → renders so far (the second, with a warm cache, is traced)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// BASELINE_CONSOLE_DIR: another build of the console (e.g. an earlier revision's dist/console), measured beside this one.
const BASELINE_DIR = process.env.BASELINE_CONSOLE_DIR || undefined;
// BENCH_WAIT_QUIET: seconds to wait, before each page's rounds, for other processes to leave the CPUs (default 0).
const WAIT_QUIET_S = envNumber('BENCH_WAIT_QUIET', 0);
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

  // The console as built now, and optionally another build of it (BASELINE_CONSOLE_DIR, e.g. an earlier revision's
  // dist/console) served by a second instance of the service on the same database, measured in the same rounds.
  const targets = [{ name: 'console', baseUrl: svc.baseUrl }];
  if (BASELINE_DIR) {
    const base = await startService({
      env: { ...env, PORT: String(await freePort()), CONSOLE_DIR: path.resolve(BASELINE_DIR), DATABASE_URL: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${dbPort}/selfreg`, DATA_DIR: makeTempDir(cleanup) },
      cleanup,
      label: 'service (baseline console)',
    });
    targets.push({ name: 'baseline', baseUrl: base.baseUrl });
  }

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  cleanup.add('close Chromium', () => browser.close());
  for (const target of targets) {
    // A context per target: its own cookie jar and HTTP cache (both services are on 127.0.0.1).
    target.context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    target.page = await target.context.newPage();
    await target.page.goto(`${target.baseUrl}/console/login`);
    await target.page.getByLabel('电子邮箱').fill(email);
    await target.page.getByLabel(/^密码$/).fill(pw);
    await target.page.getByRole('button', { name: '登录' }).click();
    await target.page.waitForURL(/\/console\/cases/);
  }

  /** Opens the URL in a fresh page (the session cookie and the HTTP cache are the context's) until `ready` shows. */
  const render = async (target, pathname, ready) => {
    const url = `${target.baseUrl}${pathname}`;
    const key = `${target.name} ${pathname}`;
    const p = await target.context.newPage();
    const profiling = PROFILE && (traced.get(key) ?? 0) === 1;
    const tracing = TRACE && (traced.get(key) ?? 0) === 1;
    const cdp = profiling || tracing ? await target.context.newCDPSession(p) : null;
    if (tracing) await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (profiling) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const t = performance.now();
    await p.goto(url);
    await p.locator(ready).first().waitFor({ timeout: 30_000 });
    const ms = performance.now() - t;
    if (profiling) summariseProfile((await cdp.send('Profiler.stop')).profile, key);
    if (tracing) {
      // The main thread's own time (thread ticks: CPU time, not wall time) by kind of work, from the page's start.
      const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
      const ms = (v) => `${Math.round(v * 1000)} ms`;
      log(`main thread of ${key}: script ${ms(m.ScriptDuration)}, style ${ms(m.RecalcStyleDuration)} (${m.RecalcStyleCount}×), layout ${ms(m.LayoutDuration)} (${m.LayoutCount}×), all tasks ${ms(m.TaskDuration)}`);
    }
    traced.set(key, (traced.get(key) ?? 0) + 1);
    if (tracing) {
      const entries = await p.evaluate(() =>
        [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'), ...performance.getEntriesByType('paint'), ...performance.getEntriesByType('mark')].map((e) => ({
          name: e.name.replace(location.origin, ''),
          start: Math.round(e.startTime),
          end: Math.round(e.startTime + e.duration),
          kB: 'encodedBodySize' in e ? Math.round(e.encodedBodySize / 1024) : undefined,
          // 0 when the browser's cache answered
          sent: 'transferSize' in e ? e.transferSize : undefined,
        })),
      );
      log(`trace of ${key} (${ms.toFixed(0)} ms; ${await p.locator('style').count()} <style> elements):`);
      for (const e of entries.sort((a, b) => a.start - b.start)) log(`  ${String(e.start).padStart(5)}–${String(e.end).padEnd(5)} ${e.kB === undefined ? '' : `${e.kB} kB${e.sent === 0 ? ' (cache)' : ''} `}${e.name}`);
    }
    await p.close();
    return ms;
  };
  /** The same page's API calls alone, from a page of the console's origin (its session), in order, with fetch. */
  const apiOnly = async (paths) =>
    targets[0].page.evaluate(async (list) => {
      const t = performance.now();
      const r = await fetch('/v1/auth/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'selfreg-console' } });
      const { accessToken } = await r.json();
      const auth = { authorization: `Bearer ${accessToken}` };
      await Promise.all([fetch('/v1/auth/me', { headers: auth }).then((x) => x.json())]);
      await Promise.all(list.map((p) => fetch(p, { headers: auth }).then((x) => x.json())));
      return performance.now() - t;
    }, paths);

  const results = { cases: CASES, rounds: ROUNDS, baselineConsole: BASELINE_DIR ?? null, dataset, pages: {} };
  const ready = 'h2:text("可办理的事项")';
  const scenarios = [
    // The shell (layout, menu, header) with a page that asks for nothing more than who I am: what every page costs.
    { name: 'shell: my account', urls: ['/console/account'], ready: 'form', api: () => [] },
    { name: 'queue: triage', urls: ['/console/cases?queue=triage'], ready: 'tr[data-row-index="0"]', api: () => ['/v1/cases/queues', '/v1/complaint-categories', '/v1/cases?state=received&limit=20'] },
    { name: 'queue: mine', urls: ['/console/cases?queue=mine'], ready: 'tr[data-row-index="0"]', api: () => ['/v1/cases/queues', '/v1/complaint-categories', '/v1/cases?mine=true&open=true&limit=20'] },
    { name: 'case page', urls: caseIds.map((id) => `/console/cases/${id}`), ready, api: (u) => { const id = u.split('/').at(-1); return [`/v1/cases/${id}`, `/v1/cases/${id}/history`, `/v1/cases/${id}/evidence`, '/v1/case-events']; } },
  ];
  for (const s of scenarios) {
    await waitForQuietCpu({ seconds: WAIT_QUIET_S, what: s.name, log });
    for (const target of targets) await render(target, s.urls[0], s.ready); // warm the HTTP cache and the service
    const pages = Object.fromEntries(targets.map((t) => [t.name, []]));
    const api = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const u = s.urls[i % s.urls.length];
      // Interleaved, each round in a different order, so the machine's ups and downs fall on every target alike.
      for (const target of i % 2 ? [...targets].reverse() : targets) pages[target.name].push(await render(target, u, s.ready));
      api.push(await apiOnly(s.api(u)));
    }
    results.pages[s.name] = { ...Object.fromEntries(targets.map((t) => [t.name, stats(pages[t.name])])), apiOnly: stats(api) };
    log(`${s.name}: ${targets.map((t) => `${t.name} p50 ${stats(pages[t.name]).p50.toFixed(0)} ms p95 ${stats(pages[t.name]).p95.toFixed(0)}`).join(' | ')} | API alone p50 ${stats(api).p50.toFixed(0)} ms`);
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
