import { expectProblem, adminToken } from '../../support/auth.js';
import { createTestApp, type TestApp } from '../../support/app.js';

describe('Every error is RFC 9457 problem details with a stable code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => t.close());

  it('malformed JSON answers 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/v1/auth/login').set('content-type', 'application/json').send('{"email": ');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('an empty JSON body answers 400 MALFORMED_JSON', async () => {
    const res = await t.http().post('/v1/auth/login').set('content-type', 'application/json').send('');
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('a body that is not an object answers 400 VALIDATION_FAILED', async () => {
    const res = await t.http().post('/v1/auth/login').send([1, 2]);
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it('unknown fields and wrong types answer 400 with field-level errors', async () => {
    const res = await t.http().post('/v1/auth/login').send({ email: 42, password: 'x', isAdmin: true });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = (res.body.errors as { field: string; code: string }[]).map((e) => `${e.field}:${e.code}`);
    expect(fields).toEqual(expect.arrayContaining(['isAdmin:UNKNOWN_FIELD', 'email:IS_STRING']));
  });

  it('an unknown route answers 404 ROUTE_NOT_FOUND', async () => {
    expectProblem(await t.http().get('/v1/no-such-thing'), 404, 'ROUTE_NOT_FOUND');
  });

  it('a wrong method on a known path answers 405 with Allow', async () => {
    const res = await t.http().delete('/v1/auth/login');
    expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('POST');
  });

  it('an unsupported content type answers 415', async () => {
    const res = await t.http().post('/v1/auth/login').set('content-type', 'application/xml').send('<login/>');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the limit answers 413', async () => {
    const res = await t.http().post('/v1/auth/login').send({ email: 'a@b.c', password: 'x'.repeat(4000) });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('a tampered pagination cursor is a validation error, not a 500', async () => {
    const token = await adminToken(t);
    const res = await t.http().get('/v1/users?cursor=not-a-cursor').set('authorization', `Bearer ${token}`);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors[0]).toMatchObject({ field: 'cursor', code: 'INVALID_CURSOR' });
  });

  it('a non-UUID id in a path answers 404, never 500', async () => {
    const token = await adminToken(t);
    expectProblem(await t.http().patch('/v1/users/not-a-uuid').set('authorization', `Bearer ${token}`).send({}), 404, 'NOT_FOUND');
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const given = await t.http().get('/v1/nope').set('x-request-id', 'trace-abc-123');
    expect(given.headers['x-request-id']).toBe('trace-abc-123');
    expect(given.body.requestId).toBe('trace-abc-123');
    const generated = await t.http().get('/v1/nope').set('x-request-id', 'bad id with spaces <script>');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers and no CORS headers unless origins are configured', async () => {
    const res = await t.http().get('/health/live').set('origin', 'https://evil.example');
    expect(res.headers).toMatchObject({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    // Errors carry them too.
    const problem = await t.http().get('/v1/nope');
    expect(problem.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('serves the API documentation page under a policy that lets it run its own scripts and styles only', async () => {
    const res = await t.http().get('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('CORS with an allow-list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CORS_ORIGINS: 'https://partner.example.cn' });
  });
  afterAll(() => t.close());

  it('allows a listed origin and not another', async () => {
    const ok = await t.http().get('/health/live').set('origin', 'https://partner.example.cn');
    expect(ok.headers['access-control-allow-origin']).toBe('https://partner.example.cn');
    const no = await t.http().get('/health/live').set('origin', 'https://evil.example');
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });
});
