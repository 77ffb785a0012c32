import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum AgenciesErrorCode {
  AGENCY_NOT_FOUND = 'AGENCY_NOT_FOUND',
  AGENCY_NAME_TAKEN = 'AGENCY_NAME_TAKEN',
}

function status(code: AgenciesErrorCode): number {
  switch (code) {
    case AgenciesErrorCode.AGENCY_NOT_FOUND:
      return 404;
    case AgenciesErrorCode.AGENCY_NAME_TAKEN:
      return 409;
    default:
      return assertNever(code);
  }
}

export class AgenciesError extends AppError {
  readonly status: number;
  constructor(readonly code: AgenciesErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
