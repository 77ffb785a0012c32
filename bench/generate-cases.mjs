// Generates a realistic case-management data set straight into the service's database (not a test):
// members with domains, a few partners, N cases over two years with their history (case_events), their
// open deadlines (case_deadlines), then VACUUM ANALYZE. Used by bench/cases.mjs; also runs on its own:
//
//   DATA_DIR=<the service's DATA_DIR> EMBEDDED_DB_PORT=<port> CASES=20000 node bench/generate-cases.mjs
//   DATABASE_URL=postgres://… CASES=1000000 node bench/generate-cases.mjs
//
// The service must have started once on that database (migrations applied; with DATA_DIR, its embedded
// PostgreSQL must be running, i.e. the service is up). Environment: CASES (default 1,000,000), MEMBERS (500),
// PARTNERS (5), GEN_BATCH (rows per INSERT statement, default 100,000), DIST_DIR (the built service whose
// state machine makes the snapshots; default dist/).
//
// How: every row comes from `INSERT … SELECT … FROM generate_series(…)` in PostgreSQL (one statement per batch
// writes cases, their case_events and their open case_deadlines through writable CTEs), with per-row
// pseudo-random numbers from hashint8extended(i, salt), so a run is reproducible. The secondary indexes of
// cases and case_events are dropped before the load and re-created afterwards with their exact definitions
// (much faster than maintaining a trigram GIN index row by row); foreign-key triggers are skipped for the
// loading session only (session_replication_role = replica) and the references are checked afterwards.
// Snapshots (cases.snapshot) and history rows are computed by running the service's own state machine
// (dist/src/cases/machine/case.machine.js) through each path, so they have exactly the shape the service
// writes. Complainant contacts are left empty (NULL: anonymous or erased), since a sealed contact is bound to
// the case id and the service's key.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const require = createRequire(import.meta.url);

const DAY_S = 86_400;
export const SPAN_DAYS = 730;

// Fixed actor ids used in generated histories (users that need not exist: actor ids are not foreign keys).
export const GEN_IDS = {
  supervisor: '5a9e0000-0000-4000-8000-000000000002',
  memberRep: '5a9e0000-0000-4000-8000-000000000003',
  agency: '5a9e0000-0000-4000-8000-000000000004',
  mergeTarget: '5a9e0000-0000-4000-8000-000000000005',
  partnerKey: '5a9e0000-0000-4000-8000-000000000006',
};

// ---------------------------------------------------------------------------------------------
// Vocabulary: complaint phrases, weighted so that some terms are common and others selective.

/** [phrase, weight]: who the complaint is about (first part of titles). */
const SUBJECTS = [
  ['网店', 30], ['电商平台', 28], ['外卖平台', 14], ['网约车平台', 10], ['在线教育机构', 9], ['直播平台', 9], ['短视频平台', 9],
  ['游戏公司', 8], ['手机应用', 12], ['宽带运营商', 7], ['移动运营商', 10], ['快递公司', 8], ['二手交易平台', 6], ['旅游预订网站', 5],
  ['网络借贷平台', 5], ['社交软件', 6], ['招聘网站', 4], ['房产中介网站', 3], ['医疗咨询平台', 3], ['视频会员服务', 5],
  ['云存储服务', 2], ['在线票务平台', 3], ['团购网站', 3], ['搜索引擎', 2], ['输入法软件', 1], ['智能家居应用', 1],
];

/** [phrase, weight]: the problem (second part of titles, repeated in the description). Zipf-like weights. */
const PROBLEMS = [
  ['收款后不发货', 40], ['拒绝退款', 36], ['虚假宣传', 30], ['自动续费未提醒', 26], ['擅自扣费', 22], ['客服无法联系', 20],
  ['商品与描述不符', 18], ['售后推诿', 16], ['泄露个人信息', 15], ['频繁骚扰电话', 14], ['诱导充值', 12], ['账号被无故封禁', 11],
  ['霸王条款', 10], ['大数据杀熟', 9], ['强制捆绑销售', 8], ['虚假促销', 8], ['退订困难', 7], ['注销账号困难', 7],
  ['未经同意收集信息', 6], ['发送垃圾短信', 6], ['冒充客服诈骗', 5], ['刷单返利诈骗', 5], ['虚假中奖信息', 4], ['假冒伪劣商品', 4],
  ['盗用原创图片', 3], ['传播低俗内容', 3], ['散布谣言信息', 3], ['网络暴力辱骂', 3], ['未成年人大额充值', 3], ['暴力催收', 2],
  ['网速不达标', 3], ['套餐资费不透明', 3], ['宽带无法拆机', 2], ['快递丢件不赔', 3], ['外卖食品变质', 2], ['司机绕路多收费', 2],
  ['课程退费纠纷', 3], ['直播带货售假', 2], ['会员权益缩水', 2], ['验证码被盗用', 2], ['贷款利率不透明', 2], ['押金不退', 2],
];

/** [sentence fragment, weight]: the body of descriptions (common words: 退款, 客服, 订单, 平台…). */
const FRAGMENTS = [
  ['订单已经支付但迟迟没有收到商品', 10], ['多次联系客服均没有回应', 12], ['客服承诺三个工作日内处理但至今没有结果', 8],
  ['平台以各种理由拒绝退款', 9], ['页面宣传与实际情况严重不符', 7], ['未经我同意开通了自动续费服务', 6], ['每个月都被扣除费用', 5],
  ['我的手机号码被泄露后每天接到推销电话', 4], ['对方要求我先缴纳保证金才能处理', 3], ['我已经向平台投诉但没有得到处理', 10],
  ['商家态度恶劣并且威胁给差评', 4], ['申请售后后商家一直拖延', 6], ['物流信息显示已签收但我并未收到', 4], ['退款申请被多次驳回', 6],
  ['账户余额无法提现', 3], ['客服让我下载其他应用进行操作', 2], ['对方诱导我添加私人联系方式', 2], ['合同中存在明显不公平的条款', 3],
  ['同样的商品老用户价格更高', 2], ['注销账户需要提供大量材料', 2], ['短信退订后仍然持续收到', 2], ['孩子在我不知情的情况下充值', 2],
  ['平台规则随意变更且未提前告知', 3], ['优惠券无法使用', 3], ['实际到账金额与承诺不一致', 2], ['宣传的赠品没有兑现', 2],
  ['客服电话一直占线', 3], ['在线客服只有机器人自动回复', 4], ['商家关闭了店铺无法联系', 2], ['我的账号被盗后平台不予处理', 2],
  ['相关订单截图和聊天记录已经保存', 9], ['涉及金额共计一千余元', 4], ['涉及金额三百多元', 4], ['已经过去两个多月', 5],
  ['期间多次沟通无果', 6], ['对方声称是系统故障', 3], ['平台客服互相推诿', 4], ['投诉渠道形同虚设', 2],
];

