// Benchmark for the referrals issue (not a test): how long the approval of a referral takes (the
// packet is assembled, canonicalised and Ed25519-signed inside that transaction), and how much the
// service's memory grows while it streams the referral ZIP, for a case with 200 history entries and
// 50 evidence files of 1 MiB (50 MiB).
//
//   npm run bench:referrals                   # builds dist/ if stale, then runs this script
//   BENCH_CASES=1 node bench/referrals.mjs    # one case instead of three
//
// Environment: BENCH_CASES (cases measured, default 3), BENCH_FILES (evidence files per case, default 50),
// BENCH_FILE_MIB (size of each, default 1), BENCH_EVENTS (history entries at approval, default 200),
// BENCH_START_TIMEOUT (s, default 120). Flag: --no-docs (do not touch docs/performance.md).
//
// Goals: packet built and signed ≤ 1 s (the APPROVE request, which includes it); ZIP streamed with the
// service's RSS growing ≤ 50 MB. Everything runs on 127.0.0.1; what it starts is stopped at the end.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  Cleanup,
  ROOT,
  cpuWatch,
  envNumber,
  fmt,
  freePort,
  http,
  machineInfo,
  makeTempDir,
  markdownTable,
  replaceMarkedSection,
  serviceEnv,
  startService,
  stopService,
  writeResults,
} from './lib.mjs';

const argv = process.argv.slice(2);
const unknown = argv.filter((a) => a !== '--no-docs');
if (unknown.length) {
  process.stderr.write(`unknown argument(s): ${unknown.join(' ')}\n`);
  process.exit(2);
}
const CASES = envNumber('BENCH_CASES', 3);
const FILES = envNumber('BENCH_FILES', 50);
const FILE_MIB = envNumber('BENCH_FILE_MIB', 1);
const EVENTS = envNumber('BENCH_EVENTS', 200);
const START_TIMEOUT = envNumber('BENCH_START_TIMEOUT', 120);
const GOAL_APPROVE_MS = 1000;
const GOAL_RSS_MB = 50;
const MB = 1024 * 1024;
const log = (s) => process.stderr.write(`${s}\n`);

/** Resident set size of a process, from /proc (Linux). */
function rssBytes(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** Samples a process's RSS every `ms` until stopped; returns { max, samples }. */
function rssSampler(pid, ms = 20) {
  let max = rssBytes(pid);
  let samples = 1;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, rssBytes(pid));
      samples += 1;
    } catch {
      /* exited */
    }
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      max = Math.max(max, rssBytes(pid));
      return { max, samples };
    },
  };
}

