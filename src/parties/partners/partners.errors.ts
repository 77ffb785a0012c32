import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum PartnersErrorCode {
  PARTNER_NOT_FOUND = 'PARTNER_NOT_FOUND',
  PARTNER_NAME_TAKEN = 'PARTNER_NAME_TAKEN',
}

function status(code: PartnersErrorCode): number {
  switch (code) {
    case PartnersErrorCode.PARTNER_NOT_FOUND:
      return 404;
    case PartnersErrorCode.PARTNER_NAME_TAKEN:
      return 409;
    default:
      return assertNever(code);
  }
}

export class PartnersError extends AppError {
  readonly status: number;
  constructor(readonly code: PartnersErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
