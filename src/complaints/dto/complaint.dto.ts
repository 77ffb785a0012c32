import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { SurveyStatusView } from '../survey/dto/survey.dto.js';

/** The languages a complainant's mail is written in. */
export const COMPLAINANT_LOCALES = ['zh-CN', 'en'] as const;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true, allow_underscores: true };

export class RespondentDto {
  @ApiPropertyOptional({ description: 'The member complained about, when known.' })
  @IsOptional() @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ example: '某某网络科技有限公司', description: 'Required without memberId.' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'https://shop.example.cn/item/1', description: 'Intake matches its host to a member\'s registered domain.' })
  @IsOptional() @IsUrl(URL_OPTIONS) @MaxLength(2000)
  url?: string;
}

export class ComplainantDto {
  @ApiPropertyOptional({ description: 'true: no contact is taken; the receipt code is the only way to follow the case.' })
  @IsOptional() @IsBoolean()
  anonymous?: boolean;

  @ApiPropertyOptional({ example: '张三' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @IsOptional() @Transform(trim) @IsString() @Matches(/^\+?[0-9][0-9 -]{4,24}$/, { message: 'phone must be a telephone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'zhang.san@example.cn' })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    description: '"Email me about this complaint": the complainant agrees to mail at `email` (a receipt with the reference, questions, the outcome to confirm, the closing). Only with an email; refused with none (and so when anonymous). Without it no mail is sent.',
  })
  @IsOptional() @IsBoolean()
  mailConsent?: boolean;

  @ApiPropertyOptional({ enum: COMPLAINANT_LOCALES, description: "The complainant's language (the form's): mail about the complaint is written in it. Default zh-CN." })
  @IsOptional() @IsIn(COMPLAINANT_LOCALES)
  locale?: (typeof COMPLAINANT_LOCALES)[number];
}

export class CitedArticleDto {
  @ApiProperty({ example: 'ISC-SELF-DISCIPLINE' })
  @IsString() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'conventionCode must be a convention code' })
  conventionCode: string;

  @ApiProperty({ example: 5 })
  @IsInt() @Min(1) @Max(10000)
  articleNumber: number;
}

export class SubmitComplaintDto {
  @ApiProperty({ type: RespondentDto })
  @IsObject() @ValidateNested() @Type(() => RespondentDto)
  respondent: RespondentDto;

  @ApiProperty({ example: 'fraud', description: 'A code of the complaint taxonomy (GET /v1/public/complaint-categories).' })
  @IsString() @MaxLength(64)
  category: string;

  @ApiProperty({ maxLength: 200, example: '网店收款后不发货' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  title: string;

  @ApiProperty({ maxLength: 10000 })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(10000)
  description: string;

  @ApiProperty({ format: 'date-time', description: 'When the conduct happened; not in the future.' })
  @IsISO8601({ strict: true })
  occurredAt: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUrl(URL_OPTIONS, { each: true }) @MaxLength(2000, { each: true })
  urls?: string[];

  @ApiPropertyOptional({ type: [CitedArticleDto], maxItems: 20 })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CitedArticleDto)
  citedArticles?: CitedArticleDto[];

  @ApiProperty({ type: ComplainantDto })
  @IsObject() @ValidateNested() @Type(() => ComplainantDto)
  complainant: ComplainantDto;

  @ApiPropertyOptional({ description: 'The complainant works for the respondent: nothing identifying them is ever shown to it.' })
  @IsOptional() @IsBoolean()
  isEmployeeOfRespondent?: boolean;
}

export class PartnerComplaintDto extends SubmitComplaintDto {
  @ApiProperty({ description: 'The partner\'s own id for this complaint, unique per partner.', example: 'JD-20261123-0001' })
  @IsString() @Matches(/^[\x21-\x7e]{1,100}$/, { message: 'externalId must be 1-100 printable ASCII characters' })
  externalId: string;
}

export const STAFF_CHANNELS = ['phone', 'letter', 'email', 'visit'] as const;

export class StaffComplaintDto extends SubmitComplaintDto {
  @ApiProperty({ enum: STAFF_CHANNELS })
  @IsIn(STAFF_CHANNELS)
  channel: (typeof STAFF_CHANNELS)[number];
}

export class PartnerBatchDto {
  @ApiProperty({ type: [PartnerComplaintDto], minItems: 1, maxItems: 100 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PartnerComplaintDto)
  items: PartnerComplaintDto[];
}

export class RespondentMatchView {
  @ApiProperty({ enum: ['member_id', 'domain', 'none'] }) method: string;
  @ApiPropertyOptional() matchedDomain?: string;
  @ApiPropertyOptional({ description: 'Members with a similar name, for triage only.' })
  suggestions?: { memberId: string; name: string; similarity: number }[];
}

export class RespondentView {
  @ApiProperty({ nullable: true, type: String }) memberId: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ type: RespondentMatchView }) match: RespondentMatchView;
}