/** A PDF-looking file (the service sniffs types by content), random beyond its header: it does not compress. */
function evidenceFile(i) {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% bench evidence ${i}\n`), randomBytes(FILE_MIB * MB - 40)]);
}

const cleanup = new Cleanup();
const results = { startedAt: new Date().toISOString(), machine: machineInfo(), config: { CASES, FILES, FILE_MIB, EVENTS }, cases: [] };
try {
  const dataDir = makeTempDir(cleanup);
  const env = serviceEnv({
    port: await freePort(),
    dbPort: await freePort(),
    dataDir,
    extra: {
      EVIDENCE_MAX_FILES: String(FILES),
      EVIDENCE_MAX_FILE_BYTES: String(FILE_MIB * MB + MB),
      EVIDENCE_MAX_CASE_BYTES: String(FILES * (FILE_MIB + 1) * MB),
      BODY_LIMIT_BYTES: String(4 * MB),
    },
  });
  log('starting the service on a fresh embedded PostgreSQL…');
  const service = await startService({ env, cleanup, timeoutMs: START_TIMEOUT * 1000 });
  const base = service.baseUrl;
  const call = async (method, p, { token, key, body, timeoutMs = 30_000 } = {}) => {
    const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(key ? { 'x-api-key': key } : {}) };
    const res = await http(method, `${base}${p}`, { headers, body, timeoutMs });
    if (res.status >= 300) throw new Error(`${method} ${p}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const login = async (email, password) => (await call('POST', '/v1/auth/login', { body: { email, password } })).accessToken;
  const admin = await login(env.BOOTSTRAP_ADMIN_EMAIL, env.BOOTSTRAP_ADMIN_PASSWORD);
  const user = async (role, extra = {}) => {
    const email = `${role}-${randomBytes(3).toString('hex')}@bench.test`;
    const password = `pw-${randomBytes(9).toString('hex')}`;
    await call('POST', '/v1/users', { token: admin, body: { email, password, displayName: role, role, ...extra } });
    return login(email, password);
  };
  const agency = await call('POST', '/v1/agencies', { token: admin, body: { name: '基准测试公安局网安支队', jurisdiction: '某市' } });
  const proposer = await user('supervisor');
  const approver = await user('supervisor');
  const liaison = await user('law_enforcement', { agencyId: agency.id });
  const partner = await call('POST', '/v1/partners', { token: admin, body: { name: '基准伙伴', domains: ['partner.bench.test'] } });
  const partnerKey = partner.apiKey.key;
  const files = Array.from({ length: FILES }, (_, i) => evidenceFile(i));
  const evidenceBytes = files.reduce((s, f) => s + f.length, 0);
  const notes = EVENTS - 3; // RECEIVED + notes + PROPOSE_REFERRAL + APPROVE

  for (let n = 1; n <= CASES; n++) {
    log(`case ${n}/${CASES}: complaint, ${FILES} evidence files (${fmt(evidenceBytes / MB, 1)} MiB), ${notes} notes…`);
    const externalId = `bench-${n}-${randomBytes(4).toString('hex')}`;
    const submitted = await http('POST', `${base}/v1/partner/complaints`, {
      headers: { 'x-api-key': partnerKey, 'idempotency-key': externalId },
      body: {
        externalId,
        // A respondent that is not a member: the case can be referred straight from `received`.
        respondent: { name: '某非会员网站', url: 'https://nonmember.bench.test/' },
        category: 'fraud',
        title: '基准测试投诉',
        description: '用于测量移送材料包的生成与下载。',
        occurredAt: '2026-10-01T10:00:00+08:00',
        complainant: { name: '基准投诉人', phone: '13800000000', email: 'bench@example.test' },
      },
    });
    if (submitted.status !== 201) throw new Error(`complaint: HTTP ${submitted.status} ${JSON.stringify(submitted.body)}`);
    const { caseId, reference } = submitted.body;
    for (let i = 0; i < FILES; i += 10) {
      const form = new FormData();
      files.slice(i, i + 10).forEach((f, j) => form.append('files', new Blob([f], { type: 'application/pdf' }), `证据-${String(i + j + 1).padStart(2, '0')}.pdf`));
      const res = await fetch(`${base}/v1/partner/complaints/${reference}/evidence`, { method: 'POST', headers: { 'x-api-key': partnerKey }, body: form });
      if (res.status !== 201) throw new Error(`evidence: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    for (let i = 0; i < notes; i++) await call('POST', `/v1/cases/${caseId}/events`, { token: proposer, body: { type: 'ADD_NOTE', text: `核查记录 ${i + 1}：${'调查过程记录。'.repeat(8)}` } });
    await call('POST', `/v1/cases/${caseId}/events`, { token: proposer, body: { type: 'PROPOSE_REFERRAL', agencyId: agency.id, justification: '涉嫌诈骗，建议移送' } });

    const cpu = cpuWatch();
    const t0 = performance.now();
    await call('POST', `/v1/cases/${caseId}/events`, { token: approver, body: { type: 'APPROVE' } });
    const approveMs = performance.now() - t0;
    const approveCpu = cpu.stop();
    const referral = (await call('GET', `/v1/referrals?caseId=${caseId}`, { token: liaison })).items[0];

    const t1 = performance.now();
    const packetRes = await fetch(`${base}/v1/referrals/${referral.id}/packet`, { headers: { authorization: `Bearer ${liaison}` } });
    const packet = Buffer.from(await packetRes.arrayBuffer());
    const packetMs = performance.now() - t1;
    const parsed = JSON.parse(packet.toString('utf8'));
    if (parsed.timeline.length !== EVENTS || parsed.evidence.length !== FILES) {
      throw new Error(`packet has ${parsed.timeline.length} events and ${parsed.evidence.length} files, expected ${EVENTS} and ${FILES}`);
    }

    // ZIP: stream it through a hash (the client keeps nothing) while sampling the service's RSS.
    await new Promise((r) => setTimeout(r, 500));
    const rssBefore = rssBytes(service.pid);
    const sampler = rssSampler(service.pid);
    const zipCpu = cpuWatch();
    const t2 = performance.now();
    const zipRes = await fetch(`${base}/v1/referrals/${referral.id}/packet.zip`, { headers: { authorization: `Bearer ${liaison}` } });
    if (zipRes.status !== 200) throw new Error(`zip: HTTP ${zipRes.status}`);
    const hash = createHash('sha256');
    const chunks = [];
    let zipBytes = 0;
    for await (const chunk of zipRes.body) {
      hash.update(chunk);
      zipBytes += chunk.length;
      if (n === 1) chunks.push(Buffer.from(chunk));
    }
    const zipMs = performance.now() - t2;
    const { max: rssMax, samples } = sampler.stop();
    const zipCpuShare = zipCpu.stop();

    let verify;
    if (n === 1) {
      // The offline verifier on the downloaded ZIP, against the published key set.
      const dir = makeTempDir(cleanup);
      const jwks = path.join(dir, 'jwks.json');
      writeFileSync(jwks, JSON.stringify(await call('GET', '/v1/public/signing-key')));
      const { verifyPacketZip } = await import(pathToFileURL(path.join(ROOT, 'dist/src/referrals/packet-verifier.js')).href);
      const t3 = performance.now();
      const report = await verifyPacketZip(Buffer.concat(chunks), { kind: 'jwks', location: jwks });
      verify = { ok: report.ok, ms: performance.now() - t3, checks: report.checks.length };
      if (!report.ok) throw new Error(`the downloaded ZIP did not verify: ${JSON.stringify(report.checks.filter((c) => !c.ok))}`);
    }
    const row = {
      caseId,
      approveMs,
      approveOthersCpu: approveCpu.others,
      packetBytes: packet.length,
      packetFetchMs: packetMs,
      zipBytes,
      zipMs,
      zipMiBps: zipBytes / MB / (zipMs / 1000),
      rssBeforeMB: rssBefore / MB,
      rssMaxMB: rssMax / MB,
      rssGrowthMB: (rssMax - rssBefore) / MB,
      rssSamples: samples,
      zipOthersCpu: zipCpuShare.others,
      verify,
    };
    results.cases.push(row);
    log(`  APPROVE (build + sign + store) ${fmt(approveMs)} ms; ZIP ${fmt(zipBytes / MB, 1)} MiB in ${fmt(zipMs)} ms; RSS +${fmt(row.rssGrowthMB, 1)} MB`);
  }
  results.stop = await stopService(service);

  const worstApprove = Math.max(...results.cases.map((c) => c.approveMs));
  const worstRss = Math.max(...results.cases.map((c) => c.rssGrowthMB));
  const file = writeResults('referrals', results);
  const m = results.machine;
  const pct = (x) => (x === undefined ? '–' : `${fmt(x * 100)}%`);
  const section = [
    '### Referrals (`bench/referrals.mjs`)',
    '',
    `- Date: ${results.startedAt}`,
    `- Command: \`npm run bench:referrals\`${CASES !== 3 ? ` (BENCH_CASES=${CASES})` : ''}`,
    `- Machine: ${m.nproc} cores, ${m.cpuModel}, ${m.memGiB} GiB RAM, ${m.os}; Node ${m.node}`,
    `- Per case: ${EVENTS} history entries at approval, ${FILES} evidence files of ${FILE_MIB} MiB (${fmt(evidenceBytes / MB, 1)} MiB), through the real HTTP API;`,
    '  the service runs with `NODE_ENV=production LOG_LEVEL=warn` on its own embedded PostgreSQL; the client hashes the ZIP as it arrives and keeps nothing.',
    '',
    markdownTable(
      ['case', 'APPROVE (builds + signs the packet) ms', 'packet bytes', 'GET packet ms', 'ZIP MiB', 'ZIP ms', 'ZIP MiB/s', 'service RSS before → max (MB)', 'RSS growth MB', 'other processes\' CPU'],
      results.cases.map((c, i) => [
        String(i + 1),
        fmt(c.approveMs),
        fmt(c.packetBytes),
        fmt(c.packetFetchMs),
        fmt(c.zipBytes / MB, 1),
        fmt(c.zipMs),
        fmt(c.zipMiBps, 1),
        `${fmt(c.rssBeforeMB)} → ${fmt(c.rssMaxMB)}`,
        fmt(c.rssGrowthMB, 1),
        pct(Math.max(c.approveOthersCpu ?? 0, c.zipOthersCpu ?? 0)),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `Offline verification of the first ZIP (\`verify-packet\` logic: signature + ${FILES} SHA-256): ${results.cases[0].verify ? `${fmt(results.cases[0].verify.ms)} ms, ${results.cases[0].verify.ok ? 'verified' : 'FAILED'}` : 'not run'}.`,
    '',
    `Goals: packet built and signed ≤ ${GOAL_APPROVE_MS} ms (worst APPROVE ${fmt(worstApprove)} ms): **${worstApprove <= GOAL_APPROVE_MS ? 'met' : 'not met'}**;`,
    `ZIP streamed with RSS growth ≤ ${GOAL_RSS_MB} MB (worst ${fmt(worstRss, 1)} MB): **${worstRss <= GOAL_RSS_MB ? 'met' : 'not met'}**.`,
    '',
    `Raw figures: \`${path.relative(ROOT, file)}\` (git-ignored).`,
  ].join('\n');
  process.stdout.write(`\n${section}\n`);
  if (!argv.includes('--no-docs')) replaceMarkedSection(path.join(ROOT, 'docs/performance.md'), 'referrals', section);
} catch (e) {
  process.stderr.write(`benchmark failed: ${e.stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
