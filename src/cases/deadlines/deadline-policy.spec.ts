import { buildCalendar } from '../../calendar/index.js';
import { packageCalendar } from '../../../test/support/calendar.js';
import { addWorkingDays, dueAt, DEFAULT_DEADLINES, reminderTimes, shanghaiDate, workingDaysLeft } from './deadline-policy.js';

const at = (iso: string) => new Date(iso);
const cal = packageCalendar();

describe('deadlines on Chinese working days', () => {
  it('skips the whole National Day week: 5 working days from 30 September 2026', () => {
    // 1-7 Oct are holidays; 8, 9 Oct are Thursday and Friday; 10 Oct (Saturday) is an adjusted working day.
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 1, cal)).toEqual({ date: '2026-10-08', calendarCovered: true });
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 3, cal).date).toBe('2026-10-10');
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 5, cal).date).toBe('2026-10-13');
  });

  it('counts an adjusted working Saturday as a working day and an ordinary Saturday not', () => {
    expect(addWorkingDays(at('2026-10-09T10:00:00+08:00'), 1, cal).date).toBe('2026-10-10'); // adjusted Saturday
    expect(addWorkingDays(at('2026-11-20T10:00:00+08:00'), 1, cal).date).toBe('2026-11-23'); // Friday → Monday
  });

  it('uses the Shanghai calendar day, not UTC', () => {
    // 23:30 UTC on 29 Sep is already 30 Sep in Shanghai.
    expect(shanghaiDate(at('2026-09-29T23:30:00Z'))).toBe('2026-09-30');
    expect(addWorkingDays(at('2026-09-29T23:30:00Z'), 1, cal).date).toBe('2026-10-08');
  });

  it('a respondent deadline ends at the end of the due day in Shanghai', () => {
    const due = dueAt('response', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES, cal);
    expect(due).toEqual({ dueAt: at('2026-10-13T15:59:59.999Z'), calendarCovered: true });
  });

  it('mediation and resolution count calendar days, covered whatever the calendar', () => {
    expect(shanghaiDate(dueAt('mediation', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES, cal).dueAt)).toBe('2026-10-15');
    expect(shanghaiDate(dueAt('resolution', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES, cal).dueAt)).toBe('2026-10-30');
    expect(dueAt('resolution', at('2026-12-20T10:00:00+08:00'), DEFAULT_DEADLINES, buildCalendar([2026], []))).toMatchObject({ calendarCovered: true });
  });

  it('reminds at 09:00 Shanghai 2 working days before the due day and on the due day by default, counting adjusted Saturdays', () => {
    const from = at('2026-09-30T10:00:00+08:00');
    const due = dueAt('response', from, DEFAULT_DEADLINES, cal).dueAt;
    // Due Tue 13 Oct; the two working days before are Mon 12 and the adjusted Sat 10 Oct: remind on 10 Oct, 09:00 Shanghai.
    expect(reminderTimes(due, from, cal, [2, 0]).map((r) => [r.at.toISOString(), r.workingDaysBefore])).toEqual([
      ['2026-10-10T01:00:00.000Z', 2],
      ['2026-10-13T01:00:00.000Z', 0],
    ]);
  });

  it('reminds at the configured offsets only, latest first, and leaves out those before the deadline started', () => {
    const from = at('2026-11-02T10:00:00+08:00'); // Monday; 5 working days → due Mon 9 Nov
    const due = dueAt('response', from, DEFAULT_DEADLINES, cal).dueAt;
    expect(shanghaiDate(due)).toBe('2026-11-09');
    const times = (offsets: number[]) => reminderTimes(due, from, cal, offsets).map((r) => `${shanghaiDate(r.at)}/${r.workingDaysBefore}`);
    expect(times([0, 1, 3])).toEqual(['2026-11-04/3', '2026-11-06/1', '2026-11-09/0']);
    // 5 working days before the due day is the start day itself (Mon 2 Nov, 09:00: before the deadline started).
    expect(times([5, 4])).toEqual(['2026-11-03/4']);
    expect(times([])).toEqual([]);
  });
});

describe('deadlines beyond the loaded calendar', () => {
  // Test data written here, not an official list: 2026 with New Year, and a 2027 whose 1 January is a holiday.
  const only2026 = buildCalendar([2026], [{ date: '2026-01-01', kind: 'holiday', name: '元旦' }]);
  const with2027 = buildCalendar([2026, 2027], [
    { date: '2026-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-09', kind: 'workday', name: '测试调休' },
  ]);
  const newYearsEve = at('2026-12-31T10:00:00+08:00'); // Thursday

  it('a deadline that runs into an unloaded year is counted Monday to Friday and flagged not covered', () => {
    // Friday 1 January 2027 counts as a working day: nothing is known about 2027.
    expect(dueAt('triage', newYearsEve, DEFAULT_DEADLINES, only2026)).toEqual({ dueAt: at('2027-01-04T15:59:59.999Z'), calendarCovered: false });
  });

  it('once the year is loaded, its holiday is skipped and its adjusted Saturday worked, and the deadline is covered', () => {
    expect(dueAt('triage', newYearsEve, DEFAULT_DEADLINES, with2027)).toEqual({ dueAt: at('2027-01-05T15:59:59.999Z'), calendarCovered: true });
    // Mon 4 … Fri 8, then the adjusted Saturday 9 January: six working days after 31 December.
    expect(addWorkingDays(newYearsEve, 6, with2027)).toEqual({ date: '2027-01-09', calendarCovered: true });
  });

  it('a deadline wholly inside a loaded year is covered even when a later year is not loaded', () => {
    expect(dueAt('response', at('2026-12-01T10:00:00+08:00'), DEFAULT_DEADLINES, only2026).calendarCovered).toBe(true);
  });

  it('reminders before a due day in an unloaded year count Monday to Friday', () => {
    const due = at('2027-01-05T15:59:59.999Z'); // Tuesday
    const [twoWorkingDays] = reminderTimes(due, newYearsEve, only2026, [2, 0]).map((r) => r.at.toISOString());
    expect(twoWorkingDays).toBe('2027-01-01T01:00:00.000Z'); // Mon 4 and Fri 1 January
  });
});

describe('working days left before a deadline (the console\'s countdown)', () => {
  const cal = packageCalendar();
  const at = (s: string) => new Date(s);

  it('counts the working days after today up to the due date, holidays off and adjusted Saturdays worked', () => {
    // From Tuesday 29 Sep 2026: 30 Sep (Wed) works, 1-7 Oct are off, 8, 9 Oct work, 10 Oct (Saturday) is worked.
    expect(workingDaysLeft(at('2026-09-29T10:00:00+08:00'), at('2026-10-10T23:59:59.999+08:00'), cal)).toBe(4);
  });

  it('is the inverse of adding working days: a deadline N working days away has N left', () => {
    const from = at('2026-12-03T09:00:00+08:00');
    for (const n of [1, 2, 5, 10]) expect(workingDaysLeft(from, at(`${addWorkingDays(from, n, cal).date}T23:59:59.999+08:00`), cal)).toBe(n);
  });

  it('is 0 on the due day and after it', () => {
    expect(workingDaysLeft(at('2026-12-03T09:00:00+08:00'), at('2026-12-03T23:59:59.999+08:00'), cal)).toBe(0);
    expect(workingDaysLeft(at('2026-12-05T09:00:00+08:00'), at('2026-12-03T23:59:59.999+08:00'), cal)).toBe(0);
  });
});
