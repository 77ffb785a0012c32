import { Inject, Injectable, type StreamableFile } from '@nestjs/common';
import { digestOf } from '../audit/index.js';
import { AuditService } from '../audit/index.js';
import { CalendarService } from '../calendar/index.js';
import { scopeOf } from '../identity/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import type { EvaluationMemberView, EvaluationView, FinalisedView, MemberAnnualView, YearQuery } from './dto/report.dto.js';
import {
  type ComplianceInputs, componentsOf, METHODOLOGY_DOCUMENT, METHODOLOGY_VERSION, pactShare, rankMembers, scoreOf, selfInspectionShare, share, WEIGHTS,
} from './evaluation-methodology.js';
import { COMPLIANCE_NOT_EVALUATED, type MemberCompliance, MemberComplianceRepository } from './member-compliance.repository.js';
import { answersView, decisionsView, intakeView, outcomesView, periodView } from './report-figures.js';
import { type Label, memberCategoryLabel } from './report-labels.js';
import { render } from './report-output.js';
import { yearPeriod } from './report-period.js';
import type { Cell, ReportTable } from './report-table.js';
import { ReportsError, ReportsErrorCode } from './reports.errors.js';
import { ReportsRepository } from './reports.repository.js';
import { countTable, keyValueTable, SummaryService } from './summary.service.js';
import { Transactions } from '../platform/database/transactions.js';

const L = (zh: string, en: string): Label => ({ zh, en });
const COMPONENT_LABELS: Record<string, Label> = {
  timeliness: L('按期答复', 'Answered on time'),
  notUpheld: L('投诉不成立占比', 'Complaints not upheld'),
  mediation: L('调解成功率', 'Mediation success'),
  sanctions: L('曝光与移送', 'Publications and referrals'),
  compliance: L('公约签署与自查', 'Pacts and self-inspections'),
};
const NOT_AVAILABLE = L('暂无数据', 'not available');

