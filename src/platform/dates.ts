/**
 * Calendar dates as the association uses them: China Standard Time (UTC+8, no daylight saving), as
 * `YYYY-MM-DD` strings. Pacts take effect, signatures bind and reports fall due on such dates.
 */
const CST_OFFSET_MS = 8 * 3600 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The China Standard Time calendar date of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last millisecond of a China Standard Time calendar date (a deadline "by" that date). */
export function endOfChinaDay(date: string): Date {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - CST_OFFSET_MS);
}

/** True for a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last day of the month `months` after the month of `date` (0: the same month). */
export function endOfMonthAfter(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0)).toISOString().slice(0, 10);
}

export const maxDate = (...dates: string[]): string => dates.reduce((a, b) => (a > b ? a : b));
export const minDate = (...dates: string[]): string => dates.reduce((a, b) => (a < b ? a : b));
