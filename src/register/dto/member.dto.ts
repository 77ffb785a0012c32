import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../platform/pagination.js';
import { IsCalendarDate, OptionalNotNull, OptionalText, RequiredText } from '../../platform/validators.js';
import {
  DUES_STATUSES,
  type DuesStatus,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
  MEMBER_KINDS,
  MEMBER_STATUSES,
  type MemberCategory,
  type MemberKind,
  type MemberStatus,
} from '../member.entity.js';

export class ContactDto {
  @ApiProperty({ example: '王芳' })
  @RequiredText(100)
  name: string;

  @ApiPropertyOptional({ example: '法务部经理' })
  @OptionalText(100, { nullable: true })
  title?: string;

  @ApiPropertyOptional({ example: '010-12345678' })
  @OptionalText(40, { nullable: true })
  phone?: string;

  @ApiPropertyOptional({ example: 'wangfang@example.cn' })
  @IsOptional() @IsEmail() @MaxLength(254)
  email?: string;
}

export class DuesDto {
  @ApiProperty({ example: 2026, minimum: 1990, maximum: 2100 })
  @IsInt() @Min(1990) @Max(2100)
  year: number;

  @ApiProperty({ enum: DUES_STATUSES })
  @IsIn(DUES_STATUSES)
  status: DuesStatus;

  @ApiPropertyOptional({ example: '2026-03-15', description: 'When paid (status paid only).' })
  @IsOptional() @IsCalendarDate()
  paidOn?: string;

  @ApiPropertyOptional({ example: '理事单位减免' })
  @OptionalText(500, { nullable: true })
  note?: string;
}

const DOMAINS_DESCRIPTION =
  'Website domains; each is normalised (lower case, IDN to punycode, scheme/port/path dropped). A domain belongs to at most one active member.';

export class CreateMemberDto {
  @ApiProperty({ example: '某某网络科技有限公司' })
  @RequiredText(200)
  name: string;

  @ApiPropertyOptional({ enum: MEMBER_KINDS, default: 'organisation' })
  @OptionalNotNull() @IsIn(MEMBER_KINDS)
  kind?: MemberKind;

  @ApiPropertyOptional({ example: '91110105MA01ABCD2X', description: 'Unified social credit code (18 characters, check digit validated). Required for organisations, refused for individuals.' })
  @IsOptional() @IsString() @MaxLength(40)
  creditCode?: string;

  @ApiProperty({ enum: MEMBER_CATEGORIES })
  @IsIn(MEMBER_CATEGORIES)
  category: MemberCategory;

  @ApiPropertyOptional({ type: [String], example: ['example.cn', '例子.中国'], description: DOMAINS_DESCRIPTION })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2048, { each: true })
  domains?: string[];

  @ApiPropertyOptional({ example: '京ICP备12345678号' })
  @IsOptional() @IsString() @MaxLength(100)
  icpFiling?: string;

  @ApiPropertyOptional({ type: [ContactDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ example: '2024-05-20', description: 'Default: today (China Standard Time).' })
  @OptionalNotNull() @IsCalendarDate()
  joinedOn?: string;

  @ApiPropertyOptional({ type: [DuesDto] })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DuesDto)
  dues?: DuesDto[];
}

/** Every field optional; lists (domains, contacts) replace the stored list; dues are set per year. A member_rep may send only `contacts`. */
export class UpdateMemberDto {
  @ApiPropertyOptional()
  @OptionalText(200, { required: true })
  name?: string;

  @ApiPropertyOptional({ enum: MEMBER_KINDS })
  @OptionalNotNull() @IsIn(MEMBER_KINDS)
  kind?: MemberKind;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(40)
  creditCode?: string | null;

  @ApiPropertyOptional({ enum: MEMBER_CATEGORIES })
  @OptionalNotNull() @IsIn(MEMBER_CATEGORIES)
  category?: MemberCategory;

