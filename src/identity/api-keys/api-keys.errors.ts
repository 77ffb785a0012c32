import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum ApiKeysErrorCode {
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  API_KEY_ALREADY_REVOKED = 'API_KEY_ALREADY_REVOKED',
  API_KEY_ALREADY_ROTATED = 'API_KEY_ALREADY_ROTATED',
  API_KEY_OWNER_NOT_FOUND = 'API_KEY_OWNER_NOT_FOUND',
}

function status(code: ApiKeysErrorCode): number {
  switch (code) {
    case ApiKeysErrorCode.API_KEY_NOT_FOUND:
      return 404;
    case ApiKeysErrorCode.API_KEY_ALREADY_REVOKED:
    case ApiKeysErrorCode.API_KEY_ALREADY_ROTATED:
      return 409;
    case ApiKeysErrorCode.API_KEY_OWNER_NOT_FOUND:
      return 422;
    default:
      return assertNever(code);
  }
}

export class ApiKeysError extends AppError {
  readonly status: number;
  constructor(readonly code: ApiKeysErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
