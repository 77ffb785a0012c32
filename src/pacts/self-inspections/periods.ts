import { endOfMonthAfter } from '../../platform/dates.js';
import type { InspectionFrequency } from '../conventions/convention.entity.js';

/**
 * Self-inspection periods, named by the convention's frequency: `2026` (yearly), `2026-H1` / `2026-H2`
 * (half-yearly), `2026-Q1` … `2026-Q4` (quarterly). Dates are calendar dates (China Standard Time).
 */
export interface Period {
  label: string;
  start: string;
  end: string;
}

const PATTERNS: Record<Exclude<InspectionFrequency, 'none'>, RegExp> = {
  yearly: /^(\d{4})$/,
  half_yearly: /^(\d{4})-H([12])$/,
  quarterly: /^(\d{4})-Q([1-4])$/,
};
const MONTHS: Record<Exclude<InspectionFrequency, 'none'>, number> = { yearly: 12, half_yearly: 6, quarterly: 3 };

const pad = (n: number) => String(n).padStart(2, '0');

function periodOf(frequency: Exclude<InspectionFrequency, 'none'>, year: number, index: number): Period {
  const months = MONTHS[frequency];
  const startMonth = (index - 1) * months + 1;
  const start = `${year}-${pad(startMonth)}-01`;
  const label = frequency === 'yearly' ? String(year) : `${year}-${frequency === 'half_yearly' ? 'H' : 'Q'}${index}`;
  return { label, start, end: endOfMonthAfter(start, months - 1) };
}

/** The period a label names for this frequency, or null when the label does not fit it. */
export function parsePeriod(frequency: InspectionFrequency, label: string): Period | null {
  if (frequency === 'none') return null;
  const m = PATTERNS[frequency].exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return periodOf(frequency, year, m[2] ? Number(m[2]) : 1);
}

/** Due on the last day of the month `dueMonths` after the period's last month (yearly + 3 → 31 March). */
export function dueOn(period: Period, dueMonths: number): string {
  return endOfMonthAfter(period.end, dueMonths);
}

/** Every period of the frequency that ends on or after `from` and starts on or before `to`, oldest first. */
export function periodsBetween(frequency: InspectionFrequency, from: string, to: string): Period[] {
  if (frequency === 'none' || from > to) return [];
  const perYear = 12 / MONTHS[frequency];
  const out: Period[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
    for (let i = 1; i <= perYear; i++) {
      const p = periodOf(frequency, year, i);
      if (p.end >= from && p.start <= to) out.push(p);
    }
  }
  return out;
}
