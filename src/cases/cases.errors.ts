import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum CasesErrorCode {
  CASE_NOT_FOUND = 'CASE_NOT_FOUND',
  CASE_EVENT_NOT_ALLOWED = 'CASE_EVENT_NOT_ALLOWED',
  CASE_EVENT_FORBIDDEN = 'CASE_EVENT_FORBIDDEN',
  CASE_VERSION_MISMATCH = 'CASE_VERSION_MISMATCH',
  CASE_EVENT_INVALID = 'CASE_EVENT_INVALID',
  CASE_CONFLICT = 'CASE_CONFLICT',
  /** MERGE naming the case itself. */
  MERGE_INTO_SELF = 'MERGE_INTO_SELF',
  /** MERGE naming a case that does not exist. */
  MERGE_TARGET_NOT_FOUND = 'MERGE_TARGET_NOT_FOUND',
  /** MERGE into a case that is itself merged (merge into the case it went to instead). */
  MERGE_TARGET_MERGED = 'MERGE_TARGET_MERGED',
  /** MERGE into a closed, dismissed or withdrawn case. */
  MERGE_TARGET_CLOSED = 'MERGE_TARGET_CLOSED',
}

function status(code: CasesErrorCode): number {
  switch (code) {
    case CasesErrorCode.CASE_NOT_FOUND:
      return 404;
    case CasesErrorCode.CASE_EVENT_NOT_ALLOWED:
    case CasesErrorCode.CASE_CONFLICT:
    case CasesErrorCode.MERGE_TARGET_MERGED:
    case CasesErrorCode.MERGE_TARGET_CLOSED:
      return 409;
    // The request names an impossible target: no state of either case would make it acceptable.
    case CasesErrorCode.MERGE_INTO_SELF:
    case CasesErrorCode.MERGE_TARGET_NOT_FOUND:
      return 422;
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
