import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum ComplaintsErrorCode {
  COMPLAINT_INVALID = 'COMPLAINT_INVALID',
  BATCH_INVALID = 'BATCH_INVALID',
  IDEMPOTENCY_KEY_REQUIRED = 'IDEMPOTENCY_KEY_REQUIRED',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  EXTERNAL_ID_EXISTS = 'EXTERNAL_ID_EXISTS',
  COMPLAINT_NOT_FOUND = 'COMPLAINT_NOT_FOUND',
  RECEIPT_THROTTLED = 'RECEIPT_THROTTLED',
}

function status(code: ComplaintsErrorCode): number {
  switch (code) {
    case ComplaintsErrorCode.COMPLAINT_INVALID:
    case ComplaintsErrorCode.BATCH_INVALID:
    case ComplaintsErrorCode.IDEMPOTENCY_KEY_REQUIRED:
      return 400;
    case ComplaintsErrorCode.COMPLAINT_NOT_FOUND:
      return 404;
    case ComplaintsErrorCode.IDEMPOTENCY_IN_PROGRESS:
    case ComplaintsErrorCode.EXTERNAL_ID_EXISTS:
      return 409;
    case ComplaintsErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case ComplaintsErrorCode.RECEIPT_THROTTLED:
      return 429;
    default:
      return assertNever(code);
  }
}

export class ComplaintsError extends AppError {
  readonly status: number;
  constructor(readonly code: ComplaintsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
