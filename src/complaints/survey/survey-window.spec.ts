import { closedAtOf, SURVEY_WINDOW_DAYS, surveyFlags, type HistoryStep } from './survey-window.js';

const step = (fromState: string | null, toState: string, at: string): HistoryStep => ({ fromState, toState, occurredAt: new Date(at) });

describe('The survey window', () => {
  const history = [
    step(null, 'received', '2026-10-01T10:00:00Z'),
    step('received', 'investigating', '2026-10-02T10:00:00Z'),
    step('investigating', 'resolved', '2026-10-03T10:00:00Z'),
    step('resolved', 'closed', '2026-10-04T10:00:00Z'),
    step('closed', 'closed', '2026-10-05T10:00:00Z'), // a note on the closed case is not a closing
  ];

  it('takes the closing time from the last entry into closed or dismissed', () => {
    expect(closedAtOf(history)).toEqual(new Date('2026-10-04T10:00:00Z'));
    const reclosed = [...history, step('closed', 'investigating', '2026-10-06T10:00:00Z'), step('investigating', 'dismissed', '2026-10-08T10:00:00Z')];
    expect(closedAtOf(reclosed)).toEqual(new Date('2026-10-08T10:00:00Z'));
    expect(closedAtOf(history.slice(0, 3))).toBeNull();
    expect(closedAtOf([step(null, 'received', '2026-10-01T10:00:00Z'), step('received', 'withdrawn', '2026-10-02T10:00:00Z')])).toBeNull();
  });

  it('is open for the whole window after closing and shut the millisecond after', () => {
    const closedAt = new Date('2026-10-04T10:00:00Z');
    const end = new Date(closedAt.getTime() + SURVEY_WINDOW_DAYS * 86_400_000);
    expect(surveyFlags({ state: 'closed', closedAt, answered: false, now: closedAt })).toEqual({ open: true, answered: false });
    expect(surveyFlags({ state: 'dismissed', closedAt, answered: false, now: end })).toEqual({ open: true, answered: false });
    expect(surveyFlags({ state: 'closed', closedAt, answered: false, now: new Date(end.getTime() + 1) })).toEqual({ open: false, answered: false });
  });

  it('is shut before closing, on withdrawn and merged cases, and once answered', () => {
    const closedAt = new Date('2026-10-04T10:00:00Z');
    const now = new Date('2026-10-05T10:00:00Z');
    for (const state of ['received', 'investigating', 'resolved', 'withdrawn', 'merged']) {
      expect(surveyFlags({ state, closedAt: state === 'merged' ? null : closedAt, answered: false, now }).open).toBe(false);
    }
    expect(surveyFlags({ state: 'closed', closedAt, answered: true, now })).toEqual({ open: false, answered: true });
    // A reopened case keeps its answer; its survey is not open while it is investigated.
    expect(surveyFlags({ state: 'investigating', closedAt, answered: true, now })).toEqual({ open: false, answered: true });
  });
});
