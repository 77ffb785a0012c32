import { createTestApp, type TestApp } from '../../support/app.js';
import { expectProblem, userWithRole } from '../../support/auth.js';
import { creditCode } from '../../support/factories.js';
import { bearer, MEMBER_TABLES, rowCounts } from '../../support/pacts.js';

describe('Register a member — POST /v1/members', () => {
  let t: TestApp;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterAll(() => t.close());

  const register = (body: Record<string, unknown>, token = staff) => t.http().post('/v1/members').set(bearer(token)).send(body);

  it('registers an organisation with normalised domains, contacts, dues and a first status-history entry', async () => {
    const code = creditCode();
    const res = await register({
      name: '某某网络科技有限公司',
      creditCode: code.toLowerCase(),
      category: 'ecommerce',
      domains: ['https://Shop.Example-One.CN/path', '例子一.中国', 'shop.example-one.cn'],
      icpFiling: '京ICP备12345678号',
      contacts: [{ name: '王芳', title: '法务经理', phone: '010-12345678', email: 'wf@example-one.cn' }],
      joinedOn: '2024-05-20',
      dues: [{ year: 2025, status: 'paid', paidOn: '2025-03-01' }, { year: 2026, status: 'unpaid' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '某某网络科技有限公司',
      kind: 'organisation',
      creditCode: code,
      category: 'ecommerce',
      categoryLabel: { zh: '电子商务网站', en: 'E-commerce site' },
      status: 'active',
      joinedOn: '2024-05-20',
      domains: ['shop.example-one.cn', 'xn--4gq70bj2x.xn--fiqs8s'],
      icpFiling: '京ICP备12345678号',
      contacts: [{ name: '王芳', title: '法务经理', phone: '010-12345678', email: 'wf@example-one.cn' }],
      dues: [
        { year: 2025, status: 'paid', paidOn: '2025-03-01', note: '' },
        { year: 2026, status: 'unpaid', paidOn: null, note: '' },
      ],
      version: 1,
    });
    expect(res.body.statusHistory).toEqual([{ fromStatus: null, toStatus: 'active', reason: 'registered', changedBy: expect.any(String), changedAt: expect.any(String) }]);
    const audit = (await t.sql.query(`SELECT action, details FROM audit_log WHERE resource_type = 'member' AND resource_id = $1`, [res.body.id])).rows;
    expect(audit).toEqual([{ action: 'member.create', details: { kind: 'organisation', category: 'ecommerce', domains: 2 } }]);
    expect(JSON.stringify(audit)).not.toContain('010-12345678');
  });

  it('registers an individual without a credit code', async () => {
    const res = await register({ name: '张三', kind: 'individual', category: 'other' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'individual', creditCode: null, categoryLabel: { zh: '其他', en: 'Other' } });
  });

  it('refuses a credit code with a wrong check digit (CREDIT_CODE_INVALID) and writes nothing', async () => {
    const good = creditCode();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await register({ name: '错误代码公司', creditCode: bad, category: 'ecommerce', domains: ['bad-code.cn'] });
    expectProblem(res, 400, 'CREDIT_CODE_INVALID');
    expect(res.body.errors).toEqual([{ field: 'creditCode', code: 'CHECK_DIGIT', message: expect.any(String) }]);
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it('refuses an organisation without a credit code and an individual with one', async () => {
    expectProblem(await register({ name: '无代码公司', category: 'ecommerce' }), 400, 'CREDIT_CODE_REQUIRED');
    expectProblem(await register({ name: '李四', kind: 'individual', category: 'other', creditCode: creditCode() }), 400, 'CREDIT_CODE_NOT_ALLOWED');
  });

  it('refuses a credit code already registered with 409 CREDIT_CODE_TAKEN', async () => {
    const code = creditCode();
    expect((await register({ name: '甲公司', creditCode: code, category: 'enterprise_site' })).status).toBe(201);
    const before = await rowCounts(t, MEMBER_TABLES);
    expectProblem(await register({ name: '乙公司', creditCode: code, category: 'enterprise_site' }), 409, 'CREDIT_CODE_TAKEN');
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it('refuses an unknown category and unknown fields with field errors, writing nothing', async () => {
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await register({ name: '某公司', creditCode: creditCode(), category: 'bank', status: 'expelled', isVip: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['category:IS_IN', 'isVip:UNKNOWN_FIELD', 'status:UNKNOWN_FIELD']);
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it('refuses a domain another active member holds with 409 DOMAIN_TAKEN naming the field, writing nothing', async () => {
    expect((await register({ name: '丙公司', creditCode: creditCode(), category: 'ecommerce', domains: ['taken.example.cn'] })).status).toBe(201);
    const before = await rowCounts(t, MEMBER_TABLES);
    const res = await register({ name: '丁公司', creditCode: creditCode(), category: 'ecommerce', domains: ['free.example.cn', 'HTTPS://TAKEN.example.cn/'] });
    expectProblem(res, 409, 'DOMAIN_TAKEN');
    expect(res.body.errors).toEqual([{ field: 'domains[1]', code: 'TAKEN', message: expect.stringContaining('taken.example.cn') }]);
    expect(await rowCounts(t, MEMBER_TABLES)).toEqual(before);
  });

  it('refuses something that is not a domain with DOMAIN_INVALID', async () => {
    const res = await register({ name: '戊公司', creditCode: creditCode(), category: 'ecommerce', domains: ['ok.example.cn', '10.0.0.1'] });
    expectProblem(res, 400, 'DOMAIN_INVALID');
    expect(res.body.errors).toEqual([{ field: 'domains[1]', code: 'INVALID', message: expect.any(String) }]);
  });

  it('a member_rep cannot register members (403 FORBIDDEN_ROLE)', async () => {
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await register({ name: '己公司', creditCode: creditCode(), category: 'ecommerce' }, rep.token), 403, 'FORBIDDEN_ROLE');
  });

  it('a supervisor may register members like the secretariat', async () => {
    const sup = await userWithRole(t, 'supervisor');
    expect((await register({ name: '庚公司', creditCode: creditCode(), category: 'government' }, sup.token)).status).toBe(201);
  });
});