export class ComplaintReceiptView {
  @ApiProperty() caseId: string;
  @ApiProperty({ example: 'TS-2026-000123' }) reference: string;
  @ApiProperty({ description: 'Shown only in this response: the complainant follows the case with it.', example: '7K2Q-9XMA-P3RT-V8WD-4HNC' })
  receiptCode: string;
  @ApiProperty({ example: 'received' }) state: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ type: RespondentView }) respondent: RespondentView;
}

export class PartnerReceiptView extends ComplaintReceiptView {
  @ApiProperty() externalId: string;
}

export class BatchReceiptView {
  @ApiProperty({ type: [PartnerReceiptView] }) items: PartnerReceiptView[];
}

export class TimelineEntryView {
  @ApiProperty() at: string;
  @ApiProperty({ example: 'accepted' }) step: string;
  @ApiProperty({ example: '投诉已受理' }) label: string;
}

export class StatusOutcomeView {
  @ApiProperty({ description: 'Whether the complaint was upheld.' }) upheld: boolean;
  @ApiProperty({ description: 'The decision as the association wrote it.' }) text: string;
  @ApiProperty({ nullable: true, type: String, description: 'While the decision awaits confirmation: the date after which it counts as confirmed.' })
  confirmBy: string | null;
  @ApiProperty({ type: [String], description: 'The events that answer it now (CONFIRM or DISPUTE while it awaits confirmation).' }) answerWith: string[];
}

export class MergedIntoView {
  @ApiProperty({ example: 'TS-2026-000123', description: 'The complaint this one is now handled with.' }) reference: string;
}

export class StatusQuestionView {
  @ApiProperty({ example: 'promised_action' }) kind: string;
  @ApiProperty({ description: 'The action the company promised.' }) action: string;
  @ApiProperty() by: string;
  @ApiProperty({ example: 'ACTION_FOLLOW_UP' }) answerWith: string;
}

/** The complainant's view of their complaint (also what a partner relays): no staff, respondent or internal details. */
export class ComplaintStatusView {
  @ApiProperty() reference: string;
  @ApiProperty({ enum: ['zh-CN', 'en'], description: 'The language of the labels: ?lang=, else Accept-Language, else zh-CN.' }) lang: string;
  @ApiProperty() state: string;
  @ApiProperty({ example: '已办结' }) stateLabel: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty() receivedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [TimelineEntryView] }) timeline: TimelineEntryView[];
  @ApiProperty({ nullable: true, type: StatusOutcomeView, description: 'The decision: while it awaits the complainant\'s confirmation, and once the case is closed.' })
  outcome: StatusOutcomeView | null;
  @ApiProperty({ nullable: true, type: MergedIntoView, description: 'Where a merged complaint went.' }) mergedInto: MergedIntoView | null;
  @ApiProperty({ nullable: true, type: StatusQuestionView, description: 'A question for the complainant, e.g. whether a promised action happened.' })
  question: StatusQuestionView | null;
  @ApiProperty({ type: SurveyStatusView, description: 'The satisfaction survey: whether it may be answered now, and whether it was.' })
  survey: SurveyStatusView;
}

/** A partner relays the complainant's view without the survey flags (docs/api.md). */
export class PartnerStatusView extends OmitType(ComplaintStatusView, ['survey'] as const) {
  @ApiProperty({ nullable: true, type: String }) externalId: string | null;
}

/** Consent versions are ids of the consent text in the window's message files (e.g. `2026-12`). */
export const CONSENT_VERSION = /^[A-Za-z0-9._-]{1,32}$/;
/** The altcha widget's payload is about 800 characters. */
export const MAX_ALTCHA_LENGTH = 4096;

export class ConsentDto {
  @ApiProperty({ example: '2026-12', description: 'The version of the consent text (processing of personal information) the complainant agreed to.' })
  @IsString() @Matches(CONSENT_VERSION, { message: 'version must be 1-32 characters of A-Z a-z 0-9 . _ -' })
  version: string;
}

/** Missing consent is its own field code (CONSENT_REQUIRED), so the page can point at the checkbox. */
function ConsentRequired(): PropertyDecorator {
  return ValidateBy({
    name: 'consentRequired',
    validator: {
      validate: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value),
      defaultMessage: () => 'consent is required: { version } of the consent text the complainant agreed to',
    },
  });
}

/** The public route's body (the association's form and partners' windows): the complaint, its consent and its proof of work. */
export class PublicComplaintDto extends SubmitComplaintDto {
  @ApiProperty({ type: ConsentDto, description: 'Required: the consent to the processing of personal information, by the version of its text.' })
  // Anything but an object is "no consent" (one CONSENT_REQUIRED, not a nested-validation error as well).
  @Transform(({ value }) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined))
  @ConsentRequired() @ValidateNested() @Type(() => ConsentDto)
  consent: ConsentDto;

  @ApiPropertyOptional({
    maxLength: MAX_ALTCHA_LENGTH,
    description: 'The altcha widget\'s payload (base64) for a challenge from GET /v1/public/challenge; required unless the operator turned the challenge off (ALTCHA_ENABLED=false).',
  })
  @IsOptional() @IsString() @MaxLength(MAX_ALTCHA_LENGTH)
  altcha?: string;
}