  @ApiPropertyOptional({ type: [String], description: `Replaces the list. ${DOMAINS_DESCRIPTION}` })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2048, { each: true })
  domains?: string[];

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(100)
  icpFiling?: string | null;

  @ApiPropertyOptional({ type: [ContactDto], description: 'Replaces the list.' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional()
  @OptionalNotNull() @IsCalendarDate()
  joinedOn?: string;

  @ApiPropertyOptional({ type: [DuesDto], description: 'Sets the dues of each year given (other years are kept).' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => DuesDto)
  dues?: DuesDto[];
}

export class ChangeMemberStatusDto {
  @ApiProperty({ enum: MEMBER_STATUSES })
  @IsIn(MEMBER_STATUSES)
  status: MemberStatus;

  @ApiProperty({ example: '连续两年未缴纳会费，经理事会决议暂停会员资格' })
  @RequiredText(2000)
  reason: string;
}

export class ListMembersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MEMBER_CATEGORIES })
  @OptionalNotNull() @IsIn(MEMBER_CATEGORIES)
  category?: MemberCategory;

  @ApiPropertyOptional({ enum: MEMBER_STATUSES })
  @IsOptional() @IsIn(MEMBER_STATUSES)
  status?: MemberStatus;

  @ApiPropertyOptional({ description: 'Part of the name, or a whole credit code.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'A host or URL: members owning it or a parent domain of it (as intake matches).' })
  @IsOptional() @IsString() @MaxLength(2048)
  domain?: string;
}

const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value);

/** Who may be bound to an account: members by part of their name, or the names of given ids (an admin's picker). */
export class MemberNamesQuery {
  @ApiPropertyOptional({ description: 'Part of the name.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated member ids (at most 50): these members, whatever their name.' })
  @IsOptional() @Transform(commaList) @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50)
  limit?: number;
}

export class MemberNameView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MEMBER_STATUSES }) status: MemberStatus;
}

export class CategoryLabelView {
  @ApiProperty({ example: '电子商务网站' }) zh: string;
  @ApiProperty({ example: 'E-commerce site' }) en: string;
}

export const categoryLabel = (c: MemberCategory): CategoryLabelView => MEMBER_CATEGORY_LABELS[c];

export class ContactView {
  @ApiProperty() name: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional() phone?: string;
  @ApiPropertyOptional() email?: string;
}

export class DuesView {
  @ApiProperty() year: number;
  @ApiProperty({ enum: DUES_STATUSES }) status: DuesStatus;
  @ApiProperty({ nullable: true, type: String }) paidOn: string | null;
  @ApiProperty() note: string;
}

export class StatusChangeView {
  @ApiProperty({ enum: MEMBER_STATUSES, nullable: true }) fromStatus: MemberStatus | null;
  @ApiProperty({ enum: MEMBER_STATUSES }) toStatus: MemberStatus;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String, description: 'User id (null: the system).' }) changedBy: string | null;
  @ApiProperty() changedAt: string;
}

export class MemberSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MEMBER_KINDS }) kind: MemberKind;
  @ApiProperty({ enum: MEMBER_CATEGORIES }) category: MemberCategory;
  @ApiProperty({ type: CategoryLabelView }) categoryLabel: CategoryLabelView;
  @ApiProperty({ nullable: true, type: String }) creditCode: string | null;
  @ApiProperty({ enum: MEMBER_STATUSES }) status: MemberStatus;
  @ApiProperty() joinedOn: string;
  @ApiProperty({ type: [String] }) domains: string[];
}

export class MemberView extends MemberSummaryView {
  @ApiProperty({ nullable: true, type: String }) icpFiling: string | null;
  @ApiProperty({ type: [ContactView] }) contacts: ContactView[];
  @ApiProperty({ type: [DuesView] }) dues: DuesView[];
  @ApiProperty({ type: [StatusChangeView], description: 'Oldest first.' }) statusHistory: StatusChangeView[];
  @ApiProperty({ description: 'Raised on every change.' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class MemberPageView {
  @ApiProperty({ type: [MemberSummaryView] }) items: MemberSummaryView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
