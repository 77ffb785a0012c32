import { AppError, assertNever } from '../platform/errors/app-error.js';

/** Refusals of the public complaint route before any complaint rule: the challenge, the site key, the origin. */
export enum PublicIntakeErrorCode {
  CHALLENGE_FAILED = 'CHALLENGE_FAILED',
  SITE_KEY_INVALID = 'SITE_KEY_INVALID',
  ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED',
}

function status(code: PublicIntakeErrorCode): number {
  switch (code) {
    case PublicIntakeErrorCode.CHALLENGE_FAILED:
    case PublicIntakeErrorCode.SITE_KEY_INVALID:
      return 400;
    case PublicIntakeErrorCode.ORIGIN_NOT_ALLOWED:
      return 403;
    default:
      return assertNever(code);
  }
}

export class PublicIntakeError extends AppError {
  readonly status: number;
  constructor(readonly code: PublicIntakeErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
