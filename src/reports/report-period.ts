import type { FieldError } from '../platform/errors/app-error.js';

/** Reports count in the association's time zone; Asia/Shanghai has no daylight saving (UTC+8 all year). */
export const REPORT_TIME_ZONE = 'Asia/Shanghai';
const OFFSET = '+08:00';
const DAY_MS = 86_400_000;

export const PERIOD_KINDS = ['week', 'month', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A reporting range: whole Shanghai calendar days, `from` and `to` both included. */
export interface ReportPeriod {
  kind: PeriodKind | 'custom';
  /** First day, YYYY-MM-DD (Shanghai). */
  from: string;
  /** Last day, YYYY-MM-DD (Shanghai), included. */
  to: string;
  /** 00:00 of `from` in Shanghai. */
  start: Date;
  /** 00:00 of the day after `to` in Shanghai (exclusive). */
  end: Date;
}

export class PeriodError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (no 2026-02-30), between 2000 and 2100. */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === value && Number(m[1]) >= 2000 && Number(m[1]) <= 2100;
}

export const addDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const startOfDay = (date: string): Date => new Date(`${date}T00:00:00${OFFSET}`);
/** The Shanghai calendar date of an instant. */
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function make(kind: ReportPeriod['kind'], from: string, to: string): ReportPeriod {
  return { kind, from, to, start: startOfDay(from), end: startOfDay(addDays(to, 1)) };
}

/** The ISO week (Monday to Sunday), calendar month or calendar year that contains `date`. */
export function periodContaining(kind: PeriodKind, date: string): ReportPeriod {
  const [y, m] = date.split('-').map(Number);
  switch (kind) {
    case 'week': {
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
      const monday = addDays(date, -weekday);
      return make('week', monday, addDays(monday, 6));
    }
    case 'month': {
      const first = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      return make('month', first, addDays(next, -1));
    }
    case 'year':
      return make('year', `${y}-01-01`, `${y}-12-31`);
  }
}

export const yearPeriod = (year: number): ReportPeriod => periodContaining('year', `${year}-01-01`);

export interface PeriodInput {
  from?: string;
  to?: string;
  period?: PeriodKind;
  date?: string;
}

/**
 * Either `from` and `to` (inclusive dates), or `period` with an optional `date` inside it (default: today in
 * Shanghai). A range is at most `maxDays` long. Throws PeriodError with field-level errors.
 */
export function resolvePeriod(q: PeriodInput, today: string, maxDays: number): ReportPeriod {
  const errors: FieldError[] = [];
  const bad = (field: string, code: string, message: string) => errors.push({ field, code, message });
  if (q.period !== undefined) {
    if (q.from !== undefined || q.to !== undefined) bad('period', 'EXCLUSIVE', 'give either period (with date) or from and to, not both');
    if (q.date !== undefined && !isCalendarDate(q.date)) bad('date', 'IS_DATE', 'date must be a calendar date YYYY-MM-DD');
    if (errors.length) throw new PeriodError(errors);
    return periodContaining(q.period, q.date ?? today);
  }
  if (q.date !== undefined) bad('date', 'REQUIRES_PERIOD', 'date is only used with period');
  if (q.from === undefined) bad('from', 'REQUIRED', 'from is required (or give period)');
  else if (!isCalendarDate(q.from)) bad('from', 'IS_DATE', 'from must be a calendar date YYYY-MM-DD');
  if (q.to === undefined) bad('to', 'REQUIRED', 'to is required (or give period)');
  else if (!isCalendarDate(q.to)) bad('to', 'IS_DATE', 'to must be a calendar date YYYY-MM-DD');
  if (errors.length) throw new PeriodError(errors);
  const p = make('custom', q.from!, q.to!);
  if (p.end <= p.start) throw new PeriodError([{ field: 'to', code: 'BEFORE_FROM', message: 'to must not be before from' }]);
  const days = Math.round((p.end.getTime() - p.start.getTime()) / DAY_MS);
  if (days > maxDays) throw new PeriodError([{ field: 'to', code: 'RANGE_TOO_LONG', message: `a range covers at most ${maxDays} days` }]);
  return p;
}