/** Specific details, each in few cases (selective terms); appended to ~6% of descriptions. */
const RARE = [
  '涉及虚拟货币交易', '被拉入区块链投资群', '购买彩票预测服务被骗', '医美分期贷款纠纷', '宠物托运途中死亡', '演唱会门票被加价转卖',
  '酒店预订被单方取消', '机票退改手续费过高', '二手车检测报告造假', '留学中介承诺不兑现', '婚恋网站会员诈骗', '求职被收取培训费',
  '健身卡转让被拒', '共享充电宝多扣费', '网络游戏装备被盗', '代练账号被封', '境外购物关税纠纷', '跨境包裹被扣押',
  '老年人保健品推销', '养老理财陷阱', '虚假慈善募捐', '冒充公检法诈骗', '人脸信息被滥用', '摄像头被远程控制', '智能音箱偷录',
  '卫星电视违规收费', '校园贷催收', '网课平台跑路', '预付卡商家跑路', '装修平台偷工减料', '搬家公司坐地起价', '家政服务人员失联',
  '电动车充电收费纠纷', '停车应用重复扣费', '加油优惠券无效', '房屋租赁押金纠纷', '长租公寓断租', '保险理赔被拒', '基金销售误导',
  '数字藏品无法转售', '元素周期表周边盗版', '古董鉴定收费骗局', '茶叶礼盒以次充好', '海鲜缺斤短两', '月饼过度包装',
];

/** Even rarer details (a handful of cases each at one million), appended to ~0.5% of descriptions. */
const ULTRA_RARE = [
  '无人机航拍服务纠纷', '潜水装备租赁损坏', '天文望远镜以旧充新', '马拉松报名费不退', '钢琴陪练平台欺诈', '围棋网课资质造假',
  '考古体验营安全事故', '冰雪乐园门票纠纷', '马术俱乐部会员卡', '滑翔伞体验受伤', '帆船培训退费', '击剑课程缩水',
  '陶艺体验收费不明', '剧本杀店铺闭店', '密室逃脱受伤索赔', '露营装备质量问题', '骑行俱乐部押金', '民宿卫生不达标',
];

/** Closing sentences. */
const CLOSINGS = [
  ['请协会督促该企业依法处理。', 10], ['要求退还全部款项并赔偿损失。', 8], ['希望协会调查核实并公开处理结果。', 5],
  ['请求尽快解决。', 6], ['该行为涉嫌违反消费者权益保护法。', 4], ['希望平台加强管理。', 3],
];

const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '南京', '西安', '重庆', '天津', '苏州', '厦门', '长沙', '郑州', '合肥', '济南', '青岛', '大连', '沈阳'];
const WORDS = ['星河', '云帆', '蓝海', '乐享', '优选', '快捷', '聚点', '易达', '天行', '智联', '华信', '万通', '锦程', '新源', '博远', '恒泰', '嘉禾', '瑞丰', '启明', '同创', '飞鸿', '佳和', '宏图', '融汇', '鼎盛'];
const TRADES = ['网络科技', '信息技术', '电子商务', '通信', '数字科技', '文化传媒', '网络服务', '互联网信息服务'];

/** Search terms the query benchmark uses, by length, with a zero-match term each (not in the vocabulary). */
export const SEARCH_TERMS = {
  2: ['退款', '客服', '扣费', '诈骗', '骚扰', '彩票', '宠物', '量子'],
  3: ['不发货', '自动续', '大数据', '未成年', '区块链', '元宇宙'],
  4: ['虚假宣传', '个人信息', '自动续费', '暴力催收', '虚拟货币', '宠物托运', '无人机航', '火星移民'],
};

const expand = (weighted) => weighted.flatMap(([p, w]) => Array(w).fill(p));

/** A table mapping 10,000 uniform buckets to member numbers 1..n with Zipf weights 1/k^s (a few big platforms, a long tail). */
function zipfBuckets(n, s = 1.05, buckets = 10_000) {
  const w = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** s);
  const total = w.reduce((a, b) => a + b, 0);
  const out = [];
  let cum = 0;
  let k = 0;
  for (let b = 0; b < buckets; b++) {
    const u = (b + 0.5) / buckets;
    while (k < n - 1 && cum + w[k] / total < u) cum += w[k++] / total;
    out.push(k + 1);
  }
  return { buckets: out, share: (k) => w[k - 1] / total };
}

// ---------------------------------------------------------------------------------------------
// Snapshot and history templates from the service's state machine

