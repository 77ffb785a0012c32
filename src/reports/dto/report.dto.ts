import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { PERIOD_KINDS, type PeriodKind } from '../report-period.js';

export const FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof FORMATS)[number];
export const LANGS = ['zh', 'en'] as const;

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value);

/** `format` and `lang`, accepted by every report route. */
export class FormatQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'json', description: 'json, csv (UTF-8 with BOM) or xlsx (a worksheet per section).' })
  @IsOptional() @IsIn(FORMATS) format?: ReportFormat;

  @ApiPropertyOptional({ enum: LANGS, default: 'zh', description: 'Language of CSV/XLSX headers and labels.' })
  @IsOptional() @IsIn(LANGS) lang?: 'zh' | 'en';
}

export class SummaryQuery extends FormatQuery {
  @ApiPropertyOptional({ example: '2026-10-01', description: 'First day (Asia/Shanghai), included. With `to`; or use `period`.' })
  @IsOptional() @IsString() from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'Last day (Asia/Shanghai), included. At most 400 days after `from`.' })
  @IsOptional() @IsString() to?: string;

  @ApiPropertyOptional({ enum: PERIOD_KINDS, description: 'Shortcut: the ISO week (Monday–Sunday), month or year containing `date`.' })
  @IsOptional() @IsIn(PERIOD_KINDS) period?: PeriodKind;

  @ApiPropertyOptional({ example: '2026-10-15', description: 'A day in the period (default: today in Asia/Shanghai).' })
  @IsOptional() @IsString() date?: string;

  @ApiPropertyOptional({ enum: ['day', 'week', 'month'], description: 'Adds a time series with one row per day, ISO week or month.' })
  @IsOptional() @IsIn(['day', 'week', 'month']) groupBy?: 'day' | 'week' | 'month';
}

export class YearQuery extends FormatQuery {
  @ApiProperty({ example: 2025 })
  @Transform(toInt) @IsInt() @Min(2000) @Max(2100) year: number;
}

export class CasesExportQuery {
  @ApiProperty({ example: '2025-01-01', description: 'First day of receipt (Asia/Shanghai), included.' })
  @IsString() from: string;

  @ApiProperty({ example: '2025-12-31', description: 'Last day of receipt (Asia/Shanghai), included; at most 400 days.' })
  @IsString() to: string;

  @ApiPropertyOptional({ enum: LANGS, default: 'zh' })
  @IsOptional() @IsIn(LANGS) lang?: 'zh' | 'en';
}

export class PublicStatisticsQuery extends FormatQuery {
  @ApiPropertyOptional({ enum: ['month', 'year'], default: 'month', description: 'Default: the last complete month.' })
  @IsOptional() @IsIn(['month', 'year']) period?: 'month' | 'year';

  @ApiPropertyOptional({ example: '2026-10-01', description: 'A day in the period (Asia/Shanghai).' })
  @IsOptional() @IsString() date?: string;
}

export class PeriodView {
  @ApiProperty({ enum: ['custom', ...PERIOD_KINDS] }) kind: string;
  @ApiProperty({ example: '2026-10-01' }) from: string;
  @ApiProperty({ example: '2026-10-31', description: 'Included.' }) to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ description: 'Start instant (00:00 of `from` in Shanghai).' }) start: string;
  @ApiProperty({ description: 'End instant, excluded (00:00 of the day after `to`).' }) end: string;
}

export class CountView {
  @ApiProperty({ description: 'Machine key (channel, category code, state, …).' }) key: string;
  @ApiProperty({ nullable: true, type: String, description: 'Chinese label.' }) label: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'English label.' }) labelEn: string | null;
  @ApiProperty() count: number;
}

export class IntakeView {
  @ApiProperty() total: number;
  @ApiProperty({ type: [CountView] }) byChannel: CountView[];
  @ApiProperty({ type: [CountView], description: 'own_site (web), partner_windows (partner), staff_entry (phone, letter, email, visit).' }) byChannelGroup: CountView[];
  @ApiProperty({ type: [CountView], description: 'Key: partner id; label: partner name.' }) byPartner: CountView[];
  @ApiProperty({ type: [CountView] }) byCategory: CountView[];
  @ApiProperty({ type: [CountView], description: 'Member category of the respondent as of the end of the range; `unmatched` when not a member.' }) byRespondentCategory: CountView[];
}

