import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';
import { CASE_STATES } from '../machine/case.types.js';
import { RespondentCaseSummaryView } from '../views/respondent.view.js';
import { StaffCaseSummaryView } from '../views/staff.view.js';

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
}

export class StaffCasePageView {
  @ApiProperty({ type: [StaffCaseSummaryView] }) items: StaffCaseSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class RespondentCasePageView {
  @ApiProperty({ type: [RespondentCaseSummaryView] }) items: RespondentCaseSummaryView[];
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
