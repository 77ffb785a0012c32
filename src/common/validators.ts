import { registerDecorator, type ValidationOptions } from 'class-validator';
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
