import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ChallengePurgeJob } from '../../../src/complaints/challenge/challenge-purge.job.js';
import { challengeSecrets } from '../../../src/complaints/challenge/challenge.service.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { mustSend } from '../../support/cases.js';
import { altchaFor, CONSENT, publicComplaintBody, solvedPayload } from '../../support/challenge.js';
import { complaintBody, count, createPartner, insertMember } from '../../support/factories.js';
import { createSiteKey } from '../../support/window.js';

const SECRET = 'altcha-test-secret-altcha-test-secret-0123';
const LIMITS = { PUBLIC_INTAKE_PER_IP_PER_HOUR: '100000', PUBLIC_LOOKUPS_PER_IP_PER_MINUTE: '100000' };

/** What a refused submission must leave: no case, no spent challenge, no audit entry. */
async function written(t: TestApp): Promise<number[]> {
  return [await count(t, 'cases'), await count(t, 'challenge_spent'), await count(t, 'audit_log')];
}

/** A challenge signed with `secret` (this app's when it is ALTCHA_HMAC_SECRET), solved. */
async function signedWith(secret: string, o: { expiresAt?: Date; cost?: number } = {}): Promise<string> {
  const s = challengeSecrets(secret);
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256', cost: o.cost ?? 1, counter: 3, deriveKey,
    hmacSignatureSecret: s.signature, hmacKeySignatureSecret: s.keySignature, expiresAt: o.expiresAt ?? new Date(Date.now() + 60_000),
  });
  return solvedPayload(challenge);
}

const decode = (p: string) => JSON.parse(Buffer.from(p, 'base64').toString('utf8'));
const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');

function expectChallengeFailed(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, reason: string): void {
  expectProblem(res, 400, 'CHALLENGE_FAILED');
  expect(res.body.reason).toBe(reason);
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'altcha' })]);
}

