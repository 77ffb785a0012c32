import { addWorkingDays, dueAt, DEFAULT_DEADLINES, reminderTimes, shanghaiDate } from './deadline-policy.js';

const at = (iso: string) => new Date(iso);

describe('deadlines on Chinese working days', () => {
  it('skips the whole National Day week: 5 working days from 30 September 2026', () => {
    // 1-7 Oct are holidays; 8, 9 Oct are Thursday and Friday; 10 Oct (Saturday) is an adjusted working day.
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 1)).toBe('2026-10-08');
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 3)).toBe('2026-10-10');
    expect(addWorkingDays(at('2026-09-30T10:00:00+08:00'), 5)).toBe('2026-10-13');
  });

  it('counts an adjusted working Saturday as a working day and an ordinary Saturday not', () => {
    expect(addWorkingDays(at('2026-10-09T10:00:00+08:00'), 1)).toBe('2026-10-10'); // adjusted Saturday
    expect(addWorkingDays(at('2026-11-20T10:00:00+08:00'), 1)).toBe('2026-11-23'); // Friday → Monday
  });

  it('uses the Shanghai calendar day, not UTC', () => {
    // 23:30 UTC on 29 Sep is already 30 Sep in Shanghai.
    expect(shanghaiDate(at('2026-09-29T23:30:00Z'))).toBe('2026-09-30');
    expect(addWorkingDays(at('2026-09-29T23:30:00Z'), 1)).toBe('2026-10-08');
  });

  it('a respondent deadline ends at the end of the due day in Shanghai', () => {
    const due = dueAt('response', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES);
    expect(due.toISOString()).toBe('2026-10-13T15:59:59.999Z');
  });

  it('mediation and resolution count calendar days', () => {
    expect(shanghaiDate(dueAt('mediation', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES))).toBe('2026-10-15');
    expect(shanghaiDate(dueAt('resolution', at('2026-09-30T10:00:00+08:00'), DEFAULT_DEADLINES))).toBe('2026-10-30');
  });

  it('reminds 2 working days and 1 day before the due time', () => {
    const from = at('2026-09-30T10:00:00+08:00');
    const due = dueAt('response', from, DEFAULT_DEADLINES);
    const [twoWorkingDays, oneDay] = reminderTimes(due, from).map((d) => d.toISOString());
    // Due Tue 13 Oct; the two working days before are Mon 12 and the adjusted Sat 10 Oct: remind on 10 Oct, 09:00 Shanghai.
    expect(twoWorkingDays).toBe('2026-10-10T01:00:00.000Z');
    expect(oneDay).toBe('2026-10-12T15:59:59.999Z');
  });
});
