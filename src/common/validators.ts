import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
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
