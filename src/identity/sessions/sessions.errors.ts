import { AppError, assertNever } from '../../platform/errors/app-error.js';
import { CLEARED_SESSION_COOKIE } from './session-cookie.js';

export enum SessionsErrorCode {
  SESSION_REQUIRED = 'SESSION_REQUIRED',
  SESSION_EXPIRED = 'SESSION_EXPIRED',
  SESSION_REVOKED = 'SESSION_REVOKED',
  CSRF_REFUSED = 'CSRF_REFUSED',
  PASSWORD_INCORRECT = 'PASSWORD_INCORRECT',
}

function status(code: SessionsErrorCode): number {
  switch (code) {
    case SessionsErrorCode.SESSION_REQUIRED:
    case SessionsErrorCode.SESSION_EXPIRED:
    case SessionsErrorCode.SESSION_REVOKED:
      return 401;
    case SessionsErrorCode.CSRF_REFUSED:
      return 403;
    // 400, not 401 or 403: the caller's access token is fine, and a console treats 401/403 as "signed out".
    case SessionsErrorCode.PASSWORD_INCORRECT:
      return 400;
    default:
      return assertNever(code);
  }
}

export class SessionsError extends AppError {
  readonly status: number;
  constructor(readonly code: SessionsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    // Every refusal of the cookie routes also removes the cookie, so a dead one is not sent again and again.
    const status_ = status(code);
    super(detail, status_ === 401 || status_ === 403 ? { ...options, headers: { ...options.headers, 'set-cookie': CLEARED_SESSION_COOKIE } } : options);
    this.status = status_;
  }
}
