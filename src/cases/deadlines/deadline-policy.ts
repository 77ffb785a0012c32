import { addCalendarDays, isCovered, isWorkingDay, type WorkingCalendar } from '../../calendar/index.js';
import type { DeadlineKind } from '../machine/case.types.js';

/** Defaults from the design brief; each category may override them (complaint_categories.deadlines). */
export interface DeadlineSettings {
  triageWorkingDays: number;
  responseWorkingDays: number;
  mediationDays: number;
  resolutionDays: number;
  rightOfReplyWorkingDays: number;
  confirmationDays: number;
}

export const DEFAULT_DEADLINES: DeadlineSettings = {
  triageWorkingDays: 2,
  responseWorkingDays: 5,
  mediationDays: 15,
  resolutionDays: 30,
  rightOfReplyWorkingDays: 5,
  confirmationDays: 7,
};

const TZ_OFFSET_MS = 8 * 3600_000; // Asia/Shanghai has no daylight saving

/** The calendar date in Shanghai of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + TZ_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a Shanghai calendar day. */
function endOfShanghaiDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - TZ_OFFSET_MS);
}

/** A working-day count's result: the day, and whether every day counted lay in a loaded year of the calendar. */
export interface WorkingDayResult {
  date: string;
  calendarCovered: boolean;
}

/**
 * The Nth working day after the day of `from`, on the association's calendar (src/calendar): public holidays are off
 * and adjusted weekend days ("调休" Saturdays/Sundays) are worked. Days in a year whose official list is not loaded
 * count Monday to Friday, and the result says so (`calendarCovered: false`).
 */
export function addWorkingDays(from: Date, n: number, cal: WorkingCalendar): WorkingDayResult {
  let day = shanghaiDate(from);
  let covered = true;
  let left = n;
  while (left > 0) {
    day = addCalendarDays(day, 1);
    covered &&= isCovered(cal, day);
    if (isWorkingDay(cal, day)) left -= 1;
  }
  return { date: day, calendarCovered: covered };
}

/**
 * How many working days remain before a deadline: the working days after today (Shanghai) up to and including the
 * due date; 0 when it falls due today or has passed. The inverse of addWorkingDays: a deadline set N working days from
 * today has N left. Counted over at most ~3 years (a longer deadline reads as that many).
 */
export function workingDaysLeft(now: Date, dueAt: Date, cal: WorkingCalendar): number {
  const due = shanghaiDate(dueAt);
  let day = shanghaiDate(now);
  let n = 0;
  for (let i = 0; i < 1100 && day < due; i++) {
    day = addCalendarDays(day, 1);
    if (isWorkingDay(cal, day)) n += 1;
  }
  return n;
}

/**
 * The end (Shanghai) of the Nth working day after the day of `from`: a deadline due by then falls due "within N working
 * days" (the queues' dueWithin). Same count as a working-day deadline started at `from`.
 */
export function workingDaysHorizon(from: Date, n: number, cal: WorkingCalendar): Date {
  return endOfShanghaiDay(addWorkingDays(from, n, cal).date);
}

/** When a deadline falls due, and whether it was computed on the official calendar (false: on plain weekdays). */
export interface Due {
  dueAt: Date;
  calendarCovered: boolean;
}

const workingDaysDue = (from: Date, n: number, cal: WorkingCalendar): Due => {
  const r = addWorkingDays(from, n, cal);
  return { dueAt: endOfShanghaiDay(r.date), calendarCovered: r.calendarCovered };
};

// Calendar-day deadlines do not depend on holidays: always exact.
const calendarDaysDue = (from: Date, n: number): Due => ({ dueAt: endOfShanghaiDay(addCalendarDays(shanghaiDate(from), n)), calendarCovered: true });

/**
 * When a deadline of this kind, started at `from`, falls due: the end of the due day in Shanghai.
 * Pure: no clock, no database; the calendar is an argument.
 */
export function dueAt(kind: Exclude<DeadlineKind, 'promised_action'>, from: Date, settings: DeadlineSettings, cal: WorkingCalendar): Due {
  switch (kind) {
    case 'triage':
      return workingDaysDue(from, settings.triageWorkingDays, cal);
    case 'response':
      return workingDaysDue(from, settings.responseWorkingDays, cal);
    case 'right_of_reply':
      return workingDaysDue(from, settings.rightOfReplyWorkingDays, cal);
    case 'mediation':
      return calendarDaysDue(from, settings.mediationDays);
    case 'resolution':
      return calendarDaysDue(from, settings.resolutionDays);
    case 'confirmation':
      return calendarDaysDue(from, settings.confirmationDays);
  }
}

/** A reminder before a respondent deadline: when it goes out, and how many working days before the due day that is. */
export interface ReminderTime {
  at: Date;
  workingDaysBefore: number;
}

/** The working day `n` working days before `day` (0: `day` itself). */
function workingDaysBefore(day: string, n: number, cal: WorkingCalendar): string {
  let out = day;
  for (let left = n; left > 0; ) {
    out = addCalendarDays(out, -1);
    if (isWorkingDay(cal, out)) left -= 1;
  }
  return out;
}

/**
 * Reminders before a respondent deadline (MAIL_REMINDER_WORKING_DAYS): at 09:00 Shanghai on the day `n` working days
 * before the due day, for each `n` (0: the due day itself), latest offset first; those not after `from` (the deadline's
 * start) are left out. Pure: the calendar is an argument.
 */
export function reminderTimes(due: Date, from: Date, cal: WorkingCalendar, offsets: readonly number[]): ReminderTime[] {
  const dueDay = shanghaiDate(due);
  return [...new Set(offsets)]
    .sort((a, b) => b - a)
    .map((n) => ({ at: new Date(Date.parse(`${workingDaysBefore(dueDay, n, cal)}T09:00:00Z`) - TZ_OFFSET_MS), workingDaysBefore: n }))
    .filter((r) => r.at.getTime() > from.getTime() && r.at.getTime() < due.getTime());
}

export function settingsFor(overrides: Partial<DeadlineSettings> | null | undefined, base: DeadlineSettings = DEFAULT_DEADLINES): DeadlineSettings {
  return { ...base, ...(overrides ?? {}) };
}
