// Generates a realistic case history straight into PostgreSQL with `INSERT … SELECT generate_series`, for the
// reports benchmark: members, partners, cases and their case_events, following valid paths of the case machine
// (intake, triage, respondent request and answer on time or late, mediation, resolution, confirmation, publication,
// referral, dismissal, withdrawal, merge, disputes), with timestamps spread over a date range and every path cut at
// the data set's "now" so recent cases are still open. Each case's state, phase, overdue flag and updated_at are the
// ones its last generated event leaves (as the service's one door would).
//
// Deterministic: the same --cases and dates give the same data (pseudo-random numbers come from PostgreSQL's
// hashint8extended of the case number). Rows go in chunk by chunk in time order, so the tables' physical order
// follows time roughly as in a live system (append-only history); secondary indexes are dropped during the load and
// built once at the end, and foreign-key triggers are skipped (the rows are consistent by construction).
//
// Usage: node bench/generate-cases.mjs --url postgres://… [--cases 1000000] [--members 500] [--partners 20]
//          [--from 2023-01-01] [--to 2026-11-15] [--chunk 50000]
// The database must be migrated (start the service once against it). Rows are tagged: references start with "BX-".
import pg from 'pg';

/**
 * Paths through the case machine: [type, fromState, toState, phase, fromPhase, extra payload, hours after receipt
 * for a case of average speed]. Hours only increase along a path; a per-case speed factor (0.5–2) stretches them.
 */
