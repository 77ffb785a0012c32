import { Injectable, type StreamableFile } from '@nestjs/common';
import { CalendarService } from '../calendar/index.js';
import { Clock } from '../platform/clock.js';
import type { CountView, PublicStatisticsView, SatisfactionLineView, SummaryQuery, SummaryView, PublicStatisticsQuery } from './dto/report.dto.js';
import { share } from './evaluation-methodology.js';
import {
  answersView,
  approvedInto,
  categoryCounts,
  decisionsView,
  intakeView,
  type Lookups,
  openAtEndView,
  outcomesView,
  overdueView,
  periodView,
  publicSatisfactionView,
  satisfactionView,
  transitionsView,
} from './report-figures.js';
import type { Label } from './report-labels.js';
import { render } from './report-output.js';
import { addDays, PeriodError, periodContaining, type ReportPeriod, resolvePeriod, shanghaiDay } from './report-period.js';
import type { Cell, ReportTable } from './report-table.js';
import { ReportsError, ReportsErrorCode } from './reports.errors.js';
import { ReportsRepository } from './reports.repository.js';

export const MAX_RANGE_DAYS = 400;

const L = (zh: string, en: string): Label => ({ zh, en });
const col = (key: string, zh: string, en: string) => ({ key, zh, en });

/** A table of counts: key, label, count (and the share of the total). */
export function countTable(key: string, title: Label, items: CountView[], keyHeader: Label): ReportTable {
  const total = items.reduce((s, i) => s + i.count, 0);
  return {
    key,
    title,
    columns: [col('key', keyHeader.zh, keyHeader.en), col('label', '名称', 'Name'), col('count', '数量', 'Count'), col('share', '占比', 'Share')],
    rows: items.map((i) => ({ key: i.key, label: { zh: i.label ?? i.key, en: i.labelEn ?? i.key }, count: i.count, share: share(i.count, total) })),
  };
}

/** Satisfaction per channel or partner: closings, answers, response rate, mean rating and the count of each rating. */
export function satisfactionTable(key: string, title: Label, items: SatisfactionLineView[], keyHeader: Label): ReportTable {
  return {
    key,
    title,
    columns: [
      col('key', keyHeader.zh, keyHeader.en),
      col('label', '名称', 'Name'),
      col('closed', '办结案件', 'Cases closed'),
      col('answered', '调查答复', 'Answered'),
      col('responseRate', '答复率', 'Response rate'),
      col('meanRating', '平均满意度', 'Mean rating'),
      ...[1, 2, 3, 4, 5].map((r) => col(`rating${r}`, `${r}分`, `Rated ${r}`)),
    ],
    rows: items.map((i) => ({
      key: i.key,
      label: { zh: i.label ?? i.key, en: i.labelEn ?? i.key },
      closed: i.closed,
      answered: i.answered,
      responseRate: i.responseRate,
      meanRating: i.meanRating,
      ...Object.fromEntries(i.distribution.map((d) => [`rating${d.rating}`, d.count])),
    })),
  };
}

export function keyValueTable(key: string, title: Label, rows: [string, Label, Cell][]): ReportTable {
  return {
    key,
    title,
    columns: [col('key', '指标代码', 'Key'), col('label', '指标', 'Figure'), col('value', '数值', 'Value')],
    rows: rows.map(([k, l, v]) => ({ key: k, label: l, value: v })),
  };
}

/** Periods, weekly, monthly and custom summaries, and the public statistics, all from the case history. */
@Injectable()
export class SummaryService {
  private readonly publicCache = new Map<string, { at: number; view: PublicStatisticsView }>();

  constructor(
    private readonly repo: ReportsRepository,
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
  ) {}

  period(q: { from?: string; to?: string; period?: SummaryQuery['period']; date?: string }): ReportPeriod {
    try {
      return resolvePeriod(q, shanghaiDay(this.clock.now()), MAX_RANGE_DAYS);
    } catch (e) {
      if (e instanceof PeriodError) throw new ReportsError(ReportsErrorCode.REPORT_PERIOD_INVALID, 'The reporting period is invalid', { errors: e.errors });
      throw e;
    }
  }

