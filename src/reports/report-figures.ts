import { CHANNELS } from '../cases/index.js';
import { CASE_EVENT_TYPES } from '../cases/index.js';
import { MEMBER_CATEGORIES } from '../register/index.js';
import type {
  AnswersView,
  CountView,
  DecisionsView,
  IntakeView,
  OpenAtEndView,
  OutcomesView,
  OverdueView,
  PeriodView,
  PublicSatisfactionView,
  SatisfactionFiguresView,
  SatisfactionLineView,
  SatisfactionView,
} from './dto/report.dto.js';
import { share } from './evaluation-methodology.js';
import {
  ANSWER_KIND_LABELS,
  CHANNEL_GROUP_LABELS,
  CHANNEL_GROUPS,
  CHANNEL_LABELS,
  channelGroupOf,
  EVENT_LABELS,
  type Label,
  memberCategoryLabel,
  STATE_LABELS,
} from './report-labels.js';
import { REPORT_TIME_ZONE, type ReportPeriod } from './report-period.js';
import type { AnswerDelayRow, DecisionStats, EventCountRow, IntakeRow, OpenRow, SatisfactionRow } from './reports.repository.js';
import { weightedQuantile, workingDaysBetween } from './working-days.js';
import type { WorkingCalendar } from '../calendar/index.js';

/** Turns the rows of the report queries into figures. Pure. */

export interface Lookups {
  categories: { code: string; labelZh: string; labelEn: string }[];
  partners: Map<string, string>;
}

const count = (key: string, l: Label | null, n: number): CountView => ({ key, label: l?.zh ?? null, labelEn: l?.en ?? null, count: n });
const round = (v: number | null, digits: number): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

