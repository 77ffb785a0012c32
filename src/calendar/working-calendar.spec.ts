import { buildCalendar, calendarYearProblems, daysRemaining, isCovered, isWorkingDay, lastCoveredDate } from './working-calendar.js';

// Test data, not an official list.
const cal = buildCalendar([2026, 2027, 2029], [
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
  { date: '2027-02-06', kind: 'workday', name: '春节调休' },
]);

describe('The working-day calendar', () => {
  it('follows the list in a loaded year and Monday to Friday elsewhere', () => {
    expect(isWorkingDay(cal, '2027-01-01')).toBe(false); // a listed holiday on a Friday
    expect(isWorkingDay(cal, '2027-02-06')).toBe(true); // an adjusted Saturday
    expect(isWorkingDay(cal, '2027-02-13')).toBe(false); // an ordinary Saturday
    expect(isWorkingDay(cal, '2028-01-03')).toBe(true); // Monday of an unloaded year
    expect(isWorkingDay(cal, '2028-01-01')).toBe(false); // Saturday of an unloaded year
    expect([isCovered(cal, '2027-06-01'), isCovered(cal, '2028-06-01')]).toEqual([true, false]);
  });

  it('ignores a listed day of a year that is not loaded', () => {
    const partial = buildCalendar([2026], [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
    expect(isWorkingDay(partial, '2027-01-01')).toBe(true);
  });

  it('coverage runs to the end of the unbroken run of loaded years from today', () => {
    expect(lastCoveredDate(cal, '2026-12-07')).toBe('2027-12-31'); // 2028 is missing: 2029 does not count
    expect(daysRemaining(cal, '2027-12-01')).toBe(30);
    expect(daysRemaining(cal, '2027-12-31')).toBe(0);
    expect(lastCoveredDate(cal, '2028-03-01')).toBeNull();
    expect(daysRemaining(cal, '2028-03-01')).toBe(0);
  });
});

describe('A year\'s official list is checked before it is loaded', () => {
  const ok = { holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-01-02', name: '元旦' }], workdays: [{ date: '2027-02-06', name: '春节调休' }] };

  it('accepts holidays on any day, weekends included, and adjusted days on weekends', () => {
    expect(calendarYearProblems(2027, ok.holidays, ok.workdays)).toEqual([]);
  });

  it('names each bad date by its field', () => {
    const problems = calendarYearProblems(
      2027,
      [{ date: '2026-12-31', name: 'x' }, { date: '2027-02-30', name: 'x' }, { date: '2027-01-01', name: 'x' }, { date: '2027-01-01', name: 'x' }],
      [{ date: '2027-01-01', name: 'x' }, { date: '2027-02-08', name: 'x' }, { date: '2028-01-01', name: 'x' }],
    );
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['holidays[0].date', 'OUTSIDE_YEAR'],
      ['holidays[1].date', 'INVALID_DATE'],
      ['holidays[3].date', 'DUPLICATE_DATE'],
      ['workdays[0].date', 'IN_BOTH_LISTS'],
      ['workdays[1].date', 'NOT_A_WEEKEND'],
      ['workdays[2].date', 'OUTSIDE_YEAR'],
    ]);
  });
});