export class OpenAtEndView {
  @ApiProperty({ description: 'The instant (end of the range).' }) at: string;
  @ApiProperty() total: number;
  @ApiProperty({ type: [CountView] }) byState: CountView[];
  @ApiProperty({ description: 'Open and waiting for the respondent’s answer.' }) awaitingResponse: number;
  @ApiProperty({ description: 'Open and past a missed triage, response or resolution deadline.' }) overdue: number;
}

export class AnswersView {
  @ApiProperty({ description: 'Answers recorded in the range.' }) answered: number;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty({ description: 'Answers after the response deadline had elapsed.' }) answeredLate: number;
  @ApiProperty({ description: 'Response deadlines that elapsed in the range.' }) deadlinesMissed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'answeredOnTime / (answeredOnTime + deadlinesMissed).' }) onTimeShare: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Median working days from request to answer (Chinese calendar).' }) medianWorkingDays: number | null;
  @ApiProperty({ type: [CountView] }) byKind: CountView[];
}

export class DecisionsView {
  @ApiProperty({ description: 'Cases decided for the first time in the range.' }) decided: number;
  @ApiProperty({ nullable: true, type: Number }) medianDays: number | null;
  @ApiProperty({ nullable: true, type: Number }) p90Days: number | null;
  @ApiProperty({ type: [CountView] }) byDecision: CountView[];
}

export class OutcomesView {
  @ApiProperty() resolvedUpheld: number;
  @ApiProperty() resolvedNotUpheld: number;
  @ApiProperty() mediatedAgreements: number;
  @ApiProperty() mediationsFailed: number;
  @ApiProperty() mediationsTimedOut: number;
  @ApiProperty() dismissed: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty() merged: number;
  @ApiProperty() closed: number;
  @ApiProperty() disputed: number;
  @ApiProperty() reopened: number;
}

export class SanctionsView {
  @ApiProperty() total: number;
  @ApiProperty({ type: [CountView] }) byCategory: CountView[];
}

export class OverdueView {
  @ApiProperty() missedTriage: number;
  @ApiProperty() missedResponse: number;
  @ApiProperty() missedResolution: number;
  @ApiProperty({ description: 'Open at the end of the range with a missed deadline.' }) openOverdueAtEnd: number;
}

export class SeriesPointView {
  @ApiProperty({ description: 'First day of the bucket.' }) bucket: string;
  @ApiProperty() received: number;
  @ApiProperty() decided: number;
  @ApiProperty() publications: number;
  @ApiProperty() referrals: number;
}

export class RatingCountView {
  @ApiProperty({ minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty() count: number;
}

export class SatisfactionFiguresView {
  @ApiProperty({ description: 'Cases closed or dismissed in the range (distinct cases).' }) closed: number;
  @ApiProperty({ description: 'Survey answers recorded in the range (by answered_at).' }) answered: number;
  @ApiProperty({ nullable: true, type: Number, description: 'answered / closed, both counted in the range (4 decimals); null when nothing closed. See docs/reports.md.' })
  responseRate: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean rating of the answers, one decimal; null when none.' }) meanRating: number | null;
  @ApiProperty({ type: [RatingCountView], description: 'Answers per rating, 1 to 5 (zeros included).' }) distribution: RatingCountView[];
}

export class SatisfactionLineView extends SatisfactionFiguresView {
  @ApiProperty({ description: 'Channel, or partner id.' }) key: string;
  @ApiProperty({ nullable: true, type: String, description: 'Chinese label (partner: its name).' }) label: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'English label.' }) labelEn: string | null;
}