  async lookups(): Promise<Lookups> {
    const [categories, partners] = await Promise.all([this.repo.categoryLabels(), this.repo.partnerNames()]);
    return { categories, partners: new Map(partners.map((p) => [p.id, p.name])) };
  }

  async summary(q: SummaryQuery): Promise<SummaryView | StreamableFile> {
    const view = await this.compute(this.period(q), q.groupBy);
    return render(view, () => summaryTables(view), q.format, q.lang, `summary-${view.period.from}_${view.period.to}`);
  }

  async compute(p: ReportPeriod, groupBy?: 'day' | 'week' | 'month'): Promise<SummaryView> {
    const [lookups, intake, events, delays, decisions, open, sanctions, series, calendar, satisfaction] = await Promise.all([
      this.lookups(),
      this.repo.intakeByDimensions(p.start, p.end),
      this.repo.eventCounts(p.start, p.end),
      this.repo.answerDelays(p.start, p.end),
      this.repo.decisions(p.start, p.end),
      this.repo.openAtEnd(p.end),
      this.repo.sanctionsByCategory(p.start, p.end),
      groupBy ? this.repo.series(p.start, p.end, groupBy) : Promise.resolve(undefined),
      this.calendar.current(),
      this.repo.satisfaction(p.start, p.end),
    ]);
    const byCategory = (state: string) =>
      categoryCounts(new Map(sanctions.filter((s) => s.toState === state).map((s) => [s.category, s.n])), lookups);
    return {
      period: periodView(p),
      intake: intakeView(intake, lookups),
      transitions: transitionsView(events),
      openAtEnd: openAtEndView(p.end, open),
      respondentAnswers: answersView(delays, events, calendar),
      resolution: decisionsView(decisions),
      outcomes: outcomesView(events),
      publications: { total: approvedInto(events, 'publicized'), byCategory: byCategory('publicized') },
      referrals: { total: approvedInto(events, 'referred'), byCategory: byCategory('referred') },
      overdue: overdueView(events, open),
      satisfaction: satisfactionView(satisfaction, lookups),
      ...(series ? { series } : {}),
    };
  }

  /**
   * Aggregates for the public: intake split as the national reporting centre publishes it (own site, partner windows,
   * staff entry) and by category, decisions, timeliness, publications and referrals. No member or partner appears,
   * so no member below the evaluation minimum (or above it) is singled out. Memoised for five minutes.
   */
  async publicStatistics(q: PublicStatisticsQuery): Promise<{ maxAge: number; body: PublicStatisticsView | StreamableFile }> {
    const today = shanghaiDay(this.clock.now());
    let p: ReportPeriod;
    if (q.period === undefined && q.date === undefined) p = periodContaining('month', addDays(periodContaining('month', today).from, -1));
    else p = this.period({ period: q.period ?? 'month', date: q.date });
    if (p.start.getTime() > this.clock.now().getTime()) {
      throw new ReportsError(ReportsErrorCode.REPORT_PERIOD_INVALID, 'The period has not started', {
        errors: [{ field: 'date', code: 'IN_FUTURE', message: 'date must not be in a future period' }],
      });
    }
    const provisional = p.end.getTime() > this.clock.now().getTime();
    const key = `${p.kind}:${p.from}`;
    const cached = this.publicCache.get(key);
    let view: PublicStatisticsView;
    if (cached && this.clock.now().getTime() - cached.at < 300_000) view = cached.view;
    else {
      view = await this.computePublic(p, provisional);
      if (this.publicCache.size > 100) this.publicCache.clear();
      this.publicCache.set(key, { at: this.clock.now().getTime(), view });
    }
    const body = await render(view, () => publicTables(view), q.format, q.lang, `statistics-${p.from}_${p.to}`);
    return { maxAge: provisional ? 300 : 3600, body };
  }

