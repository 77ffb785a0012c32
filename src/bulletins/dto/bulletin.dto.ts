import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';
import { IsCalendarDate, OptionalNotNull, OptionalText, RequiredText } from '../../platform/validators.js';
import { BULLETIN_FREQUENCIES, type BulletinFrequency, MAIL_LOCALES, type MailLocale } from '../bulletin-series.entity.js';
import { BULLETIN_STATUSES, type BulletinStatus } from '../bulletin.entity.js';

export const SERIES_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_EXTRA_RECIPIENTS = 500;
export const MAX_DISCLOSURES = 50;
export const MAX_SECTIONS = 20;

// --- series ---------------------------------------------------------------------------------------------------------

export class ExtraRecipientDto {
  @ApiProperty({ example: 'editor@news.example.cn' })
  @IsString() @MaxLength(254) @IsEmail()
  address: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '某报社编辑部' })
  @OptionalText(100, { nullable: true })
  name?: string | null;

  @ApiPropertyOptional({ enum: MAIL_LOCALES, default: 'zh-CN', description: 'Language of the mail around the bulletin (the bulletin itself is as written).' })
  @OptionalNotNull() @IsIn(MAIL_LOCALES)
  locale?: MailLocale;
}

export class CreateSeriesDto {
  @ApiProperty({ example: 'yuqing', description: 'Stable code (the public archive filters by it): lower-case letters, digits and single hyphens, 2-64 characters.' })
  @IsString() @MinLength(2) @MaxLength(64) @Matches(SERIES_CODE, { message: 'code must be lower-case letters and digits separated by single hyphens' })
  code: string;

  @ApiProperty({ example: '舆情简报', description: 'The title every issue carries: "舆情简报 2026年第33期".' })
  @RequiredText(50)
  title: string;

  @ApiProperty({ enum: BULLETIN_FREQUENCIES, description: 'weekly and monthly: a draft without a period covers the last complete ISO week or month.' })
  @IsIn(BULLETIN_FREQUENCIES)
  frequency: BulletinFrequency;

  @ApiPropertyOptional({ default: true, description: 'An inactive series takes no new drafts.' })
  @OptionalNotNull() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [ExtraRecipientDto], description: 'Mailed besides the active members\' contact people.' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_EXTRA_RECIPIENTS) @ValidateNested({ each: true }) @Type(() => ExtraRecipientDto)
  extraRecipients?: ExtraRecipientDto[];
}

/** Every field optional; `extraRecipients` replaces the list. The code never changes. */
export class UpdateSeriesDto {
  @ApiPropertyOptional({ example: '舆情简报' })
  @OptionalText(50, { required: true })
  title?: string;

  @ApiPropertyOptional({ enum: BULLETIN_FREQUENCIES })
  @OptionalNotNull() @IsIn(BULLETIN_FREQUENCIES)
  frequency?: BulletinFrequency;

  @ApiPropertyOptional()
  @OptionalNotNull() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ type: [ExtraRecipientDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_EXTRA_RECIPIENTS) @ValidateNested({ each: true }) @Type(() => ExtraRecipientDto)
  extraRecipients?: ExtraRecipientDto[];
}

export class ExtraRecipientView {
  @ApiProperty() address: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: MAIL_LOCALES }) locale: MailLocale;
}

export class SeriesView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: BULLETIN_FREQUENCIES }) frequency: BulletinFrequency;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [ExtraRecipientView] }) extraRecipients: ExtraRecipientView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

// --- bulletins ------------------------------------------------------------------------------------------------------

export class SectionDto {
  @ApiProperty({ example: '工作动态' })
  @RequiredText(100)
  heading: string;

  @ApiProperty({ example: '本周协会秘书处组织会员单位开展个人信息保护自查……', description: 'Plain text; a blank line starts a new paragraph. Rendered escaped.' })
  @RequiredText(20000)
  body: string;
}

