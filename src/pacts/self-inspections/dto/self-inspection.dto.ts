import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQuery } from '../../../platform/pagination.js';
import { CONVENTION_CODE } from '../../conventions/dto/convention.dto.js';
import { InlineFileDto, StoredFileView } from '../../../platform/storage/uploads.js';
import { REPORT_STATUSES, REVIEW_DECISIONS, type ReportStatus, type ReviewDecision } from '../self-inspection.entity.js';
import { MatchesShort, OptionalText, RequiredText } from '../../../platform/validators.js';

export class InspectionItemDto {
  @ApiProperty({ example: 3, description: 'The article checked.' })
  @IsInt() @Min(1) @Max(9999)
  articleNumber: number;

  @ApiProperty({ example: '经自查，本年度发现两条商品描述存在夸大宣传用语。' })
  @RequiredText(5000)
  findings: string;

  @ApiProperty({ example: '已下架相关描述并组织运营人员培训。' })
  @RequiredText(5000, 0)
  correctiveActions: string;
}

export class SubmitSelfInspectionDto {
  @ApiProperty({ example: 'isc-self-discipline' })
  @IsString() @MatchesShort(CONVENTION_CODE, 64) @MaxLength(64)
  convention: string;

  @ApiProperty({ example: '2026', description: 'Yearly `2026`, half-yearly `2026-H1`, quarterly `2026-Q3` (the convention\'s frequency).' })
  @IsString() @MaxLength(10)
  period: string;

  @ApiPropertyOptional({ example: '本单位按公约要求开展了年度自查自纠。' })
  @OptionalText(10000, { nullable: true })
  summary?: string;

  @ApiProperty({ type: [InspectionItemDto], description: 'One entry per article checked.' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => InspectionItemDto)
  items: InspectionItemDto[];

  @ApiPropertyOptional({ type: [InlineFileDto], description: 'Up to 3 files (base64, 5 MB each), stored content-addressed.' })
  @IsOptional() @IsArray() @ArrayMaxSize(3) @ValidateNested({ each: true }) @Type(() => InlineFileDto)
  attachments?: InlineFileDto[];
}

export class ReviewDto {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'accept, or return to the member for a new revision (comments required).' })
  @IsIn(REVIEW_DECISIONS)
  decision: ReviewDecision;

  @ApiPropertyOptional({ example: '第3条整改措施不够具体，请补充完成时间。' })
  @OptionalText(5000, { nullable: true })
  comments?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListSelfInspectionsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Member id.' })
  @IsOptional() @IsUUID()
  member?: string;

  @ApiPropertyOptional({ description: 'Convention code.' })
  @IsOptional() @IsString() @Matches(CONVENTION_CODE) @MaxLength(64)
  convention?: string;

  @ApiPropertyOptional({ example: '2026' })
  @IsOptional() @IsString() @MaxLength(10)
  period?: string;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional() @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({
    description: 'true: the filings that are overdue instead of the reports on file: the due date has passed and no report is submitted or accepted (missing or returned).',
  })
  @IsOptional() @Transform(toBool) @IsBoolean()
  overdue?: boolean;
}

export class InspectionItemView {
  @ApiProperty() articleNumber: number;
  @ApiProperty() findings: string;
  @ApiProperty() correctiveActions: string;
}

export class RevisionView {
  @ApiProperty() revision: number;
  @ApiProperty({ description: 'Version of the convention whose articles were checked.' }) version: number;
  @ApiProperty() summary: string;
  @ApiProperty({ type: [InspectionItemView] }) items: InspectionItemView[];
  @ApiProperty({ type: [StoredFileView] }) attachments: StoredFileView[];
  @ApiProperty({ nullable: true, type: String }) submittedBy: string | null;
  @ApiProperty() submittedAt: string;
  @ApiProperty({ enum: REVIEW_DECISIONS, nullable: true }) decision: ReviewDecision | null;
  @ApiProperty({ nullable: true, type: String }) comments: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewedAt: string | null;
}

export const FILING_STATUSES = ['missing', ...REPORT_STATUSES] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

/** A report on file, or (overdue listing) an expected report that is missing. */
export class FilingView {
  @ApiProperty({ nullable: true, type: String, description: 'Null for a missing report.' }) id: string | null;
  @ApiProperty() memberId: string;
  @ApiProperty() memberName: string;
  @ApiProperty() conventionCode: string;
  @ApiProperty() period: string;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: FILING_STATUSES }) status: FilingStatus;
  @ApiProperty({ nullable: true, type: Number }) revision: number | null;
  @ApiProperty({ nullable: true, type: String }) firstSubmittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ description: 'First submitted after the due date.' }) late: boolean;
  @ApiProperty({ description: 'Due date passed and no report submitted or accepted.' }) overdue: boolean;
}

export class FilingPageView {
  @ApiProperty({ type: [FilingView] }) items: FilingView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SelfInspectionView extends FilingView {
  @ApiProperty({ type: [RevisionView], description: 'Every submission, oldest first; the last is current.' }) revisions: RevisionView[];
}