/** The year-end evaluation of members, the per-member annual summary, and finalisation (freezing) of a year. */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly compliance: MemberComplianceRepository,
    private readonly summaries: SummaryService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: CalendarService,
  ) {}

  async evaluation(q: YearQuery): Promise<EvaluationView | StreamableFile> {
    const view = await this.current(q.year);
    return render(view, () => [evaluationTable(view)], q.format, q.lang, `evaluation-${q.year}`);
  }

  /** A member's year: its evaluation line (frozen once finalised) and the details behind it. A member_rep sees only its own member. */
  async memberAnnual(actor: Actor, memberId: string, q: YearQuery): Promise<MemberAnnualView | StreamableFile> {
    const s = scopeOf(actor);
    const scope = s.kind === 'member' ? s.memberId : null;
    const member = await this.repo.findVisibleMember(memberId, scope);
    if (!member) throw new ReportsError(ReportsErrorCode.REPORT_MEMBER_NOT_FOUND, 'Member not found');
    this.assertYearStarted(q.year);
    const period = yearPeriod(q.year);
    const [evaluation, lookups, intake, events, delays, decisions, calendar] = await Promise.all([
      this.current(q.year),
      this.summaries.lookups(),
      this.repo.intakeByDimensions(period.start, period.end, member.id),
      this.repo.memberEventCounts(period.start, period.end, member.id),
      this.repo.answerDelays(period.start, period.end, member.id),
      this.repo.decisions(period.start, period.end, member.id),
      this.calendar.current(),
    ]);
    const line = evaluation.members.find((m) => m.memberId === member.id) ?? this.unlisted(member);
    const view: MemberAnnualView = {
      year: q.year,
      period: periodView(period),
      member,
      methodology: evaluation.methodology,
      evaluation: line,
      intake: intakeView(intake, lookups),
      respondentAnswers: answersView(delays, events, calendar),
      resolution: decisionsView(decisions),
      outcomes: outcomesView(events),
      finalised: evaluation.finalised,
    };
    return render(view, () => annualTables(view), q.format, q.lang, `member-annual-${q.year}`);
  }

  /** Freezes the year's evaluation as computed now: from then on it is what GET returns. Once per year; the year must be over. */
  async finalise(actor: Actor, year: number): Promise<EvaluationView> {
    const period = yearPeriod(year);
    if (period.end.getTime() > this.clock.now().getTime()) {
      throw new ReportsError(ReportsErrorCode.EVALUATION_YEAR_NOT_ENDED, `${year} has not ended (Asia/Shanghai); it can be finalised from ${period.end.toISOString()}`);
    }
    if (await this.repo.findEvaluation(year)) throw new ReportsError(ReportsErrorCode.EVALUATION_ALREADY_FINALISED, `The ${year} evaluation is already finalised`);
    const result = await this.compute(year);
    const resultHash = digestOf(result);
    const at = this.clock.now();
    const by = actor.principal?.kind === 'user' ? actor.principal.id : null;
    await this.tx.run(async (m) => {
      const inserted = await this.repo.insertEvaluation(m, {
        year, methodologyVersion: result.methodology.version, minCases: result.methodology.minCases, result: result as never, resultHash, finalisedAt: at, finalisedBy: by,
      });
      if (!inserted) throw new ReportsError(ReportsErrorCode.EVALUATION_ALREADY_FINALISED, `The ${year} evaluation is already finalised`);
      await this.audit.record(m, actor, {
        action: 'report.evaluation.finalise',
        resourceType: 'report_evaluation',
        resourceId: String(year),
        details: { year, methodologyVersion: result.methodology.version, resultHash, members: result.members.length },
      });
    });
    return { ...result, finalised: { at: at.toISOString(), by, resultHash } };
  }

  /** The frozen evaluation of a finalised year, else a fresh computation. */
  private async current(year: number): Promise<EvaluationView> {
    const frozen = await this.repo.findEvaluation(year);
    if (frozen) {
      const finalised: FinalisedView = { at: frozen.finalisedAt.toISOString(), by: frozen.finalisedBy, resultHash: frozen.resultHash };
      return { ...(frozen.result as unknown as Omit<EvaluationView, 'finalised'>), finalised };
    }
    this.assertYearStarted(year);
    return { ...(await this.compute(year)), finalised: null };
  }

  private assertYearStarted(year: number): void {
    if (yearPeriod(year).start.getTime() > this.clock.now().getTime()) {
      throw new ReportsError(ReportsErrorCode.REPORT_PERIOD_INVALID, `${year} has not started`, {
        errors: [{ field: 'year', code: 'IN_FUTURE', message: 'year must not be in the future' }],
      });
    }
  }

  /** The evaluation of every member that had joined by the end of the year, from the year's case history. */
  private async compute(year: number): Promise<Omit<EvaluationView, 'finalised'>> {
    const period = yearPeriod(year);
    const minCases = this.config.reports.evaluationMinCases;
    const membersJoined = this.repo.membersJoinedBy(period.to);
    // The pact and self-inspection figures need the member ids; they run alongside the case figures.
    const [members, compliance, intake, events] = await Promise.all([
      membersJoined,
      membersJoined.then((ms) => this.compliance.statusAsOf(ms.map((m) => m.id), period.to)),
      this.repo.intakeByMember(period.start, period.end),
      this.repo.memberFigures(period.start, period.end),
    ]);
    const received = new Map(intake.map((r) => [r.memberId, r.n]));
    const byMember = new Map(events.map((r) => [r.memberId, r]));
    const lines = members.map((m) => {
      const e = byMember.get(m.id);
      const c = compliance.get(m.id)!;
      const inputs = {
        complaintsReceived: received.get(m.id) ?? 0,
        findings: e?.findings ?? 0,
        upheld: e?.upheld ?? 0,
        answeredOnTime: (e?.answered ?? 0) - (e?.answeredLate ?? 0),
        answeredLate: e?.answeredLate ?? 0,
        responseDeadlinesMissed: e?.responsesMissed ?? 0,
        mediationsSucceeded: e?.agreements ?? 0,
        mediationsEnded: (e?.agreements ?? 0) + (e?.mediationsFailed ?? 0) + (e?.mediationsTimedOut ?? 0),
        publications: e?.publications ?? 0,
        referrals: e?.referrals ?? 0,
      };
      const scored = complianceInputs(c);
      const components = componentsOf({ ...inputs, compliance: scored });
      return {
        memberId: m.id,
        name: m.name,
        category: m.category,
        status: m.status,
        score: scoreOf(components),
        complaintsReceived: inputs.complaintsReceived,
        components,
        inputs: {
          ...inputs,
          upheldShare: share(inputs.upheld, inputs.findings),
          answeredOnTimeShare: share(inputs.answeredOnTime, inputs.answeredOnTime + inputs.responseDeadlinesMissed),
          mediationSuccessShare: share(inputs.mediationsSucceeded, inputs.mediationsEnded),
          ...complianceView(c, scored),
        },
      };
    });
    const ranked = rankMembers(lines, minCases).map(({ complaintsReceived: _, ...m }): EvaluationMemberView => m);
    return {
      year,
      period: periodView(period),
      methodology: { version: METHODOLOGY_VERSION, document: METHODOLOGY_DOCUMENT, minCases, weights: { ...WEIGHTS } },
      members: ranked,
    };
  }

  /** A member that joined after the year (not evaluated): an empty, unranked line. */
  private unlisted(member: { id: string; name: string; category: string; status: string }): EvaluationMemberView {
    const inputs = { complaintsReceived: 0, findings: 0, upheld: 0, answeredOnTime: 0, answeredLate: 0, responseDeadlinesMissed: 0, mediationsSucceeded: 0, mediationsEnded: 0, publications: 0, referrals: 0 };
    return {
      memberId: member.id, name: member.name, category: member.category, status: member.status, ranked: false, rank: null,
      notRankedReason: 'below_minimum_cases', score: null, components: componentsOf({ ...inputs, compliance: null }).map((c) => ({ ...c, value: null })),
      inputs: { ...inputs, upheldShare: null, answeredOnTimeShare: null, mediationSuccessShare: null, ...complianceView(COMPLIANCE_NOT_EVALUATED, null) },
    };
  }
}

