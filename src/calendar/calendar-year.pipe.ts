import { Injectable, type PipeTransform } from '@nestjs/common';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';

/** A calendar year in a path: four digits, 1900–2200 (what calendar_years accepts). */
@Injectable()
export class CalendarYearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= 1900 && year <= 2200)) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The year is not valid', {
        errors: [{ field: 'year', code: 'INVALID_YEAR', message: 'year must be a four-digit year from 1900 to 2200' }],
      });
    }
    return year;
  }
}
