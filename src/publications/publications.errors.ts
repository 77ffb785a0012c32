import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum PublicationsErrorCode {
  DISCLOSURE_NOT_FOUND = 'DISCLOSURE_NOT_FOUND',
  DISCLOSURE_ALREADY_RETRACTED = 'DISCLOSURE_ALREADY_RETRACTED',
  DISCLOSURE_NOT_PROPOSED = 'DISCLOSURE_NOT_PROPOSED',
}

function status(code: PublicationsErrorCode): number {
  switch (code) {
    case PublicationsErrorCode.DISCLOSURE_NOT_FOUND:
      return 404;
    case PublicationsErrorCode.DISCLOSURE_ALREADY_RETRACTED:
    case PublicationsErrorCode.DISCLOSURE_NOT_PROPOSED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class PublicationsError extends AppError {
  readonly status: number;
  constructor(readonly code: PublicationsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