export class CreateBulletinDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  seriesId: string;

  @ApiPropertyOptional({ example: '2026-08-10', description: 'First day of the period (Asia/Shanghai). With `periodTo`; both left out in a weekly or monthly series: the last complete ISO week or month.' })
  @IsOptional() @IsCalendarDate()
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2026-08-16', description: 'Last day of the period, included; at most 400 days after `periodFrom`.' })
  @IsOptional() @IsCalendarDate()
  periodTo?: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '关于网络购物投诉情况的通报' })
  @OptionalText(200, { nullable: true })
  title?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Published, not retracted disclosures to quote, in order (frozen as they are now).' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_DISCLOSURES) @ArrayUnique() @IsUUID('all', { each: true })
  disclosureIds?: string[];

  @ApiPropertyOptional({ type: [SectionDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_SECTIONS) @ValidateNested({ each: true }) @Type(() => SectionDto)
  sections?: SectionDto[];
}

/** A draft's changes: every field optional; lists replace the stored ones. A new period (or `refreshFigures`) retakes the figures. */
export class UpdateBulletinDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull() @IsUUID()
  seriesId?: string;

  @ApiPropertyOptional({ example: '2026-08-10' })
  @OptionalNotNull() @IsCalendarDate()
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2026-08-16' })
  @OptionalNotNull() @IsCalendarDate()
  periodTo?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null removes the title.' })
  @OptionalText(200, { nullable: true })
  title?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Replaces the chosen disclosures (each frozen again as it is now).' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_DISCLOSURES) @ArrayUnique() @IsUUID('all', { each: true })
  disclosureIds?: string[];

  @ApiPropertyOptional({ type: [SectionDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(MAX_SECTIONS) @ValidateNested({ each: true }) @Type(() => SectionDto)
  sections?: SectionDto[];

  @ApiPropertyOptional({ description: 'Retake the period\'s figures from the reports now (they are frozen otherwise).' })
  @OptionalNotNull() @IsBoolean()
  refreshFigures?: boolean;
}

export class RejectBulletinDto {
  @ApiProperty({ example: '第二部分数据口径需与月报一致，请修改后重新提交。', description: 'Why: the composer reads it on the draft.' })
  @RequiredText(2000)
  reason: string;
}

export class ListBulletinsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  series?: string;

  @ApiPropertyOptional({ enum: BULLETIN_STATUSES })
  @IsOptional() @IsIn(BULLETIN_STATUSES)
  status?: BulletinStatus;
}

export class PublicBulletinsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'yuqing', description: 'Only this series (by code).' })
  @IsOptional() @IsString() @MaxLength(64)
  series?: string;
}

// --- views ----------------------------------------------------------------------------------------------------------

export class FigureCountView {
  @ApiProperty() key: string;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ nullable: true, type: String }) labelEn: string | null;
  @ApiProperty() count: number;
}

export class FiguresPeriodView {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
}

export class RespondentAnswersFiguresView {
  @ApiProperty() answered: number;
  @ApiProperty() answeredOnTime: number;
  @ApiProperty() deadlinesMissed: number;
  @ApiProperty({ nullable: true, type: Number }) onTimeShare: number | null;
}

export class OutcomeFiguresView {
  @ApiProperty() resolvedUpheld: number;
  @ApiProperty() resolvedNotUpheld: number;
  @ApiProperty() mediatedAgreements: number;
  @ApiProperty() dismissed: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty() closed: number;
}

export class SatisfactionFiguresExcerptView {
  @ApiProperty() answered: number;
  @ApiProperty({ nullable: true, type: Number }) meanRating: number | null;
}

