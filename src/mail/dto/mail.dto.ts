import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { USER_LOCALES, type UserLocale } from '../../identity/index.js';
import { MAIL_MODES, type MailMode } from '../mail-preference.entity.js';

export class MailPreferenceView {
  @ApiProperty({ example: 'referral_proposed' }) kind: string;
  @ApiProperty({ enum: ['respondent', 'staff', 'agency', 'admin'] }) audience: string;
  @ApiProperty({ description: 'A mandatory notice cannot be turned off (it concerns rights and obligations: a deadline or a decision).' }) mandatory: boolean;
  @ApiProperty({ enum: MAIL_MODES, isArray: true, description: 'What may be chosen for this kind.' }) modes: MailMode[];
  @ApiProperty({ enum: MAIL_MODES }) mode: MailMode;
}

export class MailPreferencesView {
  @ApiProperty({ enum: USER_LOCALES }) locale: UserLocale;
  @ApiProperty({ type: [MailPreferenceView] }) kinds: MailPreferenceView[];
}

export class MailPreferenceChange {
  @ApiProperty({ example: 'information_added' })
  @IsString() @MaxLength(64)
  kind: string;

  @ApiProperty({ enum: MAIL_MODES })
  @IsIn(MAIL_MODES)
  mode: MailMode;
}

export class UpdateMailPreferencesDto {
  @ApiPropertyOptional({ enum: USER_LOCALES, description: 'The language of your mail.' })
  @IsOptional() @IsIn(USER_LOCALES)
  locale?: UserLocale;

  @ApiPropertyOptional({ type: [MailPreferenceChange] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MailPreferenceChange)
  kinds?: MailPreferenceChange[];
}

export class MailStatusView {
  @ApiProperty({ description: 'false: no SMTP_URL; messages are kept (status held), not delivered.' }) delivering: boolean;
  @ApiProperty({ description: 'Outbox rows whose recipients are not resolved yet.' }) outboxBacklog: number;
  @ApiProperty({ description: 'Messages by status (held, queued, sent, dead, digest, digested).', type: 'object', additionalProperties: { type: 'integer' } })
  messages: Record<string, number>;
}

export class DeadMailView {
  @ApiProperty() id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ nullable: true, type: String }) caseId: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, description: "The SMTP server's last answer or the transport error (addresses redacted)." }) lastError: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ enum: ['dead', 'unconfirmed'], description: '`unconfirmed`: marked sent, but the server never confirmed it (the process stopped in between); it may or may not have arrived.' })
  problem: 'dead' | 'unconfirmed';
}
