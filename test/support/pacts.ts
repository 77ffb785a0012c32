import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';
import { creditCode } from './factories.js';

/** Row counts of the given tables, to show that a refused request wrote nothing. */
export async function rowCounts(t: TestApp, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = (await t.sql.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  return out;
}

export const MEMBER_TABLES = ['members', 'member_domains', 'member_dues', 'member_status_changes', 'audit_log'];
export const PACT_TABLES = ['conventions', 'convention_versions', 'convention_articles', 'signatures', 'self_inspections', 'self_inspection_revisions', 'audit_log'];

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Registers a member through the API; returns its view. */
export async function registerMember(
  t: TestApp,
  token: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; name: string; domains: string[]; [k: string]: unknown }> {
  const res = await t
    .http()
    .post('/v1/members')
    .set(bearer(token))
    .send({ name: `测试网络科技有限公司${randomBytes(3).toString('hex')}`, creditCode: creditCode(), category: 'ecommerce', ...body });
  if (res.status !== 201) throw new Error(`register member failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const articles = (n: number, prefix = '第') =>
  Array.from({ length: n }, (_, i) => ({ number: i + 1, title: `${prefix}${i + 1}条`, body: `会员单位应当遵守本公约第${i + 1}条的规定。` }));

/** Creates a convention with a draft version 1 of `n` articles and publishes it; returns its code. */
export async function publishedConvention(
  t: TestApp,
  token: string,
  o: { code?: string; articles?: { number: number; title: string; body: string }[]; effectiveDate?: string; inspection?: Record<string, unknown> } = {},
): Promise<string> {
  const code = o.code ?? `pact-${randomBytes(3).toString('hex')}`;
  const c = await t
    .http()
    .post('/v1/conventions')
    .set(bearer(token))
    .send({ code, titleZh: '互联网行业自律公约', issuingBody: '某市互联网协会', ...(o.inspection ? { selfInspection: o.inspection } : {}) });
  if (c.status !== 201) throw new Error(`create convention failed: ${c.status} ${JSON.stringify(c.body)}`);
  const v = await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(token)).send({ articles: o.articles ?? articles(3) });
  if (v.status !== 201) throw new Error(`create version failed: ${v.status} ${JSON.stringify(v.body)}`);
  const p = await t
    .http()
    .post(`/v1/conventions/${code}/versions/1/publish`)
    .set(bearer(token))
    .send(o.effectiveDate ? { effectiveDate: o.effectiveDate } : {});
  if (p.status !== 200) throw new Error(`publish failed: ${p.status} ${JSON.stringify(p.body)}`);
  return code;
}

/** Publishes a new version with the given articles (draft then publish); returns its number. */
export async function publishNewVersion(
  t: TestApp,
  token: string,
  code: string,
  body: { articles?: { number: number; title: string; body: string }[]; effectiveDate?: string } = {},
): Promise<number> {
  const v = await t.http().post(`/v1/conventions/${code}/versions`).set(bearer(token)).send(body.articles ? { articles: body.articles } : {});
  if (v.status !== 201) throw new Error(`create version failed: ${v.status} ${JSON.stringify(v.body)}`);
  const p = await t
    .http()
    .post(`/v1/conventions/${code}/versions/${v.body.version}/publish`)
    .set(bearer(token))
    .send(body.effectiveDate ? { effectiveDate: body.effectiveDate } : {});
  if (p.status !== 200) throw new Error(`publish failed: ${p.status} ${JSON.stringify(p.body)}`);
  return v.body.version;
}

/** A small PDF-looking document as base64. */
export const scannedDocument = (text = '签约仪式扫描件') => ({
  fileName: 'signing.pdf',
  contentType: 'application/pdf',
  contentBase64: Buffer.from(`%PDF-1.4\n${text}\n%%EOF`).toString('base64'),
});
