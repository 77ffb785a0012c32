import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IssuedApiKeyView } from '../../../identity/index.js';
import { PARTNER_STATUSES, type Partner, type PartnerStatus } from '../partner.entity.js';
import { OptionalNotNull, OptionalText, RequiredText } from '../../../platform/validators.js';

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
const normaliseDomains = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((d) => (typeof d === 'string' ? d.trim().toLowerCase().replace(/\.$/, '') : d)) : value;

export class CreatePartnerDto {
  @ApiProperty({ example: '某某新闻网' })
  @RequiredText(200)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['news.example.cn'] })
  @IsOptional() @Transform(normaliseDomains) @IsArray() @ArrayMaxSize(50) @Matches(DOMAIN, { each: true, message: 'each domain must be a host name' })
  domains?: string[];

  @ApiPropertyOptional({ description: 'Where signed status callbacks are POSTed (http/https).' })
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) @MaxLength(2000)
  callbackUrl?: string;
}

export class UpdatePartnerDto {
  @ApiPropertyOptional() @OptionalText(200, { required: true })
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull() @Transform(normaliseDomains) @IsArray() @ArrayMaxSize(50) @Matches(DOMAIN, { each: true, message: 'each domain must be a host name' })
  domains?: string[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }) @MaxLength(2000)
  callbackUrl?: string | null;

  @ApiPropertyOptional({ enum: PARTNER_STATUSES, description: 'suspended: its keys stop working at once.' })
  @OptionalNotNull() @IsIn(PARTNER_STATUSES)
  status?: PartnerStatus;
}

export class RotatePartnerKeyDto {
  @ApiPropertyOptional({ description: 'The key to replace; without it a new key is added.' })
  @IsOptional() @IsUUID()
  keyId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 2592000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2592000)
  overlapSeconds?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'When adding a key (no keyId): a sandbox key (`srk_test_…`) whose complaints are test cases. Not with keyId: a rotation keeps the old key\'s mode.',
  })
  @IsOptional() @IsBoolean()
  testMode?: boolean;
}

export class PartnerView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) domains: string[];
  @ApiProperty({ nullable: true, type: String }) callbackUrl: string | null;
  @ApiProperty({ enum: PARTNER_STATUSES }) status: PartnerStatus;
  @ApiProperty({
    description:
      'The callback secret predates Standard Webhooks: callbacks also carry the legacy `X-Signature` header until `CALLBACK_LEGACY_SIGNATURE_UNTIL`. Rotating the secret (`POST /v1/partners/:id/callback-secret`) ends it.',
  })
  callbackLegacySignature: boolean;
  @ApiProperty() createdAt: string;

  static of(p: Partner): PartnerView {
    return {
      id: p.id,
      name: p.name,
      domains: p.domains,
      callbackUrl: p.callbackUrl,
      status: p.status,
      callbackLegacySignature: p.callbackLegacySignature,
      createdAt: p.createdAt.toISOString(),
    };
  }
}

export class CreatedPartnerView {
  @ApiProperty({ type: PartnerView }) partner: PartnerView;
  @ApiProperty({ type: IssuedApiKeyView, description: 'The API key, shown only here.' }) apiKey: IssuedApiKeyView;
  @ApiProperty({ nullable: true, type: String, description: 'The secret for verifying callbacks (Standard Webhooks: `whsec_` + base64 of 32 bytes), shown only here.' }) callbackSecret: string | null;
}

const commaList = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value);

/** Partner sites by part of their name, or the names of given ids (the secretariat's queue filter). */
export class PartnerNamesQuery {
  @ApiPropertyOptional({ description: 'Part of the name.' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'Comma-separated partner ids (at most 50): these partners, whatever their name.' })
  @IsOptional() @Transform(commaList) @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true })
  ids?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50)
  limit?: number;
}

/** A partner's id, name and status: nothing else of it (no domains, callback URL or keys). */
export class PartnerNameView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTNER_STATUSES }) status: PartnerStatus;
}