/** Paths from `received` to each (state, phase), for cases with and without a respondent member. */
function paths(staff, supervisor, rep) {
  const complainant = { kind: 'complainant', id: null, role: 'complainant' };
  const ev = (type, actor, payload = {}) => ({ type, actor, payload });
  const accept = ev('ACCEPT', staff);
  const member = {
    received: [],
    investigating_reviewing: [accept],
    investigating_awaiting: [accept, ev('REQUEST_RESPONSE', staff)],
    mediating: [accept, ev('START_MEDIATION', staff)],
    resolved: [accept, ev('REQUEST_RESPONSE', staff), ev('RESPOND', rep, { response: { kind: 'not_concerned', note: '已核实' } }), ev('RESOLVE', staff, { upheld: false, outcome: '经核实企业已整改' })],
    closed: [
      accept, ev('REQUEST_RESPONSE', staff), ev('RESPOND', rep, { response: { kind: 'not_concerned', note: '已核实' } }),
      ev('RESOLVE', staff, { upheld: true, outcome: '企业已退款' }), ev('CONFIRM', complainant),
    ],
    publicized: [accept, ev('PROPOSE_PUBLICATION', staff, { summary: '多次违规', findings: '经查属实' }), ev('RIGHT_OF_REPLY', rep, { reply: '已整改' }), ev('APPROVE', supervisor)],
    referred: [accept, ev('PROPOSE_REFERRAL', staff, { agencyId: GEN_IDS.agency, justification: '涉嫌违法' }), ev('APPROVE', supervisor)],
    dismissed: [ev('DISMISS', staff, { reason: '不属于受理范围' })],
    withdrawn: [ev('WITHDRAW', complainant)],
    merged: [ev('MERGE', staff, { targetCaseId: GEN_IDS.mergeTarget })],
  };
  const nonMember = {
    received: [],
    referred: [ev('PROPOSE_REFERRAL', staff, { agencyId: GEN_IDS.agency, justification: '非会员单位涉嫌违法' }), ev('APPROVE', supervisor)],
    dismissed: [ev('DISMISS', staff, { reason: '非会员单位' })],
    withdrawn: [ev('WITHDRAW', complainant)],
    merged: [ev('MERGE', staff, { targetCaseId: GEN_IDS.mergeTarget })],
  };
  return { member, nonMember };
}

/**
 * Runs the service's machine along every path. Returns templates: { key, hasMember, state, phase, final,
 * snapshot (JSON text with "__M__" for the member id and "__AT__" for instants), events (after RECEIVED),
 * deadlines (kinds open at the end) }.
 */
export async function buildTemplates({ distDir = path.join(ROOT, 'dist'), staffId }) {
  const machinePath = path.join(distDir, 'src', 'cases', 'machine', 'case.machine.js');
  if (!existsSync(machinePath)) throw new Error(`${machinePath} is missing: build the service first (npm run build)`);
  const { initialTransition, transition } = await import(pathToFileURL(require.resolve('xstate')).href);
  const { caseMachine } = await import(pathToFileURL(machinePath).href);
  const { flattenState } = await import(pathToFileURL(path.join(distDir, 'src', 'cases', 'case-state.js')).href);
  const { MACHINE_VERSION } = await import(pathToFileURL(path.join(distDir, 'src', 'cases', 'machine', 'case.types.js')).href);
  const staff = { kind: 'staff', id: staffId, role: 'secretariat' };
  const supervisor = { kind: 'staff', id: GEN_IDS.supervisor, role: 'supervisor' };
  const rep = { kind: 'member_rep', id: GEN_IDS.memberRep, role: 'member_rep', memberId: '__M__' };
  const { member, nonMember } = paths(staff, supervisor, rep);
  const out = [];
  for (const [hasMember, set] of [[true, member], [false, nonMember]]) {
    for (const [key, steps] of Object.entries(set)) {
      let [snap, actions] = initialTransition(caseMachine, { respondentMemberId: hasMember ? '__M__' : null });
      const open = new Set();
      const track = (acts) => {
        for (const a of acts) {
          const kind = a.params?.kind;
          if (!kind) continue;
          if (a.type === 'cancelDeadline') open.delete(kind);
          if (a.type === 'scheduleDeadline' && kind !== 'promised_action') open.add(kind);
        }
      };
      track(actions);
      const events = [];
      let cur = flattenState(snap.value);
      for (const step of steps) {
        const event = { type: step.type, actor: step.actor, at: '__AT__', ...step.payload };
        if (!(snap.status !== 'done' && snap.can(event))) throw new Error(`template ${key}: the machine does not accept ${step.type} in ${JSON.stringify(snap.value)}`);
        [snap, actions] = transition(caseMachine, snap, event);
        track(actions);
        const next = flattenState(snap.value);
        const effects = actions.map((a) => a.type).filter((t) => !['xstate.assign'].includes(t));
        const actorType = step.actor.kind === 'complainant' ? 'complainant' : 'user';
        events.push({
          type: step.type,
          fromState: cur.state,
          toState: next.state,
          actorType,
          actorId: step.actor.id,
          actorRole: step.actor.role,
          payload: JSON.stringify({ ...step.payload, ...(next.phase ? { phase: next.phase } : {}), fromPhase: cur.phase, effects }),
        });
        cur = next;
      }
      out.push({
        key: `${hasMember ? 'm' : 'nm'}:${key}`,
        hasMember,
        state: cur.state,
        phase: cur.phase,
        final: snap.status === 'done',
        snapshot: JSON.stringify(caseMachine.getPersistedSnapshot(snap)),
        events,
        deadlines: [...open],
        machineVersion: MACHINE_VERSION,
      });
    }
  }
  return out;
}

/** The JSON keys (recursively, sorted) of a value: to compare a template's shape with a snapshot the service wrote. */
export function shapeOf(v) {
  if (Array.isArray(v)) return v.length ? [shapeOf(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shapeOf(v[k])]));
  return v === null ? null : typeof v;
}

// ---------------------------------------------------------------------------------------------
// State mix by age: open cases are recent, old ones mostly finished.

/** [template key, weight] by age bucket (days since received), for cases with a respondent member. */
const MIX_MEMBER = [
  [3, [['received', 40], ['investigating_reviewing', 30], ['investigating_awaiting', 10], ['dismissed', 12], ['withdrawn', 4], ['merged', 4]]],
  [30, [['received', 3], ['investigating_reviewing', 28], ['investigating_awaiting', 24], ['mediating', 10], ['resolved', 8], ['closed', 6], ['dismissed', 13], ['withdrawn', 4], ['merged', 2], ['referred', 1], ['publicized', 1]]],
  [90, [['investigating_reviewing', 12], ['investigating_awaiting', 8], ['mediating', 5], ['resolved', 7], ['closed', 40], ['dismissed', 16], ['withdrawn', 5], ['merged', 2], ['referred', 3], ['publicized', 2]]],
  [Infinity, [['investigating_reviewing', 3], ['investigating_awaiting', 1], ['mediating', 1], ['resolved', 1], ['closed', 62], ['dismissed', 18], ['withdrawn', 6], ['merged', 3], ['referred', 3], ['publicized', 2]]],
];
const MIX_NON_MEMBER = [
  [3, [['received', 50], ['dismissed', 40], ['withdrawn', 5], ['merged', 5]]],
  [Infinity, [['dismissed', 75], ['withdrawn', 10], ['merged', 8], ['referred', 7]]],
];

