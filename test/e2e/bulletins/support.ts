import type { TestApp } from '../../support/app.js';

/** Helpers for the bulletin specs: every step through the real HTTP API. */

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function createSeries(t: TestApp, token: string, body: Record<string, unknown>): Promise<{ id: string; code: string; title: string }> {
  const res = await t.http().post('/v1/bulletin-series').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`series: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function compose(t: TestApp, token: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await t.http().post('/v1/bulletins').set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`compose: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function step(t: TestApp, token: string, id: string, action: 'submit' | 'approve' | 'publish', expected = 200): Promise<Record<string, any>> {
  const res = await t.http().post(`/v1/bulletins/${id}/${action}`).set(bearer(token));
  if (res.status !== expected) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Composed by `composer`, submitted, approved by `approver`: ready to publish. */
export async function approvedBulletin(t: TestApp, composer: string, approver: string, body: Record<string, unknown>): Promise<string> {
  const b = await compose(t, composer, body);
  await step(t, composer, b.id, 'submit');
  await step(t, approver, b.id, 'approve');
  return b.id;
}
