import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { API_KEY_OWNER_KINDS, type ApiKey, type ApiKeyOwnerKind } from '../api-key.entity.js';
import { RequiredText } from '../../../platform/validators.js';

export class CreateApiKeyDto {
  @ApiProperty({ enum: API_KEY_OWNER_KINDS, description: 'partner: a partner site\'s server; agency: an agency\'s system (acts as law_enforcement).' })
  @IsIn(API_KEY_OWNER_KINDS)
  ownerKind: ApiKeyOwnerKind;

  @ApiProperty({ description: 'The partner or agency id.' })
  @IsUUID()
  ownerId: string;

  @ApiProperty({ example: 'production server' })
  @RequiredText(100)
  name: string;

  @ApiPropertyOptional({
    default: false,
    description: 'A sandbox key (partners only; an agency key with testMode answers 400): its secret starts `srk_test_`, its complaints are test cases (never seen by staff, respondents, reports or the public; purged after 7 days), and it reads only test cases.',
  })
  @IsOptional() @IsBoolean()
  testMode?: boolean;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({ description: 'Seconds the old key keeps working (default API_KEY_ROTATION_OVERLAP_SECONDS).', minimum: 0, maximum: 2592000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2592000)
  overlapSeconds?: number;
}

export class ListApiKeysQuery {
  @ApiPropertyOptional({ enum: API_KEY_OWNER_KINDS })
  @IsOptional() @IsIn(API_KEY_OWNER_KINDS)
  ownerKind?: ApiKeyOwnerKind;

  @ApiPropertyOptional()
  @IsOptional() @IsUUID()
  ownerId?: string;
}

export class ApiKeyView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: API_KEY_OWNER_KINDS }) ownerKind: ApiKeyOwnerKind;
  @ApiProperty() ownerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Visible start of the key.' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) replacedBy: string | null;
  @ApiProperty({ description: 'A sandbox key: its complaints are test cases.' }) testMode: boolean;

  static of(k: ApiKey): ApiKeyView {
    return {
      id: k.id,
      ownerKind: k.ownerKind,
      ownerId: k.ownerId,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
      replacedBy: k.replacedBy,
      testMode: k.testMode,
    };
  }
}

export class IssuedApiKeyView extends ApiKeyView {
  @ApiProperty({ description: 'The secret key. Shown only in this response; store it now.' })
  key: string;
}
