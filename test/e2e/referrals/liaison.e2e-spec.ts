import { rmSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { binary, referCase, sendEvent, submitComplaint, uploadEvidence } from '../../support/cases.js';
import { count, createAgency, createPartner, insertMember } from '../../support/factories.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('Liaison API — GET /v1/referrals, packet, ZIP, custody, acknowledge, conclude, retract', () => {
  let t: TestApp;
  let admin: string;
  let supA: string;
  let supB: string;
  let staff: string;
  let partner: { key: string };
  let agencyA: { id: string };
  let agencyB: { id: string };
  let liaisonA: { id: string; token: string };
  let liaisonB: string;
  let keyA: { id: string; key: string };
  let refA: { id: string; caseId: string; evidenceId: string };
  let refB: { id: string; caseId: string };

  const get = (path: string, auth: { token?: string; key?: string }) => {
    const r = t.http().get(path);
    return auth.key ? r.set('x-api-key', auth.key) : r.set('authorization', `Bearer ${auth.token}`);
  };
  const post = (path: string, auth: { token?: string; key?: string }, body: Record<string, unknown>) => {
    const r = t.http().post(path);
    return (auth.key ? r.set('x-api-key', auth.key) : r.set('authorization', `Bearer ${auth.token}`)).send(body);
  };

  async function newReferral(agencyId: string, evidence?: { name: string; bytes: Buffer }): Promise<{ id: string; caseId: string; evidenceId: string }> {
    const c = await submitComplaint(t, partner.key);
    const ev = evidence ? await uploadEvidence(t, partner.key, c.reference, [evidence]) : [];
    const id = await referCase(t, { caseId: c.caseId, agencyId, proposer: supA, approver: supB });
    return { id, caseId: c.caseId, evidenceId: ev[0]?.id ?? '' };
  }

  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    supA = (await userWithRole(t, 'supervisor')).token;
    supB = (await userWithRole(t, 'supervisor')).token;
    staff = (await userWithRole(t, 'secretariat')).token;
    partner = await createPartner(t, admin);
    await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    agencyA = await createAgency(t, admin, '甲市公安局网安支队');
    agencyB = await createAgency(t, admin, '乙市公安局网安支队');
    liaisonA = await userWithRole(t, 'law_enforcement', { agencyId: agencyA.id });
    liaisonB = (await userWithRole(t, 'law_enforcement', { agencyId: agencyB.id })).token;
    keyA = (await t.http().post(`/v1/agencies/${agencyA.id}/keys`).set('authorization', `Bearer ${admin}`).send({})).body;
    refA = await newReferral(agencyA.id, { name: 'shot.png', bytes: PNG });
    refB = await newReferral(agencyB.id);
  });
  afterAll(() => t.close());

  it('a liaison (account or agency key) lists only its own agency\'s referrals; the secretariat sees all', async () => {
    const mine = await get('/v1/referrals', { token: liaisonA.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([refA.id]);
    expect(mine.body.items[0]).toMatchObject({ status: 'pending', agency: { id: agencyA.id }, current: true, packetSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const byKey = await get('/v1/referrals', { key: keyA.key });
    expect(byKey.body.items.map((r: { id: string }) => r.id)).toEqual([refA.id]);
    const all = await get('/v1/referrals', { token: staff });
    expect(all.body.items.map((r: { id: string }) => r.id).sort()).toEqual([refA.id, refB.id].sort());
    const pending = await get('/v1/referrals?status=pending&limit=1', { token: staff });
    expect(pending.body.items).toHaveLength(1);
    expect(pending.body.nextCursor).not.toBeNull();
  });

  it('agency A\'s liaison and agency key cannot reach agency B\'s referral: 404 everywhere, nothing recorded', async () => {
    const before = await count(t, 'referral_custody');
    for (const auth of [{ token: liaisonA.token }, { key: keyA.key }]) {
      expectProblem(await get(`/v1/referrals/${refB.id}`, auth), 404, 'REFERRAL_NOT_FOUND');
      expectProblem(await get(`/v1/referrals/${refB.id}/packet`, auth), 404, 'REFERRAL_NOT_FOUND');
      expectProblem(await get(`/v1/referrals/${refB.id}/packet.zip`, auth), 404, 'REFERRAL_NOT_FOUND');
      expectProblem(await get(`/v1/referrals/${refB.id}/evidence/${refA.evidenceId}`, auth), 404, 'REFERRAL_NOT_FOUND');
      expectProblem(await post(`/v1/referrals/${refB.id}/acknowledge`, auth, { referenceNumber: 'X-1' }), 404, 'REFERRAL_NOT_FOUND');
      expectProblem(await post(`/v1/referrals/${refB.id}/conclude`, auth, { outcome: 'x' }), 404, 'REFERRAL_NOT_FOUND');
      // Nor through the case door, nor the case API.
      expect((await post(`/v1/cases/${refB.caseId}/events`, auth, { type: 'LE_ACKNOWLEDGE', referenceNumber: 'X-1' })).status).toBe(404);
    }
    expect(await count(t, 'referral_custody')).toBe(before);
    const caseRow = (await t.sql.query('SELECT state, phase FROM cases WHERE id = $1', [refB.caseId])).rows[0];
    expect(caseRow).toEqual({ state: 'referred', phase: 'pending' });
  });

  it('every fetch of the packet, the ZIP or an evidence file enters the chain of custody (who, when, which packet hash) and the audit log', async () => {
    const auditBefore = (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'referral' AND resource_id = $1 AND action LIKE 'referral.%.fetch'`, [refA.id])).rows[0].n;
    const p1 = await get(`/v1/referrals/${refA.id}/packet`, { token: liaisonA.token });
    const z = await get(`/v1/referrals/${refA.id}/packet.zip`, { key: keyA.key }).buffer(true).parse(binary);
    const ev = await get(`/v1/referrals/${refA.id}/evidence/${refA.evidenceId}`, { token: liaisonA.token }).buffer(true).parse(binary);
    const p2 = await get(`/v1/referrals/${refA.id}/packet`, { token: staff });
    expect([p1.status, z.status, ev.status, p2.status]).toEqual([200, 200, 200, 200]);
    expect((ev.body as Buffer).equals(PNG)).toBe(true);
    const sha = p1.headers['x-packet-sha256'];

    const custody = await get(`/v1/referrals/${refA.id}/custody`, { token: staff });
    expect(custody.status).toBe(200);
    expect(custody.body).toHaveLength(4);
    expect(custody.body.map((c: { artifact: string }) => c.artifact)).toEqual(['packet', 'zip', 'evidence', 'packet']);
    expect(custody.body.every((c: { packetSha256: string }) => c.packetSha256 === sha)).toBe(true);
    expect(custody.body[0]).toMatchObject({ actorType: 'user', actorId: liaisonA.id, actorRole: 'law_enforcement', agencyId: agencyA.id, occurredAt: expect.any(String) });
    expect(custody.body[1]).toMatchObject({ actorType: 'api_key', actorId: keyA.id, agencyId: agencyA.id });
    expect(custody.body[2]).toMatchObject({ evidenceId: refA.evidenceId, evidenceSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(custody.body[3]).toMatchObject({ actorRole: 'secretariat', agencyId: null });
    const auditAfter = (await t.sql.query(`SELECT count(*)::int AS n FROM audit_log WHERE resource_type = 'referral' AND resource_id = $1 AND action LIKE 'referral.%.fetch'`, [refA.id])).rows[0].n;
    expect(auditAfter - auditBefore).toBe(4);

    // The custody log is the association's record: liaisons do not read it.
    expectProblem(await get(`/v1/referrals/${refA.id}/custody`, { token: liaisonA.token }), 403, 'FORBIDDEN_ROLE');
  });

  it('acknowledge with the agency\'s reference number, then conclude with an outcome, through the one door: the case closes', async () => {
    const r = await newReferral(agencyA.id);
    expectProblem(await post(`/v1/referrals/${r.id}/conclude`, { token: liaisonA.token }, { outcome: '立案' }), 409, 'CASE_EVENT_NOT_ALLOWED');
    const ack = await post(`/v1/referrals/${r.id}/acknowledge`, { key: keyA.key }, { referenceNumber: '甲公网安〔2026〕7号' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', referenceNumber: '甲公网安〔2026〕7号', acknowledgedAt: expect.any(String) });
    expectProblem(await post(`/v1/referrals/${r.id}/acknowledge`, { token: liaisonA.token }, { referenceNumber: 'again' }), 409, 'CASE_EVENT_NOT_ALLOWED');
    const done = await post(`/v1/referrals/${r.id}/conclude`, { token: liaisonA.token }, { outcome: '已立案侦查并责令整改' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'concluded', outcome: '已立案侦查并责令整改', referenceNumber: '甲公网安〔2026〕7号' });
    const c = (await t.sql.query('SELECT state FROM cases WHERE id = $1', [r.caseId])).rows[0];
    expect(c.state).toBe('closed');
    const events = (await t.sql.query('SELECT type, actor_role FROM case_events WHERE case_id = $1 ORDER BY seq', [r.caseId])).rows;
    expect(events.slice(-2)).toEqual([{ type: 'LE_ACKNOWLEDGE', actor_role: 'law_enforcement' }, { type: 'LE_CONCLUDE', actor_role: 'law_enforcement' }]);
  });

  it('a supervisor retracts a referral before acknowledgement through the one door: the packet is marked retracted and the liaison sees it so', async () => {
    const r = await newReferral(agencyA.id);
    const res = await sendEvent(t, supA, r.caseId, { type: 'RETRACT_REFERRAL', reason: '证据需补充，暂缓移送' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ toState: 'investigating' });
    const row = (await t.sql.query('SELECT retracted_at, retraction_reason FROM referrals WHERE id = $1', [r.id])).rows[0];
    expect(row.retracted_at).not.toBeNull();
    expect(row.retraction_reason).toBe('证据需补充，暂缓移送');

    const seen = await get(`/v1/referrals/${r.id}`, { token: liaisonA.token });
    expect(seen.body).toMatchObject({ status: 'retracted', retractionReason: '证据需补充，暂缓移送', retractedAt: expect.any(String) });
    const listed = await get('/v1/referrals?status=retracted', { token: liaisonA.token });
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([r.id]);
    expectProblem(await get(`/v1/referrals/${r.id}/packet`, { token: liaisonA.token }), 410, 'REFERRAL_RETRACTED');
    expectProblem(await get(`/v1/referrals/${r.id}/packet.zip`, { key: keyA.key }), 410, 'REFERRAL_RETRACTED');
    expectProblem(await post(`/v1/referrals/${r.id}/acknowledge`, { token: liaisonA.token }, { referenceNumber: 'late' }), 410, 'REFERRAL_RETRACTED');
    // The association keeps the packet on record.
    expect((await get(`/v1/referrals/${r.id}/packet`, { token: staff })).status).toBe(200);
  });

  it('a referral acknowledged by the agency cannot be retracted; only a supervisor may retract', async () => {
    const r = await newReferral(agencyA.id);
    expectProblem(await post(`/v1/referrals/${r.id}/retract`, { token: staff }, { reason: 'x' }), 403, 'FORBIDDEN_ROLE');
    await post(`/v1/referrals/${r.id}/acknowledge`, { token: liaisonA.token }, { referenceNumber: 'A-9' });
    expectProblem(await post(`/v1/referrals/${r.id}/retract`, { token: supA }, { reason: 'too late' }), 409, 'CASE_EVENT_NOT_ALLOWED');
    expect((await t.sql.query('SELECT retracted_at FROM referrals WHERE id = $1', [r.id])).rows[0].retracted_at).toBeNull();
  });

  it('the retract route retracts a pending referral through the one door too', async () => {
    const r = await newReferral(agencyA.id);
    const res = await post(`/v1/referrals/${r.id}/retract`, { token: supB }, { reason: '误移送' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'retracted', retractionReason: '误移送' });
    const last = (await t.sql.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1', [r.caseId])).rows[0];
    expect(last.type).toBe('RETRACT_REFERRAL');
  });

  it('a packet that no longer matches its hash, or whose evidence left storage, is refused with a code and nothing is recorded as handed over', async () => {
    const r = await newReferral(agencyA.id, { name: 'note.txt', bytes: Buffer.from(`一次性证据 ${Date.now()} ${Math.random()}`) });
    const before = await count(t, 'referral_custody');
    const [row] = (await t.sql.query('SELECT sha256 FROM referrals WHERE id = $1', [r.id])).rows;
    await t.sql.query(`UPDATE referrals SET sha256 = repeat('0', 64) WHERE id = $1`, [r.id]);
    expectProblem(await get(`/v1/referrals/${r.id}/packet`, { token: liaisonA.token }), 500, 'REFERRAL_STORAGE_INTEGRITY');
    await t.sql.query('UPDATE referrals SET sha256 = $2 WHERE id = $1', [r.id, row.sha256]);
    const [ev] = (await t.sql.query('SELECT sha256 FROM evidence WHERE id = $1', [r.evidenceId])).rows;
    rmSync(path.join(t.dataDir, 'blobs', ev.sha256.slice(0, 2), ev.sha256.slice(2, 4), ev.sha256));
    expectProblem(await get(`/v1/referrals/${r.id}/packet.zip`, { token: liaisonA.token }), 500, 'REFERRAL_STORAGE_INTEGRITY');
    expect(await count(t, 'referral_custody')).toBe(before);
    // The packet itself is still whole and can be fetched.
    expect((await get(`/v1/referrals/${r.id}/packet`, { token: liaisonA.token })).status).toBe(200);
  });

  it('bad input is a clear 4xx, never a 500', async () => {
    expectProblem(await post(`/v1/referrals/${refA.id}/acknowledge`, { token: liaisonA.token }, { referenceNumber: '' }), 400, 'VALIDATION_FAILED');
    expectProblem(await post(`/v1/referrals/${refA.id}/acknowledge`, { token: liaisonA.token }, { referenceNumber: 'x'.repeat(101) }), 400, 'VALIDATION_FAILED');
    expectProblem(await post(`/v1/referrals/${refA.id}/conclude`, { token: liaisonA.token }, { outcome: 5 }), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/referrals/not-a-uuid/packet', { token: liaisonA.token }), 404, 'NOT_FOUND');
    expectProblem(await get('/v1/referrals/00000000-0000-4000-8000-000000000001/packet', { token: staff }), 404, 'REFERRAL_NOT_FOUND');
    expectProblem(await get(`/v1/referrals/${refA.id}/evidence/00000000-0000-4000-8000-000000000001`, { token: liaisonA.token }), 404, 'REFERRAL_EVIDENCE_NOT_FOUND');
    expectProblem(await get('/v1/referrals?cursor=garbage', { token: staff }), 400, 'VALIDATION_FAILED');
    expectProblem(await get('/v1/referrals?status=lost', { token: staff }), 400, 'VALIDATION_FAILED');
    // A member's representative and a partner have nothing to do here.
    const rep = (await userWithRole(t, 'member_rep')).token;
    expectProblem(await get('/v1/referrals', { token: rep }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await get('/v1/referrals', { key: partner.key }), 403, 'FORBIDDEN_ROLE');
  });
});
