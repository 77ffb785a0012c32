import type { TestApp } from './app.js';

/** A site key issued through the admin API for the partner. */
export async function createSiteKey(
  t: TestApp,
  admin: string,
  partnerId: string,
  body: Record<string, unknown> = { allowedOrigins: ['https://news.example.cn'] },
): Promise<{ id: string; key: string; allowedOrigins: string[]; testMode: boolean }> {
  const res = await t.http().post(`/v1/partners/${partnerId}/site-keys`).set('authorization', `Bearer ${admin}`).send(body);
  if (res.status !== 201) throw new Error(`site key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
