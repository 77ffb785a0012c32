import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { binary, submitComplaint, uploadEvidence } from '../../support/cases.js';
import { createPartner, insertMember } from '../../support/factories.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Evidence for the respondent — POST/DELETE /v1/cases/:id/evidence/:evidenceId/share, GET /v1/cases/:id/evidence, GET /v1/evidence/:id', () => {
  let t: TestApp;
  let partner: { id: string; key: string };
  let staff: { id: string; token: string };
  let rep: { token: string };
  let otherRep: { token: string };

  beforeAll(async () => {
    t = await createTestApp();
    const memberId = await insertMember(t, { name: '某某网络科技有限公司', domains: ['shop.example.cn'] });
    partner = await createPartner(t, await adminToken(t));
    staff = await userWithRole(t, 'secretariat');
    rep = await userWithRole(t, 'member_rep', { memberId });
    otherRep = await userWithRole(t, 'member_rep');
  });
  afterAll(() => t.close());

  const get = (token: string, path: string) => t.http().get(path).set('authorization', `Bearer ${token}`);
  const download = async (token: string, id: string) => {
    const res = await get(token, `/v1/evidence/${id}`).buffer(true).parse(binary);
    // A refusal is problem+json: read it as such.
    if (res.status !== 200) res.body = JSON.parse((res.body as Buffer).toString('utf8'));
    return res;
  };
  const share = (token: string, caseId: string, id: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/v1/cases/${caseId}/evidence/${id}/share`).set('authorization', `Bearer ${token}`).send(body);
  const unshare = (token: string, caseId: string, id: string) => t.http().delete(`/v1/cases/${caseId}/evidence/${id}/share`).set('authorization', `Bearer ${token}`);
  const audits = async (action: string, id: string) =>
    (await t.sql.query(`SELECT details FROM audit_log WHERE action = $1 AND (resource_id = $2 OR details ->> 'evidenceId' = $2) ORDER BY id`, [action, id])).rows;

  it('a rep downloads a shared evidence item and the download is audited; it cannot download an unshared item (404)', async () => {
    const c = await submitComplaint(t, partner.key);
    const [shot, chat] = await uploadEvidence(t, partner.key, c.reference, [
      { name: '付款截图.png', bytes: PNG },
      { name: '聊天记录.txt', bytes: Buffer.from('客服：明天发货') },
    ]);
    expect((await get(rep.token, `/v1/cases/${c.caseId}/evidence`)).body).toEqual({ items: [] });
    expectProblem(await download(rep.token, shot.id), 404, 'EVIDENCE_NOT_FOUND');

    const shared = await share(staff.token, c.caseId, shot.id);
    expect(shared.status).toBe(200);
    expect(shared.body.sharedWithRespondent).toEqual({ at: expect.any(String), by: staff.id });
    expect(await audits('evidence.share', shot.id)).toHaveLength(1);
    // Sharing again changes nothing and records nothing.
    expect((await share(staff.token, c.caseId, shot.id)).status).toBe(200);
    expect(await audits('evidence.share', shot.id)).toHaveLength(1);

    const mine = await get(rep.token, `/v1/cases/${c.caseId}/evidence`);
    expect(mine.body.items).toEqual([{ id: shot.id, fileName: '付款截图.png', mediaType: 'image/png', size: PNG.length, sha256: sha(PNG), sharedAt: expect.any(String) }]);
    const dl = await download(rep.token, shot.id);
    expect(dl.status).toBe(200);
    expect(sha(dl.body as Buffer)).toBe(sha(PNG));
    expect(dl.headers['repr-digest']).toBe(`sha-256=:${createHash('sha256').update(PNG).digest('base64')}:`);
    expect((await audits('evidence.download', shot.id)).map((r) => r.details)).toEqual([expect.objectContaining({ caseId: c.caseId, role: 'member_rep' })]);

    expectProblem(await download(rep.token, chat.id), 404, 'EVIDENCE_NOT_FOUND');
    expectProblem(await download(otherRep.token, shot.id), 404, 'EVIDENCE_NOT_FOUND');
    expectProblem(await get(otherRep.token, `/v1/cases/${c.caseId}/evidence`), 404, 'NOT_FOUND');

    const staffList = await get(staff.token, `/v1/cases/${c.caseId}/evidence`);
    // Both files came in one upload (same time): compare without order.
    const rows = staffList.body.items.map((i: { id: string; sharedWithRespondent: unknown; uploadedByKind: string }) => [i.id, i.uploadedByKind, i.sharedWithRespondent !== null]);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(expect.arrayContaining([[shot.id, 'partner', true], [chat.id, 'partner', false]]));
    const staffDl = await download(staff.token, chat.id);
    expect(staffDl.status).toBe(200);
    expect((await audits('evidence.download', chat.id)).map((r) => r.details.role)).toEqual(['secretariat']);

    const un = await unshare(staff.token, c.caseId, shot.id);
    expect(un.status).toBe(200);
    expect(un.body.sharedWithRespondent).toBeNull();
    expect(await audits('evidence.unshare', shot.id)).toHaveLength(1);
    expect((await get(rep.token, `/v1/cases/${c.caseId}/evidence`)).body).toEqual({ items: [] });
    expectProblem(await download(rep.token, shot.id), 404, 'EVIDENCE_NOT_FOUND');
  });

  it('an employee complaint\'s item is shared only with the staff\'s confirmation that it does not identify the complainant, under a neutral name', async () => {
    const c = await submitComplaint(t, partner.key, { isEmployeeOfRespondent: true });
    const [badge] = await uploadEvidence(t, partner.key, c.reference, [{ name: '张三的工牌.png', bytes: PNG }]);
    const refused = await share(staff.token, c.caseId, badge.id);
    expectProblem(refused, 400, 'EVIDENCE_SHARE_CONFIRMATION_REQUIRED');
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'confirmNotIdentifying' })]);
    expectProblem(await share(staff.token, c.caseId, badge.id, { confirmNotIdentifying: false }), 400, 'EVIDENCE_SHARE_CONFIRMATION_REQUIRED');
    expect((await t.sql.query('SELECT shared_with_respondent_at FROM evidence WHERE id = $1', [badge.id])).rows[0].shared_with_respondent_at).toBeNull();
    expect(await audits('evidence.share', badge.id)).toHaveLength(0);

    expect((await share(staff.token, c.caseId, badge.id, { confirmNotIdentifying: true })).status).toBe(200);
    const mine = await get(rep.token, `/v1/cases/${c.caseId}/evidence`);
    expect(mine.body.items).toHaveLength(1);
    expect(mine.body.items[0].fileName).toMatch(/^evidence-[0-9a-f]{8}\.png$/);
    const dl = await download(rep.token, badge.id);
    expect(dl.status).toBe(200);
    expect(decodeURIComponent(dl.headers['content-disposition'])).not.toContain('张三');
  });

  it('only staff share, and only items of that case', async () => {
    const c = await submitComplaint(t, partner.key);
    const other = await submitComplaint(t, partner.key);
    const [item] = await uploadEvidence(t, partner.key, c.reference, [{ name: 'a.txt', bytes: Buffer.from('证据正文一') }]);
    expectProblem(await share(rep.token, c.caseId, item.id), 403, 'FORBIDDEN_ROLE');
    expectProblem(await share(staff.token, other.caseId, item.id), 404, 'EVIDENCE_NOT_FOUND');
    expectProblem(await share(staff.token, c.caseId, '00000000-0000-4000-8000-000000000000'), 404, 'EVIDENCE_NOT_FOUND');
    expectProblem(await share(staff.token, c.caseId, item.id, { confirmNotIdentifying: 'yes' }), 400, 'VALIDATION_FAILED');
    expect((await t.sql.query('SELECT count(*)::int n FROM evidence WHERE shared_with_respondent_at IS NOT NULL AND case_id = $1', [c.caseId])).rows[0].n).toBe(0);
  });
});
