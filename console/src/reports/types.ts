/** The report routes' JSON (src/reports/dto/report.dto.ts), as far as the console reads it. */

export interface Period {
  kind: string;
  from: string;
  to: string;
  timeZone: string;
  start: string;
  end: string;
}

/** One line of a breakdown: a machine key with its Chinese and English labels. */
export interface Count {
  key: string;
  label: string | null;
  labelEn: string | null;
  count: number;
}

export interface Intake {
  total: number;
  byChannel: Count[];
  byChannelGroup: Count[];
  byPartner: Count[];
  byCategory: Count[];
  byRespondentCategory: Count[];
}

export interface Answers {
  answered: number;
  answeredOnTime: number;
  answeredLate: number;
  deadlinesMissed: number;
  onTimeShare: number | null;
  medianWorkingDays: number | null;
  byKind: Count[];
}

export interface Decisions {
  decided: number;
  medianDays: number | null;
  p90Days: number | null;
  byDecision: Count[];
}

export const OUTCOME_KEYS = [
  'resolvedUpheld',
  'resolvedNotUpheld',
  'mediatedAgreements',
  'mediationsFailed',
  'mediationsTimedOut',
  'dismissed',
  'withdrawn',
  'merged',
  'closed',
  'disputed',
  'reopened',
] as const;
export type Outcomes = Record<(typeof OUTCOME_KEYS)[number], number>;

export interface Sanctions {
  total: number;
  byCategory: Count[];
}

export interface SeriesPoint {
  bucket: string;
  received: number;
  decided: number;
  publications: number;
  referrals: number;
}

export interface SatisfactionFigures {
  closed: number;
  answered: number;
  responseRate: number | null;
  meanRating: number | null;
  distribution: { rating: number; count: number }[];
}

export interface SatisfactionLine extends SatisfactionFigures {
  key: string;
  label: string | null;
  labelEn: string | null;
}

export interface Summary {
  period: Period;
  intake: Intake;
  transitions: Count[];
  openAtEnd: { at: string; total: number; byState: Count[]; awaitingResponse: number; overdue: number };
  respondentAnswers: Answers;
  resolution: Decisions;
  outcomes: Outcomes;
  publications: Sanctions;
  referrals: Sanctions;
  overdue: { missedTriage: number; missedResponse: number; missedResolution: number; openOverdueAtEnd: number };
  satisfaction: SatisfactionFigures & { byChannel: SatisfactionLine[]; byPartner: SatisfactionLine[] };
  series?: SeriesPoint[];
}

export interface Compliance {
  available: boolean;
  note: string | null;
}

export interface PactStatus extends Compliance {
  conventionsInForce: number | null;
  conventionsApplicable: number | null;
  currentVersionsSigned: number | null;
  renewalsPending: number | null;
  renewalsOverdue: number | null;
  withdrawn: number | null;
  share: number | null;
}

export interface SelfInspectionStatus extends Compliance {
  due: number | null;
  filed: number | null;
  filedOnTime: number | null;
  overdue: number | null;
  onTimeShare: number | null;
}

export interface EvaluationInputs {
  complaintsReceived: number;
  findings: number;
  upheld: number;
  upheldShare: number | null;
  answeredOnTime: number;
  answeredLate: number;
  responseDeadlinesMissed: number;
  answeredOnTimeShare: number | null;
  mediationsSucceeded: number;
  mediationsEnded: number;
  mediationSuccessShare: number | null;
  publications: number;
  referrals: number;
  pacts: PactStatus;
  selfInspections: SelfInspectionStatus;
}

export interface Component {
  key: string;
  weight: number;
  value: number | null;
}

export interface EvaluationMember {
  memberId: string;
  name: string;
  category: string;
  status: string;
  ranked: boolean;
  rank: number | null;
  notRankedReason: string | null;
  score: number | null;
  components: Component[];
  inputs: EvaluationInputs;
}

export interface Methodology {
  version: string;
  document: string;
  minCases: number;
  weights: Record<string, number>;
}

export interface Finalised {
  at: string;
  by: string | null;
  resultHash: string;
}

export interface Evaluation {
  year: number;
  period: Period;
  methodology: Methodology;
  members: EvaluationMember[];
  finalised: Finalised | null;
}

export interface MemberAnnual {
  year: number;
  period: Period;
  member: { id: string; name: string; category: string; status: string };
  methodology: Methodology;
  evaluation: EvaluationMember;
  intake: Intake;
  respondentAnswers: Answers;
  resolution: Decisions;
  outcomes: Outcomes;
  finalised: Finalised | null;
}

export interface PublicStatistics {
  period: Period;
  provisional: boolean;
  received: number;
  receivedByChannelGroup: Count[];
  receivedByCategory: Count[];
  decided: number;
  medianDaysToDecision: number | null;
  respondentsAnsweredOnTimeShare: number | null;
  publications: number;
  referrals: number;
  satisfaction: {
    answered: number;
    meanRating: number | null;
    byChannelGroup: { key: string; label: string | null; labelEn: string | null; answered: number; meanRating: number | null }[];
  };
}
