import chineseDays from 'chinese-days';
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

function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The Nth working day after the day of `from`, following the official Chinese calendar: public
 * holidays are off and adjusted weekend days ("调休" Saturdays/Sundays) are worked. Data: the
 * chinese-days package (update it each year when the State Council publishes the next calendar).
 */
export function addWorkingDays(from: Date, n: number): string {
  let day = shanghaiDate(from);
  let left = n;
  while (left > 0) {
    day = addCalendarDays(day, 1);
    if (chineseDays.isWorkday(day)) left -= 1;
  }
  return day;
}

/**
 * When a deadline of this kind, started at `from`, falls due: the end of the due day in Shanghai.
 * Pure: no clock, no database.
 */
export function dueAt(kind: Exclude<DeadlineKind, 'promised_action'>, from: Date, settings: DeadlineSettings): Date {
  switch (kind) {
    case 'triage':
      return endOfShanghaiDay(addWorkingDays(from, settings.triageWorkingDays));
    case 'response':
      return endOfShanghaiDay(addWorkingDays(from, settings.responseWorkingDays));
    case 'right_of_reply':
      return endOfShanghaiDay(addWorkingDays(from, settings.rightOfReplyWorkingDays));
    case 'mediation':
      return endOfShanghaiDay(addCalendarDays(shanghaiDate(from), settings.mediationDays));
    case 'resolution':
      return endOfShanghaiDay(addCalendarDays(shanghaiDate(from), settings.resolutionDays));
    case 'confirmation':
      return endOfShanghaiDay(addCalendarDays(shanghaiDate(from), settings.confirmationDays));
  }
}

/** Reminder instants before a respondent deadline: 2 working days before, and 1 calendar day before. */
export function reminderTimes(due: Date, from: Date): Date[] {
  const dueDay = shanghaiDate(due);
  let twoBefore = dueDay;
  for (let left = 2; left > 0; ) {
    twoBefore = addCalendarDays(twoBefore, -1);
    if (chineseDays.isWorkday(twoBefore)) left -= 1;
  }
  const candidates = [new Date(Date.parse(`${twoBefore}T09:00:00Z`) - TZ_OFFSET_MS), new Date(due.getTime() - 86_400_000)];
  return candidates.filter((t) => t.getTime() > from.getTime());
}

export function settingsFor(overrides: Partial<DeadlineSettings> | null | undefined, base: DeadlineSettings = DEFAULT_DEADLINES): DeadlineSettings {
  return { ...base, ...(overrides ?? {}) };
}