function tally<T>(rows: T[], key: (r: T) => string, n: (r: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
}

/** Every known key in a stable order (zero counts included), then any unknown key with a count. */
function counts(known: string[], totals: Map<string, number>, labelOf: (k: string) => Label | null): CountView[] {
  const extra = [...totals.keys()].filter((k) => !known.includes(k)).sort();
  return [...known, ...extra].map((k) => count(k, labelOf(k), totals.get(k) ?? 0));
}

export function periodView(p: ReportPeriod): PeriodView {
  return { kind: p.kind, from: p.from, to: p.to, timeZone: REPORT_TIME_ZONE, start: p.start.toISOString(), end: p.end.toISOString() };
}

export function categoryCounts(totals: Map<string, number>, lookups: Lookups): CountView[] {
  const labels = new Map(lookups.categories.map((c) => [c.code, { zh: c.labelZh, en: c.labelEn }]));
  return counts(lookups.categories.map((c) => c.code), totals, (k) => labels.get(k) ?? { zh: k, en: k });
}

export function intakeView(rows: IntakeRow[], lookups: Lookups): IntakeView {
  const n = (r: IntakeRow) => r.n;
  const byPartner = tally(rows.filter((r) => r.partnerId), (r) => r.partnerId as string, n);
  return {
    total: rows.reduce((s, r) => s + r.n, 0),
    byChannel: counts([...CHANNELS], tally(rows, (r) => r.channel, n), (k) => CHANNEL_LABELS[k as keyof typeof CHANNEL_LABELS] ?? null),
    byChannelGroup: counts([...CHANNEL_GROUPS], tally(rows, (r) => channelGroupOf(r.channel), n), (k) => CHANNEL_GROUP_LABELS[k as keyof typeof CHANNEL_GROUP_LABELS] ?? null),
    byPartner: [...byPartner.entries()]
      .map(([id, c]) => count(id, { zh: lookups.partners.get(id) ?? id, en: lookups.partners.get(id) ?? id }, c))
      .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    byCategory: categoryCounts(tally(rows, (r) => r.category, n), lookups),
    byRespondentCategory: counts(
      [...MEMBER_CATEGORIES, 'unmatched'],
      tally(rows, (r) => r.respondentCategory ?? 'unmatched', n),
      (k) => memberCategoryLabel(k === 'unmatched' ? null : k),
    ),
  };
}

const sumWhere = (rows: EventCountRow[], pred: (r: EventCountRow) => boolean) => rows.filter(pred).reduce((s, r) => s + r.n, 0);
const elapsed = (rows: EventCountRow[], deadline: string) => sumWhere(rows, (r) => r.type === 'DEADLINE_ELAPSED' && r.detail === deadline);

export function transitionsView(rows: EventCountRow[]): CountView[] {
  return counts(['RECEIVED', ...CASE_EVENT_TYPES], tally(rows, (r) => r.type, (r) => r.n), (k) => EVENT_LABELS[k] ?? null);
}

export function outcomesView(rows: EventCountRow[]): OutcomesView {
  const type = (t: string) => sumWhere(rows, (r) => r.type === t);
  return {
    resolvedUpheld: sumWhere(rows, (r) => r.type === 'RESOLVE' && r.detail === 'true'),
    resolvedNotUpheld: sumWhere(rows, (r) => r.type === 'RESOLVE' && r.detail !== 'true'),
    mediatedAgreements: type('AGREEMENT'),
    mediationsFailed: type('MEDIATION_FAILED'),
    mediationsTimedOut: elapsed(rows, 'mediation'),
    dismissed: type('DISMISS'),
    withdrawn: type('WITHDRAW'),
    merged: type('MERGE'),
    closed: sumWhere(rows, (r) => r.toState === 'closed' && r.fromState !== 'closed'),
    disputed: type('DISPUTE'),
    reopened: type('REOPEN'),
  };
}

export function overdueView(rows: EventCountRow[], open: OpenRow[]): OverdueView {
  return {
    missedTriage: elapsed(rows, 'triage'),
    missedResponse: elapsed(rows, 'response'),
    missedResolution: elapsed(rows, 'resolution'),
    openOverdueAtEnd: open.filter((r) => r.overdue).reduce((s, r) => s + r.n, 0),
  };
}

export const approvedInto = (rows: EventCountRow[], state: 'publicized' | 'referred') => sumWhere(rows, (r) => r.type === 'APPROVE' && r.toState === state);

export function answersView(delays: AnswerDelayRow[], events: EventCountRow[], cal: WorkingCalendar): AnswersView {
  const answered = delays.reduce((s, r) => s + r.n, 0);
  const onTime = delays.filter((r) => r.onTime).reduce((s, r) => s + r.n, 0);
  const missed = elapsed(events, 'response');
  const days = delays.map((r) => ({ value: workingDaysBetween(r.requestedOn, r.answeredOn, cal), count: r.n }));
  return {
    answered,
    answeredOnTime: onTime,
    answeredLate: answered - onTime,
    deadlinesMissed: missed,
    onTimeShare: share(onTime, onTime + missed),
    medianWorkingDays: round(weightedQuantile(days, 0.5), 1),
    byKind: counts(
      Object.keys(ANSWER_KIND_LABELS),
      tally(events.filter((r) => r.type === 'RESPOND'), (r) => r.detail ?? 'unknown', (r) => r.n),
      (k) => ANSWER_KIND_LABELS[k] ?? null,
    ),
  };
}

export function decisionsView(d: DecisionStats): DecisionsView {
  return {
    decided: d.decided,
    medianDays: round(d.medianDays, 2),
    p90Days: round(d.p90Days, 2),
    byDecision: counts(['resolved', 'publicized', 'referred', 'dismissed'], tally(d.byState, (r) => r.state, (r) => r.n), (k) => STATE_LABELS[k] ?? null),
  };
}

const OPEN_STATES = ['received', 'investigating', 'mediating', 'resolved', 'publicized', 'referred'];

export function openAtEndView(at: Date, rows: OpenRow[]): OpenAtEndView {
  return {
    at: at.toISOString(),
    total: rows.reduce((s, r) => s + r.n, 0),
    byState: counts(OPEN_STATES, tally(rows, (r) => r.state, (r) => r.n), (k) => STATE_LABELS[k] ?? null),
    awaitingResponse: rows.filter((r) => r.phase === 'awaiting_response').reduce((s, r) => s + r.n, 0),
    overdue: rows.filter((r) => r.overdue).reduce((s, r) => s + r.n, 0),
  };
}

const RATINGS = [1, 2, 3, 4, 5];

/** Closings, answers, response rate, mean rating (one decimal, rounded half up) and distribution of some rows. */
function satisfactionFigures(rows: SatisfactionRow[]): SatisfactionFiguresView {
  const closed = rows.filter((r) => r.rating === null).reduce((s, r) => s + r.n, 0);
  const distribution = RATINGS.map((rating) => ({ rating, count: rows.filter((r) => r.rating === rating).reduce((s, r) => s + r.n, 0) }));
  const answered = distribution.reduce((s, d) => s + d.count, 0);
  const points = distribution.reduce((s, d) => s + d.rating * d.count, 0);
  return { closed, answered, responseRate: share(answered, closed), meanRating: answered ? Math.round((points * 10) / answered) / 10 : null, distribution };
}

const line = (key: string, l: Label | null, rows: SatisfactionRow[]): SatisfactionLineView => ({
  key,
  label: l?.zh ?? null,
  labelEn: l?.en ?? null,
  ...satisfactionFigures(rows),
});

export function satisfactionView(rows: SatisfactionRow[], lookups: Lookups): SatisfactionView {
  const channels = [...CHANNELS, ...[...new Set(rows.map((r) => r.channel))].filter((c) => !(CHANNELS as readonly string[]).includes(c)).sort()];
  const partners = [...new Set(rows.filter((r) => r.partnerId).map((r) => r.partnerId as string))];
  return {
    ...satisfactionFigures(rows),
    byChannel: channels.map((c) => line(c, CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS] ?? null, rows.filter((r) => r.channel === c))),
    byPartner: partners
      .map((id) => line(id, { zh: lookups.partners.get(id) ?? id, en: lookups.partners.get(id) ?? id }, rows.filter((r) => r.partnerId === id)))
      .sort((a, b) => b.answered - a.answered || b.closed - a.closed || a.key.localeCompare(b.key)),
  };
}

/** For the public: answers and mean rating, overall and by channel group; no partner, no distribution, no comment. */
export function publicSatisfactionView(rows: SatisfactionRow[]): PublicSatisfactionView {
  const all = satisfactionFigures(rows);
  return {
    answered: all.answered,
    meanRating: all.meanRating,
    byChannelGroup: CHANNEL_GROUPS.map((g) => {
      const f = satisfactionFigures(rows.filter((r) => channelGroupOf(r.channel) === g));
      return { key: g, label: CHANNEL_GROUP_LABELS[g].zh, labelEn: CHANNEL_GROUP_LABELS[g].en, answered: f.answered, meanRating: f.meanRating };
    }),
  };
}
