import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../../support/app.js';
import { publicComplaintBodyFor } from '../../support/challenge.js';
import { insertMember } from '../../support/factories.js';
import { startService } from '../../support/processes.js';

jest.setTimeout(120_000);

describe('A database error on the 500 path logs no personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await insertMember(t, { domains: ['shop.example.cn'] });
  });
  afterAll(() => t.close());

  it('the failing statement\'s parameters, detail and quoted values stay out of the log; the request id and error class are in it', async () => {
    const svc = await startService({ DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, JWT_SECRET: 'logs-secret-logs-secret-logs-secret-0123', ALTCHA_COST: '1', ALTCHA_MAX_COUNTER: '4' });
    const post = (url: string, requestId: string, body: unknown) =>
      fetch(svc.base + url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': requestId }, body: JSON.stringify(body) });
    let login: Response;
    let duplicate: Response;
    try {
      // A column the login query needs is gone: the statement fails with the searched email among its parameters.
      await t.sql.query('ALTER TABLE users RENAME COLUMN email TO email_gone');
      try {
        login = await post('/v1/auth/login', 'probe-login-42703', { email: 'leak.login@example.cn', password: 'a-password-123' });
      } finally {
        await t.sql.query('ALTER TABLE users RENAME COLUMN email_gone TO email');
      }
      // A unique index the intake does not expect: PostgreSQL's detail echoes the value ("Key (title)=(…) already exists").
      await t.sql.query('CREATE UNIQUE INDEX probe_cases_title ON cases (title)');
      try {
        const fields = { title: '手机13912345678被骗', description: '联系 leak.desc@example.cn 或 13912345678，对方不发货。' };
        expect((await post('/v1/public/complaints', 'probe-first', await publicComplaintBodyFor(svc.base, fields))).status).toBe(201);
        duplicate = await post('/v1/public/complaints', 'probe-dup-23505', await publicComplaintBodyFor(svc.base, fields));
      } finally {
        await t.sql.query('DROP INDEX probe_cases_title');
      }
    } finally {
      await svc.stop();
    }
    expect(login.status).toBe(500);
    expect(duplicate.status).toBe(500);
    const log = svc.output();
    for (const personal of ['leak.login@example.cn', '13912345678', 'leak.desc@example.cn', 'zhang.san@example.cn', '13800138000', '张三', '被骗', 'a-password-123']) {
      expect(log).not.toContain(personal);
    }
    const unhandled = log.split('\n').filter((l) => l.includes('Unhandled error')).map((l) => JSON.parse(l));
    expect(unhandled).toEqual([
      expect.objectContaining({ reqId: 'probe-login-42703', err: expect.objectContaining({ type: 'QueryFailedError', code: '42703' }) }),
      expect.objectContaining({ reqId: 'probe-dup-23505', err: expect.objectContaining({ type: 'QueryFailedError', code: '23505', constraint: 'probe_cases_title' }) }),
    ]);
    for (const line of unhandled) {
      expect(Object.keys(line.err)).not.toEqual(expect.arrayContaining(['query']));
      expect(line.err).not.toHaveProperty('parameters');
      expect(line.err).not.toHaveProperty('detail');
    }
  });
});
