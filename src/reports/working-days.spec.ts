import { addWorkingDays } from '../cases/index.js';
import { packageCalendar } from '../../test/support/calendar.js';
import { weightedQuantile, workingDaysBetween } from './working-days.js';

const cal = packageCalendar();

describe('Working days between two Shanghai dates', () => {
  it('counts an answer on the request day as 0 and the next working day as 1', () => {
    expect(workingDaysBetween('2026-11-02', '2026-11-02', cal)).toBe(0); // Monday
    expect(workingDaysBetween('2026-11-02', '2026-11-03', cal)).toBe(1);
  });

  it('skips weekends and the National Day holiday, and counts an adjusted working Sunday', () => {
    expect(workingDaysBetween('2026-11-06', '2026-11-09', cal)).toBe(1); // Friday → Monday
    // 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked.
    expect(workingDaysBetween('2025-09-27', '2025-09-28', cal)).toBe(1);
    expect(workingDaysBetween('2025-09-30', '2025-10-09', cal)).toBe(1);
    expect(workingDaysBetween('2025-10-09', '2025-10-11', cal)).toBe(2);
  });

  it('counts Monday to Friday in a year whose calendar is not loaded', () => {
    // 1 January 2027 is a Friday; with 2027 not loaded it is counted as worked.
    expect(workingDaysBetween('2026-12-31', '2027-01-04', cal)).toBe(2);
  });

  it('agrees with the deadline policy: the due day of a 5-working-day deadline is 5 working days away', () => {
    for (const start of ['2025-09-26', '2026-01-30', '2026-11-05']) {
      const due = addWorkingDays(new Date(`${start}T10:00:00+08:00`), 5, cal).date;
      expect(workingDaysBetween(start, due, cal)).toBe(5);
    }
  });
});

describe('Weighted quantiles', () => {
  it('matches percentile_cont on expanded values', () => {
    const v = [{ value: 1, count: 2 }, { value: 3, count: 1 }, { value: 10, count: 1 }]; // 1 1 3 10
    expect(weightedQuantile(v, 0.5)).toBe(2);
    expect(weightedQuantile(v, 0.9)).toBeCloseTo(7.9);
    expect(weightedQuantile([{ value: 4, count: 1 }], 0.5)).toBe(4);
    expect(weightedQuantile([], 0.5)).toBeNull();
  });
});
