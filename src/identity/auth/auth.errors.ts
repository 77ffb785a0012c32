import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum AuthErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOKEN_INVALID = 'TOKEN_INVALID',
  API_KEY_INVALID = 'API_KEY_INVALID',
  FORBIDDEN_ROLE = 'FORBIDDEN_ROLE',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
}

function status(code: AuthErrorCode): number {
  switch (code) {
    case AuthErrorCode.UNAUTHENTICATED:
    case AuthErrorCode.INVALID_CREDENTIALS:
    case AuthErrorCode.TOKEN_INVALID:
    case AuthErrorCode.API_KEY_INVALID:
      return 401;
    case AuthErrorCode.FORBIDDEN_ROLE:
      return 403;
    case AuthErrorCode.LOGIN_THROTTLED:
      return 429;
    default:
      return assertNever(code);
  }
}

export class AuthError extends AppError {
  readonly status: number;
  constructor(
    readonly code: AuthErrorCode,
    detail: string,
    options: ConstructorParameters<typeof AppError>[1] = {},
  ) {
    super(detail, options);
    this.status = status(code);
  }
}
