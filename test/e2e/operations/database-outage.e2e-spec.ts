import { jest } from '@jest/globals';
import pg from 'pg';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { publicComplaintBody } from '../../support/challenge.js';
import { createPartner, insertMember } from '../../support/factories.js';

jest.setTimeout(60_000);

/** A real outage of this file's own database: no new sessions, every open one terminated (the app's pool and listener too). */
async function outage(databaseUrl: string, down: boolean): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${down ? 'false' : 'true'}`);
    if (down) await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  } finally {
    await admin.end();
  }
}

function expectUnavailable(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }): void {
  expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
}

describe('With PostgreSQL down, callers are told to retry (503), never that their credentials are wrong', () => {
  let t: TestApp;
  let staff: { email: string; password: string; token: string };
  let partner: { id: string; key: string };
  let status: { reference: string; receiptCode: string };

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await adminToken(t);
    staff = await userWithRole(t, 'secretariat');
    partner = await createPartner(t, admin);
    await insertMember(t, { domains: ['shop.example.cn'] });
    const submitted = await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t));
    expect(submitted.status).toBe(201);
    status = { reference: submitted.body.reference, receiptCode: submitted.body.receiptCode };
  });
  afterAll(async () => {
    await outage(t.databaseUrl, false);
    await t.close();
  });

  it('a valid JWT, a valid API key, a login and a public read answer 503 with Retry-After; after restoring, the same credentials work', async () => {
    // Fresh credentials, never checked before: the guard must ask the database.
    await outage(t.databaseUrl, true);
    try {
      expectUnavailable(await t.http().get('/v1/auth/me').set('authorization', `Bearer ${staff.token}`));
      expectUnavailable(await t.http().get('/v1/cases').set('authorization', `Bearer ${staff.token}`));
      expectUnavailable(await t.http().get('/v1/auth/me').set('x-api-key', partner.key));
      expectUnavailable(await t.http().get(`/v1/partner/complaints/${status.reference}`).set('x-api-key', partner.key));
      expectUnavailable(await t.http().post('/v1/auth/login').send({ email: staff.email, password: staff.password }));
      expectUnavailable(await t.http().get('/v1/public/conventions'));
      expectUnavailable(await t.http().get('/v1/public/complaints/status').query({ reference: status.reference }).set('x-receipt-code', status.receiptCode));
      // A wrong credential cannot be told from a right one while nothing can be checked: also 503, not 401.
      expectUnavailable(await t.http().get('/v1/auth/me').set('x-api-key', `${partner.key.slice(0, -4)}AAAA`));
    } finally {
      await outage(t.databaseUrl, false);
    }

    const me = await t.http().get('/v1/auth/me').set('authorization', `Bearer ${staff.token}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(staff.email);
    const key = await t.http().get('/v1/auth/me').set('x-api-key', partner.key);
    expect(key.status).toBe(200);
    expect(key.body.partnerId).toBe(partner.id);
    expect((await t.http().post('/v1/auth/login').send({ email: staff.email, password: staff.password })).status).toBe(200);
    expect((await t.http().get('/v1/public/conventions')).status).toBe(200);
    // Refusals are refusals again once the credential can be checked.
    expectProblem(await t.http().get('/v1/auth/me').set('x-api-key', `${partner.key.slice(0, -4)}AAAA`), 401, 'API_KEY_INVALID');
  });
});