/** SQL CASE choosing a template code from u (uniform), age (days) and whether the case has a member. */
function stateCase(codeOf, u, age, hasMember) {
  const mix = (table, prefix) =>
    'CASE ' +
    table
      .map(([maxAge, weights]) => {
        const total = weights.reduce((a, [, w]) => a + w, 0);
        let cum = 0;
        const inner = weights
          .map(([k, w], i) => {
            cum += w;
            return i === weights.length - 1 ? `ELSE ${codeOf(`${prefix}:${k}`)}` : `WHEN ${u} < ${cum / total} THEN ${codeOf(`${prefix}:${k}`)}`;
          })
          .join(' ');
        const body = `CASE ${inner} END`;
        return maxAge === Infinity ? `ELSE ${body}` : `WHEN ${age} < ${maxAge} THEN ${body}`;
      })
      .join(' ') +
    ' END';
  return `CASE WHEN ${hasMember} THEN ${mix(MIX_MEMBER, 'm')} ELSE ${mix(MIX_NON_MEMBER, 'nm')} END`;
}

// ---------------------------------------------------------------------------------------------
// SQL helpers

/** A uniform number in [0, 1) from row number `i` and a salt: deterministic, so runs are reproducible. */
const U = (i, salt) => `((hashint8extended(${i}, ${salt}) & 4294967295)::float8 / 4294967296.0)`;
const pick = (arr, u) => `(${arr})[1 + floor(${u} * cardinality(${arr}))::int]`;

const CHANNELS = [['partner', 45], ['web', 33], ['phone', 9], ['email', 6], ['letter', 4], ['visit', 3]];
const CATEGORIES = [['service_quality', 24], ['fraud', 18], ['false_advertising', 15], ['privacy_infringement', 13], ['harmful_information', 8], ['illegal_information', 6], ['intellectual_property', 5], ['other', 11]];

function weightedCase(weighted, u) {
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  let cum = 0;
  return (
    'CASE ' +
    weighted
      .map(([v, w], i) => {
        cum += w;
        return i === weighted.length - 1 ? `ELSE '${v}'` : `WHEN ${u} < ${cum / total} THEN '${v}'`;
      })
      .join(' ') +
    ' END'
  );
}

const isoText = (ts) => `'"' || to_char(${ts} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`;