  private async computePublic(p: ReportPeriod, provisional: boolean): Promise<PublicStatisticsView> {
    const [lookups, intake, events, delays, decisions, calendar, satisfaction] = await Promise.all([
      this.lookups(),
      this.repo.intakeByDimensions(p.start, p.end),
      this.repo.eventCounts(p.start, p.end),
      this.repo.answerDelays(p.start, p.end),
      this.repo.decisions(p.start, p.end),
      this.calendar.current(),
      this.repo.satisfaction(p.start, p.end),
    ]);
    const i = intakeView(intake, lookups);
    const d = decisionsView(decisions);
    return {
      period: periodView(p),
      provisional,
      received: i.total,
      receivedByChannelGroup: i.byChannelGroup,
      receivedByCategory: i.byCategory,
      decided: d.decided,
      medianDaysToDecision: d.medianDays,
      respondentsAnsweredOnTimeShare: answersView(delays, events, calendar).onTimeShare,
      publications: approvedInto(events, 'publicized'),
      referrals: approvedInto(events, 'referred'),
      satisfaction: publicSatisfactionView(satisfaction),
    };
  }
}

export function summaryTables(v: SummaryView): ReportTable[] {
  const a = v.respondentAnswers;
  const tables: ReportTable[] = [
    keyValueTable('overview', L('概况', 'Overview'), [
      ['period', L('统计期间', 'Period'), `${v.period.from} — ${v.period.to} (${v.period.timeZone})`],
      ['received', L('收到投诉', 'Complaints received'), v.intake.total],
      ['decided', L('作出处理决定', 'Cases decided'), v.resolution.decided],
      ['medianDaysToDecision', L('处理用时中位数（天）', 'Median days to decision'), v.resolution.medianDays],
      ['p90DaysToDecision', L('处理用时90分位（天）', '90th percentile days to decision'), v.resolution.p90Days],
      ['answered', L('被投诉方答复', 'Respondent answers'), a.answered],
      ['answeredOnTime', L('按期答复', 'Answered on time'), a.answeredOnTime],
      ['responseDeadlinesMissed', L('逾期未答复', 'Response deadlines missed'), a.deadlinesMissed],
      ['onTimeShare', L('按期答复率', 'On-time share'), a.onTimeShare],
      ['medianWorkingDaysToAnswer', L('答复用时中位数（工作日）', 'Median working days to answer'), a.medianWorkingDays],
      ['publications', L('曝光', 'Publications'), v.publications.total],
      ['referrals', L('移送执法部门', 'Referrals'), v.referrals.total],
      ['openAtEnd', L('期末未结案件', 'Open at the end'), v.openAtEnd.total],
      ['awaitingResponseAtEnd', L('期末等待答复', 'Awaiting an answer at the end'), v.openAtEnd.awaitingResponse],
      ['overdueAtEnd', L('期末逾期案件', 'Overdue at the end'), v.openAtEnd.overdue],
      ['missedTriage', L('逾期未受理', 'Triage deadlines missed'), v.overdue.missedTriage],
      ['missedResolution', L('逾期未办结', 'Resolution targets missed'), v.overdue.missedResolution],
      ['surveysAnswered', L('满意度调查答复', 'Satisfaction surveys answered'), v.satisfaction.answered],
      ['surveyResponseRate', L('满意度调查答复率', 'Survey response rate'), v.satisfaction.responseRate],
      ['meanSatisfaction', L('平均满意度（1–5分）', 'Mean satisfaction (1–5)'), v.satisfaction.meanRating],
    ]),
    countTable('intakeByChannel', L('按渠道收案', 'Intake by channel'), v.intake.byChannel, L('渠道', 'Channel')),
    countTable('intakeByChannelGroup', L('按来源收案', 'Intake by source'), v.intake.byChannelGroup, L('来源', 'Source')),
    countTable('intakeByPartner', L('按合作网站收案', 'Intake by partner'), v.intake.byPartner, L('合作网站ID', 'Partner id')),
    countTable('intakeByCategory', L('按类别收案', 'Intake by category'), v.intake.byCategory, L('类别', 'Category')),
    countTable('intakeByRespondentCategory', L('按被投诉方类别收案', 'Intake by respondent category'), v.intake.byRespondentCategory, L('会员类别', 'Member category')),
    countTable('transitions', L('流转记录', 'Transitions'), v.transitions, L('事件', 'Event')),
    countTable('openAtEnd', L('期末未结案件', 'Open at the end'), v.openAtEnd.byState, L('状态', 'State')),
    countTable('answerKinds', L('答复类型', 'Answer kinds'), a.byKind, L('类型', 'Kind')),
    countTable('decisions', L('处理决定', 'Decisions'), v.resolution.byDecision, L('决定', 'Decision')),
    keyValueTable('outcomes', L('处理结果', 'Outcomes'), [
      ['resolvedUpheld', L('投诉成立', 'Upheld'), v.outcomes.resolvedUpheld],
      ['resolvedNotUpheld', L('投诉不成立', 'Not upheld'), v.outcomes.resolvedNotUpheld],
      ['mediatedAgreements', L('调解成功', 'Mediated agreements'), v.outcomes.mediatedAgreements],
      ['mediationsFailed', L('调解失败', 'Mediations failed'), v.outcomes.mediationsFailed],
      ['mediationsTimedOut', L('调解期满', 'Mediations timed out'), v.outcomes.mediationsTimedOut],
      ['dismissed', L('不予受理/驳回', 'Dismissed'), v.outcomes.dismissed],
      ['withdrawn', L('撤回', 'Withdrawn'), v.outcomes.withdrawn],
      ['merged', L('合并', 'Merged'), v.outcomes.merged],
      ['closed', L('办结', 'Closed'), v.outcomes.closed],
      ['disputed', L('投诉人异议', 'Disputed'), v.outcomes.disputed],
      ['reopened', L('重新调查', 'Reopened'), v.outcomes.reopened],
    ]),
    countTable('publicationsByCategory', L('按类别曝光', 'Publications by category'), v.publications.byCategory, L('类别', 'Category')),
    countTable('referralsByCategory', L('按类别移送', 'Referrals by category'), v.referrals.byCategory, L('类别', 'Category')),
    satisfactionTable('satisfactionByChannel', L('按渠道满意度', 'Satisfaction by channel'), v.satisfaction.byChannel, L('渠道', 'Channel')),
    satisfactionTable('satisfactionByPartner', L('按合作网站满意度', 'Satisfaction by partner'), v.satisfaction.byPartner, L('合作网站ID', 'Partner id')),
  ];
  if (v.series) {
    tables.push({
      key: 'series',
      title: L('时间序列', 'Series'),
      columns: [col('bucket', '起始日', 'From'), col('received', '收案', 'Received'), col('decided', '处理决定', 'Decided'), col('publications', '曝光', 'Publications'), col('referrals', '移送', 'Referrals')],
      rows: v.series.map((s) => ({ ...s })),
    });
  }
  return tables;
}