/** The counts the methodology scores, when the figures exist. */
function complianceInputs(c: MemberCompliance): ComplianceInputs | null {
  if (!c.pacts.available || !c.selfInspections.available) return null;
  return {
    currentVersionsSigned: c.pacts.currentVersionsSigned!,
    renewalsOverdue: c.pacts.renewalsOverdue!,
    withdrawn: c.pacts.withdrawn!,
    selfInspectionsDue: c.selfInspections.due!,
    selfInspectionsFiledOnTime: c.selfInspections.filedOnTime!,
  };
}

/** The figures with the shares the compliance component averages (null when a share has nothing to measure). */
function complianceView(c: MemberCompliance, i: ComplianceInputs | null): Pick<EvaluationMemberView['inputs'], 'pacts' | 'selfInspections'> {
  return {
    pacts: { ...c.pacts, share: i ? pactShare(i) : null },
    selfInspections: { ...c.selfInspections, onTimeShare: i ? selfInspectionShare(i) : null },
  };
}

/** A figure of the compliance inputs, or "not available" (a year finalised under eval-2026.1, a member not evaluated). */
const figure = (part: { available: boolean }, value: number | null | undefined): Cell => (part.available ? (value ?? null) : NOT_AVAILABLE);

export function evaluationTable(v: EvaluationView): ReportTable {
  const c = (key: string, zh: string, en: string) => ({ key, zh, en });
  return {
    key: 'evaluation',
    title: L(`${v.year}年度会员评价`, `Member evaluation ${v.year}`),
    columns: [
      c('rank', '排名', 'Rank'), c('name', '会员单位', 'Member'), c('memberId', '会员ID', 'Member id'), c('category', '会员类别', 'Category'),
      c('status', '状态', 'Status'), c('score', '得分', 'Score'), c('notRanked', '未排名原因', 'Not ranked because'),
      c('complaintsReceived', '收到投诉', 'Complaints received'), c('findings', '处理结论', 'Findings'), c('upheld', '投诉成立', 'Upheld'),
      c('upheldShare', '成立率', 'Upheld share'), c('answeredOnTime', '按期答复', 'Answered on time'), c('answeredLate', '逾期后答复', 'Answered late'),
      c('responseDeadlinesMissed', '逾期未答复', 'Deadlines missed'), c('answeredOnTimeShare', '按期答复率', 'On-time share'),
      c('mediationsSucceeded', '调解成功', 'Mediations succeeded'), c('mediationsEnded', '调解结束', 'Mediations ended'),
      c('mediationSuccessShare', '调解成功率', 'Mediation success'), c('publications', '曝光', 'Publications'), c('referrals', '移送', 'Referrals'),
      c('pactsApplicable', '适用公约', 'Pacts applicable'), c('pactsSigned', '已签署现行公约', 'Current pacts signed'),
      c('renewalsPending', '待续签', 'Renewals pending'), c('renewalsOverdue', '逾期未续签', 'Renewals overdue'),
      c('pactsWithdrawn', '年内退出公约', 'Pacts withdrawn in the year'), c('pactShare', '现行版本签署率', 'Current-version share'),
      c('selfInspectionsDue', '应交自查报告', 'Self-inspections due'), c('selfInspectionsFiled', '已提交自查报告', 'Self-inspections filed'),
      c('selfInspectionsOnTime', '按期提交自查报告', 'Self-inspections on time'), c('selfInspectionsOverdue', '逾期自查报告', 'Self-inspections overdue'),
      c('selfInspectionShare', '自查报告按期率', 'Self-inspection on-time share'),
      c('methodology', '评价方法版本', 'Methodology'),
    ],
    rows: v.members.map((m): Record<string, Cell> => ({
      rank: m.rank, name: m.name, memberId: m.memberId, category: memberCategoryLabel(m.category), status: m.status, score: m.score,
      notRanked: m.notRankedReason ? L(`收到投诉少于${v.methodology.minCases}件`, `fewer than ${v.methodology.minCases} complaints`) : null,
      complaintsReceived: m.inputs.complaintsReceived, findings: m.inputs.findings, upheld: m.inputs.upheld, upheldShare: m.inputs.upheldShare,
      answeredOnTime: m.inputs.answeredOnTime, answeredLate: m.inputs.answeredLate, responseDeadlinesMissed: m.inputs.responseDeadlinesMissed,
      answeredOnTimeShare: m.inputs.answeredOnTimeShare, mediationsSucceeded: m.inputs.mediationsSucceeded, mediationsEnded: m.inputs.mediationsEnded,
      mediationSuccessShare: m.inputs.mediationSuccessShare, publications: m.inputs.publications, referrals: m.inputs.referrals,
      pactsApplicable: figure(m.inputs.pacts, m.inputs.pacts.conventionsApplicable),
      pactsSigned: figure(m.inputs.pacts, m.inputs.pacts.currentVersionsSigned),
      renewalsPending: figure(m.inputs.pacts, m.inputs.pacts.renewalsPending),
      renewalsOverdue: figure(m.inputs.pacts, m.inputs.pacts.renewalsOverdue),
      pactsWithdrawn: figure(m.inputs.pacts, m.inputs.pacts.withdrawn),
      pactShare: figure(m.inputs.pacts, m.inputs.pacts.share),
      selfInspectionsDue: figure(m.inputs.selfInspections, m.inputs.selfInspections.due),
      selfInspectionsFiled: figure(m.inputs.selfInspections, m.inputs.selfInspections.filed),
      selfInspectionsOnTime: figure(m.inputs.selfInspections, m.inputs.selfInspections.filedOnTime),
      selfInspectionsOverdue: figure(m.inputs.selfInspections, m.inputs.selfInspections.overdue),
      selfInspectionShare: figure(m.inputs.selfInspections, m.inputs.selfInspections.onTimeShare),
      methodology: v.methodology.version,
    })),
  };
}

