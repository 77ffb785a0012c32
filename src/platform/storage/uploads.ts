import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { IsPaddedBase64 } from '../validators.js';

/** Largest file accepted inline (decoded bytes): scans of signed documents, report attachments. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Body limit for routes that take one such file as base64 in JSON (4/3 of the bytes plus room for the rest). */
export const UPLOAD_ROUTE_BODY_LIMIT = Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 256 * 1024;
/** Room for several attachments in one report. */
export const ATTACHMENTS_ROUTE_BODY_LIMIT = 3 * UPLOAD_ROUTE_BODY_LIMIT;

export const UPLOAD_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** A file sent inline as base64 (a few MB at most). */
export class InlineFileDto {
  @ApiProperty({ example: 'signing-ceremony.pdf' })
  @IsString() @MinLength(1) @MaxLength(200)
  fileName: string;

  @ApiProperty({ enum: UPLOAD_CONTENT_TYPES })
  @IsIn(UPLOAD_CONTENT_TYPES)
  contentType: (typeof UPLOAD_CONTENT_TYPES)[number];

  @ApiProperty({ description: `The bytes, base64 (standard alphabet, padded); at most ${MAX_UPLOAD_BYTES} bytes decoded.` })
  @IsString() @MaxLength(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4) @IsPaddedBase64()
  contentBase64: string;
}

export class StoredFileView {
  @ApiProperty({ description: 'SHA-256 of the bytes (hex); the file\'s name in storage.' }) sha256: string;
  @ApiProperty() fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty() size: number;
}

/** Decoded bytes of an inline file, or null when they exceed the limit. */
export function decodeInline(file: InlineFileDto): Buffer | null {
  const bytes = Buffer.from(file.contentBase64, 'base64');
  return bytes.length > MAX_UPLOAD_BYTES ? null : bytes;
}
