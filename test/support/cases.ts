import type { TestApp } from './app.js';
import { complaintBody } from './factories.js';

export interface Opened {
  caseId: string;
  reference: string;
  receiptCode: string;
}

/** Opens a case through the public form (respondent matched by domain when one is registered). */
export async function openCase(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Opened> {
  const res = await t.http().post('/v1/public/complaints').send(complaintBody(overrides));
  if (res.status !== 201) throw new Error(`open case: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function sendEvent(t: TestApp, token: string, caseId: string, body: Record<string, unknown>, ifMatch?: number) {
  const r = t.http().post(`/v1/cases/${caseId}/events`).set('authorization', `Bearer ${token}`);
  return (ifMatch === undefined ? r : r.set('if-match', String(ifMatch))).send(body);
}

export async function mustSend(t: TestApp, token: string, caseId: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await sendEvent(t, token, caseId, body);
  if (res.status !== 200) throw new Error(`${String(body.type)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function complainantEvent(t: TestApp, receiptCode: string, body: Record<string, unknown>) {
  return t.http().post('/v1/public/complaints/events').set('x-receipt-code', receiptCode).send(body);
}
