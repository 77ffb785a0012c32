import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum OutboundErrorCode {
  /** No live callback with this id (a test complaint's callback is not on the admin's list either). */
  CALLBACK_NOT_FOUND = 'CALLBACK_NOT_FOUND',
  /** The callback is not dead: it is delivered, or already queued again (a second retry sends nothing twice). */
  CALLBACK_NOT_RETRYABLE = 'CALLBACK_NOT_RETRYABLE',
  /** Its partner is suspended: its callbacks stay dead until it is active again. */
  CALLBACK_PARTNER_SUSPENDED = 'CALLBACK_PARTNER_SUSPENDED',
  /** Its partner has no callback URL or secret (or is gone): there is nowhere to send it. */
  CALLBACK_TARGET_MISSING = 'CALLBACK_TARGET_MISSING',
}

function status(code: OutboundErrorCode): number {
  switch (code) {
    case OutboundErrorCode.CALLBACK_NOT_FOUND:
      return 404;
    case OutboundErrorCode.CALLBACK_NOT_RETRYABLE:
    case OutboundErrorCode.CALLBACK_PARTNER_SUSPENDED:
    case OutboundErrorCode.CALLBACK_TARGET_MISSING:
      return 409;
    default:
      return assertNever(code);
  }
}

export class OutboundError extends AppError {
  readonly status: number;
  constructor(readonly code: OutboundErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
