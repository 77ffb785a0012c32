import { randomBytes, randomUUID } from 'node:crypto';
import type { TestApp } from './app.js';

/** A valid unified social credit code (GB 32100-2015 check digit) from 17 random characters. */
export function creditCode(): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = '91' + '110105'; // enterprise, Beijing Chaoyang
  while (body.length < 17) body += chars[randomBytes(1)[0] % chars.length];
  const sum = [...body].reduce((s, c, i) => s + chars.indexOf(c) * weights[i], 0);
  return body + chars[(31 - (sum % 31)) % 31];
}

/** Inserts a member directly (for tests of other features); returns its id. */
export async function insertMember(
  t: TestApp,
  o: { id?: string; name?: string; category?: string; status?: string; domains?: string[] } = {},
): Promise<string> {
  const id = o.id ?? randomUUID();
  await t.sql.query(
    `INSERT INTO members (id, name, credit_code, kind, category, joined_on, status) VALUES ($1, $2, $3, 'organisation', $4, '2024-01-01', $5)`,
    [id, o.name ?? `测试会员${randomBytes(2).toString('hex')}`, creditCode(), o.category ?? 'ecommerce', o.status ?? 'active'],
  );
  for (const d of o.domains ?? []) {
    await t.sql.query(`INSERT INTO member_domains (member_id, domain, member_active) VALUES ($1, $2, $3)`, [id, d, (o.status ?? 'active') === 'active']);
  }
  return id;
}

/** A convention with one published version and numbered articles; returns the version id. */
export async function insertPublishedConvention(t: TestApp, code: string, articleCount = 5): Promise<string> {
  const conv = (await t.sql.query(`INSERT INTO conventions (code, title_zh, issuing_body) VALUES ($1, $2, '某市互联网协会') RETURNING id`, [code, `${code} 自律公约`])).rows[0].id;
  const ver = (
    await t.sql.query(
      `INSERT INTO convention_versions (convention_id, version, status, effective_date, text_hash, published_at) VALUES ($1, 1, 'published', '2025-01-01', $2, now()) RETURNING id`,
      [conv, 'a'.repeat(64)],
    )
  ).rows[0].id;
  for (let n = 1; n <= articleCount; n++) {
    await t.sql.query(`INSERT INTO convention_articles (version_id, number, title, body) VALUES ($1, $2, $3, $4)`, [ver, n, `第${n}条`, `条款内容${n}`]);
  }
  return ver;
}

/** A partner created through the admin API, with its API key. */
export async function createPartner(t: TestApp, admin: string, name = `伙伴网站${randomBytes(2).toString('hex')}`): Promise<{ id: string; key: string; callbackSecret: string | null }> {
  const res = await t.http().post('/v1/partners').set('authorization', `Bearer ${admin}`).send({ name, domains: ['partner.example.cn'], callbackUrl: 'http://127.0.0.1:9/cb' });
  if (res.status !== 201) throw new Error(`partner: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.partner.id, key: res.body.apiKey.key, callbackSecret: res.body.callbackSecret };
}

/** An agency created through the admin API. */
export async function createAgency(t: TestApp, admin: string, name = `某市公安局网安支队${randomBytes(3).toString('hex')}`): Promise<{ id: string; name: string }> {
  const res = await t.http().post('/v1/agencies').set('authorization', `Bearer ${admin}`).send({ name, jurisdiction: '某市', contact: { phone: '010-12345678' } });
  if (res.status !== 201) throw new Error(`agency: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, name: res.body.name };
}

export function complaintBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    respondent: { name: '某某网络科技有限公司', url: 'https://m.shop.example.cn/item/42' },
    category: 'fraud',
    title: '网店收款后不发货',
    description: '我于上周在该网店购买商品并付款，至今未发货，客服不回复。',
    occurredAt: '2026-11-01T10:00:00+08:00',
    urls: ['https://m.shop.example.cn/item/42'],
    complainant: { name: '张三', phone: '13800138000', email: 'zhang.san@example.cn' },
    ...overrides,
  };
}

export async function count(t: TestApp, table: string): Promise<number> {
  return (await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}
