import { AUDIT_CHECKPOINT_JOB } from '../../../src/audit/audit-checkpoint.job.js';
import { JobsService } from '../../../src/platform/jobs/jobs.service.js';
import { createTestApp, type TestApp } from '../../support/app.js';

const JOB_CLASSES = ['audit-checkpoint', 'mail-dispatch', 'rate-limit-purge'];

async function names(t: TestApp, table: 'queue' | 'schedule'): Promise<string[]> {
  const { rows } = await t.sql.query(`SELECT name FROM pgboss.${table} ORDER BY name`);
  return rows.map((r: { name: string }) => r.name);
}

describe('Durable jobs are registered one way', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every @DurableJob class gets its queue with its retry policy, and its cron schedule', async () => {
    expect(await names(t, 'queue')).toEqual(expect.arrayContaining(JOB_CLASSES));
    expect(await names(t, 'schedule')).toEqual(expect.arrayContaining(JOB_CLASSES));
    const { rows } = await t.sql.query('SELECT retry_limit AS "retryLimit" FROM pgboss.queue WHERE name = $1', [AUDIT_CHECKPOINT_JOB]);
    expect(rows[0].retryLimit).toBe(2);
  });
});

describe('Durable jobs with JOBS_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('can still be queued, but no schedule is created and nothing runs them', async () => {
    expect(await names(t, 'queue')).toEqual(expect.arrayContaining(JOB_CLASSES));
    expect(await names(t, 'schedule')).toEqual([]);
    const jobs = t.app.get(JobsService);
    const id = await jobs.send(AUDIT_CHECKPOINT_JOB, {});
    await new Promise((r) => setTimeout(r, 2500));
    expect(await jobs.jobState(AUDIT_CHECKPOINT_JOB, id!)).toBe('created');
  });
});
