import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend, openCase } from '../../support/cases.js';
import { insertMember } from '../../support/factories.js';
import { CaseSearchIndexer } from '../../../src/cases/case-search-indexer.js';

/**
 * Case text search (src/cases/case-search.ts): without statistics, the newest CASE_SEARCH_RECENT_SCAN cases matching
 * the other filters are tested in order, and when fewer than a page match there, the bigram index finds the older
 * ones (with the window at 3 cases, these tests cross from one step to the other); with statistics (after ANALYZE),
 * a term that few cases can contain goes straight to the index (on this small table, every term). The index is kept by
 * the indexer (src/cases/case-search-indexer.ts), seconds after intake; until then a case waits in its queue, and a
 * search tests the queued cases too. Every route, with cases queued or indexed, must give the same answers.
 */
describe.each([
  ['newest cases first, then the index; every case still queued for the indexer', { index: false, analyze: false }],
  ['newest cases first, then the index; every case indexed', { index: true, analyze: false }],
  ['straight to the index (statistics say the term is rare)', { index: true, analyze: true }],
])('Case text search: %s', (_route, { index, analyze }) => {
  let t: TestApp;
  let staff: { token: string };
  let rep: { token: string };
  let memberId: string;
  /** Case ids by label, newest first in `order`. */
  const ids: Record<string, string> = {};
  const order: string[] = [];

  const search = async (query: string, token = staff.token) => {
    const res = await t.http().get(`/v1/cases?${query}`).set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    return res.body as { items: { id: string }[]; nextCursor: string | null };
  };
  const labels = (items: { id: string }[]) => items.map((i) => Object.keys(ids).find((k) => ids[k] === i.id));
  const q = (term: string) => `q=${encodeURIComponent(term)}`;

  beforeAll(async () => {
    // No background indexing here: each variant decides what is indexed.
    t = await createTestApp({ CASE_SEARCH_RECENT_SCAN: '3', JOBS_ENABLED: 'false' });
    memberId = await insertMember(t, { name: '星河电商有限公司', domains: ['xinghe.example.cn'] });
    staff = await userWithRole(t, 'secretariat');
    rep = await userWithRole(t, 'member_rep', { memberId });
    const xinghe = { name: '星河电商有限公司', url: 'https://www.xinghe.example.cn/' };
    // Newest first; received_at is set below one hour apart so the order is certain.
    const cases: [string, Record<string, unknown>][] = [
      ['n1', { title: '直播间虚假宣传减肥产品', description: '主播称三天瘦十斤，实际无效。' }],
      ['n2', { title: '彩票预测软件骗取会员费', description: '所谓内部彩票号码全是假的。', respondent: xinghe }],
      ['n3', { title: '网店收款后不发货', description: '付款后一直不发货。' }],
      ['n4', { title: '客服电话无人接听', description: '退款申请无人处理。' }],
      ['n5', { title: '宠物托运途中死亡', description: '托运的宠物到达时已经死亡，平台拒绝赔偿。' }],
      ['n6', { title: 'VIP会员自动续费', description: 'Auto-renewal of the VIP membership without notice.' }],
      ['n7', { title: '游戏充值未到账', description: '充值100%未到账，客服称需等待。' }],
      ['n8', { title: '旧案：彩票中奖诈骗短信', description: '短信称中了彩票大奖，要求先交手续费。', respondent: xinghe }],
      ['n9', { title: '旧案：虚假宣传的保健品', description: '宣称能治病。' }],
    ];
    for (const [label, body] of cases) {
      ids[label] = (await openCase(t, body)).caseId;
      order.push(label);
    }
    for (const [i, label] of order.entries()) {
      await t.sql.query(`UPDATE cases SET received_at = now() - make_interval(hours => $2) WHERE id = $1`, [ids[label], i + 1]);
    }
    // The respondent searches only complaints brought to it: ask it to answer both of its cases.
    for (const label of ['n2', 'n8']) {
      await mustSend(t, staff.token, ids[label], { type: 'ACCEPT' });
      await mustSend(t, staff.token, ids[label], { type: 'REQUEST_RESPONSE', statement: '请说明情况' });
    }
    if (index) {
      expect(await t.app.get(CaseSearchIndexer).drain()).toBe(cases.length);
      const queued = await t.sql.query('SELECT 1 FROM case_search_pending');
      expect(queued.rowCount).toBe(0);
    }
    if (analyze) {
      await t.sql.query('ANALYZE case_search_text');
      const stats = await t.sql.query(
        `SELECT 1 FROM pg_stats WHERE tablename = 'case_search_text' AND attname = 'bigrams' AND most_common_elems IS NOT NULL`,
      );
      expect(stats.rowCount).toBe(1);
    }
  });
  afterAll(() => t.close());

  it('finds a term among the newest cases and among older ones, newest first', async () => {
    // 彩票: n2 in the newest three, n8 only through the index.
    expect(labels((await search(q('彩票'))).items)).toEqual(['n2', 'n8']);
    // 虚假宣传 (4 characters): n1 and n9.
    expect(labels((await search(q('虚假宣传'))).items)).toEqual(['n1', 'n9']);
    // 宠物 (2 characters), present only beyond the window.
    expect(labels((await search(q('宠物'))).items)).toEqual(['n5']);
  });

  it('pages through matches with the cursor, from the recent step into the index step, without gaps or repeats', async () => {
    const term = q('客服');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await search(`${term}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(labels(page.items) as string[]));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['n4', 'n7']);
  });

  it('matches the whole term, not just its two-character pieces', async () => {
    // 宠物托运 has the bigrams 宠物, 物托, 托运; n5 has them all and the term itself.
    expect(labels((await search(q('宠物托运'))).items)).toEqual(['n5']);
    // 托运宠物 has the bigrams 托运, 运宠, 宠物: 运宠 appears nowhere.
    expect((await search(q('托运宠物'))).items).toEqual([]);
    // n5 has 宠物 and 死亡 but never 物死.
    expect((await search(q('宠物死亡'))).items).toEqual([]);
    expect((await search(q('量子计算'))).items).toEqual([]);
  });

  it('ignores the case of Latin letters in both steps, and takes % and _ literally', async () => {
    expect(labels((await search(q('vip会员'))).items)).toEqual(['n6']);
    expect(labels((await search(q('AUTO-RENEWAL'))).items)).toEqual(['n6']);
    expect(labels((await search(q('100%'))).items)).toEqual(['n7']);
    expect((await search(q('1_0'))).items).toEqual([]);
    expect((await search(q('%%'))).items).toEqual([]);
  });

  it('combines the term with the other filters and with the caller scope in both steps', async () => {
    expect(labels((await search(`${q('彩票')}&respondent=${memberId}`)).items)).toEqual(['n2', 'n8']);
    expect((await search(`${q('虚假宣传')}&respondent=${memberId}`)).items).toEqual([]);
    // A member representative finds only its own organisation's cases, whichever step finds them.
    expect(labels((await search(q('彩票'), rep.token)).items)).toEqual(['n2', 'n8']);
    expect((await search(q('虚假宣传'), rep.token)).items).toEqual([]);
    expect((await search(q('宠物'), rep.token)).items).toEqual([]);
  });

  it('finds a case created a moment ago, not yet indexed, together with the indexed ones', async () => {
    const fresh = await openCase(t, { title: '彩票刮奖欺诈', description: '刮开即中奖，领奖需先付款。' });
    const queued = await t.sql.query('SELECT 1 FROM case_search_pending WHERE case_id = $1', [fresh.caseId]);
    expect(queued.rowCount).toBe(1);
    const found = (await search(q('彩票'))).items.map((i) => i.id);
    expect(found).toEqual([fresh.caseId, ids.n2, ids.n8]);
    expect((await search(q('刮奖欺诈'))).items.map((i) => i.id)).toEqual([fresh.caseId]);
  });

  it('refuses a one-character term and an over-long one, naming the field', async () => {
    for (const term of ['骗', 'x'.repeat(101)]) {
      const res = await t.http().get(`/v1/cases?${q(term)}`).set('authorization', `Bearer ${staff.token}`);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    }
  });
});

describe('Case text indexer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('indexes a new case by itself within seconds: its distinct bigrams, and the queue emptied', async () => {
    const { caseId } = await openCase(t, { title: '会员会员', description: '自动续费' });
    let rows: { bigrams: string[] }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      rows = (await t.sql.query('SELECT bigrams FROM case_search_text WHERE case_id = $1', [caseId])).rows;
    }
    expect(rows[0].bigrams.sort()).toEqual(['会员', '员 ', '员会', '续费', '自动', '动续', ' 自'].sort());
    expect((await t.sql.query('SELECT 1 FROM case_search_pending WHERE case_id = $1', [caseId])).rowCount).toBe(0);
  });

  it('queues a case again when its text changes (and only then), and indexes the new text', async () => {
    const { caseId } = await openCase(t, { title: '旧标题内容', description: '原始描述' });
    const indexed = async (bigram: string) => {
      for (let i = 0; i < 50; i++) {
        const { rows } = await t.sql.query('SELECT $2 = ANY(bigrams) AS has FROM case_search_text WHERE case_id = $1', [caseId, bigram]);
        if (rows[0]?.has) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    };
    expect(await indexed('旧标')).toBe(true);
    await t.sql.query(`UPDATE cases SET received_at = received_at WHERE id = $1`, [caseId]);
    expect((await t.sql.query('SELECT 1 FROM case_search_pending WHERE case_id = $1', [caseId])).rowCount).toBe(0);
    await t.sql.query(`UPDATE cases SET title = '更正后的标题' WHERE id = $1`, [caseId]);
    expect(await indexed('更正')).toBe(true);
    const { rows } = await t.sql.query('SELECT bigrams FROM case_search_text WHERE case_id = $1', [caseId]);
    expect(rows[0].bigrams).not.toContain('旧标');
  });
});