/** Indexes dropped for the bulk load (everything but primary keys), re-created from their saved definitions. */
async function secondaryIndexes(client, tables) {
  const { rows } = await client.query(
    `SELECT i.relname AS name, t.relname AS "table", pg_get_indexdef(i.oid) AS def,
            (SELECT coalesce(json_agg(json_build_object('column', a.attnum, 'target', a.attstattarget)), '[]')
               FROM pg_attribute a WHERE a.attrelid = i.oid AND a.attstattarget IS NOT NULL AND a.attstattarget >= 0) AS statistics
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname = ANY($1) AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      ORDER BY t.relname, i.relname`,
    [tables],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The data set

/**
 * Generates members, partners and `cases` cases (with history and open deadlines) into the database of `client`
 * (a connected pg.Client, used alone). Returns figures: counts, timings, sizes.
 */
export async function generateDataset(client, { cases, members = 500, partners = 5, batch = 100_000, templates, staffId, log = () => {} }) {
  const t0 = performance.now();
  const timings = {};
  const mark = (name, since) => (timings[name] = (performance.now() - since) / 1000);
  const q = (sql, params) => client.query(sql, params);
  const { rows: [{ n: existing }] } = await q('SELECT count(*)::int AS n FROM cases');

  await q(`SET synchronous_commit = off`);
  await q(`SET maintenance_work_mem = '1GB'`);
  await q(`SET work_mem = '256MB'`);

  // Members (organisations with 1-3 domains each, a few individuals), partners.
  let t = performance.now();
  const zipf = zipfBuckets(members);
  await q(
    `INSERT INTO members (name, credit_code, kind, category, joined_on, status)
     SELECT CASE WHEN k % 40 = 0 THEN '个人站长' || k ELSE ($2::text[])[1 + k % cardinality($2::text[])] || ($3::text[])[1 + (k / 7) % cardinality($3::text[])]
              || ($4::text[])[1 + (k / 3) % cardinality($4::text[])] || '有限公司' || CASE WHEN k > 100 THEN '（' || k || '）' ELSE '' END END,
            CASE WHEN k % 40 = 0 THEN NULL ELSE '91GEN' || lpad(k::text, 13, '0') END,
            CASE WHEN k % 40 = 0 THEN 'individual' ELSE 'organisation' END,
            (ARRAY['telecom_operator','ecommerce','ecommerce','ecommerce','enterprise_site','enterprise_site','enterprise_site','other','government'])[1 + k % 9],
            DATE '2018-01-01' + (k * 7 % 2500),
            CASE WHEN k % 97 = 0 THEN 'suspended' WHEN k % 89 = 0 THEN 'lapsed' ELSE 'active' END
       FROM generate_series(1, $1::int) AS k`,
    [members, CITIES, WORDS, TRADES],
  );
  await q(
    `CREATE TEMP TABLE gen_member AS
       SELECT row_number() OVER (ORDER BY credit_code NULLS LAST, name)::int AS k, id, name FROM members
        WHERE credit_code LIKE '91GEN%' OR (kind = 'individual' AND name LIKE '个人站长%')`,
  );
  await q(`ALTER TABLE gen_member ADD PRIMARY KEY (k)`);
  await q(
    `INSERT INTO member_domains (member_id, domain, member_active)
     SELECT m.id, CASE WHEN d = 1 THEN 'm' || m.k || '.example-member.cn' WHEN d = 2 THEN 'shop' || m.k || '.example-member.com' ELSE 'app' || m.k || '.example-member.net' END, true
       FROM gen_member m CROSS JOIN generate_series(1, 3) AS d WHERE d <= 1 + m.k % 3`,
  );
  await q(`ALTER TABLE gen_member ADD COLUMN domain text`);
  await q(`UPDATE gen_member m SET domain = 'm' || m.k || '.example-member.cn'`);
  await q(
    `INSERT INTO partners (name, domains, status)
     SELECT '合作平台' || p || '（生成）', jsonb_build_array('partner' || p || '.example-partner.cn'), 'active' FROM generate_series(1, $1::int) AS p`,
    [partners],
  );
  await q(`CREATE TEMP TABLE gen_partner AS SELECT row_number() OVER (ORDER BY created_at, id)::int AS k, id FROM partners WHERE name LIKE '%（生成）'`);
  mark('membersAndPartners', t);
  log(`  ${members} members (Zipf: the largest gets ${(zipf.share(1) * 100).toFixed(1)}% of member cases, the smallest ${(zipf.share(members) * 100).toFixed(3)}%), ${partners} partners`);

  // Templates into temp tables.
  const codeOf = (key) => {
    const i = templates.findIndex((x) => x.key === key);
    if (i < 0) throw new Error(`no template ${key}`);
    return i + 1;
  };
  await q(`CREATE TEMP TABLE gen_tpl (code int PRIMARY KEY, state text, phase text, phase_key text, has_member boolean, snapshot text, n_events int, machine_version int)`);
  await q(`CREATE TEMP TABLE gen_tpl_event (code int, seq int, type text, from_state text, to_state text, actor_type text, actor_id text, actor_role text, payload jsonb)`);
  await q(`CREATE TEMP TABLE gen_tpl_deadline (code int, kind text, days int)`);
  const DEADLINE_DAYS = { triage: 3, response: 7, mediation: 15, resolution: 30, right_of_reply: 7, confirmation: 7 };
  for (const [i, tp] of templates.entries()) {
    const code = i + 1;
    await q(`INSERT INTO gen_tpl VALUES ($1, $2, $3, coalesce($3, ''), $4, $5, $6, $7)`, [code, tp.state, tp.phase, tp.hasMember, tp.snapshot, tp.events.length + 1, tp.machineVersion]);
    for (const [j, e] of tp.events.entries()) {
      await q(`INSERT INTO gen_tpl_event VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [code, j + 2, e.type, e.fromState, e.toState, e.actorType, e.actorId, e.actorRole, e.payload]);
    }
    for (const kind of tp.deadlines) await q(`INSERT INTO gen_tpl_deadline VALUES ($1, $2, $3)`, [code, kind, DEADLINE_DAYS[kind] ?? 30]);
  }

  // Bulk load: drop secondary indexes, skip FK triggers for this session.
  t = performance.now();
  const dropped = await secondaryIndexes(client, ['cases', 'case_events', 'case_search_text']);
  for (const ix of dropped) await q(`DROP INDEX ${client.escapeIdentifier(ix.name)}`);
  mark('dropIndexes', t);
  const recreate = async () => {
    for (const ix of dropped) {
      const ti = performance.now();
      await q(ix.def.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
      // Per-column statistics targets (ALTER INDEX … SET STATISTICS) are not part of the definition.
      for (const st of ix.statistics) await q(`ALTER INDEX "${ix.name}" ALTER COLUMN ${st.column} SET STATISTICS ${st.target}`);
      timings[`index ${ix.name}`] = (performance.now() - ti) / 1000;
      log(`    ${ix.name}: ${((performance.now() - ti) / 1000).toFixed(1)} s`);
    }
  };
  const endTs = new Date();
  const startTs = new Date(endTs.getTime() - SPAN_DAYS * DAY_S * 1000);
  try {
    await q(`SET session_replication_role = replica`);
    t = performance.now();
    const sql = casesSql({ codeOf });
    for (let from = 1; from <= cases; from += batch) {
      const to = Math.min(cases, from + batch - 1);
      const tb = performance.now();
      await q('BEGIN');
      await q(sql, [from, to, cases, startTs, SPAN_DAYS * DAY_S, zipf.buckets, expand(SUBJECTS), expand(PROBLEMS), expand(FRAGMENTS), RARE, ULTRA_RARE, expand(CLOSINGS), staffId, GEN_IDS.partnerKey]);
      await q('COMMIT');
      log(`  cases ${from.toLocaleString('en-US')}-${to.toLocaleString('en-US')}: ${((performance.now() - tb) / 1000).toFixed(1)} s`);
    }
    mark('insertCasesEventsDeadlines', t);
    // The case text index, as the service's indexer writes it (src/cases/case-search-indexer.ts); the queue trigger did
    // not fire in replica mode, so nothing waits for the indexer.
    t = performance.now();
    log('  indexing case text…');
    // (Revisions before migration CaseSearchTextAsync index the text on `cases` itself: nothing to do there.)
    const { rows: [{ present }] } = await q(`SELECT to_regclass('case_search_text') IS NOT NULL AS present`);
    if (present) await q(
      `INSERT INTO case_search_text (case_id, bigrams)
       SELECT c.id, ARRAY(SELECT DISTINCT unnest(case_text_bigrams(c.title || ' ' || c.description))) FROM cases c
        WHERE NOT EXISTS (SELECT 1 FROM case_search_text s WHERE s.case_id = c.id)`,
    );
    mark('indexCaseText', t);
  } catch (e) {
    await q('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await q(`SET session_replication_role = origin`);
    t = performance.now();
    log('  re-creating indexes…');
    await q(`SET max_parallel_maintenance_workers = 2`);
    await recreate();
    mark('createIndexes', t);
  }

  // References the FK triggers would have checked.
  t = performance.now();
  const { rows: [fk] } = await q(
    `SELECT (SELECT count(*) FROM cases c WHERE c.respondent_member_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM members m WHERE m.id = c.respondent_member_id))::int AS members,
            (SELECT count(*) FROM cases c WHERE c.partner_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM partners p WHERE p.id = c.partner_id))::int AS partners,
            (SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM complaint_categories k WHERE k.code = c.category))::int AS categories,
            (SELECT count(*) FROM case_events e WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id))::int AS events,
            (SELECT count(*) FROM case_deadlines d WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = d.case_id))::int AS deadlines,
            (SELECT count(*) FROM cases c WHERE strpos(c.snapshot::text, '__M__') > 0 OR strpos(c.snapshot::text, '__AT__') > 0)::int AS placeholders,
            (SELECT count(*) FROM cases c LEFT JOIN (SELECT case_id, count(*) AS n FROM case_events GROUP BY case_id) e ON e.case_id = c.id
              WHERE c.version <> coalesce(e.n, 0))::int AS "versionsWithoutHistory"`,
  );
  mark('checkConsistency', t);
  if (Object.values(fk).some((n) => n !== 0)) throw new Error(`generated rows with dangling references or inconsistencies: ${JSON.stringify(fk)}`);

  t = performance.now();
  log('  VACUUM ANALYZE…');
  await q(`RESET work_mem`);
  for (const table of ['cases', 'case_search_text', 'case_events', 'case_deadlines', 'members', 'member_domains', 'partners']) {
    const { rows: [{ present }] } = await q(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
    if (present) await q(`VACUUM (ANALYZE) ${table}`);
  }
  mark('vacuumAnalyze', t);
  t = performance.now();
  await q('CHECKPOINT');
  mark('checkpoint', t);
  await q(`RESET maintenance_work_mem`);
  await q(`RESET synchronous_commit`);
  for (const name of ['gen_tpl', 'gen_tpl_event', 'gen_tpl_deadline', 'gen_partner']) await q(`DROP TABLE ${name}`);

  const stats = await datasetStats(client);
  return { cases, existingCasesBefore: existing, members, partners, seconds: (performance.now() - t0) / 1000, timings, memberShares: { largest: zipf.share(1), smallest: zipf.share(members) }, ...stats };
}

/** The INSERT of one batch of cases, with their history rows and open deadlines (writable CTEs). */
function casesSql({ codeOf }) {
  const i = 'g.i';
  return `
WITH src AS (
  SELECT i,
         $4::timestamptz + make_interval(secs => $5::float8 * sqrt((i - 1 + ${U(i, 0)}) / $3::float8)) AS received_at,
         ${U(i, 1)} AS u_state, ${U(i, 2)} AS u_member, ${U(i, 3)} AS u_nomember, ${U(i, 4)} AS u_chan, ${U(i, 5)} AS u_cat,
         ${U(i, 6)} AS u_anon, ${U(i, 7)} AS u_upd, ${U(i, 8)} AS u_occ, ${U(i, 9)} AS u_subj, ${U(i, 10)} AS u_prob,
         ${U(i, 11)} AS u_match, ${U(i, 12)} AS u_partner, ${U(i, 13)} AS u_len, ${U(i, 14)} AS u_rare, ${U(i, 15)} AS u_emp,
         ${U(i, 16)} AS u_urls, ${U(i, 17)} AS u_ultra, ${U(i, 18)} AS u_close, ${U(i, 19)} AS u_rare_pick
    FROM generate_series($1::bigint, $2::bigint) AS g(i)
), a AS (
  SELECT s.*, extract(epoch FROM now() - s.received_at) / 86400 AS age_days, (s.u_nomember >= 0.1) AS has_member,
         ($6::int[])[1 + floor(s.u_member * cardinality($6::int[]))::int] AS member_k,
         ${weightedCase(CHANNELS, 's.u_chan')} AS channel,
         ${weightedCase(CATEGORIES, 's.u_cat')} AS category,
         ${pick('$7::text[]', 's.u_subj')} AS subj,
         ${pick('$8::text[]', 's.u_prob')} AS prob,
         s.received_at + least(now() - s.received_at, interval '45 days') * s.u_upd AS updated_at
    FROM src s
), b AS (
  SELECT a.*, ${stateCase(codeOf, 'a.u_state', 'a.age_days', 'a.has_member')} AS code FROM a
), r AS (
  SELECT b.*, t.state, t.phase, t.n_events, t.machine_version, m.id AS member_id, m.name AS member_name, m.domain AS member_domain,
         CASE WHEN b.channel = 'partner' THEN p.id END AS partner_id,
         CASE WHEN t.state = 'received' THEN b.received_at ELSE b.updated_at END AS upd,
         replace(t.snapshot, '"__M__"', coalesce('"' || m.id::text || '"', 'null')) AS snap,
         nextval('case_reference_seq') AS ref_n
    FROM b JOIN gen_tpl t ON t.code = b.code
    LEFT JOIN gen_member m ON b.has_member AND m.k = b.member_k
    LEFT JOIN gen_partner p ON p.k = 1 + floor(b.u_partner * (SELECT count(*) FROM gen_partner))::int
), ins AS (
  INSERT INTO cases (reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url, respondent_match,
                     category, title, description, occurred_at, urls, cited_articles, complainant_anonymous, complainant_contact_enc,
                     complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot, machine_version, version,
                     overdue, assignee_id, received_at, updated_at, created_by)
  SELECT 'TS-' || to_char(r.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(r.ref_n::text, greatest(6, length(r.ref_n::text)), '0'),
         r.channel, r.partner_id, CASE WHEN r.channel = 'partner' THEN 'GEN-' || r.i END,
         r.member_id,
         coalesce(r.member_name, '某' || r.subj || '（非会员）'),
         CASE WHEN r.member_id IS NULL THEN 'https://site' || (r.i % 5000) || '.example-nonmember.cn/'
              WHEN r.u_match < 0.7 THEN 'https://' || r.member_domain || '/item/' || r.i END,
         CASE WHEN r.member_id IS NULL THEN '{"method":"none","suggestions":[]}'::jsonb
              WHEN r.u_match < 0.7 THEN jsonb_build_object('method', 'domain', 'matchedDomain', r.member_domain)
              ELSE '{"method":"member_id"}'::jsonb END,
         r.category,
         r.subj || r.prob,
         '我通过' || r.subj || '遇到以下问题：' || r.prob || '。'
           || array_to_string(ARRAY(SELECT ${pick('$9::text[]', U('r.i * 64 + j', 20))} FROM generate_series(1, 5 + floor(r.u_len * 7)::int) AS j), '，') || '。'
           || CASE WHEN r.u_rare < 0.06 THEN ${pick('$10::text[]', 'r.u_rare_pick')} || '。' ELSE '' END
           || CASE WHEN r.u_ultra < 0.005 THEN ${pick('$11::text[]', 'r.u_rare_pick')} || '。' ELSE '' END
           || ${pick('$12::text[]', 'r.u_close')},
         r.received_at - make_interval(secs => r.u_occ * 30 * 86400),
         CASE WHEN r.u_urls < 0.5 THEN '[]'::jsonb
              WHEN r.member_id IS NULL THEN jsonb_build_array('https://site' || (r.i % 5000) || '.example-nonmember.cn/')
              ELSE jsonb_build_array('https://' || r.member_domain || '/order/' || r.i) END,
         '[]'::jsonb,
         r.u_anon < 0.2, NULL, NULL, r.u_emp < 0.01,
         encode(sha256(convert_to('gen-receipt:' || r.i, 'UTF8')), 'hex'),
         r.state, r.phase,
         replace(r.snap, '"__AT__"', ${isoText('r.upd')})::jsonb,
         r.machine_version, r.n_events, false, NULL, r.received_at, r.upd,
         CASE WHEN r.channel IN ('phone', 'email', 'letter', 'visit') THEN $13::uuid END
    FROM r ORDER BY r.i
  RETURNING id, state, coalesce(phase, '') AS phase_key, respondent_member_id IS NOT NULL AS has_member, channel, received_at, updated_at, created_by
), tpl AS (
  SELECT ins.*, t.code, t.n_events FROM ins JOIN gen_tpl t ON t.state = ins.state AND t.phase_key = ins.phase_key AND t.has_member = ins.has_member
), ev AS (
  INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
  SELECT tpl.id, 1, 'RECEIVED',
         CASE WHEN tpl.channel = 'partner' THEN 'api_key' WHEN tpl.channel = 'web' THEN 'complainant' ELSE 'user' END,
         CASE WHEN tpl.channel = 'partner' THEN $14::text WHEN tpl.channel = 'web' THEN NULL ELSE tpl.created_by::text END,
         CASE WHEN tpl.channel = 'partner' THEN 'partner' WHEN tpl.channel = 'web' THEN 'complainant' ELSE 'secretariat' END,
         NULL, 'received', jsonb_build_object('channel', tpl.channel), tpl.received_at
    FROM tpl
  UNION ALL
  SELECT tpl.id, e.seq, e.type, e.actor_type, e.actor_id, e.actor_role, e.from_state, e.to_state,
         e.payload,
         tpl.received_at + (tpl.updated_at - tpl.received_at) * ((e.seq - 1)::float8 / greatest(tpl.n_events - 1, 1))
    FROM tpl JOIN gen_tpl_event e ON e.code = tpl.code
  RETURNING 1
)
INSERT INTO case_deadlines (case_id, kind, started_at, due_at)
SELECT tpl.id, d.kind, tpl.updated_at, tpl.updated_at + make_interval(days => d.days)
  FROM tpl JOIN gen_tpl_deadline d ON d.code = tpl.code`;
}

/** Counts and sizes for the report. */
export async function datasetStats(client) {
  const q = async (sql, params) => (await client.query(sql, params)).rows;
  const [totals] = await q(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS "caseEvents",
            (SELECT count(*) FROM case_deadlines)::int AS "caseDeadlines", (SELECT count(*) FROM members)::int AS members,
            (SELECT count(*) FROM member_domains)::int AS "memberDomains", (SELECT count(*) FROM partners)::int AS partners,
            (SELECT round(avg(char_length(title)))::int FROM cases) AS "titleChars",
            (SELECT round(avg(char_length(description)))::int FROM cases) AS "descriptionChars",
            (SELECT round(avg(octet_length(description)))::int FROM cases) AS "descriptionBytes",
            (SELECT round(avg(octet_length(snapshot::text)))::int FROM cases) AS "snapshotBytes"`,
  );
  const byState = await q(`SELECT state, count(*)::int AS n FROM cases GROUP BY state ORDER BY n DESC`);
  const byChannel = await q(`SELECT channel, count(*)::int AS n FROM cases GROUP BY channel ORDER BY n DESC`);
  const [members] = await q(
    `SELECT max(n)::int AS largest, min(n)::int AS smallest, percentile_disc(0.5) WITHIN GROUP (ORDER BY n)::int AS median,
            count(*)::int AS "withCases"
       FROM (SELECT count(*) AS n FROM cases WHERE respondent_member_id IS NOT NULL GROUP BY respondent_member_id) x`,
  );
  const [noMember] = await q(`SELECT count(*)::int AS n FROM cases WHERE respondent_member_id IS NULL`);
  const sizes = await q(
    `SELECT c.relname AS "table", pg_relation_size(c.oid)::bigint AS heap, pg_indexes_size(c.oid)::bigint AS indexes,
            pg_total_relation_size(c.oid)::bigint AS total
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname IN ('cases', 'case_search_text', 'case_events', 'case_deadlines', 'audit_log') ORDER BY total DESC`,
  );
  const indexSizes = await q(
    `SELECT i.relname AS name, pg_relation_size(i.oid)::bigint AS bytes FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid WHERE t.relname = 'cases' ORDER BY bytes DESC`,
  );
  const [db] = await q(`SELECT pg_database_size(current_database())::bigint AS bytes`);
  return {
    totals,
    byState,
    byChannel,
    casesPerMember: { ...members, noMember: noMember.n },
    sizes: sizes.map((s) => ({ ...s, heap: Number(s.heap), indexes: Number(s.indexes), total: Number(s.total) })),
    casesIndexSizes: indexSizes.map((s) => ({ ...s, bytes: Number(s.bytes) })),
    databaseBytes: Number(db.bytes),
  };
}