export function publicTables(v: PublicStatisticsView): ReportTable[] {
  return [
    keyValueTable('overview', L('概况', 'Overview'), [
      ['period', L('统计期间', 'Period'), `${v.period.from} — ${v.period.to}`],
      ['provisional', L('数据未截止', 'Provisional'), v.provisional],
      ['received', L('受理举报', 'Complaints received'), v.received],
      ['decided', L('作出处理决定', 'Cases decided'), v.decided],
      ['medianDaysToDecision', L('处理用时中位数（天）', 'Median days to decision'), v.medianDaysToDecision],
      ['respondentsAnsweredOnTimeShare', L('被投诉方按期答复率', 'Respondents answering on time'), v.respondentsAnsweredOnTimeShare],
      ['publications', L('曝光', 'Publications'), v.publications],
      ['referrals', L('移送执法部门', 'Referrals'), v.referrals],
      ['surveysAnswered', L('满意度调查答复', 'Satisfaction surveys answered'), v.satisfaction.answered],
      ['meanSatisfaction', L('平均满意度（1–5分）', 'Mean satisfaction (1–5)'), v.satisfaction.meanRating],
    ]),
    countTable('receivedByChannelGroup', L('按来源受理', 'Received by source'), v.receivedByChannelGroup, L('来源', 'Source')),
    countTable('receivedByCategory', L('按类别受理', 'Received by category'), v.receivedByCategory, L('类别', 'Category')),
    {
      key: 'satisfactionByChannelGroup',
      title: L('按来源满意度', 'Satisfaction by source'),
      columns: [col('key', '来源', 'Source'), col('label', '名称', 'Name'), col('answered', '调查答复', 'Answered'), col('meanRating', '平均满意度', 'Mean rating')],
      rows: v.satisfaction.byChannelGroup.map((g) => ({ key: g.key, label: { zh: g.label ?? g.key, en: g.labelEn ?? g.key }, answered: g.answered, meanRating: g.meanRating })),
    },
  ];
}
