import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { isISO8601, IsOptional, IsString, MaxLength, MinLength, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isIsoDate } from './dates.js';

/** A real calendar date written `YYYY-MM-DD`; field error code `IS_CALENDAR_DATE`. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date written YYYY-MM-DD`, ...options },
      validator: { validate: (value: unknown) => isIsoDate(value) },
    });
}

/** True for a base64 character of the standard alphabet (A-Z, a-z, 0-9, +, /). */
function isBase64Char(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}

/**
 * Standard, padded base64 (what validator's isBase64 accepts by default), checked in one pass over the characters.
 * Not a regular expression: V8 compiles regexps unoptimised once a process has generated 1 MB of regexp code, and
 * then /^[A-Za-z0-9+/]+={0,2}$/ overflows its backtrack stack on a few million characters (RangeError, a 500).
 */
export function isPaddedBase64(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.length === 0) return true;
  if (value.length % 4 !== 0) return false;
  let end = value.length;
  if (value.charCodeAt(end - 1) === 0x3d) end--;
  if (value.charCodeAt(end - 1) === 0x3d) end--;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) if (!isBase64Char(value.charCodeAt(i))) return false;
  return true;
}

/** Field error code `IS_BASE64`, like class-validator's @IsBase64(), for values of any length (inline uploads). */
export function IsPaddedBase64(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBase64',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be base64 encoded`, ...options },
      validator: { validate: (value: unknown) => isPaddedBase64(value) },
    });
}

/**
 * Like @Matches(pattern), but a value longer than `maxLength` fails without the pattern running over it (upload routes
 * take bodies of megabytes; see isPaddedBase64). Pair it with @MaxLength(maxLength). Field error code `MATCHES`.
 */
export function MatchesShort(pattern: RegExp, maxLength: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'matches',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must match ${pattern} regular expression`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= maxLength && pattern.test(value) },
    });
}

/** Longest ISO 8601 moment accepted (`2026-03-15T10:00:00.123456789+08:00` is 35). */
const MAX_ISO_MOMENT = 64;

/**
 * Like @IsISO8601(options), but a value longer than 64 characters fails without validator's regular expression
 * running over it (see isPaddedBase64). Field error code `IS_ISO8601`.
 */
export function IsIsoMoment(iso: Parameters<typeof isISO8601>[1] = {}, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIso8601',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a valid ISO 8601 date string`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= MAX_ISO_MOMENT && isISO8601(value, iso) },
    });
}

/** Field error code `NOT_NULL`. */
function NotNull(): PropertyDecorator {
  return (object: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'notNull',
      target: object.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not be null (leave it out to keep the current value)` },
      validator: { validate: (value: unknown) => value !== null },
    });
}

/**
 * Optional, but not null: absent keeps the stored value, null is refused (the column is NOT NULL). Use instead
 * of @IsOptional(), which lets null through to the database.
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(ValidateIf((_: unknown, value: unknown) => value !== undefined), NotNull());
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Required text (a title, name, label, reason): trimmed, then at least `minLength` (1) and at most `maxLength` characters. */
export function RequiredText(maxLength: number, minLength = 1): PropertyDecorator {
  return applyDecorators(Transform(trimmed), IsString(), MinLength(minLength, { message: `$property must not be empty or blank` }), MaxLength(maxLength));
}

/**
 * Optional text, trimmed. `required`: when given it must have content (a title). `nullable`: null clears it;
 * otherwise null is refused (a NOT NULL column).
 */
export function OptionalText(maxLength: number, o: { required?: boolean; nullable?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    o.nullable ? IsOptional() : OptionalNotNull(),
    Transform(trimmed),
    IsString(),
    ...(o.required ? [MinLength(1, { message: `$property must not be empty or blank` })] : []),
    MaxLength(maxLength),
  );
}
