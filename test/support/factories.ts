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
