import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum SiteKeysErrorCode {
  SITE_KEY_NOT_FOUND = 'SITE_KEY_NOT_FOUND',
  SITE_KEY_ALREADY_REVOKED = 'SITE_KEY_ALREADY_REVOKED',
}

function status(code: SiteKeysErrorCode): number {
  switch (code) {
    case SiteKeysErrorCode.SITE_KEY_NOT_FOUND:
      return 404;
    case SiteKeysErrorCode.SITE_KEY_ALREADY_REVOKED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class SiteKeysError extends AppError {
  readonly status: number;
  constructor(readonly code: SiteKeysErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
