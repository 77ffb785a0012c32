import { Injectable, type PipeTransform } from '@nestjs/common';
import { HttpError, HttpErrorCode } from './errors/http-error.js';

/** A path segment that must be a positive integer (a version number); anything else is simply not found. */
@Injectable()
export class PositiveIntPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,8}$/.test(value)) throw new HttpError(HttpErrorCode.NOT_FOUND, 'Not found');
    return Number(value);
  }
}
