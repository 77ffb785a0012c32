import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { HttpError, HttpErrorCode } from './errors/http-error.js';

export class PageQuery {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`).' })
  @IsOptional() @IsString() @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor and checks its shape; a tampered cursor is a validation error, never a 500. */
export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isValid(v)) return v;
  } catch {
    // fall through
  }
  throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The cursor is not valid', {
    errors: [{ field: 'cursor', code: 'INVALID_CURSOR', message: 'cursor is not one this service issued' }],
  });
}

/** Takes limit+1 rows and turns the extra one into a cursor. */
export function pageOf<R, T>(rows: R[], limit: number, cursorOf: (last: R) => unknown, map: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const items = (more ? rows.slice(0, limit) : rows).map(map);
  return { items, nextCursor: more ? encodeCursor(cursorOf(rows[limit - 1])) : null };
}
