import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { bearer, registerMember } from '../../support/pacts.js';

describe('List members — GET /v1/members', () => {
  let t: TestApp;
  let staff: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
    ids.a = (await registerMember(t, staff, { name: '阿里某某电子商务有限公司', category: 'ecommerce', domains: ['shop-a.cn'] })).id;
    ids.b = (await registerMember(t, staff, { name: '北京某某信息技术有限公司', category: 'enterprise_site', domains: ['b-info.com.cn'] })).id;
    ids.c = (await registerMember(t, staff, { name: '中国某某通信集团公司', category: 'telecom_operator', domains: ['c-tel.cn'] })).id;
    ids.d = (await registerMember(t, staff, { name: '某市网信办', category: 'government', domains: ['gov-d.cn'] })).id;
    ids.e = (await registerMember(t, staff, { name: '某某电子商务平台', category: 'ecommerce' })).id;
    await t.http().post(`/v1/members/${ids.e}/status`).set(bearer(staff)).send({ status: 'suspended', reason: '未缴会费' });
  });
  afterAll(() => t.close());

  const list = (query: string, token = staff) => t.http().get(`/v1/members${query}`).set(bearer(token));
  const names = (res: { body: { items: { name: string }[] } }) => res.body.items.map((i) => i.name);

  it('pages through the register by name with a cursor, without repeats or gaps', async () => {
    const first = await list('?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const seen = [...names(first)];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await list(`?limit=2&cursor=${cursor}`);
      seen.push(...names(next));
      cursor = next.body.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters by category and by status', async () => {
    expect(names(await list('?category=ecommerce')).sort()).toEqual(['某某电子商务平台', '阿里某某电子商务有限公司'].sort());
    expect(names(await list('?status=suspended'))).toEqual(['某某电子商务平台']);
    expect(names(await list('?category=ecommerce&status=active'))).toEqual(['阿里某某电子商务有限公司']);
  });

  it('finds members by part of the name or by a whole credit code', async () => {
    expect(names(await list(`?q=${encodeURIComponent('电子商务')}`)).sort()).toEqual(['某某电子商务平台', '阿里某某电子商务有限公司'].sort());
    const c = await t.http().get(`/v1/members/${ids.c}`).set(bearer(staff));
    expect(names(await list(`?q=${c.body.creditCode.toLowerCase()}`))).toEqual(['中国某某通信集团公司']);
    expect(names(await list(`?q=${encodeURIComponent('100%_')}`))).toEqual([]);
  });

  it('finds the member owning a host or a parent domain of it, as intake matches URLs', async () => {
    expect(names(await list(`?domain=${encodeURIComponent('https://m.shop-a.cn/item/1')}`))).toEqual(['阿里某某电子商务有限公司']);
    expect(names(await list('?domain=B-INFO.com.cn'))).toEqual(['北京某某信息技术有限公司']);
    expect(names(await list('?domain=unknown.cn'))).toEqual([]);
  });

  it('gives each member its category labels in Chinese and English', async () => {
    const res = await list('?category=telecom_operator');
    expect(res.body.items[0]).toMatchObject({ category: 'telecom_operator', categoryLabel: { zh: '基础电信运营商', en: 'Telecom operator' }, domains: ['c-tel.cn'] });
  });

  it('refuses an unknown filter value, a bad domain and a tampered cursor with 400', async () => {
    expectProblem(await list('?category=bank'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?domain=not a domain'), 400, 'DOMAIN_INVALID');
    expectProblem(await list('?cursor=bm90LWpzb24'), 400, 'VALIDATION_FAILED');
    expectProblem(await list('?limit=1000'), 400, 'VALIDATION_FAILED');
  });

  it('a member_rep sees only its own organisation in the list', async () => {
    const rep = await userWithRole(t, 'member_rep', { memberId: ids.b });
    const res = await list('', rep.token);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids.b]);
    expect((await list('?category=ecommerce', rep.token)).body.items).toEqual([]);
  });

  it('other roles cannot list members (403 FORBIDDEN_ROLE)', async () => {
    for (const role of ['admin', 'law_enforcement'] as const) {
      const u = await userWithRole(t, role);
      expectProblem(await list('', u.token), 403, 'FORBIDDEN_ROLE');
    }
  });
});
