import { jest } from '@jest/globals';
import { Clock } from '../../../src/platform/clock.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { adminToken, expectProblem, userWithRole } from '../../support/auth.js';
import { openCase } from '../../support/cases.js';

// Test data written here, not an official list: only 1 January is known to be off in this "2027".
const TEST_2027 = { holidays: [{ date: '2027-01-01', name: '元旦（测试数据）' }], workdays: [{ date: '2027-01-09', name: '调休（测试数据）' }], source: 'e2e test data' };

/** Moves the service's clock (the injectable Clock every "now" comes from) until the test ends. */
const setNow = (t: TestApp, iso: string) => jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(iso));

async function triageDeadline(t: TestApp, caseId: string): Promise<{ dueAt: string; calendarCovered: boolean }> {
  const rows = (await t.sql.query(`SELECT due_at AS "dueAt", calendar_covered AS "calendarCovered" FROM case_deadlines WHERE case_id = $1 AND kind = 'triage'`, [caseId])).rows;
  expect(rows).toHaveLength(1);
  return { dueAt: (rows[0].dueAt as Date).toISOString(), calendarCovered: rows[0].calendarCovered };
}

jest.setTimeout(60_000);

describe('The working-day calendar — GET /v1/calendar, GET and PUT /v1/calendar/years/:year', () => {
  let t: TestApp;
  let admin: string;
  let staff: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await adminToken(t);
    staff = (await userWithRole(t, 'secretariat')).token;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => t.close());

  const put = (year: string | number, body: unknown, token = admin) => t.http().put(`/v1/calendar/years/${year}`).set('authorization', `Bearer ${token}`).send(body as object);
  const counts = async () =>
    (await t.sql.query(`SELECT (SELECT count(*)::int FROM calendar_years) AS years, (SELECT count(*)::int FROM calendar_days) AS days,
                               (SELECT count(*)::int FROM audit_log WHERE action = 'calendar.year.load') AS audited`)).rows[0];

  it('is seeded from the chinese-days package for every year it covers, and 2027 is not among them', async () => {
    const res = await t.http().get('/v1/calendar').set('authorization', `Bearer ${staff}`);
    expect(res.status).toBe(200);
    const years = res.body.years.map((y: { year: number }) => y.year);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBe(2026);
    expect(res.body.years.at(-1)).toMatchObject({ source: expect.stringMatching(/^chinese-days \d+\.\d+\.\d+$/), loadedBy: null, holidays: expect.any(Number), workdays: expect.any(Number) });
    const y2026 = await t.http().get('/v1/calendar/years/2026').set('authorization', `Bearer ${staff}`);
    expect(y2026.body.holidays).toContainEqual({ date: '2026-10-01', name: '国庆节' });
    expect(y2026.body.workdays).toContainEqual({ date: '2026-10-10', name: '国庆节' });
    expectProblem(await t.http().get('/v1/calendar/years/2027').set('authorization', `Bearer ${staff}`), 404, 'CALENDAR_YEAR_NOT_LOADED');
  });

  it('a deadline that runs into an unloaded year is computed on weekdays and flagged calendarCovered false', async () => {
    setNow(t, '2026-12-30T10:00:00+08:00'); // Wednesday: 2 working days are Thursday 31 December and Friday 1 January
    const c = await openCase(t);
    expect(await triageDeadline(t, c.caseId)).toEqual({ dueAt: '2027-01-01T15:59:59.999Z', calendarCovered: false });
    const detail = await t.http().get(`/v1/cases/${c.caseId}`).set('authorization', `Bearer ${staff}`);
    expect(detail.status).toBe(200);
    expect(detail.body.deadlines).toContainEqual({ kind: 'triage', dueAt: '2027-01-01T15:59:59.999Z', calendarCovered: false, workingDaysLeft: 2 });
  });

  it('a deadline inside the loaded calendar is flagged calendarCovered true', async () => {
    setNow(t, '2026-09-30T10:00:00+08:00'); // National Day week follows: 2 working days are 8 and 9 October
    const c = await openCase(t, { occurredAt: '2026-09-29T10:00:00+08:00' });
    expect(await triageDeadline(t, c.caseId)).toEqual({ dueAt: '2026-10-09T15:59:59.999Z', calendarCovered: true });
  });

  it('ready warns when fewer than 60 days of calendar remain, and stays up', async () => {
    setNow(t, '2026-12-07T10:00:00+08:00');
    const res = await t.http().get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.calendar).toMatchObject({ status: 'up', lastCoveredDate: '2026-12-31', daysRemaining: 24, warning: expect.stringContaining('60 days') });
    const metrics = await t.http().get('/metrics');
    expect(metrics.text).toMatch(/^selfreg_calendar_days_remaining 24$/m);

    setNow(t, '2026-10-01T10:00:00+08:00');
    const early = await t.http().get('/health/ready');
    expect(early.body.details.calendar).toEqual({ status: 'up', lastCoveredDate: '2026-12-31', daysRemaining: 91 });
    expect((await t.http().get('/metrics')).text).toMatch(/^selfreg_calendar_days_remaining 91$/m);
  });

  it('only admins load a calendar; staff read it', async () => {
    const before = await counts();
    expectProblem(await put(2027, TEST_2027, staff), 403, 'FORBIDDEN_ROLE');
    expectProblem(await t.http().put('/v1/calendar/years/2027').send(TEST_2027), 401, 'UNAUTHENTICATED');
    const rep = (await userWithRole(t, 'member_rep')).token;
    expectProblem(await t.http().get('/v1/calendar').set('authorization', `Bearer ${rep}`), 403, 'FORBIDDEN_ROLE');
    expect(await counts()).toEqual(before);
  });

  it('loading a year is refused for a date outside the year / in both lists, with field errors, and writes nothing', async () => {
    const before = await counts();
    const outside = await put(2027, { holidays: [{ date: '2026-12-31', name: '除夕' }], workdays: [] });
    expectProblem(outside, 400, 'VALIDATION_FAILED');
    expect(outside.body.errors).toEqual([{ field: 'holidays[0].date', code: 'OUTSIDE_YEAR', message: expect.any(String) }]);

    const both = await put(2027, { holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-01-02', name: '元旦' }], workdays: [{ date: '2027-01-02', name: '调休' }] });
    expectProblem(both, 400, 'VALIDATION_FAILED');
    expect(both.body.errors).toEqual([{ field: 'workdays[0].date', code: 'IN_BOTH_LISTS', message: expect.any(String) }]);

    const weekday = await put(2027, { holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-01-04', name: '调休' }] });
    expect(weekday.body.errors).toEqual([{ field: 'workdays[0].date', code: 'NOT_A_WEEKEND', message: expect.any(String) }]);

    const invalid = await put(2027, { holidays: [{ date: '2027-02-30', name: '元旦' }, { date: '1 Jan', name: ' ' }], workdays: [] });
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['holidays[1].date', 'holidays[1].name']);
    const impossible = await put(2027, { holidays: [{ date: '2027-02-30', name: '元旦' }], workdays: [] });
    expect(impossible.body.errors).toEqual([{ field: 'holidays[0].date', code: 'INVALID_DATE', message: expect.any(String) }]);

    expectProblem(await put(2027, { holidays: [], workdays: [] }), 400, 'VALIDATION_FAILED');
    expectProblem(await put(2027, { workdays: [] }), 400, 'VALIDATION_FAILED');
    const badYear = await put('20x7', TEST_2027);
    expectProblem(badYear, 400, 'VALIDATION_FAILED');
    expect(badYear.body.errors).toEqual([{ field: 'year', code: 'INVALID_YEAR', message: expect.any(String) }]);
    expect(await counts()).toEqual(before);
  });

  it('after an admin loads 2027 with 1 January as a holiday, a triage deadline started on 31 December 2026 skips it', async () => {
    const loaded = await put(2027, TEST_2027);
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ year: 2027, source: 'e2e test data', holidays: TEST_2027.holidays, workdays: TEST_2027.workdays, loadedBy: expect.any(String) });
    const audit = (await t.sql.query(`SELECT actor_type, details FROM audit_log WHERE action = 'calendar.year.load' AND resource_id = '2027'`)).rows;
    expect(audit).toEqual([{ actor_type: 'user', details: { holidays: 1, workdays: 1, replaced: false } }]);

    setNow(t, '2026-12-31T10:00:00+08:00'); // Thursday: Friday 1 January is now a holiday
    const c = await openCase(t);
    expect(await triageDeadline(t, c.caseId)).toEqual({ dueAt: '2027-01-05T15:59:59.999Z', calendarCovered: true });

    const coverage = await t.http().get('/v1/calendar').set('authorization', `Bearer ${admin}`);
    expect(coverage.body).toMatchObject({ today: '2026-12-31', lastCoveredDate: '2027-12-31', daysRemaining: 365, warning: false });
    expect(coverage.body.years.at(-1)).toMatchObject({ year: 2027, source: 'e2e test data', holidays: 1, workdays: 1 });

    // Replacing the year is a load like any other, audited as a replacement.
    expect((await put(2027, { holidays: [{ date: '2027-01-01', name: '元旦（测试数据）' }], workdays: [] })).body.workdays).toEqual([]);
    expect((await t.sql.query(`SELECT details FROM audit_log WHERE action = 'calendar.year.load' ORDER BY audit_log.id DESC LIMIT 1`)).rows[0].details).toMatchObject({ replaced: true });

    setNow(t, '2027-11-15T10:00:00+08:00');
    expect((await t.http().get('/health/ready')).body.details.calendar).toMatchObject({ lastCoveredDate: '2027-12-31', daysRemaining: 46, warning: expect.any(String) });
    expect((await t.http().get('/metrics')).text).toMatch(/^selfreg_calendar_days_remaining 46$/m);
  });
});
