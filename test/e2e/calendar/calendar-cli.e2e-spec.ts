import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { openCase } from '../../support/cases.js';
import { runCli } from '../../support/processes.js';


// Test data written here, not an official list.
const TEST_2027 = { holidays: [{ date: '2027-01-01', name: '元旦（测试数据）' }], workdays: [{ date: '2027-01-09', name: '调休（测试数据）' }] };

jest.setTimeout(60_000);

describe('The working-day calendar — npm run cli -- calendar:load <file>', () => {
  let t: TestApp;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    // Checks the calendar's version on every use, as a second instance would after its refresh interval.
    t = await createTestApp({ CALENDAR_REFRESH_SECONDS: '0' });
    dir = mkdtempSync(path.join(tmpdir(), 'calendar-cli-'));
    env = { DATABASE_URL: t.databaseUrl, DATA_DIR: t.dataDir, JWT_SECRET: 'cli-secret-cli-secret-cli-secret-0123' };
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file with a date outside its year, naming the field, and loads nothing', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: [{ date: '2028-01-01', name: '元旦' }], workdays: [] }));
    const r = await runCli(['calendar:load', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('VALIDATION_FAILED');
    expect(r.stderr).toContain('holidays[0].date');
    expect(r.stderr).toContain('OUTSIDE_YEAR');
    expect((await t.sql.query(`SELECT count(*)::int AS n FROM calendar_years WHERE year = 2027`)).rows[0].n).toBe(0);
  });

  it('loads a year from a JSON file, and the running service counts deadlines with it', async () => {
    const file = path.join(dir, '2027.json');
    writeFileSync(file, JSON.stringify({ year: 2027, holidays: TEST_2027.holidays, workdays: TEST_2027.workdays }));
    const r = await runCli(['calendar:load', file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Loaded 2027: 1 holidays, 1 adjusted working days (source: file 2027.json)');
    const row = (await t.sql.query(`SELECT source, loaded_by FROM calendar_years WHERE year = 2027`)).rows[0];
    expect(row).toEqual({ source: 'file 2027.json', loaded_by: null });
    expect((await t.sql.query(`SELECT actor_type FROM audit_log WHERE action = 'calendar.year.load'`)).rows).toEqual([{ actor_type: 'system' }]);

    jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date('2026-12-31T10:00:00+08:00'));
    const c = await openCase(t);
    const [deadline] = (await t.sql.query(`SELECT due_at AS "dueAt", calendar_covered AS "calendarCovered" FROM case_deadlines WHERE case_id = $1 AND kind = 'triage'`, [c.caseId])).rows;
    expect({ dueAt: deadline.dueAt.toISOString(), calendarCovered: deadline.calendarCovered }).toEqual({ dueAt: '2027-01-05T15:59:59.999Z', calendarCovered: true });
  });
});