export function annualTables(v: MemberAnnualView): ReportTable[] {
  const e = v.evaluation;
  const i = e.inputs;
  return [
    keyValueTable('overview', L('年度概况', 'Year overview'), [
      ['member', L('会员单位', 'Member'), v.member.name],
      ['year', L('年度', 'Year'), v.year],
      ['methodology', L('评价方法版本', 'Methodology'), v.methodology.version],
      ['finalised', L('已定稿', 'Finalised'), v.finalised !== null],
      ['score', L('得分', 'Score'), e.score],
      ['rank', L('排名', 'Rank'), e.rank],
      ['complaintsReceived', L('收到投诉', 'Complaints received'), i.complaintsReceived],
      ['upheldShare', L('投诉成立率', 'Upheld share'), i.upheldShare],
      ['answeredOnTimeShare', L('按期答复率', 'Answered on time'), i.answeredOnTimeShare],
      ['mediationSuccessShare', L('调解成功率', 'Mediation success'), i.mediationSuccessShare],
      ['publications', L('曝光', 'Publications'), i.publications],
      ['referrals', L('移送', 'Referrals'), i.referrals],
      ['medianWorkingDaysToAnswer', L('答复用时中位数（工作日）', 'Median working days to answer'), v.respondentAnswers.medianWorkingDays],
      ['pactsApplicable', L('适用公约', 'Pacts applicable'), figure(i.pacts, i.pacts.conventionsApplicable)],
      ['pacts', L('已签署现行公约', 'Current pacts signed'), figure(i.pacts, i.pacts.currentVersionsSigned)],
      ['renewalsPending', L('待续签', 'Renewals pending'), figure(i.pacts, i.pacts.renewalsPending)],
      ['renewalsOverdue', L('逾期未续签', 'Renewals overdue'), figure(i.pacts, i.pacts.renewalsOverdue)],
      ['pactsWithdrawn', L('年内退出公约', 'Pacts withdrawn in the year'), figure(i.pacts, i.pacts.withdrawn)],
      ['selfInspectionsDue', L('应交自查报告', 'Self-inspections due'), figure(i.selfInspections, i.selfInspections.due)],
      ['selfInspections', L('已提交自查报告', 'Self-inspections filed'), figure(i.selfInspections, i.selfInspections.filed)],
      ['selfInspectionsOnTime', L('按期提交自查报告', 'Self-inspections on time'), figure(i.selfInspections, i.selfInspections.filedOnTime)],
      ['selfInspectionsOverdue', L('逾期自查报告', 'Self-inspections overdue'), figure(i.selfInspections, i.selfInspections.overdue)],
    ]),
    {
      key: 'components',
      title: L('评分构成', 'Score components'),
      columns: [{ key: 'key', zh: '分项', en: 'Component' }, { key: 'weight', zh: '权重', en: 'Weight' }, { key: 'value', zh: '得分率', en: 'Value' }],
      rows: e.components.map((c) => ({ key: COMPONENT_LABELS[c.key] ?? c.key, weight: c.weight, value: c.value })),
    },
    countTable('intakeByCategory', L('按类别收案', 'Intake by category'), v.intake.byCategory, L('类别', 'Category')),
    countTable('intakeByChannelGroup', L('按来源收案', 'Intake by source'), v.intake.byChannelGroup, L('来源', 'Source')),
    countTable('answerKinds', L('答复类型', 'Answer kinds'), v.respondentAnswers.byKind, L('类型', 'Kind')),
    keyValueTable('outcomes', L('处理结果', 'Outcomes'), [
      ['resolvedUpheld', L('投诉成立', 'Upheld'), v.outcomes.resolvedUpheld],
      ['resolvedNotUpheld', L('投诉不成立', 'Not upheld'), v.outcomes.resolvedNotUpheld],
      ['mediatedAgreements', L('调解成功', 'Mediated agreements'), v.outcomes.mediatedAgreements],
      ['mediationsFailed', L('调解失败', 'Mediations failed'), v.outcomes.mediationsFailed],
      ['dismissed', L('驳回', 'Dismissed'), v.outcomes.dismissed],
      ['closed', L('办结', 'Closed'), v.outcomes.closed],
    ]),
  ];
}
