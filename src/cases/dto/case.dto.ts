import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';
import { CHANNELS } from '../case.entity.js';
import { CASE_PHASES, CASE_STATES } from '../machine/case.types.js';
import { RespondentCaseListItemView } from '../views/respondent.view.js';
import { StaffCaseSummaryView } from '../views/staff.view.js';

export const CASE_LIST_SORTS = ['newest', 'deadline'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATES }) @IsOptional() @IsIn(CASE_STATES) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) category?: string;
  @ApiPropertyOptional({ description: 'Respondent member id.' }) @IsOptional() @IsUUID() respondent?: string;
  @ApiPropertyOptional({ description: 'Staff only.' }) @IsOptional() @IsUUID() partner?: string;
  @ApiPropertyOptional({ description: 'Staff only.' }) @IsOptional() @IsUUID() assignee?: string;
  @ApiPropertyOptional({ description: 'Staff only.' }) @IsOptional() @Transform(bool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() receivedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() receivedTo?: string;
  @ApiPropertyOptional({ description: 'Text search over title and description: cases containing this text (Chinese works; at least 2 characters).', minLength: 2, maxLength: 100 })
  @IsOptional() @IsString() @MinLength(2, { message: 'q must be at least 2 characters: a search term of one character would match most cases' }) @MaxLength(100) q?: string;
  // The work queues' filters (issue #16): staff only, combinable with the others; GET /v1/cases/queues names them.
  @ApiPropertyOptional({ enum: CHANNELS, description: 'Staff only. The intake channel.' }) @IsOptional() @IsIn(CHANNELS) channel?: string;
  @ApiPropertyOptional({ enum: CASE_PHASES, description: 'Staff only. The sub-state: investigating reviewing / awaiting_response, referred pending / acknowledged.' })
  @IsOptional() @IsIn(CASE_PHASES) phase?: string;
  @ApiPropertyOptional({ description: 'true: open cases (not closed, dismissed, withdrawn or merged); false: the others. Staff and member_rep.' })
  @IsOptional() @Transform(bool) @IsBoolean() open?: boolean;
  @ApiPropertyOptional({
    enum: CASE_LIST_SORTS,
    default: 'newest',
    description:
      'newest (default): newest received first. deadline: first the cases with a running deadline the caller must meet, by the due time of the one that falls due first (ties by id); then the others, newest first. For a member_rep the deadlines addressed to the respondent (its answer, its right of reply); for staff every running deadline. Pages with the same opaque cursor (a cursor of one sort is refused by the other). Not with q.',
  })
  @IsOptional() @IsIn(CASE_LIST_SORTS) sort?: CaseListSort;
  @ApiPropertyOptional({ enum: ['true'], description: 'Staff only. Cases assigned to the caller.' })
  @IsOptional() @Transform(bool) @IsIn([true], { message: 'mine may only be true' }) mine?: true;
  @ApiPropertyOptional({ minimum: 1, maximum: 30, description: 'Staff only. Open cases with a running deadline due within this many working days from now (working-day calendar; the end of the Nth working day after today, Shanghai), not already past.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(30) dueWithin?: number;
  @ApiPropertyOptional({ enum: ['true'], description: 'Staff only. Pending publication or referral proposals the caller may decide: none for a caseworker, for a supervisor those another person proposed (four eyes).' })
  @IsOptional() @Transform(bool) @IsIn([true], { message: 'awaitingApproval may only be true' }) awaitingApproval?: true;
}

export class StaffCasePageView {
  @ApiProperty({ type: [StaffCaseSummaryView] }) items: StaffCaseSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RespondentCasePageView {
  @ApiProperty({ type: [RespondentCaseListItemView] }) items: RespondentCaseListItemView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AppliedView {
  @ApiProperty() caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty() type: string;
  @ApiProperty() fromState: string;
  @ApiProperty() toState: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiPropertyOptional({ description: 'Staff only (the respondent and the complainant would see steps they are not shown counted in it).' }) version?: number;
  @ApiPropertyOptional({ description: 'Staff only, as version.' }) seq?: number;
}

/** What the one door answers: staff get the new version and sequence number; others only the step (no count of hidden steps). */
export function appliedFor(staff: boolean, a: AppliedView): AppliedView {
  const step = { caseId: a.caseId, reference: a.reference, type: a.type, fromState: a.fromState, toState: a.toState, phase: a.phase };
  return staff ? { ...step, version: a.version, seq: a.seq } : step;
}

export class CaseEventCatalogueEntryView {
  @ApiProperty({ example: 'RESOLVE' }) type: string;
  @ApiProperty({ type: [String], description: 'Every role that may send it (a member_rep only on its organisation\'s cases, a liaison only on its agency\'s referrals).' }) roles: string[];
  @ApiProperty() summary: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON Schema (2020-12) of the payload: the body of POST /v1/cases/:id/events is `{ type, …payload }`. Closed (additionalProperties false); strings are trimmed before their length is checked.',
  })
  schema: Record<string, unknown>;
}
