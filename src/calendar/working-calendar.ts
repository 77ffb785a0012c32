/**
 * The official working-day calendar as plain data: for each loaded year, the public holidays and the adjusted working
 * days (调休, weekend days that are worked). Pure: no clock, no database; the CalendarService holds the current one.
 */
export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDayEntry {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

export interface WorkingCalendar {
  /** Years whose official list is loaded: only there do holidays and adjusted days apply. */
  readonly years: ReadonlySet<number>;
  readonly days: ReadonlyMap<string, { kind: CalendarDayKind; name: string }>;
}

export const EMPTY_CALENDAR: WorkingCalendar = { years: new Set(), days: new Map() };

export function buildCalendar(years: Iterable<number>, days: Iterable<CalendarDayEntry>): WorkingCalendar {
  return { years: new Set(years), days: new Map([...days].map((d) => [d.date, { kind: d.kind, name: d.name }])) };
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/** Day of the week of a YYYY-MM-DD date: 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Whether the official list for this date's year is loaded. */
export function isCovered(cal: WorkingCalendar, date: string): boolean {
  return cal.years.has(yearOf(date));
}

/** A working day: in a loaded year, by the official list (else Monday to Friday); beyond it, Monday to Friday. */
export function isWorkingDay(cal: WorkingCalendar, date: string): boolean {
  const listed = isCovered(cal, date) ? cal.days.get(date) : undefined;
  if (listed) return listed.kind === 'workday';
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6;
}

/**
 * The last date of the unbroken run of loaded years that contains `today`, or null when today's year is not loaded.
 * A loaded year after a gap does not count: a deadline would cross the unloaded year first.
 */
export function lastCoveredDate(cal: WorkingCalendar, today: string): string | null {
  let year = yearOf(today);
  if (!cal.years.has(year)) return null;
  while (cal.years.has(year + 1)) year += 1;
  return `${year}-12-31`;
}

/** Days of known calendar left after `today` (0 when today's year is not loaded). */
export function daysRemaining(cal: WorkingCalendar, today: string): number {
  const last = lastCoveredDate(cal, today);
  if (!last) return 0;
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export interface OfficialDay {
  date: string;
  name: string;
}

export interface CalendarProblem {
  field: string;
  code: 'INVALID_DATE' | 'OUTSIDE_YEAR' | 'DUPLICATE_DATE' | 'IN_BOTH_LISTS' | 'NOT_A_WEEKEND';
  message: string;
}

const isRealDate = (date: string) => /^\d{4}-\d{2}-\d{2}$/.test(date) && addCalendarDays(date, 0) === date;

/**
 * What is wrong with a year's official list, by field: every date a real date in that year, no date twice, none both a
 * holiday and a working day, and adjusted working days only on a Saturday or Sunday (a weekday is worked anyway).
 * Holidays may fall on any day: the State Council's lists include the weekend days inside a holiday period.
 */
export function calendarYearProblems(year: number, holidays: OfficialDay[], workdays: OfficialDay[]): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const holidayDates = new Set(holidays.map((d) => d.date));
  const check = (list: OfficialDay[], name: 'holidays' | 'workdays') => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      const field = `${name}[${i}].date`;
      if (!isRealDate(d.date)) problems.push({ field, code: 'INVALID_DATE', message: `${field} is not a calendar date (YYYY-MM-DD)` });
      else if (yearOf(d.date) !== year) problems.push({ field, code: 'OUTSIDE_YEAR', message: `${field} ${d.date} is not in ${year}` });
      else if (seen.has(d.date)) problems.push({ field, code: 'DUPLICATE_DATE', message: `${field} ${d.date} is listed twice` });
      else if (name === 'workdays' && holidayDates.has(d.date)) {
        problems.push({ field, code: 'IN_BOTH_LISTS', message: `${field} ${d.date} is also listed as a holiday` });
      } else if (name === 'workdays' && weekdayOf(d.date) !== 0 && weekdayOf(d.date) !== 6) {
        problems.push({ field, code: 'NOT_A_WEEKEND', message: `${field} ${d.date} is a weekday, worked anyway: list only Saturdays and Sundays` });
      }
      seen.add(d.date);
    });
  };
  check(holidays, 'holidays');
  check(workdays, 'workdays');
  return problems;
}
