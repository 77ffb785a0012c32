import type { SummaryView } from '../reports/index.js';

/** A labelled count, as the reports give it. */
export interface FigureCount {
  key: string;
  label: string | null;
  labelEn: string | null;
  count: number;
}

/**
 * The figures a bulletin carries: an allow-listed excerpt of the period's summary report (the same figures the
 * reports compute; nothing per partner or per member), frozen into the bulletin when taken. Every field is named here:
 * a figure added to the summary report does not reach a bulletin, or the public, by itself.
 */
export interface BulletinFigures {
  period: { from: string; to: string; timeZone: string };
  /** When the figures were taken: they are not recomputed afterwards. */
  takenAt: string;
  received: number;
  receivedBySource: FigureCount[];
  receivedByCategory: FigureCount[];
  decided: number;
  medianDaysToDecision: number | null;
  respondentAnswers: { answered: number; answeredOnTime: number; deadlinesMissed: number; onTimeShare: number | null };
  outcomes: { resolvedUpheld: number; resolvedNotUpheld: number; mediatedAgreements: number; dismissed: number; withdrawn: number; closed: number };
  publications: number;
  referrals: number;
  openAtEnd: number;
  satisfaction: { answered: number; meanRating: number | null };
}

const counts = (items: readonly FigureCount[]): FigureCount[] => items.map((i) => ({ key: i.key, label: i.label, labelEn: i.labelEn, count: i.count }));

export function bulletinFigures(v: SummaryView, takenAt: Date): BulletinFigures {
  return {
    period: { from: v.period.from, to: v.period.to, timeZone: v.period.timeZone },
    takenAt: takenAt.toISOString(),
    received: v.intake.total,
    receivedBySource: counts(v.intake.byChannelGroup),
    receivedByCategory: counts(v.intake.byCategory),
    decided: v.resolution.decided,
    medianDaysToDecision: v.resolution.medianDays,
    respondentAnswers: {
      answered: v.respondentAnswers.answered,
      answeredOnTime: v.respondentAnswers.answeredOnTime,
      deadlinesMissed: v.respondentAnswers.deadlinesMissed,
      onTimeShare: v.respondentAnswers.onTimeShare,
    },
    outcomes: {
      resolvedUpheld: v.outcomes.resolvedUpheld,
      resolvedNotUpheld: v.outcomes.resolvedNotUpheld,
      mediatedAgreements: v.outcomes.mediatedAgreements,
      dismissed: v.outcomes.dismissed,
      withdrawn: v.outcomes.withdrawn,
      closed: v.outcomes.closed,
    },
    publications: v.publications.total,
    referrals: v.referrals.total,
    openAtEnd: v.openAtEnd.total,
    satisfaction: { answered: v.satisfaction.answered, meanRating: v.satisfaction.meanRating },
  };
}
