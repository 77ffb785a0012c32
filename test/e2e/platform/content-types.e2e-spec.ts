import { ADMIN_EMAIL, ADMIN_PASSWORD, createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { complaintBody, count, createPartner } from '../../support/factories.js';
import { bearer, publishedConvention } from '../../support/pacts.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The write tables a refused request must leave untouched. */
const WRITES = ['users', 'api_keys', 'conventions', 'evidence', 'audit_log'];
const counts = async (t: TestApp) => Object.fromEntries(await Promise.all(WRITES.map(async (w) => [w, await count(t, w)])));

describe('JSON routes take only JSON; only upload routes take multipart', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  let partner: { id: string; key: string };
  let userId: string;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
    partner = await createPartner(t, admin);
    userId = (await userWithRole(t, 'supervisor')).id;
    code = await publishedConvention(t, staff);
  });
  afterAll(() => t.close());

  it('a form-encoded login is refused with 415, not processed', async () => {
    const res = await t
      .http()
      .post('/v1/auth/login')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(`email=${encodeURIComponent(ADMIN_EMAIL)}&password=${encodeURIComponent(ADMIN_PASSWORD)}`);
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.accessToken).toBeUndefined();
  });

  it('a multipart POST /v1/partners/:id/keys issues no key (415, nothing written)', async () => {
    const before = await counts(t);
    const res = await t.http().post(`/v1/partners/${partner.id}/keys`).set(bearer(admin)).field('name', 'sneaky');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await counts(t)).toEqual(before);
  });

  it('multipart PATCHes of a user and of a convention change nothing (415)', async () => {
    const before = await counts(t);
    expectProblem(await t.http().patch(`/v1/users/${userId}`).set(bearer(admin)).field('disabled', 'true'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectProblem(await t.http().patch(`/v1/conventions/${code}`).set(bearer(staff)).field('titleZh', '表单改的标题'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await counts(t)).toEqual(before);
    const user = await t.http().get('/v1/users').set(bearer(admin));
    expect(user.body.items.find((u: { id: string }) => u.id === userId).disabled).toBe(false);
  });

  it('a cross-site HTML form (text/plain, urlencoded) never reaches a state-changing route', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=utf-8']) {
      const res = await t.http().post('/v1/public/complaints').set('content-type', type).send('{"title":"x"}');
      expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('JSON with a charset parameter and bodyless POSTs still work', async () => {
    const res = await t.http().post('/v1/auth/login').set('content-type', 'application/json; charset=utf-8').send(JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }));
    expect(res.status).toBe(200);
    const secret = await t.http().post(`/v1/partners/${partner.id}/callback-secret`).set(bearer(admin));
    expect(secret.status).toBeLessThan(300);
  });

  it('evidence uploads still take multipart, and refuse a form-encoded body', async () => {
    const c = await t.http().post('/v1/partner/complaints').set('x-api-key', partner.key).set('idempotency-key', 'ct-1').send(complaintBody({ externalId: 'ct-1' }));
    expect(c.status).toBe(201);
    const ok = await t.http().post(`/v1/partner/complaints/${c.body.reference}/evidence`).set('x-api-key', partner.key).attach('files', PNG, 'a.png');
    expect(ok.status).toBe(201);
    const staffUpload = await t.http().post(`/v1/cases/${c.body.caseId}/evidence`).set(bearer(staff)).attach('files', PNG, 'b.png');
    expect(staffUpload.status).toBe(201);
    const form = await t.http().post(`/v1/partner/complaints/${c.body.reference}/evidence`).set('x-api-key', partner.key).set('content-type', 'application/x-www-form-urlencoded').send('files=abc');
    expectProblem(form, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