export class SatisfactionView extends SatisfactionFiguresView {
  @ApiProperty({ type: [SatisfactionLineView], description: 'Every channel, zeros included.' }) byChannel: SatisfactionLineView[];
  @ApiProperty({ type: [SatisfactionLineView], description: 'Partners with a closing or an answer in the range (complaints through their windows).' })
  byPartner: SatisfactionLineView[];
}

export class SummaryView {
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ type: IntakeView }) intake: IntakeView;
  @ApiProperty({ type: [CountView], description: 'History entries in the range by event type.' }) transitions: CountView[];
  @ApiProperty({ type: OpenAtEndView }) openAtEnd: OpenAtEndView;
  @ApiProperty({ type: AnswersView }) respondentAnswers: AnswersView;
  @ApiProperty({ type: DecisionsView }) resolution: DecisionsView;
  @ApiProperty({ type: OutcomesView }) outcomes: OutcomesView;
  @ApiProperty({ type: SanctionsView }) publications: SanctionsView;
  @ApiProperty({ type: SanctionsView }) referrals: SanctionsView;
  @ApiProperty({ type: OverdueView }) overdue: OverdueView;
  @ApiProperty({ type: SatisfactionView, description: 'The complainants\' satisfaction surveys: answers in the range, by channel and partner.' })
  satisfaction: SatisfactionView;
  @ApiPropertyOptional({ type: [SeriesPointView], description: 'With groupBy.' }) series?: SeriesPointView[];
}

export class ComplianceView {
  @ApiProperty({
    description: 'As of the end of the year’s last day, from dated history. False (figures null, never guessed) for a year finalised under eval-2026.1, which had no register, and for a member not evaluated that year.',
  })
  available: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Why the figures are not available; null when they are.' }) note: string | null;
}

export class PactStatusView extends ComplianceView {
  @ApiProperty({ nullable: true, type: Number, description: 'Conventions with a version in force on the last day.' }) conventionsInForce: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Conventions the member was party to in the year: currentVersionsSigned + renewalsPending + withdrawn.' })
  conventionsApplicable: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Conventions whose version in force on the last day bound the member on that day.' }) currentVersionsSigned: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Signatures of an older version awaiting renewal on the last day (within the deadline or past it).' })
  renewalsPending: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Of renewalsPending, those past their deadline (no longer binding).' }) renewalsOverdue: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Conventions withdrawn from during the year and not signed again by its last day.' }) withdrawn: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'currentVersionsSigned / (currentVersionsSigned + renewalsOverdue + withdrawn); null when 0/0.' })
  share: number | null;
}

export class SelfInspectionStatusView extends ComplianceView {
  @ApiProperty({ nullable: true, type: Number, description: 'Reports due in the year (due date in it) that the member was expected to file.' }) due: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Of those, on file at the end of the year (submitted or accepted then).' }) filed: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Of those on file, first submitted on or before the due date.' }) filedOnTime: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'due − filedOnTime: filed late, or not on file at the end of the year.' }) overdue: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'filedOnTime / due; null when nothing was due.' }) onTimeShare: number | null;
}

export class EvaluationInputsView {
  @ApiProperty() complaintsReceived: number;
  @ApiProperty({ description: 'RESOLVE and AGREEMENT in the year.' }) findings: number;
  @ApiProperty() upheld: number;
  @ApiProperty({ nullable: true, type: Number }) upheldShare: number | null;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty() answeredLate: number;
  @ApiProperty() responseDeadlinesMissed: number;
  @ApiProperty({ nullable: true, type: Number }) answeredOnTimeShare: number | null;
  @ApiProperty() mediationsSucceeded: number;
  @ApiProperty({ description: 'Agreements, failures and mediation deadlines elapsed.' }) mediationsEnded: number;
  @ApiProperty({ nullable: true, type: Number }) mediationSuccessShare: number | null;
  @ApiProperty() publications: number;
  @ApiProperty() referrals: number;
  @ApiProperty({ type: PactStatusView }) pacts: PactStatusView;
  @ApiProperty({ type: SelfInspectionStatusView }) selfInspections: SelfInspectionStatusView;
}

