/** When the complainant may answer the satisfaction survey. Pure. */

/** How long after a case closes its survey stays open (docs/api.md). */
export const SURVEY_WINDOW_DAYS = 90;

/**
 * The states in which the association's decision ended the case (those the machine enters with `markClosed`): their
 * complainant is surveyed. A merged case is not (its complainant is surveyed on the case it went to), nor a withdrawn
 * one (the complainant ended it themselves).
 */
export const SURVEYED_STATES: readonly string[] = ['closed', 'dismissed'];

const DAY_MS = 86_400_000;

export interface HistoryStep {
  fromState: string | null;
  toState: string;
  occurredAt: Date;
}

/** When the case last entered a surveyed state (a reopened and closed-again case: the last closing); null if never. */
export function closedAtOf(history: readonly HistoryStep[]): Date | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (SURVEYED_STATES.includes(e.toState) && e.fromState !== e.toState) return new Date(e.occurredAt);
  }
  return null;
}

export interface SurveyFlags {
  /** The complainant may answer now. */
  open: boolean;
  /** The complainant has answered (it stays answered if the case is reopened). */
  answered: boolean;
}

/** Open while the case is closed or dismissed, for SURVEY_WINDOW_DAYS after it was, until answered. */
export function surveyFlags(o: { state: string; closedAt: Date | null; answered: boolean; now: Date }): SurveyFlags {
  const withinWindow = o.closedAt !== null && o.now.getTime() - o.closedAt.getTime() <= SURVEY_WINDOW_DAYS * DAY_MS;
  return { open: !o.answered && SURVEYED_STATES.includes(o.state) && withinWindow, answered: o.answered };
}
