import { AppError, assertNever } from '../common/errors/app-error.js';

export enum CasesErrorCode {
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  CASE_EVENT_NOT_ALLOWED = 'CASE_EVENT_NOT_ALLOWED',
  CASE_EVENT_FORBIDDEN = 'CASE_EVENT_FORBIDDEN',
  CASE_VERSION_MISMATCH = 'CASE_VERSION_MISMATCH',
  CASE_EVENT_INVALID = 'CASE_EVENT_INVALID',
  CASE_CONFLICT = 'CASE_CONFLICT',
}

function status(code: CasesErrorCode): number {
  switch (code) {
    case CasesErrorCode.CASE_NOT_FOUND:
      return 404;
    case CasesErrorCode.CASE_EVENT_NOT_ALLOWED:
    case CasesErrorCode.CASE_CONFLICT:
      return 409;
    case CasesErrorCode.CASE_EVENT_FORBIDDEN:
      return 403;
    case CasesErrorCode.CASE_VERSION_MISMATCH:
      return 412;
    case CasesErrorCode.CASE_EVENT_INVALID:
      return 400;
    default:
      return assertNever(code);
  }
}

export class CasesError extends AppError {
  readonly status: number;
  constructor(readonly code: CasesErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