// ---------------------------------------------------------------------------------------------
// Cases for the transition benchmark

let poolSerial = 0;

/**
 * Inserts `count` fresh `received` cases with a respondent member (web channel, received in the last two days),
 * each with its RECEIVED history row, its open triage deadline and its `case.create` audit entry (so an ACCEPT
 * on it finds everything a case created through the API has). Ordinary inserts (indexes and triggers on).
 * Returns their ids, in random order.
 */
export async function insertReceivedCases(client, { count, templates, salt = 1_000_000_000 }) {
  const tpl = templates.find((x) => x.key === 'm:received');
  const from = salt + poolSerial * 10_000_000 + 1;
  poolSerial++;
  const i = 'g.i';
  const { rows } = await client.query(
    `WITH src AS (
       SELECT i, now() - make_interval(secs => ${U(i, 30)} * 2 * 86400) AS received_at, ${U(i, 31)} AS u_subj, ${U(i, 32)} AS u_prob,
              ${U(i, 33)} AS u_len, ${U(i, 34)} AS u_cat, ${U(i, 35)} AS u_close,
              ${U(i, 36)} AS u_member
         FROM generate_series($1::bigint, $2::bigint) AS g(i)
     ), mem AS (
       SELECT array_agg(id ORDER BY id) AS ids FROM members
     ), r AS (
       SELECT src.*, mem.ids[1 + floor(src.u_member * cardinality(mem.ids))::int] AS member_id,
              ${pick('$4::text[]', 'src.u_subj')} AS subj, ${pick('$5::text[]', 'src.u_prob')} AS prob,
              ${weightedCase(CATEGORIES, 'src.u_cat')} AS category, nextval('case_reference_seq') AS ref_n
         FROM src CROSS JOIN mem
     ), ins AS (
       INSERT INTO cases (reference, channel, partner_id, external_id, respondent_member_id, respondent_name, respondent_url, respondent_match,
                          category, title, description, occurred_at, urls, cited_articles, complainant_anonymous, complainant_contact_enc,
                          complainant_key_id, is_employee_of_respondent, receipt_hash, state, phase, snapshot, machine_version, version,
                          overdue, assignee_id, received_at, updated_at, created_by)
       SELECT 'TS-' || to_char(r.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(r.ref_n::text, greatest(6, length(r.ref_n::text)), '0'),
              'web', NULL, NULL, r.member_id, m.name, NULL, '{"method":"member_id"}'::jsonb, r.category, r.subj || r.prob,
              '我通过' || r.subj || '遇到以下问题：' || r.prob || '。'
                || array_to_string(ARRAY(SELECT ${pick('$6::text[]', U('r.i * 64 + j', 37))} FROM generate_series(1, 5 + floor(r.u_len * 7)::int) AS j), '，') || '。'
                || ${pick('$7::text[]', 'r.u_close')},
              r.received_at - interval '3 days', '[]'::jsonb, '[]'::jsonb, true, NULL, NULL, false,
              encode(sha256(convert_to('gen-receipt:' || r.i, 'UTF8')), 'hex'), 'received', NULL,
              replace($3::text, '"__M__"', '"' || r.member_id::text || '"')::jsonb, $8::int, 1, false, NULL, r.received_at, r.received_at, NULL
         FROM r JOIN members m ON m.id = r.member_id
       RETURNING id, reference, category, received_at
     ), ev AS (
       INSERT INTO case_events (case_id, seq, type, actor_type, actor_id, actor_role, from_state, to_state, payload, occurred_at)
       SELECT id, 1, 'RECEIVED', 'complainant', NULL, 'complainant', NULL, 'received', '{"channel":"web"}'::jsonb, received_at FROM ins
       RETURNING 1
     ), dl AS (
       INSERT INTO case_deadlines (case_id, kind, started_at, due_at) SELECT id, 'triage', received_at, received_at + interval '3 days' FROM ins
       RETURNING 1
     ), au AS (
       INSERT INTO audit_log (stream, stream_seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id, request_id,
                              payload_digest, details, prev_hash, hash, xid)
       SELECT 'case:' || id, 1, received_at, 'complainant', NULL, 'case.create', 'case', id::text, NULL,
              encode(sha256(convert_to('payload:' || id, 'UTF8')), 'hex'),
              jsonb_build_object('reference', reference, 'channel', 'web', 'category', category), NULL,
              encode(sha256(convert_to('entry:' || id, 'UTF8')), 'hex'), pg_current_xact_id()::text::bigint
         FROM ins
       RETURNING 1
     )
     SELECT id FROM ins ORDER BY random()`,
    [from, from + count - 1, tpl.snapshot, expand(SUBJECTS), expand(PROBLEMS), expand(FRAGMENTS), expand(CLOSINGS), tpl.machineVersion],
  );
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Standalone

async function main() {
  const { default: pg } = await import('pg');
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = process.env.DATA_DIR;
    const port = process.env.EMBEDDED_DB_PORT;
    if (!dataDir || !port) throw new Error('set DATABASE_URL, or DATA_DIR and EMBEDDED_DB_PORT of a running service');
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/selfreg`;
  }
  const num = (name, d) => (process.env[name] ? Number(process.env[name]) : d);
  const client = new pg.Client({ connectionString: url, application_name: 'generate-cases' });
  await client.connect();
  try {
    const log = (m) => process.stderr.write(`[generate] ${m}\n`);
    const { rows: [staff] } = await client.query(`SELECT id FROM users WHERE role = 'secretariat' ORDER BY created_at LIMIT 1`);
    const templates = await buildTemplates({ distDir: process.env.DIST_DIR || undefined, staffId: staff?.id ?? '5a9e0000-0000-4000-8000-000000000001' });
    const cases = num('CASES', 1_000_000);
    log(`generating ${cases.toLocaleString('en-US')} cases…`);
    const r = await generateDataset(client, { cases, members: num('MEMBERS', 500), partners: num('PARTNERS', 5), batch: num('GEN_BATCH', 100_000), templates, staffId: staff?.id ?? null, log });
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    log(`done in ${r.seconds.toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
