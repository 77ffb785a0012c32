import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'user' }) @IsOptional() @IsString() @MaxLength(50) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) resourceId?: string;
  @ApiPropertyOptional({ description: 'User id or API key id.' }) @IsOptional() @IsString() @MaxLength(100) actorId?: string;
  @ApiPropertyOptional({ example: 'user.create' }) @IsOptional() @IsString() @MaxLength(100) action?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString() to?: string;
}

export class AuditEntryView {
  @ApiProperty() id: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty() actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() action: string;
  @ApiProperty() resourceType: string;
  @ApiProperty() resourceId: string;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) payloadDigest: string | null;
  @ApiProperty({ nullable: true, type: Object }) details: Record<string, unknown> | null;
  @ApiProperty() stream: string;
  @ApiProperty() streamSeq: number;
  @ApiProperty({ nullable: true, type: String }) prevHash: string | null;
  @ApiProperty() hash: string;
}

export class AuditPageView {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

class VerifyFailureView {
  @ApiPropertyOptional() entryId?: string;
  @ApiPropertyOptional() checkpointId?: string;
  @ApiProperty() reason: string;
}

export class AuditVerifyView {
  @ApiProperty() ok: boolean;
  @ApiProperty() entriesChecked: number;
  @ApiProperty() checkpointsChecked: number;
  @ApiProperty({ description: 'Entries not yet sealed by a checkpoint.' }) unsealedEntries: number;
  @ApiPropertyOptional({ type: VerifyFailureView }) firstFailure?: VerifyFailureView;
}
