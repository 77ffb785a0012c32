import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum PactsErrorCode {
  CONVENTION_NOT_FOUND = 'CONVENTION_NOT_FOUND',
  CONVENTION_CODE_TAKEN = 'CONVENTION_CODE_TAKEN',
  VERSION_NOT_FOUND = 'VERSION_NOT_FOUND',
  DRAFT_ALREADY_EXISTS = 'DRAFT_ALREADY_EXISTS',
  VERSION_IMMUTABLE = 'VERSION_IMMUTABLE',
  VERSION_EMPTY = 'VERSION_EMPTY',
  ARTICLE_NUMBERS_DUPLICATE = 'ARTICLE_NUMBERS_DUPLICATE',
  EFFECTIVE_DATE_TOO_EARLY = 'EFFECTIVE_DATE_TOO_EARLY',
}

function status(code: PactsErrorCode): number {
  switch (code) {
    case PactsErrorCode.CONVENTION_NOT_FOUND:
    case PactsErrorCode.VERSION_NOT_FOUND:
      return 404;
    case PactsErrorCode.ARTICLE_NUMBERS_DUPLICATE:
      return 400;
    case PactsErrorCode.CONVENTION_CODE_TAKEN:
    case PactsErrorCode.DRAFT_ALREADY_EXISTS:
    case PactsErrorCode.VERSION_IMMUTABLE:
    case PactsErrorCode.VERSION_EMPTY:
    case PactsErrorCode.EFFECTIVE_DATE_TOO_EARLY:
      return 409;
    default:
      return assertNever(code);
  }
}

export class PactsError extends AppError {
  readonly status: number;
  constructor(readonly code: PactsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}

export const conventionNotFound = () => new PactsError(PactsErrorCode.CONVENTION_NOT_FOUND, 'Convention not found');
export const versionNotFound = () => new PactsError(PactsErrorCode.VERSION_NOT_FOUND, 'Convention version not found');
