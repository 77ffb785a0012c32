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

/** What one keyset column holds, as a cursor carries it (JSON) and checks it. */
const KEY_KINDS = {
  /** An ISO timestamp. */
  timestamp: { check: (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), cast: '::timestamptz' },
  uuid: { check: (v: unknown) => typeof v === 'string' && /^[0-9a-f-]{36}$/i.test(v), cast: '::uuid' },
  text: { check: (v: unknown) => typeof v === 'string', cast: '' },
  /** A bigint id, as a decimal string. */
  bigint: { check: (v: unknown) => typeof v === 'string' && /^\d{1,19}$/.test(v), cast: '::bigint' },
} as const;
type KeyKind = keyof typeof KEY_KINDS;
type KeyValues<K extends readonly KeyKind[]> = { [I in keyof K]: string };

export interface KeysetCursor<V extends readonly string[]> {
  /** The cursor a client sends back for the page after a row with these key values. */
  encode(values: V): string;
  /** The key values of a client's cursor (undefined without one); a cursor of another shape is VALIDATION_FAILED / INVALID_CURSOR. */
  decode(cursor: string | undefined): V | undefined;
  /** `(a, b) < (?, ?)` (descending) or `>` (ascending), for `Where.add(clause, ...values)`. */
  readonly clause: string;
  /** `a DESC, b DESC` or `a, b`. */
  readonly orderBy: string;
  /** `pageOf` with this cursor: limit+1 rows in, a page whose `nextCursor` holds the last row's key. */
  page<R, T>(rows: R[], limit: number, keyOf: (last: R) => V, map: (r: R) => T): Page<T>;
}

/**
 * Keyset pagination over the given columns, in one direction:
 * `keysetCursor('desc', ['d.published_at', 'timestamp'], ['d.id', 'uuid'])`. A one-column cursor
 * carries the bare value, a longer one an array.
 */
export function keysetCursor<const K extends readonly KeyKind[]>(
  direction: 'asc' | 'desc',
  ...columns: { [I in keyof K]: readonly [string, K[I]] }
): KeysetCursor<KeyValues<K>> {
  const kinds = columns.map(([, kind]) => KEY_KINDS[kind as KeyKind]);
  const names = columns.map(([name]) => name);
  const single = columns.length === 1;
  const isValues = (values: unknown) => Array.isArray(values) && values.length === kinds.length && kinds.every((k, i) => k.check(values[i]));
  const row = (items: string[]) => (single ? items[0] : `(${items.join(', ')})`);
  const carried = (values: KeyValues<K>): unknown => (single ? values[0] : values);
  return {
    encode: (values) => encodeCursor(carried(values)),
    decode: (cursor) => {
      const v = decodeCursor(cursor, (x): x is unknown => isValues(single ? [x] : x));
      return v === undefined ? undefined : ((single ? [v] : v) as KeyValues<K>);
    },
    clause: `${row(names)} ${direction === 'desc' ? '<' : '>'} ${row(kinds.map((k) => `?${k.cast}`))}`,
    orderBy: names.map((n) => (direction === 'desc' ? `${n} DESC` : n)).join(', '),
    page: (rows, limit, keyOf, map) => pageOf(rows, limit, (r) => carried(keyOf(r)), map),
  };
}