/** The figures of the summary report a bulletin carries (docs/reports.md defines each), frozen when taken. */
export class BulletinFiguresView {
  @ApiProperty({ type: FiguresPeriodView }) period: FiguresPeriodView;
  @ApiProperty({ description: 'When the figures were taken from the reports.' }) takenAt: string;
  @ApiProperty() received: number;
  @ApiProperty({ type: [FigureCountView], description: 'own_site, partner_windows, staff_entry.' }) receivedBySource: FigureCountView[];
  @ApiProperty({ type: [FigureCountView] }) receivedByCategory: FigureCountView[];
  @ApiProperty() decided: number;
  @ApiProperty({ nullable: true, type: Number }) medianDaysToDecision: number | null;
  @ApiProperty({ type: RespondentAnswersFiguresView }) respondentAnswers: RespondentAnswersFiguresView;
  @ApiProperty({ type: OutcomeFiguresView }) outcomes: OutcomeFiguresView;
  @ApiProperty() publications: number;
  @ApiProperty() referrals: number;
  @ApiProperty() openAtEnd: number;
  @ApiProperty({ type: SatisfactionFiguresExcerptView }) satisfaction: SatisfactionFiguresExcerptView;
}

export class BulletinCategoryView {
  @ApiProperty() code: string;
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class BulletinReplyView {
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) repliedAt: string | null;
}

export class BulletinDisclosureView {
  @ApiProperty() id: string;
  @ApiProperty() respondentName: string;
  @ApiProperty({ type: BulletinCategoryView }) category: BulletinCategoryView;
  @ApiProperty() summary: string;
  @ApiProperty() findings: string;
  @ApiProperty({ nullable: true, type: BulletinReplyView }) rightOfReply: BulletinReplyView | null;
  @ApiProperty() publishedAt: string;
}

export class BulletinSectionView {
  @ApiProperty() heading: string;
  @ApiProperty() body: string;
}

export class PeriodRangeView {
  @ApiProperty({ example: '2026-08-10' }) from: string;
  @ApiProperty({ example: '2026-08-16' }) to: string;
}

export class SeriesRefView {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ description: 'The series\' title (as at publication, once published).' }) title: string;
}

export class RejectionView {
  @ApiProperty() reason: string;
  @ApiProperty() at: string;
  @ApiProperty() by: string;
}

/** A bulletin as staff see it, at any stage. */
export class BulletinView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: BULLETIN_STATUSES }) status: BulletinStatus;
  @ApiProperty({ type: SeriesRefView }) series: SeriesRefView;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ type: PeriodRangeView }) period: PeriodRangeView;
  @ApiProperty({ type: BulletinFiguresView }) figures: BulletinFiguresView;
  @ApiProperty({ type: [BulletinDisclosureView] }) disclosures: BulletinDisclosureView[];
  @ApiProperty({ type: [BulletinSectionView] }) sections: BulletinSectionView[];
  @ApiProperty({ description: 'User id of the composer.' }) composedBy: string;
  @ApiProperty({ type: [String], description: 'User ids of the composer and every editor: none of them may approve it.' }) contributors: string[];
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedBy: string | null;
  @ApiProperty({ nullable: true, type: RejectionView, description: 'The last rejection, if any.' }) rejection: RejectionView | null;
  @ApiProperty({ nullable: true, type: Number }) year: number | null;
  @ApiProperty({ nullable: true, type: Number }) number: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2026年第33期' }) issue: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class BulletinPageView {
  @ApiProperty({ type: [BulletinView] }) items: BulletinView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class PublicSeriesView {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
}

/** What the public sees of a published bulletin: nothing about who wrote or approved it. */
export class PublicBulletinView {
  @ApiProperty() id: string;
  @ApiProperty({ type: PublicSeriesView }) series: PublicSeriesView;
  @ApiProperty() year: number;
  @ApiProperty() number: number;
  @ApiProperty({ example: '2026年第33期' }) issue: string;
  @ApiProperty({ example: '舆情简报 2026年第33期' }) headline: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ type: PeriodRangeView }) period: PeriodRangeView;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ type: BulletinFiguresView }) figures: BulletinFiguresView;
  @ApiProperty({ type: [BulletinDisclosureView] }) disclosures: BulletinDisclosureView[];
  @ApiProperty({ type: [BulletinSectionView] }) sections: BulletinSectionView[];
  @ApiProperty({ example: '/v1/public/bulletins/…/html', description: 'The rendered document (HTML, prints on A4).' }) htmlUrl: string;
}

export class PublicBulletinPageView {
  @ApiProperty({ type: [PublicBulletinView] }) items: PublicBulletinView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