const R = 'received';
const I = 'investigating';
const PATHS = {
  // 31%: answered on time, upheld, confirmed.
  upheld: [31, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['ADD_INFORMATION', I, I, 'awaiting_response', 'awaiting_response', { text: '补充说明' }, 40],
    ['ADD_NOTE', I, I, 'awaiting_response', 'awaiting_response', { text: '已电话联系被投诉方' }, 50],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'action_promised', action: '退款并下架商品', by: '2030-01-01' } }, 100],
    ['RESOLVE', I, 'resolved', null, 'reviewing', { upheld: true, outcome: '已退款' }, 240],
    ['CONFIRM', 'resolved', 'closed', null, null, {}, 300],
  ]],
  // 15%: the respondent missed the deadline, answered late; not upheld; closed when confirmation timed out.
  late: [15, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 3],
    ['ACCEPT', R, I, 'reviewing', null, {}, 22],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['DEADLINE_ELAPSED', I, I, 'awaiting_response', 'awaiting_response', { deadline: 'response' }, 194],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'unfounded', reasons: '商品已按约发货' } }, 230],
    ['ADD_NOTE', I, I, 'reviewing', 'reviewing', { text: '核实答复内容' }, 300],
    ['RESOLVE', I, 'resolved', null, 'reviewing', { upheld: false, outcome: '投诉不成立' }, 400],
    ['DEADLINE_ELAPSED', 'resolved', 'closed', null, null, { deadline: 'confirmation' }, 568],
  ]],
  // 12%: mediated agreement.
  mediated: [12, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'action_promised', action: '协商赔偿', by: '2030-01-01' } }, 90],
    ['START_MEDIATION', I, 'mediating', null, 'reviewing', {}, 120],
    ['RECORD_MEDIATION_SESSION', 'mediating', 'mediating', null, null, { summary: '第一次调解' }, 200],
    ['AGREEMENT', 'mediating', 'resolved', null, null, { terms: '双方达成和解' }, 260],
    ['CONFIRM', 'resolved', 'closed', null, null, {}, 320],
  ]],
  // 4%: missed deadline, mediation failed, publicized after the right of reply, closed.
  publicized: [4, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['DEADLINE_ELAPSED', I, I, 'awaiting_response', 'awaiting_response', { deadline: 'response' }, 194],
    ['START_MEDIATION', I, 'mediating', null, 'awaiting_response', {}, 220],
    ['MEDIATION_FAILED', 'mediating', I, 'reviewing', null, { reason: '被投诉方拒绝' }, 400],
    ['PROPOSE_PUBLICATION', I, I, 'reviewing', 'reviewing', { summary: '拒不整改', findings: '查证属实' }, 420],
    ['RIGHT_OF_REPLY', I, I, 'reviewing', 'reviewing', { reply: '无异议' }, 500],
    ['APPROVE', I, 'publicized', null, 'reviewing', {}, 600],
    ['CLOSE', 'publicized', 'closed', null, null, {}, 900],
  ]],
  // 2%: referred to law enforcement, acknowledged, concluded.
  referred: [2, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'unfounded', reasons: '否认' } }, 120],
    ['PROPOSE_REFERRAL', I, I, 'reviewing', 'reviewing', { agencyId: '00000000-0000-4000-8000-000000000002', justification: '涉嫌诈骗' }, 200],
    ['APPROVE', I, 'referred', 'pending', 'reviewing', {}, 260],
    ['LE_ACKNOWLEDGE', 'referred', 'referred', 'acknowledged', 'pending', { referenceNumber: '公网安备-2025-001' }, 400],
    ['LE_CONCLUDE', 'referred', 'closed', null, 'acknowledged', { outcome: '已立案' }, 1500],
  ]],
  // 10%: dismissed at triage (outside the association's remit).
  dismissed: [10, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 3],
    ['ADD_NOTE', R, R, null, null, { text: '不属于受理范围' }, 10],
    ['DISMISS', R, 'dismissed', null, null, { reason: '不属于受理范围' }, 30],
  ]],
  // 5%: withdrawn by the complainant.
  withdrawn: [5, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['ADD_INFORMATION', I, I, 'awaiting_response', 'awaiting_response', { text: '问题已自行解决' }, 40],
    ['WITHDRAW', I, 'withdrawn', null, 'awaiting_response', {}, 60],
  ]],
  // 3%: duplicate, merged.
  merged: [3, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['MERGE', R, 'merged', null, null, { targetCaseId: '00000000-0000-4000-8000-000000000001' }, 5],
  ]],
  // 8%: the respondent is not concerned; dismissed after investigation.
  notConcerned: [8, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'not_concerned', note: '非本公司网站' } }, 80],
    ['ADD_NOTE', I, I, 'reviewing', 'reviewing', { text: '核实网站归属' }, 100],
    ['DISMISS', I, 'dismissed', null, 'reviewing', { reason: '被投诉对象有误' }, 150],
  ]],
  // 6%: resolved, disputed, investigated again, resolved again.
  disputed: [6, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['ACCEPT', R, I, 'reviewing', null, {}, 20],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 26],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'action_promised', action: '整改', by: '2030-01-01' } }, 90],
    ['RESOLVE', I, 'resolved', null, 'reviewing', { upheld: true, outcome: '责令整改' }, 200],
    ['DISPUTE', 'resolved', I, 'reviewing', null, { reason: '未整改到位' }, 260],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 280],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'action_promised', action: '再次整改', by: '2030-01-01' } }, 350],
    ['ADD_NOTE', I, I, 'reviewing', 'reviewing', { text: '复查' }, 420],
    ['RESOLVE', I, 'resolved', null, 'reviewing', { upheld: true, outcome: '已整改' }, 500],
    ['CONFIRM', 'resolved', 'closed', null, null, {}, 560],
  ]],
  // 4%: a long investigation with notes and reassignment, upheld.
  long: [4, [
    ['RECEIVED', null, R, null, null, {}, 0],
    ['ASSIGN', R, R, null, null, {}, 2],
    ['DEADLINE_ELAPSED', R, R, null, null, { deadline: 'triage' }, 60],
    ['ACCEPT', R, I, 'reviewing', null, {}, 70],
    ['REQUEST_RESPONSE', I, I, 'awaiting_response', 'reviewing', {}, 80],
    ['RESPOND', I, I, 'reviewing', 'awaiting_response', { response: { kind: 'action_promised', action: '整改', by: '2030-01-01' } }, 150],
    ['ASSIGN', I, I, 'reviewing', 'reviewing', {}, 300],
    ['ADD_NOTE', I, I, 'reviewing', 'reviewing', { text: '调取证据' }, 400],
    ['DEADLINE_ELAPSED', I, I, 'reviewing', 'reviewing', { deadline: 'resolution' }, 800],
    ['RESOLVE', I, 'resolved', null, 'reviewing', { upheld: true, outcome: '已整改' }, 900],
    ['CONFIRM', 'resolved', 'closed', null, null, {}, 950],
  ]],
};

