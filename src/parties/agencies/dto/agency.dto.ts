import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import type { Agency } from '../agency.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AgencyContactDto {
  @ApiPropertyOptional({ example: '网络安全保卫支队值班室' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: '010-12345678' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(3) @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: 'wangan@police.example.cn' })
  @IsOptional() @Transform(trim) @IsEmail() @MaxLength(200)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(500)
  address?: string;
}

export class CreateAgencyDto {
  @ApiProperty({ example: '某市公安局网络安全保卫支队' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  name: string;

  @ApiProperty({ example: '某市', description: 'The area or field the agency acts for.' })
  @Transform(trim) @IsString() @MinLength(1) @MaxLength(200)
  jurisdiction: string;

  @ApiPropertyOptional({ type: AgencyContactDto, description: 'The liaison desk (an office, not a private person).' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AgencyContactDto)
  contact?: AgencyContactDto;
}

export class AgencyKeyDto {
  @ApiPropertyOptional({ description: 'The key to replace; without it a new key is added.' })
  @IsOptional() @IsUUID()
  keyId?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 2592000, description: 'Seconds the replaced key keeps working.' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2592000)
  overlapSeconds?: number;

  @ApiPropertyOptional({ example: 'case system', description: 'A label for a new key.' })
  @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(100)
  name?: string;
}

export class AgencyView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ type: AgencyContactDto }) contact: AgencyContactDto;
  @ApiProperty() createdAt: string;

  static of(a: Agency): AgencyView {
    return { id: a.id, name: a.name, jurisdiction: a.jurisdiction, contact: a.contact, createdAt: a.createdAt.toISOString() };
  }
}
