import { isWorkingDay, type WorkingCalendar } from '../calendar/index.js';
import { addDays } from './report-period.js';

/**
 * Working days from one Shanghai calendar date to a later one: the working days after `from` up to and including
 * `to`, on the association's working-day calendar (public holidays off, adjusted weekend days worked; Monday to
 * Friday in a year not loaded), the same count the deadline policy uses (a response due "5 working days" after a
 * request on day D is due on the day this counts 5). An answer on the day of the request counts 0.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkingCalendar): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(cal, d)) n += 1;
  return n;
}

/** Quantile (0–1) of values given as value → count, by the nearest-rank-with-interpolation rule of PostgreSQL's percentile_cont. */
export function weightedQuantile(values: { value: number; count: number }[], q: number): number | null {
  const sorted = values.filter((v) => v.count > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, v) => s + v.count, 0);
  if (total === 0) return null;
  const pos = q * (total - 1);
  const at = (i: number): number => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.count;
      if (i < seen) return v.value;
    }
    return sorted[sorted.length - 1].value;
  };
  const lo = Math.floor(pos);
  const frac = pos - lo;
  return frac === 0 ? at(lo) : at(lo) + (at(lo + 1) - at(lo)) * frac;
}