const CHANNELS = [['partner', 45], ['web', 30], ['phone', 12], ['email', 6], ['letter', 5], ['visit', 2]];
const CATEGORIES = [
  ['fraud', 25], ['service_quality', 20], ['false_advertising', 15], ['privacy_infringement', 12], ['harmful_information', 10],
  ['illegal_information', 6], ['intellectual_property', 5], ['other', 7],
];
const MEMBER_CATEGORIES = [['telecom_operator', 3], ['government', 10], ['ecommerce', 35], ['enterprise_site', 40], ['other', 12]];

/** A SQL CASE choosing a value by cumulative weight from a uniform [0,1) expression. */
function pick(expr, weighted) {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const whens = weighted.slice(0, -1).map(([v, w]) => {
    acc += w;
    return `WHEN ${expr} < ${acc / total} THEN '${v}'`;
  });
  return `CASE ${whens.join(' ')} ELSE '${weighted[weighted.length - 1][0]}' END`;
}

const lit = (v) => (v === null ? 'NULL' : `'${String(v).replace(/'/g, "''")}'`);

function pathValues() {
  const rows = [];
  const names = Object.keys(PATHS);
  names.forEach((name, p) => {
    PATHS[name][1].forEach(([type, from, to, phase, fromPhase, extra, hours], i) => {
      rows.push(`(${p}, ${i + 1}, ${lit(type)}, ${lit(from)}, ${lit(to)}, ${lit(phase)}, ${lit(fromPhase)}, ${lit(JSON.stringify(extra))}::jsonb, ${hours})`);
    });
  });
  const weights = names.map((n) => [String(names.indexOf(n)), PATHS[n][0]]);
  return { values: rows.join(',\n'), pickPath: (expr) => pick(expr, weights).replace(/'(\d+)'/g, '$1') };
}

/** Uniform [0,1) for case number n and a salt. */
const rnd = (n, salt) => `((hashint8extended(${n}, ${salt}) & 1048575)::float8 / 1048576)`;