describe('Proof-of-work challenge — GET /v1/public/challenge, POST /v1/public/complaints with `altcha`', () => {
  let t: TestApp;
  const post = (body: unknown) => t.http().post('/v1/public/complaints').send(body as object);

  beforeAll(async () => {
    t = await createTestApp({ ...LIMITS, ALTCHA_HMAC_SECRET: SECRET });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('issues a signed PBKDF2 challenge for the widget, valid ten minutes and never cached', async () => {
    const res = await t.http().get('/v1/public/challenge');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      parameters: expect.objectContaining({ algorithm: 'PBKDF2/SHA-256', cost: 1, keyLength: 32, nonce: expect.any(String), salt: expect.any(String), keyPrefix: expect.any(String), keySignature: expect.any(String) }),
      signature: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(res.body.parameters.expiresAt * 1000 - Date.now()).toBeGreaterThan(590_000);
    expect(res.body.parameters.expiresAt * 1000 - Date.now()).toBeLessThanOrEqual(600_000);
    // What the widget would post back is accepted.
    const ok = await post({ ...complaintBody(), consent: CONSENT, altcha: await solvedPayload(res.body) });
    expect(ok.status).toBe(201);
  });

  it('takes a complaint with a solved challenge and records the consent version in its audit entry', async () => {
    const res = await post(await publicComplaintBody(t));
    expect(res.status).toBe(201);
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'case.create' AND resource_id = $1`, [res.body.caseId])).rows[0];
    expect(audit.details).toEqual({ consentVersion: '2026-12', reference: res.body.reference, channel: 'web', category: 'fraud' });
  });

  it('refuses a missing, malformed, forged, tampered, wrongly solved or expired challenge with its reason, writing nothing', async () => {
    const before = await written(t);
    const body = (altcha?: unknown) => ({ ...complaintBody(), consent: CONSENT, ...(altcha === undefined ? {} : { altcha }) });
    const missing = await post(body());
    expectChallengeFailed(missing, 'missing');
    expect(missing.body.errors[0].code).toBe('CHALLENGE_REQUIRED');
    expectChallengeFailed(await post(body('not base64 at all!')), 'malformed');
    expectChallengeFailed(await post(body(encode({ challenge: null, solution: null, test: true }))), 'malformed'); // the widget's test mode
    expectChallengeFailed(await post(body(encode([1, 2, 3]))), 'malformed');
    expectChallengeFailed(await post(body(await signedWith('another-secret-another-secret-another-0123'))), 'forged');
    const real = decode(await altchaFor(t));
    expectChallengeFailed(await post(body(encode({ ...real, challenge: { ...real.challenge, parameters: { ...real.challenge.parameters, cost: 2 } } }))), 'forged');
    expectChallengeFailed(await post(body(encode({ ...real, challenge: { parameters: real.challenge.parameters } }))), 'malformed');
    expectChallengeFailed(await post(body(encode({ ...real, solution: { ...real.solution, derivedKey: 'ab'.repeat(32) } }))), 'wrong_solution');
    expectChallengeFailed(await post(body(await signedWith(SECRET, { expiresAt: new Date(Date.now() - 1000) }))), 'expired');
    expectProblem(await post(body('x'.repeat(5000))), 400, 'VALIDATION_FAILED');
    expectProblem(await post(body(42)), 400, 'VALIDATION_FAILED');
    expect(await written(t)).toEqual(before);
  });

  it('accepts a challenge once: a replay is refused with reason replayed and writes nothing', async () => {
    const altcha = await altchaFor(t);
    expect((await post({ ...complaintBody(), consent: CONSENT, altcha })).status).toBe(201);
    const before = await written(t);
    expectChallengeFailed(await post({ ...complaintBody({ title: '另一个投诉' }), consent: CONSENT, altcha }), 'replayed');
    expect(await written(t)).toEqual(before);
  });

  it('two simultaneous submissions with one challenge: exactly one is taken', async () => {
    const altcha = await altchaFor(t);
    const answers = await Promise.all([1, 2, 3].map(() => post({ ...complaintBody(), consent: CONSENT, altcha })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 400, 400]);
    for (const r of answers.filter((a) => a.status === 400)) expectChallengeFailed(r, 'replayed');
  });

  it('a complaint refused by intake does not spend its challenge: corrected, it goes through with the same one', async () => {
    const altcha = await altchaFor(t);
    const before = await written(t);
    const refused = await post({ ...complaintBody({ category: 'no-such-category' }), consent: CONSENT, altcha });
    expectProblem(refused, 400, 'COMPLAINT_INVALID');
    expect(await written(t)).toEqual(before);
    expect((await post({ ...complaintBody(), consent: CONSENT, altcha })).status).toBe(201);
  });

  it('the challenge is checked after the body: a bad body with a bad challenge answers the field errors first', async () => {
    const res = await post({ ...complaintBody({ title: '' }), altcha: 'garbage' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(['consent:CONSENT_REQUIRED', 'title:MIN_LENGTH']);
  });

  it('requires consent by a version id on the public route only', async () => {
    const before = await written(t);
    const bad = async (consent: unknown) => {
      const res = await post({ ...complaintBody(), altcha: await altchaFor(t), ...(consent === undefined ? {} : { consent }) });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      return res.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
    };
    expect(await bad(undefined)).toEqual(['consent:CONSENT_REQUIRED']);
    expect(await bad(null)).toEqual(['consent:CONSENT_REQUIRED']);
    expect(await bad('yes')).toEqual(['consent:CONSENT_REQUIRED']);
    expect((await bad({})).sort()).toEqual(['consent.version:IS_STRING', 'consent.version:MATCHES']);
    expect(await bad({ version: 'v 1' })).toEqual(['consent.version:MATCHES']);
    expect(await bad({ version: 'x'.repeat(33) })).toEqual(['consent.version:MATCHES']);
    expect(await bad({ version: '2026-12', extra: 1 })).toEqual(['consent.extra:UNKNOWN_FIELD']);
    expect(await written(t)).toEqual(before);
    const staff = await userWithRole(t, 'secretariat');
    const byPhone = await t.http().post('/v1/complaints').set('authorization', `Bearer ${staff.token}`).send({ ...complaintBody(), channel: 'phone' });
    expect(byPhone.status).toBe(201);
  });

  it('spent challenges are purged an hour after they expire', async () => {
    await t.sql.query(`INSERT INTO challenge_spent (signature, expires_at) VALUES ('old', now() - interval '2 hours'), ('recent', now() - interval '10 minutes'), ('live', now() + interval '5 minutes')`);
    await t.app.get(ChallengePurgeJob).handle();
    const left = (await t.sql.query(`SELECT signature FROM challenge_spent WHERE signature IN ('old', 'recent', 'live') ORDER BY signature`)).rows.map((r) => r.signature);
    expect(left).toEqual(['live', 'recent']);
  });

  it('another instance on the same database refuses the replay, and verifies a challenge the first one issued', async () => {
    const spent = await altchaFor(t);
    expect((await post({ ...complaintBody(), consent: CONSENT, altcha: spent })).status).toBe(201);
    const fresh = await altchaFor(t);
    await t.restart();
    expectChallengeFailed(await post({ ...complaintBody(), consent: CONSENT, altcha: spent }), 'replayed');
    expect((await post({ ...complaintBody(), consent: CONSENT, altcha: fresh })).status).toBe(201);
  });
});

describe('The challenge secret and switch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...LIMITS, JWT_SECRET: 'jwt-secret-one-jwt-secret-one-jwt-secret-one' });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('is derived from JWT_SECRET when unset: instances with another JWT secret call the challenge forged', async () => {
    const altcha = await altchaFor(t);
    await t.restart({ JWT_SECRET: 'jwt-secret-two-jwt-secret-two-jwt-secret-two' });
    expectChallengeFailed(await t.http().post('/v1/public/complaints').send({ ...complaintBody(), consent: CONSENT, altcha }), 'forged');
    await t.restart({ JWT_SECRET: 'jwt-secret-one-jwt-secret-one-jwt-secret-one' });
    expect((await t.http().post('/v1/public/complaints').send({ ...complaintBody(), consent: CONSENT, altcha })).status).toBe(201);
  });

  it('ALTCHA_ENABLED=false takes complaints without a challenge (consent is still required)', async () => {
    await t.restart({ ALTCHA_ENABLED: 'false' });
    try {
      expect((await t.http().post('/v1/public/complaints').send({ ...complaintBody(), consent: CONSENT })).status).toBe(201);
      expectProblem(await t.http().post('/v1/public/complaints').send(complaintBody()), 400, 'VALIDATION_FAILED');
      expect((await t.http().get('/v1/public/challenge')).status).toBe(200);
    } finally {
      await t.restart();
    }
  });
});

describe('Partner windows — POST /v1/public/complaints with X-Site-Key', () => {
  let t: TestApp;
  let admin: string;
  let partner: { id: string; key: string };
  let siteKey: { id: string; key: string };
  const OWN = 'complaints.example.org';
  /** A post as the window page in the iframe sends it: same-origin, so with an Origin naming this service. */
  const fromWindow = (key: string, body: unknown) =>
    t.http().post('/v1/public/complaints').set('host', OWN).set('origin', `https://${OWN}`).set('x-site-key', key).send(body as object);

  beforeAll(async () => {
    t = await createTestApp(LIMITS);
    admin = await adminToken(t);
    partner = await createPartner(t, admin, '某某新闻网');
    siteKey = await createSiteKey(t, admin, partner.id, { allowedOrigins: ['https://news.example.cn'] });
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('takes the complaint for the key\'s partner (channel partner, no externalId), readable by that partner only, with its callbacks', async () => {
    const res = await fromWindow(siteKey.key, await publicComplaintBody(t));
    expect(res.status).toBe(201);
    expect(res.body.externalId).toBeUndefined();
    const row = (await t.sql.query('SELECT channel, partner_id, external_id FROM cases WHERE id = $1', [res.body.caseId])).rows[0];
    expect(row).toEqual({ channel: 'partner', partner_id: partner.id, external_id: null });
    const audit = (await t.sql.query(`SELECT details FROM audit_log WHERE action = 'case.create' AND resource_id = $1`, [res.body.caseId])).rows[0];
    expect(audit.details).toMatchObject({ consentVersion: '2026-12', siteKeyId: siteKey.id, channel: 'partner' });
    const status = await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', partner.key);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ reference: res.body.reference, externalId: null, state: 'received' });
    const other = await createPartner(t, admin);
    expectProblem(await t.http().get(`/v1/partner/complaints/${res.body.reference}`).set('x-api-key', other.key), 404, 'COMPLAINT_NOT_FOUND');
    const staff = (await userWithRole(t, 'secretariat')).token;
    await mustSend(t, staff, res.body.caseId, { type: 'ACCEPT' });
    const callback = (await t.sql.query('SELECT partner_id, body FROM partner_callbacks WHERE case_id = $1', [res.body.caseId])).rows[0];
    expect(callback).toMatchObject({ partner_id: partner.id, body: { reference: res.body.reference, externalId: null, state: 'investigating', event: 'ACCEPT' } });
  });

  it('refuses an unknown, malformed, revoked or suspended partner\'s key with 400 SITE_KEY_INVALID, writing nothing and keeping the challenge', async () => {
    const revoked = await createSiteKey(t, admin, partner.id);
    await t.http().delete(`/v1/partners/${partner.id}/site-keys/${revoked.id}`).set('authorization', `Bearer ${admin}`);
    const suspendedPartner = await createPartner(t, admin);
    const suspended = await createSiteKey(t, admin, suspendedPartner.id);
    await t.http().patch(`/v1/partners/${suspendedPartner.id}`).set('authorization', `Bearer ${admin}`).send({ status: 'suspended' });
    const body = await publicComplaintBody(t);
    const before = await written(t);
    for (const key of ['wk_AAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense', '', revoked.key, suspended.key, partner.key]) {
      const res = await fromWindow(key, body);
      expectProblem(res, 400, 'SITE_KEY_INVALID');
      expect(res.body.header).toBe('X-Site-Key');
    }
    expect(await written(t)).toEqual(before);
    expect((await fromWindow(siteKey.key, body)).status).toBe(201);
  });

  it('refuses a post from another origin (the partner\'s page itself, or anyone\'s) with 403, writing nothing', async () => {
    const before = await written(t);
    const res = await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', 'https://news.example.cn').set('x-site-key', siteKey.key).send(await publicComplaintBody(t));
    expectProblem(res, 403, 'ORIGIN_NOT_ALLOWED');
    const form = await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', 'https://evil.example.net').send(await publicComplaintBody(t));
    expectProblem(form, 403, 'ORIGIN_NOT_ALLOWED');
    expectProblem(await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', 'null').send(await publicComplaintBody(t)), 403, 'ORIGIN_NOT_ALLOWED');
    expectProblem(await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', `http://${OWN}:8080`).send(await publicComplaintBody(t)), 403, 'ORIGIN_NOT_ALLOWED');
    expect(await written(t)).toEqual(before);
    // The association's own form, same-origin, and a server without Origin: accepted.
    expect((await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', `https://${OWN}`).send(await publicComplaintBody(t))).status).toBe(201);
    expect((await t.http().post('/v1/public/complaints').send(await publicComplaintBody(t))).status).toBe(201);
  });

  it('behind a trusted proxy compares with X-Forwarded-Host; untrusted, the forwarded host is ignored', async () => {
    const viaProxy = async () =>
      t.http().post('/v1/public/complaints').set('host', 'selfreg-internal:3000').set('x-forwarded-host', OWN).set('x-forwarded-proto', 'https')
        .set('origin', `https://${OWN}`).set('x-site-key', siteKey.key).send(await publicComplaintBody(t));
    expectProblem(await viaProxy(), 403, 'ORIGIN_NOT_ALLOWED');
    await t.restart({ TRUST_PROXY: 'true' });
    try {
      expect((await viaProxy()).status).toBe(201);
    } finally {
      await t.restart();
    }
  });

  it('a CORS-allowed origin may post the association\'s form, never a partner window', async () => {
    await t.restart({ CORS_ORIGINS: 'https://www.association.example.org' });
    try {
      const form = await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', 'https://www.association.example.org').send(await publicComplaintBody(t));
      expect(form.status).toBe(201);
      const window = await t.http().post('/v1/public/complaints').set('host', OWN).set('origin', 'https://www.association.example.org').set('x-site-key', siteKey.key).send(await publicComplaintBody(t));
      expectProblem(window, 403, 'ORIGIN_NOT_ALLOWED');
    } finally {
      await t.restart();
    }
  });
});
