import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum MailErrorCode {
  MAIL_NOT_FOUND = 'MAIL_NOT_FOUND',
  MAIL_NOT_RETRYABLE = 'MAIL_NOT_RETRYABLE',
  MAIL_KIND_UNKNOWN = 'MAIL_KIND_UNKNOWN',
  MAIL_KIND_MANDATORY = 'MAIL_KIND_MANDATORY',
  MAIL_MODE_NOT_OFFERED = 'MAIL_MODE_NOT_OFFERED',
  UNSUBSCRIBE_LINK_INVALID = 'UNSUBSCRIBE_LINK_INVALID',
}

function status(code: MailErrorCode): number {
  switch (code) {
    case MailErrorCode.MAIL_NOT_FOUND:
      return 404;
    case MailErrorCode.MAIL_NOT_RETRYABLE:
    case MailErrorCode.MAIL_KIND_MANDATORY:
      return 409;
    case MailErrorCode.MAIL_KIND_UNKNOWN:
    case MailErrorCode.MAIL_MODE_NOT_OFFERED:
    case MailErrorCode.UNSUBSCRIBE_LINK_INVALID:
      return 400;
    default:
      return assertNever(code);
  }
}

export class MailError extends AppError {
  readonly status: number;
  constructor(readonly code: MailErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
