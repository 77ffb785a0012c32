import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.js';
import { publicComplaintBody } from './challenge.js';
import { complaintBody } from './factories.js';

/** Drives cases through the real HTTP API (intake, evidence, the one door), for tests of later stages. */

export interface Submitted {
  caseId: string;
  reference: string;
  receiptCode: string;
}

export type Opened = Submitted;

/** Opens a case through the public form (respondent matched by domain when one is registered). */
export async function openCase(t: TestApp, overrides: Record<string, unknown> = {}): Promise<Opened> {
  const res = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, overrides));
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

/** A complaint through the partner API; `overrides` go into the complaint body. */
export async function submitComplaint(t: TestApp, partnerKey: string, overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const externalId = `ext-${randomBytes(6).toString('hex')}`;
  const res = await t
    .http()
    .post('/v1/partner/complaints')
    .set('x-api-key', partnerKey)
    .set('idempotency-key', externalId)
    .send(complaintBody({ externalId, ...overrides }));
  if (res.status !== 201) throw new Error(`complaint: ${res.status} ${JSON.stringify(res.body)}`);
  return { caseId: res.body.caseId, reference: res.body.reference, receiptCode: res.body.receiptCode };
}

export async function uploadEvidence(t: TestApp, partnerKey: string, reference: string, files: { name: string; bytes: Buffer }[]): Promise<{ id: string; sha256: string }[]> {
  let req = t.http().post(`/v1/partner/complaints/${reference}/evidence`).set('x-api-key', partnerKey);
  for (const f of files) req = req.attach('files', f.bytes, f.name);
  const res = await req;
  if (res.status !== 201) throw new Error(`evidence: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items;
}

/** ACCEPT, PROPOSE_REFERRAL by one supervisor, APPROVE by another: the case is referred and its packet built. */
export async function referCase(t: TestApp, o: { caseId: string; agencyId: string; proposer: string; approver: string; justification?: string }): Promise<string> {
  await mustSend(t, o.proposer, o.caseId, { type: 'ACCEPT' });
  await mustSend(t, o.proposer, o.caseId, { type: 'PROPOSE_REFERRAL', agencyId: o.agencyId, justification: o.justification ?? '涉嫌网络诈骗，证据确凿，建议移送公安机关' });
  await mustSend(t, o.approver, o.caseId, { type: 'APPROVE', note: '同意移送' });
  const rows = (await t.sql.query('SELECT id FROM referrals WHERE case_id = $1 ORDER BY approved_seq DESC LIMIT 1', [o.caseId])).rows;
  if (!rows[0]) throw new Error('no referral was created');
  return rows[0].id as string;
}

/** Collects a binary supertest body: `.buffer(true).parse(binary)`. */
export function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const r = res as NodeJS.ReadableStream;
  r.on('data', (c: Buffer) => chunks.push(c));
  r.on('end', () => cb(null, Buffer.concat(chunks)));
}
