import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalNotNull, OptionalText } from '../../../platform/validators.js';
import { MAX_ORIGINS } from '../origins.js';
import type { SiteKey } from '../site-key.entity.js';

const ORIGINS_DOC: ApiPropertyOptions = {
  type: [String],
  minItems: 1,
  maxItems: MAX_ORIGINS,
  example: ['https://news.example.cn', 'https://m.news.example.cn'],
  description: 'Origins allowed to embed the window: `https://host[:port]` (or http), no path, no wildcard; stored normalised.',
};

export class CreateSiteKeyDto {
  @ApiPropertyOptional({ maxLength: 100, example: '新闻网首页投诉窗口' })
  @OptionalText(100, { required: true })
  name?: string;

  @ApiProperty(ORIGINS_DOC)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORIGINS) @IsString({ each: true }) @MaxLength(300, { each: true })
  allowedOrigins: string[];

  @ApiPropertyOptional({
    default: false,
    description: 'A test-mode key (the partner sandbox; `wk_test_…`): its window\'s complaints are test complaints, never seen by staff, respondents, reports or the public, purged after 7 days. Fixed at creation.',
  })
  @IsOptional() @IsBoolean()
  testMode?: boolean;
}

export class UpdateSiteKeyDto {
  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @OptionalText(100, { required: true, nullable: true })
  name?: string | null;

  @ApiPropertyOptional(ORIGINS_DOC)
  @OptionalNotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_ORIGINS) @IsString({ each: true }) @MaxLength(300, { each: true })
  allowedOrigins?: string[];
}

export class SiteKeyView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'wk_3q2-7Xb9QmZk0aLw8RkT1c4V', description: 'Public: it goes into the partner\'s page (data-site-key, or /window?k=).' })
  key: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ type: [String] }) allowedOrigins: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ description: 'A test-mode key: its window\'s complaints are test complaints.' }) testMode: boolean;

  static of(k: SiteKey): SiteKeyView {
    return {
      id: k.id,
      key: k.key,
      name: k.name,
      allowedOrigins: k.allowedOrigins,
      createdAt: k.createdAt.toISOString(),
      revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
      testMode: k.testMode,
    };
  }
}

/** What the window page learns of its site key: whose window it is and where it may be embedded. */
export class PublicSiteKeyView {
  @ApiProperty({ example: '某某新闻网' }) partnerName: string;
  @ApiProperty({ type: [String], example: ['https://news.example.cn'] }) allowedOrigins: string[];
  @ApiProperty({ description: 'A test-mode key: what is submitted through this window is a test complaint (a page may say so).' }) testMode: boolean;
}
