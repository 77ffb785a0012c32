/**
 * The year-end evaluation methodology, versioned: docs/evaluation-methodology.md describes this exact version.
 * Changing a weight, a component or a rule means a new version string (a finalised year keeps the version it was
 * computed with). Pure: no I/O.
 */
export const METHODOLOGY_VERSION = 'eval-2026.2';
export const METHODOLOGY_DOCUMENT = 'docs/evaluation-methodology.md';

/** eval-2026.1's four weights × 0.9 (their proportions unchanged) plus compliance 10: they sum to 100. */
export const WEIGHTS = { timeliness: 36, notUpheld: 22.5, mediation: 13.5, sanctions: 18, compliance: 10 } as const;
export type ComponentKey = keyof typeof WEIGHTS;

/** Publications and referrals lower the sanctions component by these amounts each (floored at 0). */
export const PUBLICATION_PENALTY = 0.25;
export const REFERRAL_PENALTY = 0.5;

export interface MemberInputs {
  complaintsReceived: number;
  findings: number;
  upheld: number;
  answeredOnTime: number;
  responseDeadlinesMissed: number;
  mediationsSucceeded: number;
  mediationsEnded: number;
  publications: number;
  referrals: number;
  /** Pact signatures and self-inspections as of the year's last day; null when not available. */
  compliance: ComplianceInputs | null;
}

/** The counts the compliance component is computed from (MemberComplianceRepository.statusAsOf gives them). */
export interface ComplianceInputs {
  /** Conventions whose version in force on the last day the member was bound by on that day. */
  currentVersionsSigned: number;
  /** Renewals still awaited on the last day whose deadline had passed (the signature had lapsed). */
  renewalsOverdue: number;
  /** Conventions the member withdrew from during the year (and had not signed again by its last day). */
  withdrawn: number;
  /** Self-inspection reports due in the year. */
  selfInspectionsDue: number;
  /** Of those, on file at the end of the year and first submitted on or before their due date. */
  selfInspectionsFiledOnTime: number;
}

export interface Component {
  key: ComponentKey;
  weight: number;
  /** 0–1 (higher is better); null when the member had nothing to measure it on. */
  value: number | null;
}

/** Shares and component values are kept to four decimals. */
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export const share = (part: number, whole: number): number | null => (whole > 0 ? round4(part / whole) : null);

/**
 * Share of the conventions the member had to be on the current version of that it was: current / (current +
 * renewals overdue + withdrawn in the year). A renewal still within its deadline is neither (the member may still
 * sign); a convention the member never signed, or left before the year, is not counted.
 */
export const pactShare = (c: ComplianceInputs): number | null => share(c.currentVersionsSigned, c.currentVersionsSigned + c.renewalsOverdue + c.withdrawn);

/** Share of the self-inspection reports due in the year that were filed on time. */
export const selfInspectionShare = (c: ComplianceInputs): number | null => share(c.selfInspectionsFiledOnTime, c.selfInspectionsDue);

/** The mean of the pact share and the self-inspection share, of those that apply; null when neither does. */
export function complianceValue(c: ComplianceInputs | null): number | null {
  if (!c) return null;
  const parts = [pactShare(c), selfInspectionShare(c)].filter((x): x is number => x !== null);
  return parts.length === 0 ? null : round4(parts.reduce((s, x) => s + x, 0) / parts.length);
}

export function componentsOf(i: MemberInputs): Component[] {
  const upheldShare = share(i.upheld, i.findings);
  return [
    { key: 'timeliness', weight: WEIGHTS.timeliness, value: share(i.answeredOnTime, i.answeredOnTime + i.responseDeadlinesMissed) },
    { key: 'notUpheld', weight: WEIGHTS.notUpheld, value: upheldShare === null ? null : round4(1 - upheldShare) },
    { key: 'mediation', weight: WEIGHTS.mediation, value: share(i.mediationsSucceeded, i.mediationsEnded) },
    {
      key: 'sanctions',
      weight: WEIGHTS.sanctions,
      value: Math.max(0, round4(1 - PUBLICATION_PENALTY * i.publications - REFERRAL_PENALTY * i.referrals)),
    },
    { key: 'compliance', weight: WEIGHTS.compliance, value: complianceValue(i.compliance) },
  ];
}

/** 0–100 with one decimal: the weighted mean of the components that apply (their weights renormalised). */
export function scoreOf(components: Component[]): number | null {
  const applied = components.filter((c) => c.value !== null);
  const weight = applied.reduce((s, c) => s + c.weight, 0);
  if (weight === 0) return null;
  const sum = applied.reduce((s, c) => s + c.weight * (c.value as number), 0);
  return Math.round((sum / weight) * 1000) / 10;
}

export interface Rankable {
  memberId: string;
  name: string;
  score: number | null;
  complaintsReceived: number;
}

export interface Ranking {
  ranked: boolean;
  rank: number | null;
  notRankedReason: 'below_minimum_cases' | null;
}

/**
 * Members with at least `minCases` complaints received in the year are ranked by score, highest first; equal scores
 * share a rank and the next rank skips (1, 2, 2, 4). The others are listed without a rank. Returns the members in
 * report order: ranked by rank then name, then the others by complaints received (descending) then name.
 */
export function rankMembers<T extends Rankable>(members: T[], minCases: number): (T & Ranking)[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'zh-CN') || a.memberId.localeCompare(b.memberId);
  const eligible = members.filter((m) => m.complaintsReceived >= minCases && m.score !== null).sort((a, b) => (b.score as number) - (a.score as number) || byName(a, b));
  const others = members.filter((m) => !eligible.includes(m)).sort((a, b) => b.complaintsReceived - a.complaintsReceived || byName(a, b));
  const ranked = eligible.map((m, i, all) => {
    let rank = i + 1;
    while (rank > 1 && all[rank - 2].score === m.score) rank -= 1;
    return { ...m, ranked: true, rank, notRankedReason: null };
  });
  return [...ranked, ...others.map((m) => ({ ...m, ranked: false, rank: null, notRankedReason: 'below_minimum_cases' as const }))];
}