export class ComponentView {
  @ApiProperty() key: string;
  @ApiProperty() weight: number;
  @ApiProperty({ nullable: true, type: Number, description: '0–1; null when it does not apply (no denominator).' }) value: number | null;
}

export class EvaluationMemberView {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty() status: string;
  @ApiProperty() ranked: boolean;
  @ApiProperty({ nullable: true, type: Number }) rank: number | null;
  @ApiProperty({ nullable: true, type: String, enum: ['below_minimum_cases'] }) notRankedReason: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '0–100, one decimal.' }) score: number | null;
  @ApiProperty({ type: [ComponentView] }) components: ComponentView[];
  @ApiProperty({ type: EvaluationInputsView }) inputs: EvaluationInputsView;
}

export class MethodologyView {
  @ApiProperty({ example: 'eval-2026.2' }) version: string;
  @ApiProperty({ example: 'docs/evaluation-methodology.md' }) document: string;
  @ApiProperty() minCases: number;
  @ApiProperty({ description: 'Weight of each component.' }) weights: Record<string, number>;
}

export class FinalisedView {
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty({ description: 'SHA-256 of the canonical JSON (RFC 8785) of the result without `finalised`.' }) resultHash: string;
}

export class EvaluationView {
  @ApiProperty() year: number;
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ type: MethodologyView }) methodology: MethodologyView;
  @ApiProperty({ type: [EvaluationMemberView], description: 'Ranked members by rank, then the members not ranked.' }) members: EvaluationMemberView[];
  @ApiProperty({ nullable: true, type: FinalisedView, description: 'Set once the year is finalised: the result is then the frozen one.' })
  finalised: FinalisedView | null;
}

export class MemberAnnualView {
  @ApiProperty() year: number;
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty() member: { id: string; name: string; category: string; status: string };
  @ApiProperty({ type: MethodologyView }) methodology: MethodologyView;
  @ApiProperty({ type: EvaluationMemberView, description: 'This member’s line of the evaluation (the frozen one once the year is finalised).' })
  evaluation: EvaluationMemberView;
  @ApiProperty({ type: IntakeView }) intake: IntakeView;
  @ApiProperty({ type: AnswersView }) respondentAnswers: AnswersView;
  @ApiProperty({ type: DecisionsView }) resolution: DecisionsView;
  @ApiProperty({ type: OutcomesView }) outcomes: OutcomesView;
  @ApiProperty({ nullable: true, type: FinalisedView }) finalised: FinalisedView | null;
}

export class PublicSatisfactionLineView {
  @ApiProperty({ description: 'own_site, partner_windows, staff_entry.' }) key: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ nullable: true, type: String }) labelEn: string | null;
  @ApiProperty({ description: 'Survey answers recorded in the period.' }) answered: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean rating (1–5), one decimal; null when none.' }) meanRating: number | null;
}

export class PublicSatisfactionView {
  @ApiProperty() answered: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Mean rating (1–5), one decimal; null when none.' }) meanRating: number | null;
  @ApiProperty({ type: [PublicSatisfactionLineView] }) byChannelGroup: PublicSatisfactionLineView[];
}

export class PublicStatisticsView {
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ description: 'True while the period has not ended: figures can still grow.' }) provisional: boolean;
  @ApiProperty() received: number;
  @ApiProperty({ type: [CountView], description: 'own_site, partner_windows, staff_entry.' }) receivedByChannelGroup: CountView[];
  @ApiProperty({ type: [CountView] }) receivedByCategory: CountView[];
  @ApiProperty() decided: number;
  @ApiProperty({ nullable: true, type: Number }) medianDaysToDecision: number | null;
  @ApiProperty({ nullable: true, type: Number }) respondentsAnsweredOnTimeShare: number | null;
  @ApiProperty() publications: number;
  @ApiProperty() referrals: number;
  @ApiProperty({ type: PublicSatisfactionView, description: 'Complainants\' satisfaction (mean rating) by channel group; never a comment.' })
  satisfaction: PublicSatisfactionView;
}
