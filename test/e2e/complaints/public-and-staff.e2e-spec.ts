import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { publicComplaintBody } from '../../support/challenge.js';
import { complaintBody, count, insertMember } from '../../support/factories.js';

describe('Public form — POST /v1/public/complaints, follow with a receipt — GET /v1/public/complaints/status', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_INTAKE_PER_IP_PER_HOUR: '5', RECEIPT_FAILURES_PER_REFERENCE: '3', RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '1000' });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('accepts an anonymous complaint without login and lets the receipt code follow it', async () => {
    const res = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t, { complainant: { anonymous: true } }));
    expect(res.status).toBe(201);
    const row = (await t.sql.query('SELECT channel, complainant_anonymous, complainant_contact_enc FROM cases WHERE id = $1', [res.body.caseId])).rows[0];
    expect(row).toMatchObject({ channel: 'web', complainant_anonymous: true, complainant_contact_enc: null });
    const status = await t.http().get('/v1/public/complaints/status').set('x-receipt-code', res.body.receiptCode);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference: res.body.reference, state: 'received', timeline: [{ step: 'received', label: expect.any(String) }] });
    // Lower case, spaces and look-alike letters still match.
    const retyped = res.body.receiptCode.toLowerCase().replace(/-/g, ' ');
    expect((await t.http().get('/v1/public/complaints/status').set('x-receipt-code', retyped)).status).toBe(200);
  });

  it('a wrong code and an unknown code answer the same 404', async () => {
    const wrong = await t.http().get('/v1/public/complaints/status').set('x-receipt-code', '0000-0000-0000-0000-0000');
    const garbage = await t.http().get('/v1/public/complaints/status').set('x-receipt-code', 'nonsense');
    const none = await t.http().get('/v1/public/complaints/status');
    for (const r of [wrong, garbage, none]) expectProblem(r, 404, 'COMPLAINT_NOT_FOUND');
    expect(wrong.body.detail).toBe(garbage.body.detail);
  });

  it('repeated wrong codes against one reference lock that reference, even for the right code', async () => {
    const res = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t));
    const ref = res.body.reference;
    for (let i = 0; i < 3; i++) {
      expectProblem(await t.http().get(`/v1/public/complaints/status?reference=${ref}`).set('x-receipt-code', `AAAA-AAAA-AAAA-AAA${i}-AAAA`), 404, 'COMPLAINT_NOT_FOUND');
    }
    const locked = await t.http().get(`/v1/public/complaints/status?reference=${ref}`).set('x-receipt-code', res.body.receiptCode);
    expectProblem(locked, 429, 'RECEIPT_THROTTLED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits submissions per address with 429 and Retry-After', async () => {
    let last;
    for (let i = 0; i < 6; i++) last = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t));
    expectProblem(last!, 429, 'RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses partner-only fields on the public form', async () => {
    const fresh = await createTestApp();
    try {
      const before = await count(fresh, 'cases');
      expectProblem(await fresh.http().post('/v1/public/complaints').send(await publicComplaintBody(fresh, { externalId: 'x' })), 400, 'VALIDATION_FAILED');
      expect(await count(fresh, 'cases')).toBe(before);
    } finally {
      await fresh.close();
    }
  });
});

describe('Receipt look-ups are limited per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RECEIPT_LOOKUPS_PER_IP_PER_15_MIN: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 after the limit', async () => {
    for (let i = 0; i < 3; i++) await t.http().get('/v1/public/complaints/status').set('x-receipt-code', 'AAAA-AAAA-AAAA-AAAA-AAAA');
    expectProblem(await t.http().get('/v1/public/complaints/status').set('x-receipt-code', 'AAAA-AAAA-AAAA-AAAA-AAAA'), 429, 'RATE_LIMITED');
  });
});

describe('Staff entry — POST /v1/complaints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('records a phone complaint with its channel', async () => {
    const staff = await userWithRole(t, 'secretariat');
    const res = await t.http().post('/v1/complaints').set('authorization', `Bearer ${staff.token}`).send({ ...complaintBody(), channel: 'phone' });
    expect(res.status).toBe(201);
    const row = (await t.sql.query('SELECT channel, created_by FROM cases WHERE id = $1', [res.body.caseId])).rows[0];
    expect(row).toEqual({ channel: 'phone', created_by: staff.id });
  });

  it('refuses a channel that is not staff entry, and other roles', async () => {
    const staff = await userWithRole(t, 'supervisor');
    expectProblem(await t.http().post('/v1/complaints').set('authorization', `Bearer ${staff.token}`).send({ ...complaintBody(), channel: 'partner' }), 400, 'VALIDATION_FAILED');
    const rep = await userWithRole(t, 'member_rep');
    expectProblem(await t.http().post('/v1/complaints').set('authorization', `Bearer ${rep.token}`).send({ ...complaintBody(), channel: 'phone' }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().post('/v1/complaints').send({ ...complaintBody(), channel: 'phone' }), 401, 'UNAUTHENTICATED');
    void adminToken;
  });
});