export async function generate({ url, cases = 1_000_000, members = 500, partners = 20, from = '2023-01-01', to = '2026-11-15', chunk = 50_000, log = () => undefined }) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const t0 = Date.now();
  try {
    await client.query('SET synchronous_commit = off');
    // The rows are consistent by construction: skip the per-row foreign-key triggers while loading (superuser only).
    await client.query('SET session_replication_role = replica');
    const { values, pickPath } = pathValues();
    await client.query(`CREATE TEMP TABLE bench_paths (path int, step int, type text, from_state text, to_state text, phase text, from_phase text, extra jsonb, hours float8, PRIMARY KEY (path, step))`);
    await client.query(`INSERT INTO bench_paths VALUES ${values}`);
    await client.query(`CREATE TEMP TABLE bench_members (k int PRIMARY KEY, id uuid NOT NULL)`);
    await client.query(
      `INSERT INTO members (id, name, credit_code, kind, category, joined_on, status)
       SELECT md5('bench-member-' || k)::uuid, '压测会员单位' || lpad(k::text, 4, '0'), 'BX' || lpad(k::text, 16, '0'), 'organisation',
              ${pick(rnd('k', 11), MEMBER_CATEGORIES)}, DATE '2020-01-01', 'active'
         FROM generate_series(1, $1::int) k`,
      [members],
    );
    await client.query(`INSERT INTO bench_members SELECT k, md5('bench-member-' || k)::uuid FROM generate_series(1, $1::int) k`, [members]);
    await client.query(`CREATE TEMP TABLE bench_partners (k int PRIMARY KEY, id uuid NOT NULL)`);
    await client.query(
      `INSERT INTO partners (id, name, domains) SELECT md5('bench-partner-' || k)::uuid, '压测合作网站' || lpad(k::text, 2, '0'), '[]'::jsonb FROM generate_series(1, $1::int) k`,
      [partners],
    );
    await client.query(`INSERT INTO bench_partners SELECT k, md5('bench-partner-' || k)::uuid FROM generate_series(1, $1::int) k`, [partners]);
    log(`members and partners: ${Date.now() - t0} ms`);

    // Bulk-load practice: drop the secondary indexes of the two big tables, load, build them again once.
    const { rows: indexes } = await client.query(
      `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relname IN ('cases', 'case_events') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)`,
    );
    for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);
    try {
      await load();
    } finally {
      const ti = Date.now();
      await client.query(`SET maintenance_work_mem = '256MB'`);
      for (const ix of indexes) await client.query(ix.def);
      log(`${indexes.length} indexes built: ${Date.now() - ti} ms`);
    }
    const tv = Date.now();
    await client.query('VACUUM (ANALYZE) cases');
    await client.query('VACUUM (ANALYZE) case_events');
    await client.query('ANALYZE members');
    log(`vacuum analyze: ${Date.now() - tv} ms`);
    const { rows } = await client.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events`);
    return { ...rows[0], seconds: (Date.now() - t0) / 1000 };
  } finally {
    await client.end();
  }

  async function load() {
    const { pickPath } = pathValues();
    const start = `TIMESTAMPTZ '${from} 00:00:00+08'`;
    const end = `TIMESTAMPTZ '${to} 00:00:00+08'`;
    for (let lo = 1; lo <= cases; lo += chunk) {
      const hi = Math.min(cases, lo + chunk - 1);
      const tc = Date.now();
      // Per-case parameters, derived from the case number only, so both inserts below agree.
      const params = `
        SELECT n, md5('bench-case-' || n)::uuid AS id,
               ${start} + (${end} - ${start}) * ((n - 1 + ${rnd('n', 1)}) / ${cases}) AS received_at,
               ${pick(rnd('n', 2), CHANNELS)} AS channel,
               ${pick(rnd('n', 3), CATEGORIES)} AS category,
               CASE WHEN ${rnd('n', 4)} < 0.05 THEN NULL ELSE 1 + floor(${members} * power(${rnd('n', 5)}, 2))::int END AS member_k,
               1 + floor(${partners} * ${rnd('n', 6)})::int AS partner_k,
               ${pickPath(rnd('n', 7))} AS path0,
               0.5 + 1.5 * ${rnd('n', 8)} AS speed
          FROM generate_series(${lo}, ${hi}) n`;
      // A case without a respondent member can only be dismissed at triage or merged.
      const steps = `
        SELECT p.*, CASE WHEN p.member_k IS NULL AND p.path0 NOT IN (5, 7) THEN 5 ELSE p.path0 END AS path
          FROM (${params}) p`;
      const timed = `
        SELECT * FROM (
          SELECT s.*, bp.step, bp.type, bp.from_state, bp.to_state, bp.phase, bp.from_phase, bp.extra,
                 s.received_at + make_interval(secs => bp.hours * 3600 * s.speed + bp.step) AS at
            FROM bench_case_params s JOIN bench_paths bp ON bp.path = s.path) t
         WHERE t.at < ${end}`;
      await client.query('BEGIN');
      await client.query(`CREATE TEMP TABLE bench_case_params ON COMMIT DROP AS ${steps}`);
      await client.query(`CREATE TEMP TABLE bench_chunk ON COMMIT DROP AS ${timed}`);
      await client.query(
        `INSERT INTO cases (id, reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url,
           respondent_match, category, title, description, occurred_at, complainant_anonymous, receipt_hash, state, phase, snapshot,
           machine_version, version, overdue, received_at, updated_at)
         SELECT f.id, 'BX-' || extract(year FROM f.received_at AT TIME ZONE 'Asia/Shanghai') || '-' || lpad(f.n::text, 7, '0'),
                f.channel, CASE WHEN f.channel = 'partner' THEN bpt.id END, NULL, bm.id,
                coalesce('压测会员单位' || lpad(f.member_k::text, 4, '0'), '某非会员网站'), 'https://www.example.cn/item/' || f.n,
                jsonb_build_object('method', CASE WHEN bm.id IS NULL THEN 'none' ELSE 'domain' END), f.category,
                '压测投诉标题 ' || f.n, '这是一条用于性能测试的投诉内容，描述了网店收款后不发货、客服不回复等情况。编号 ' || f.n,
                f.received_at - interval '2 days', (f.n % 3 = 0), 'bx' || md5('bench-receipt-' || f.n),
                f.to_state, f.phase, jsonb_build_object('value', f.to_state, 'context', '{}'::jsonb), 1, f.step,
                f.overdue_n > 0, f.received_at, f.at
           FROM (SELECT DISTINCT ON (id) *
                   FROM (SELECT *, count(*) FILTER (WHERE type = 'DEADLINE_ELAPSED' AND extra->>'deadline' IN ('triage', 'response', 'resolution'))
                                     OVER (PARTITION BY id) AS overdue_n
                           FROM bench_chunk) w
                  ORDER BY id, step DESC) f
           LEFT JOIN bench_members bm ON bm.k = f.member_k
           JOIN bench_partners bpt ON bpt.k = f.partner_k
          ORDER BY f.received_at`,
      );
      await client.query(
        `INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
         SELECT c.id, c.step, c.type,
                CASE WHEN c.type = 'RECEIVED' THEN CASE WHEN c.channel = 'partner' THEN 'api_key' ELSE 'complainant' END
                     WHEN c.type = 'DEADLINE_ELAPSED' THEN 'system'
                     WHEN c.type = 'RESPOND' THEN 'user'
                     WHEN c.type IN ('CONFIRM', 'DISPUTE', 'WITHDRAW', 'ADD_INFORMATION') THEN 'complainant'
                     ELSE 'user' END,
                NULL,
                CASE WHEN c.type = 'RECEIVED' THEN CASE WHEN c.channel = 'partner' THEN 'partner' ELSE 'complainant' END
                     WHEN c.type = 'DEADLINE_ELAPSED' THEN 'system'
                     WHEN c.type = 'RESPOND' THEN 'member_rep'
                     WHEN c.type IN ('CONFIRM', 'DISPUTE', 'WITHDRAW', 'ADD_INFORMATION') THEN 'complainant'
                     WHEN c.type IN ('APPROVE') THEN 'supervisor'
                     WHEN c.type IN ('LE_ACKNOWLEDGE', 'LE_CONCLUDE') THEN 'law_enforcement'
                     ELSE 'secretariat' END,
                c.from_state, c.to_state,
                CASE WHEN c.type = 'RECEIVED' THEN jsonb_build_object('channel', c.channel, 'respondentMemberId', bm.id)
                     ELSE c.extra || jsonb_strip_nulls(jsonb_build_object('phase', c.phase)) || jsonb_build_object('fromPhase', c.from_phase, 'effects', '[]'::jsonb) END,
                c.at
           FROM bench_chunk c LEFT JOIN bench_members bm ON bm.k = c.member_k
          ORDER BY c.at`,
      );
      await client.query('COMMIT');
      log(`cases ${lo}-${hi}: ${Date.now() - tc} ms`);
    }
  }
}

/** Removes what generate() inserted (for a database that is kept). */
export async function removeGenerated(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM case_events WHERE case_id IN (SELECT id FROM cases WHERE reference LIKE 'BX-%')`);
    await client.query(`DELETE FROM cases WHERE reference LIKE 'BX-%'`);
    await client.query(`DELETE FROM partners WHERE name LIKE '压测合作网站%'`);
    await client.query(`DELETE FROM members WHERE credit_code LIKE 'BX%'`);
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
  );
  if (!args.url) {
    process.stderr.write('Usage: node bench/generate-cases.mjs --url postgres://… [--cases N] [--members N] [--partners N] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--remove]\n');
    process.exit(2);
  }
  if ('remove' in args) {
    await removeGenerated(args.url);
    process.stdout.write('removed\n');
  } else {
    const num = (k, d) => (args[k] ? Number(args[k]) : d);
    const r = await generate({
      url: args.url, cases: num('cases', 1_000_000), members: num('members', 500), partners: num('partners', 20),
      from: args.from ?? '2023-01-01', to: args.to ?? '2026-11-15', chunk: num('chunk', 50_000),
      log: (l) => process.stdout.write(`${l}\n`),
    });
    process.stdout.write(`${JSON.stringify(r)}\n`);
  }
}
