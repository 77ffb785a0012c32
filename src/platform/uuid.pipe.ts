import { Injectable, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { HttpError, HttpErrorCode } from './errors/http-error.js';

/** A path id that is not a UUID is simply not found (no hint about the id space). */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUUID(value)) throw new HttpError(HttpErrorCode.NOT_FOUND, 'Not found');
    return value;
  }
}
