import { dueOn, parsePeriod, periodsBetween } from './periods.js';

describe('Self-inspection periods', () => {
  it('names yearly, half-yearly and quarterly periods and gives their first and last days', () => {
    expect(parsePeriod('yearly', '2026')).toEqual({ label: '2026', start: '2026-01-01', end: '2026-12-31' });
    expect(parsePeriod('half_yearly', '2026-H1')).toEqual({ label: '2026-H1', start: '2026-01-01', end: '2026-06-30' });
    expect(parsePeriod('half_yearly', '2026-H2')).toEqual({ label: '2026-H2', start: '2026-07-01', end: '2026-12-31' });
    expect(parsePeriod('quarterly', '2024-Q1')).toEqual({ label: '2024-Q1', start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('quarterly', '2026-Q3')).toEqual({ label: '2026-Q3', start: '2026-07-01', end: '2026-09-30' });
  });

  it('refuses a label that does not fit the frequency', () => {
    expect(parsePeriod('yearly', '2026-H1')).toBeNull();
    expect(parsePeriod('half_yearly', '2026')).toBeNull();
    expect(parsePeriod('half_yearly', '2026-H3')).toBeNull();
    expect(parsePeriod('quarterly', '2026-Q5')).toBeNull();
    expect(parsePeriod('none', '2026')).toBeNull();
    expect(parsePeriod('yearly', '1999')).toBeNull();
  });

  it('falls due on the last day of the month N months after the period (yearly + 3: 31 March of the next year)', () => {
    expect(dueOn(parsePeriod('yearly', '2026')!, 3)).toBe('2027-03-31');
    expect(dueOn(parsePeriod('half_yearly', '2026-H1')!, 1)).toBe('2026-07-31');
    expect(dueOn(parsePeriod('quarterly', '2027-Q4')!, 2)).toBe('2028-02-29');
    expect(dueOn(parsePeriod('yearly', '2026')!, 0)).toBe('2026-12-31');
  });

  it('lists the periods overlapping a date range, oldest first', () => {
    expect(periodsBetween('half_yearly', '2025-05-10', '2026-02-01').map((p) => p.label)).toEqual(['2025-H1', '2025-H2', '2026-H1']);
    expect(periodsBetween('yearly', '2024-12-31', '2025-01-01').map((p) => p.label)).toEqual(['2024', '2025']);
    expect(periodsBetween('none', '2020-01-01', '2026-01-01')).toEqual([]);
  });
});
