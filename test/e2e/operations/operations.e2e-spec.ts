import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AUDIT_CHECKPOINT_JOB } from '../../../src/audit/audit-checkpoint.job.js';
import { JobsService } from '../../../src/platform/jobs/jobs.service.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem } from '../../support/auth.js';

describe('Operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('liveness and readiness (database and job queue) answer 200', async () => {
    expect((await t.http().get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, jobs: { status: 'up' } });
  });

  it('metrics expose a latency histogram by route template and status', async () => {
    await t.http().get('/health/live');
    await t.http().patch('/v1/users/00000000-0000-4000-8000-000000000000').send({});
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/health\/live"[^}]*status_code="200"/);
    expect(res.text).toMatch(/route="\/v1\/users\/:id"[^}]*status_code="401"/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document and the interactive docs', async () => {
    const json = await t.http().get('/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(json.body.paths['/v1/auth/login'].post['x-roles']).toEqual(['public']);
    expect(json.body.paths['/v1/users'].post['x-roles']).toEqual(['admin']);
    expect(json.body.paths['/v1/users'].post.responses['403']).toBeDefined();
    const html = await t.http().get('/docs');
    expect(html.status).toBe(200);
    expect(html.text).toContain('swagger');
  });

  it('an unexpected error answers 500 with a correlation id that is also logged, and no internals', async () => {
    const spy = jest.spyOn(Logger.prototype, 'error');
    const token = await adminToken(t);
    await t.sql.query('ALTER TABLE users RENAME COLUMN display_name TO display_name_x');
    try {
      const res = await t.http().get('/v1/users').set('authorization', `Bearer ${token}`).set('x-request-id', 'corr-500-test');
      expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(res.body.requestId).toBe('corr-500-test');
      expect(JSON.stringify(res.body)).not.toMatch(/display_name|column|stack|QueryFailed/i);
      expect(spy.mock.calls.some((c) => JSON.stringify(c[0]).includes('corr-500-test'))).toBe(true);
    } finally {
      await t.sql.query('ALTER TABLE users RENAME COLUMN display_name_x TO display_name');
      spy.mockRestore();
    }
  });

  it('a delayed job queued before a restart runs after it', async () => {
    const jobs = t.app.get(JobsService);
    const id = await jobs.send(AUDIT_CHECKPOINT_JOB, {}, { startAfter: 2 });
    expect(id).toEqual(expect.any(String));
    expect(await jobs.jobState(AUDIT_CHECKPOINT_JOB, id!)).toBe('created');
    await t.restart();
    const after = t.app.get(JobsService);
    let state: string | null = null;
    for (let i = 0; i < 40 && state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 250));
      state = await after.jobState(AUDIT_CHECKPOINT_JOB, id!);
    }
    expect(state).toBe('completed');
  });
});

describe('Metrics behind a token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
  });
  afterAll(() => t.close());

  it('refuses a scrape without the token and accepts one with it', async () => {
    expectProblem(await t.http().get('/metrics'), 401, 'UNAUTHENTICATED');
    expect((await t.http().get('/metrics').set('authorization', 'Bearer metrics-token-0123456789')).status).toBe(200);
  });
});
