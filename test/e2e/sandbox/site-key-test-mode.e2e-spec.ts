import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complainantEvent } from '../../support/cases.js';
import { publicComplaintBody } from '../../support/challenge.js';
import { count, createPartner, insertMember } from '../../support/factories.js';
import { createSiteKey } from '../../support/window.js';

describe('Test-mode site keys: a partner window in the sandbox — POST /v1/partners/:id/site-keys { testMode }', () => {
  let t: TestApp;
  let admin: string;
  let partner: { id: string; key: string };
  let testApiKey: string;
  let live: { id: string; key: string };
  let test: { id: string; key: string; testMode: boolean };
  const OWN = 'complaints.example.org';
  const fromWindow = (key: string, body: unknown) =>
    t.http().post('/v1/public/complaints').set('host', OWN).set('origin', `https://${OWN}`).set('x-site-key', key).send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '100000', PUBLIC_LOOKUPS_PER_IP_PER_MINUTE: '100000' });
    admin = await adminToken(t);
    partner = await createPartner(t, admin, '沙箱新闻网');
    testApiKey = (await t.http().post(`/v1/partners/${partner.id}/keys`).set('authorization', `Bearer ${admin}`).send({ testMode: true })).body.key;
    live = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://news.example.cn'] });
    test = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://staging.news.example.cn'], testMode: true });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('an admin creates a test-mode site key: wk_test_…, the same shape as any key, its views say testMode', async () => {
    expect(test.testMode).toBe(true);
    expect(test.key).toMatch(/^wk_test_[A-Za-z0-9_-]{19}$/);
    expect(live).toMatchObject({ testMode: false });
    expect(live.key.startsWith('wk_test_')).toBe(false);
    const listed = await t.http().get(`/v1/partners/${partner.id}/site-keys`).set('authorization', `Bearer ${admin}`);
    expect(listed.body.map((k: { id: string; testMode: boolean }) => [k.id, k.testMode]).sort()).toEqual([[live.id, false], [test.id, true]].sort());
    expect((await t.http().get(`/v1/public/site-keys/${test.key}`)).body).toEqual({ partnerName: '沙箱新闻网', allowedOrigins: ['https://staging.news.example.cn'], testMode: true });
    expect((await t.http().get(`/v1/public/site-keys/${live.key}`)).body.testMode).toBe(false);
  });

  it('the mode is fixed at creation: an update naming testMode is refused (400, nothing written)', async () => {
    const res = await t.http().patch(`/v1/partners/${partner.id}/site-keys/${test.id}`).set('authorization', `Bearer ${admin}`).send({ testMode: false });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'testMode', code: 'UNKNOWN_FIELD' })]);
    const bad = await t.http().post(`/v1/partners/${partner.id}/site-keys`).set('authorization', `Bearer ${admin}`).send({ allowedOrigins: ['https://a.example.cn'], testMode: 'yes' });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
  });

  it('a complaint through a test-mode window is a test complaint, read by the sandbox key only and moved by the sandbox', async () => {
    const res = await fromWindow(test.key, await publicComplaintBody(t));
    expect(res.status).toBe(201);
    const row = (await t.sql.query('SELECT channel, partner_id, test FROM cases WHERE id = $1', [res.body.caseId])).rows[0];
    expect(row).toEqual({ channel: 'partner', partner_id: partner.id, test: true });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'case.create' AND resource_id = $1`, [res.body.caseId])).rows[0];
    expect(audit.details).toMatchObject({ siteKeyId: test.id, test: true });
    expect((await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', testApiKey)).status).toBe(200);
    expectProblem(await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', partner.key), 404, 'COMPLAINT_NOT_FOUND');
    const staff = (await userWithRole(t, 'secretariat')).token;
    expectProblem(await t.http().get(`/v1/cases/${res.body.caseId}`).set('authorization', `Bearer ${staff}`), 404, 'CASE_NOT_FOUND');
    const list = await t.http().get('/v1/cases?limit=100').set('authorization', `Bearer ${staff}`);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(res.body.caseId);
    // The follow-up page works with the receipt code, and the sandbox moves the case.
    expect((await t.http().get('/v1/public/complaints/status').set('x-receipt-code', res.body.receiptCode)).body).toMatchObject({ state: 'received' });
    const moved = await t.http().post(`/v1/partner/sandbox/complaints/${res.body.reference}/events`).set('x-api-key', testApiKey).send({ type: 'ACCEPT' });
    expect(moved.status).toBe(200);
    expect((await complainantEvent(t, res.body.receiptCode, { type: 'WITHDRAW' })).status).toBe(200);
    expect((await t.sql.query('SELECT count(*)::int AS n FROM notifications WHERE case_id = $1', [res.body.caseId])).rows[0].n).toBe(0);
  });

  it('a live window\'s complaint stays live', async () => {
    const res = await fromWindow(live.key, await publicComplaintBody(t));
    expect(res.status).toBe(201);
    expect((await t.sql.query('SELECT test FROM cases WHERE id = $1', [res.body.caseId])).rows[0].test).toBe(false);
    expect((await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', partner.key)).status).toBe(200);
    expectProblem(await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', testApiKey), 404, 'COMPLAINT_NOT_FOUND');
    expect(await count(t, 'cases')).toBe(2);
  });
});
