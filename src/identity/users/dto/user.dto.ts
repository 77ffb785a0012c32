import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQuery } from '../../../platform/pagination.js';
import { USER_ROLES, type UserRole } from '../../../platform/access/principal.js';
import { USER_LOCALES, type User, type UserLocale } from '../user.entity.js';
import { OptionalNotNull, OptionalText, RequiredText } from '../../../platform/validators.js';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'li.na@isc.example.cn' })
  @Transform(trimLower) @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: '李娜' })
  @RequiredText(100)
  displayName: string;

  @ApiProperty({ minLength: 12, maxLength: 200 })
  @IsString() @MinLength(12) @MaxLength(200)
  password: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({ description: 'Required for member_rep: the member organisation represented.' })
  @IsOptional() @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ description: 'Required for law_enforcement: the liaison\'s agency.' })
  @IsOptional() @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ enum: USER_LOCALES, default: 'zh-CN', description: 'The language of the mail this person receives.' })
  @IsOptional() @IsIn(USER_LOCALES)
  locale?: UserLocale;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @OptionalNotNull() @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'true disables the account at once (its tokens stop working); false re-enables it.' })
  @OptionalNotNull() @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional()
  @OptionalText(100, { required: true })
  displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  memberId?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  agencyId?: string | null;

  @ApiPropertyOptional({ enum: USER_LOCALES, description: 'The language of the mail this person receives.' })
  @OptionalNotNull() @IsIn(USER_LOCALES)
  locale?: UserLocale;

  @ApiPropertyOptional({ minLength: 12, maxLength: 200, description: 'Sets a new password; existing tokens stop working.' })
  @OptionalNotNull() @IsString() @MinLength(12) @MaxLength(200)
  password?: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional() @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'Matches email or display name.' })
  @IsOptional() @IsString() @MaxLength(100)
  q?: string;
}

export class UserView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiProperty({ nullable: true, type: String }) memberId: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyId: string | null;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ enum: USER_LOCALES }) locale: UserLocale;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static of(u: User): UserView {
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      role: u.role,
      memberId: u.memberId,
      agencyId: u.agencyId,
      disabled: u.disabledAt !== null,
      locale: u.locale,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }
}

export class UserPageView {
  @ApiProperty({ type: [UserView] }) items: UserView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
