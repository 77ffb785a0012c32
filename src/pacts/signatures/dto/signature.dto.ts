import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsIsoMoment, RequiredText } from '../../../platform/validators.js';
import { CONVENTION_CODE } from '../../conventions/dto/convention.dto.js';
import { InlineFileDto, StoredFileView } from '../../../platform/storage/uploads.js';
import { SIGNATURE_METHODS, SIGNATURE_STATUSES, type SignatureMethod, type SignatureStatus } from '../signature.entity.js';

export class SignDto {
  @ApiPropertyOptional({ description: 'The signing member. Required for the secretariat; a member_rep signs for its own organisation (another member\'s id answers 404).' })
  @IsOptional() @IsUUID()
  memberId?: string;

  @ApiProperty({ example: '张伟' })
  @RequiredText(100)
  signatoryName: string;

  @ApiProperty({ example: '总经理' })
  @RequiredText(100)
  signatoryTitle: string;

  @ApiPropertyOptional({ type: [Number], example: [1, 2, 5], description: 'Article numbers subscribed to; default: all articles of the version.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsInt({ each: true }) @Min(1, { each: true }) @Max(9999, { each: true })
  articles?: number[];

  @ApiPropertyOptional({ example: '2026-03-15T10:00:00+08:00', description: 'Paper ceremony (secretariat): when it was signed. Online signatures are signed now.' })
  @IsOptional() @IsIsoMoment({ strict: true, strictSeparator: true })
  signedAt?: string;

  @ApiPropertyOptional({ type: InlineFileDto, description: 'Paper ceremony (secretariat): the scanned signed document; required then, refused online.' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => InlineFileDto)
  document?: InlineFileDto;
}

export class WithdrawDto {
  @ApiProperty({ example: '业务调整，不再从事相关服务' })
  @RequiredText(2000)
  reason: string;
}

export class BoundQuery {
  @ApiProperty({ example: 'isc-self-discipline' })
  @IsString() @Matches(CONVENTION_CODE) @MaxLength(64)
  convention: string;

  @ApiProperty({ example: 3 })
  @Type(() => Number) @IsInt() @Min(1) @Max(9999)
  article: number;

  @ApiPropertyOptional({ example: '2026-05-01', description: 'Calendar date (China Standard Time); default today.' })
  @IsOptional() @IsCalendarDate()
  on?: string;
}

export class SignatureView {
  @ApiProperty() id: string;
  @ApiProperty() memberId: string;
  @ApiProperty() memberName: string;
  @ApiProperty() conventionCode: string;
  @ApiProperty() conventionTitle: string;
  @ApiProperty() version: number;
  @ApiProperty({ enum: SIGNATURE_STATUSES }) status: SignatureStatus;
  @ApiProperty({ enum: SIGNATURE_METHODS }) method: SignatureMethod;
  @ApiProperty() signatoryName: string;
  @ApiProperty() signatoryTitle: string;
  @ApiProperty() signedAt: string;
  @ApiProperty({ description: 'The version\'s text hash: what was signed.' }) textHash: string;
  @ApiProperty({ type: [Number], nullable: true, description: 'Subscribed article numbers; null: all.' }) articles: number[] | null;
  @ApiProperty({ description: 'First day bound.' }) validFrom: string;
  @ApiProperty({ nullable: true, type: String, description: 'First day no longer bound (withdrawal or renewal).' }) endedOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'renewal_pending: last day the old version binds unless renewed.' }) renewalDueOn: string | null;
  @ApiProperty({ description: 'renewal_pending and the deadline has passed: it binds no more.' }) renewalOverdue: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'Last day this signature binds (null: open-ended).' }) bindsUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) renewedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, type: String }) withdrawalReason: string | null;
  @ApiProperty({ nullable: true, type: StoredFileView }) document: StoredFileView | null;
  @ApiProperty({ nullable: true, type: String }) recordedBy: string | null;
  @ApiProperty() createdAt: string;
}

export class SignatureListView {
  @ApiProperty({ type: [SignatureView], description: 'Newest first; history is never deleted.' }) items: SignatureView[];
}

export const BOUND_REASONS = [
  'never_signed',
  'not_yet_signed',
  'not_yet_effective',
  'withdrawn',
  'renewal_lapsed',
  'article_not_in_version',
  'article_not_subscribed',
] as const;
export type BoundReason = (typeof BOUND_REASONS)[number];

export class BoundVersionView {
  @ApiProperty() version: number;
  @ApiProperty() effectiveDate: string;
  @ApiProperty() textHash: string;
}

export class BoundArticleView {
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
}

export class BoundView {
  @ApiProperty() memberId: string;
  @ApiProperty() convention: string;
  @ApiProperty() article: number;
  @ApiProperty() on: string;
  @ApiProperty() bound: boolean;
  @ApiProperty({ enum: BOUND_REASONS, nullable: true, description: 'Why not bound (null when bound).' }) reason: BoundReason | null;
  @ApiProperty({ nullable: true, type: String, description: 'withdrawn / renewal_lapsed: first day no longer bound; not_yet_effective: first day bound.' }) since: string | null;
  @ApiProperty({ nullable: true, type: SignatureView, description: 'The signature that bound the member, or the one the reason is about.' }) signature: SignatureView | null;
  @ApiProperty({ nullable: true, type: BoundVersionView }) version: BoundVersionView | null;
  @ApiProperty({ nullable: true, type: BoundArticleView, description: 'The article text that bound the member.' }) articleText: BoundArticleView | null;
}
