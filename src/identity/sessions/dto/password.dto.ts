import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 200 })
  @IsString() @MinLength(1) @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'The same rules as an account\'s password; must differ from the current one.' })
  @IsString() @MinLength(12) @MaxLength(200)
  newPassword: string;
}
