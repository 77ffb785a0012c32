import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { USER_LOCALES, type UserLocale } from '../../users/user.entity.js';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString() @MinLength(3) @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString() @MinLength(1) @MaxLength(200)
  password: string;
}

export class TokenView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Lifetime in seconds.' }) expiresIn: number;
  @ApiProperty() expiresAt: string;
}

/** The session routes' answer: the token, and whose session it is (the console picks a page's first requests by it). */
export class SessionTokenView extends TokenView {
  @ApiProperty({ description: "The signed-in account's role." }) role: string;
}

export class MeView {
  @ApiProperty({ enum: ['user', 'api_key'] }) kind: 'user' | 'api_key';
  @ApiProperty() id: string;
  @ApiProperty() role: string;
  @ApiProperty({ required: false }) email?: string;
  @ApiProperty({ nullable: true, type: String, description: 'A user\'s display name; null for an API key.' }) displayName: string | null;
  @ApiProperty({ nullable: true, enum: USER_LOCALES, description: 'A user\'s language (console and mail); null for an API key.' }) locale: UserLocale | null;
  @ApiProperty({ nullable: true, type: String }) memberId: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyId: string | null;
  @ApiProperty({ nullable: true, type: String }) partnerId: string | null;
  @ApiProperty({ required: false, description: 'For an API key: a sandbox (test mode) key.' }) testMode?: boolean;
}
