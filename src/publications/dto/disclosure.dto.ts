import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListDisclosuresQuery extends PageQuery {}

export const DISCLOSURE_STATUSES = ['published', 'retracted'] as const;

export class ListStaffDisclosuresQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DISCLOSURE_STATUSES, description: 'Only published (not retracted) or only retracted disclosures.' })
  @IsOptional() @IsIn(DISCLOSURE_STATUSES)
  status?: (typeof DISCLOSURE_STATUSES)[number];
}

export class RetractDisclosureDto {
  @ApiProperty({ description: 'Why the disclosure is retracted. Published beside the retracted entry: write it for the public.' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(2000)
  reason: string;
}

export class DisclosureCategoryView {
  @ApiProperty() code: string;
  @ApiProperty() zh: string;
  @ApiProperty() en: string;
}

export class DisclosureReplyView {
  @ApiProperty({ description: 'The respondent\'s reply, published alongside.' }) text: string;
  @ApiProperty({ nullable: true, type: String }) repliedAt: string | null;
}

export class DisclosureRetractionView {
  @ApiProperty() at: string;
  @ApiProperty() reason: string;
}

/**
 * What the public sees of a disclosure, and exactly what the preview shows before approval. It is
 * built from staff-written text, the respondent's name and reply and the category; it has no field
 * for the complainant, the complaint's own text or its evidence.
 */
export class DisclosureView {
  @ApiProperty({ nullable: true, type: String, description: 'null in a preview.' }) id: string | null;
  @ApiProperty({ enum: ['preview', 'published', 'retracted'] }) status: 'preview' | 'published' | 'retracted';
  @ApiProperty() respondentName: string;
  @ApiProperty({ type: DisclosureCategoryView }) category: DisclosureCategoryView;
  @ApiProperty({ nullable: true, type: String, description: 'Withdrawn (null) once retracted.' }) summary: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Withdrawn (null) once retracted.' }) findings: string | null;
  @ApiPropertyOptional({ nullable: true, type: DisclosureReplyView, description: 'Withdrawn (null) once retracted.' }) rightOfReply: DisclosureReplyView | null;
  @ApiProperty({ nullable: true, type: String, description: 'null in a preview.' }) publishedAt: string | null;
  @ApiProperty({ nullable: true, type: DisclosureRetractionView }) retraction: DisclosureRetractionView | null;
}

export class DisclosurePageView {
  @ApiProperty({ type: [DisclosureView] }) items: DisclosureView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

/** What staff see of a disclosure: the public view (a retracted one's text withdrawn there too) and its case. */
export class StaffDisclosureView extends DisclosureView {
  @ApiProperty({ description: 'The case the disclosure was published for.' }) caseId: string;
}

export class StaffDisclosurePageView {
  @ApiProperty({ type: [StaffDisclosureView] }) items: StaffDisclosureView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
