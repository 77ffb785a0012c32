import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum ReportsErrorCode {
  REPORT_PERIOD_INVALID = 'REPORT_PERIOD_INVALID',
  REPORT_MEMBER_NOT_FOUND = 'REPORT_MEMBER_NOT_FOUND',
  EVALUATION_ALREADY_FINALISED = 'EVALUATION_ALREADY_FINALISED',
  EVALUATION_YEAR_NOT_ENDED = 'EVALUATION_YEAR_NOT_ENDED',
}

function status(code: ReportsErrorCode): number {
  switch (code) {
    case ReportsErrorCode.REPORT_PERIOD_INVALID:
      return 400;
    case ReportsErrorCode.REPORT_MEMBER_NOT_FOUND:
      return 404;
    case ReportsErrorCode.EVALUATION_ALREADY_FINALISED:
    case ReportsErrorCode.EVALUATION_YEAR_NOT_ENDED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class ReportsError extends AppError {
  readonly status: number;
  constructor(readonly code: ReportsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
