import { type ArgumentMetadata, type ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from './errors/app-error.js';
import { HttpError, HttpErrorCode } from './errors/http-error.js';

/** Flattens class-validator's tree into `field.path` errors with a stable constraint code. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? (/^\d+$/.test(e.property) ? `${parent}[${e.property}]` : `${parent}.${e.property}`) : e.property;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push({ field, code: constraintCode(constraint), message: message.replace(/^property /, '') });
    }
    if (e.children?.length) out.push(...flattenValidationErrors(e.children, field));
  }
  return out;
}

function constraintCode(constraint: string): string {
  if (constraint === 'whitelistValidation') return 'UNKNOWN_FIELD';
  return constraint.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/** ValidationPipe that also refuses a body that is not a JSON object (an array, a string, nothing). */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const isDto = typeof metadata.metatype === 'function' && !NATIVE.has(metadata.metatype);
    if (metadata.type === 'body' && isDto && value === undefined) value = {};
    if (metadata.type === 'body' && isDto && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The request body must be a JSON object', {
        errors: [{ field: '', code: 'IS_OBJECT', message: 'body must be a JSON object' }],
      });
    }
    return super.transform(value, metadata);
  }
}

const NATIVE = new Set<unknown>([String, Boolean, Number, Array, Object]);

export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The request has invalid fields', {
        errors: flattenValidationErrors(errors),
      }),
  });
}
