import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsCalendarDate, OptionalNotNull, OptionalText, RequiredText } from '../../../platform/validators.js';
import { INSPECTION_FREQUENCIES, type InspectionFrequency, VERSION_STATUSES, type VersionStatus } from '../convention.entity.js';

export const CONVENTION_CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class SelfInspectionScheduleDto {
  @ApiProperty({ enum: INSPECTION_FREQUENCIES, description: 'none: no periodic reports expected.' })
  @IsIn(INSPECTION_FREQUENCIES)
  frequency: InspectionFrequency;

  @ApiProperty({ minimum: 0, maximum: 12, example: 3, description: 'Due on the last day of the month this many months after the period ends (yearly + 3: 31 March of the next year).' })
  @IsInt() @Min(0) @Max(12)
  dueMonths: number;
}

export class CreateConventionDto {
  @ApiProperty({ example: 'isc-self-discipline', description: 'Stable code: lower-case letters, digits and single hyphens, 2-64 characters.' })
  @IsString() @MinLength(2) @MaxLength(64) @Matches(CONVENTION_CODE, { message: 'code must be lower-case letters and digits separated by single hyphens' })
  code: string;

  @ApiProperty({ example: '互联网行业自律公约' })
  @RequiredText(200)
  titleZh: string;

  @ApiPropertyOptional({ example: 'Internet Industry Self-Discipline Pact' })
  @OptionalText(200, { nullable: true })
  titleEn?: string;

  @ApiProperty({ example: '某市互联网协会' })
  @RequiredText(200)
  issuingBody: string;

  @ApiPropertyOptional()
  @OptionalText(5000)
  description?: string;

  @ApiPropertyOptional({ type: SelfInspectionScheduleDto, description: 'Default: yearly, due 3 months after the year (31 March).' })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => SelfInspectionScheduleDto)
  selfInspection?: SelfInspectionScheduleDto;
}

export class UpdateConventionDto {
  @ApiPropertyOptional()
  @OptionalText(200, { required: true })
  titleZh?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @OptionalText(200, { nullable: true })
  titleEn?: string | null;

  @ApiPropertyOptional()
  @OptionalText(200, { required: true })
  issuingBody?: string;

  @ApiPropertyOptional()
  @OptionalText(5000)
  description?: string;

  @ApiPropertyOptional({ type: SelfInspectionScheduleDto })
  @OptionalNotNull() @IsObject() @ValidateNested() @Type(() => SelfInspectionScheduleDto)
  selfInspection?: SelfInspectionScheduleDto;
}

export class ArticleDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: 9999 })
  @IsInt() @Min(1) @Max(9999)
  number: number;

  @ApiProperty({ example: '诚信经营' })
  @RequiredText(200)
  title: string;

  @ApiProperty({ example: '会员单位应当遵守国家法律法规，诚信经营，公平竞争。' })
  @RequiredText(20000)
  body: string;
}

export class CreateVersionDto {
  @ApiPropertyOptional({ type: [ArticleDto], description: 'The draft\'s articles; when omitted, those of the current published version are copied.' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ArticleDto)
  articles?: ArticleDto[];

  @ApiPropertyOptional({ example: '新增第十一条（个人信息保护）。' })
  @OptionalText(5000, { nullable: true })
  notes?: string;
}

export class UpdateVersionDto {
  @ApiPropertyOptional({ type: [ArticleDto], description: 'Replaces all articles of the draft.' })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ArticleDto)
  articles?: ArticleDto[];

  @ApiPropertyOptional()
  @OptionalText(5000, { nullable: true })
  notes?: string;
}

export class PublishVersionDto {
  @ApiPropertyOptional({ example: '2026-07-01', description: 'First day the version binds its signatories (China Standard Time). Default: today; not before the current version\'s.' })
  @IsOptional() @IsCalendarDate()
  effectiveDate?: string;
}

export class DiffQuery {
  @ApiProperty({ example: 1 })
  @Type(() => Number) @IsInt() @Min(1)
  from: number;

  @ApiProperty({ example: 2 })
  @Type(() => Number) @IsInt() @Min(1)
  to: number;
}

export class SelfInspectionScheduleView {
  @ApiProperty({ enum: INSPECTION_FREQUENCIES }) frequency: InspectionFrequency;
  @ApiProperty() dueMonths: number;
}

export class VersionSummaryView {
  @ApiProperty() version: number;
  @ApiProperty({ enum: VERSION_STATUSES }) status: VersionStatus;
  @ApiProperty({ nullable: true, type: String }) effectiveDate: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 (hex) of the canonical text, set at publication.' }) textHash: string | null;
  @ApiProperty({ nullable: true, type: String }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) supersededAt: string | null;
  @ApiProperty() articleCount: number;
  @ApiProperty() notes: string;
}

export class ConventionView {
  @ApiProperty() code: string;
  @ApiProperty() titleZh: string;
  @ApiProperty({ nullable: true, type: String }) titleEn: string | null;
  @ApiProperty() issuingBody: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: SelfInspectionScheduleView }) selfInspection: SelfInspectionScheduleView;
  @ApiProperty({ nullable: true, type: Number, description: 'The published version in force, if any.' }) currentVersion: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'The open draft, if any.' }) draftVersion: number | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ConventionDetailView extends ConventionView {
  @ApiProperty({ type: [VersionSummaryView] }) versions: VersionSummaryView[];
}

export class ArticleView {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
}

export class VersionView extends VersionSummaryView {
  @ApiProperty() code: string;
  @ApiProperty({ type: [ArticleView] }) articles: ArticleView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class ArticleChangeView {
  @ApiProperty() number: number;
  @ApiProperty({ type: ArticleView }) from: ArticleView;
  @ApiProperty({ type: ArticleView }) to: ArticleView;
}

export class DiffView {
  @ApiProperty() code: string;
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: [ArticleView], description: 'In `to`, not in `from` (by article number).' }) added: ArticleView[];
  @ApiProperty({ type: [ArticleView], description: 'In `from`, not in `to`.' }) removed: ArticleView[];
  @ApiProperty({ type: [ArticleChangeView], description: 'Same number, different title or body: both texts.' }) changed: ArticleChangeView[];
  @ApiProperty() unchangedCount: number;
}
