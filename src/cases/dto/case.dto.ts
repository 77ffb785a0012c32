import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { CASE_STATES } from '../machine/case.types.js';

const bool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListCasesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CASE_STATES }) @IsOptional() @IsIn(CASE_STATES) state?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) category?: string;
  @ApiPropertyOptional({ description: 'Respondent member id.' }) @IsOptional() @IsUUID() respondent?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() partner?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() assignee?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(bool) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() receivedFrom?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() receivedTo?: string;
  @ApiPropertyOptional({ description: 'Text search over title and description: cases containing this text (Chinese works; at least 2 characters).', minLength: 2, maxLength: 100 })
  @IsOptional() @IsString() @MinLength(2, { message: 'q must be at least 2 characters: a search term of one character would match most cases' }) @MaxLength(100) q?: string;
}

export class CaseSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty() channel: string;
  @ApiProperty() category: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) respondentMemberId: string | null;
  @ApiProperty() respondentName: string;
  @ApiProperty({ nullable: true, type: String }) partnerId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty() receivedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
}

export class CasePageView {
  @ApiProperty({ type: [CaseSummaryView] }) items: CaseSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class CaseDetailView extends CaseSummaryView {
  @ApiProperty() description: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ type: [String] }) urls: string[];
  @ApiProperty() citedArticles: unknown[];
  @ApiProperty() respondentMatch: unknown;
  @ApiProperty({ nullable: true, description: 'Staff only; never shown to the respondent. Reading it is audited.' })
  complainant: { anonymous: boolean; name?: string | null; phone?: string | null; email?: string | null } | null;
  @ApiProperty() isEmployeeOfRespondent: boolean;
  @ApiProperty({ description: 'Proposal, right of reply, respondent answer, finding, referral, overdue flags.' }) lifecycle: Record<string, unknown>;
  @ApiProperty({ description: 'Active deadlines.' }) deadlines: { kind: string; dueAt: string }[];
  @ApiProperty({ type: [String], description: 'The events the caller may send now.' }) allowedEvents: string[];
}

export class CaseHistoryEntryView {
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty() actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty() payload: Record<string, unknown>;
  @ApiProperty() occurredAt: string;
}

export class AppliedView {
  @ApiProperty() caseId: string;
  @ApiProperty() reference: string;
  @ApiProperty() type: string;
  @ApiProperty() fromState: string;
  @ApiProperty() toState: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty() version: number;
  @ApiProperty() seq: number;
}
