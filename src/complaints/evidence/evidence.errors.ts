import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum EvidenceErrorCode {
  EVIDENCE_NOT_FOUND = 'EVIDENCE_NOT_FOUND',
  EVIDENCE_INVALID = 'EVIDENCE_INVALID',
  EVIDENCE_TOO_LARGE = 'EVIDENCE_TOO_LARGE',
  EVIDENCE_TYPE_NOT_ALLOWED = 'EVIDENCE_TYPE_NOT_ALLOWED',
  EVIDENCE_LIMIT_REACHED = 'EVIDENCE_LIMIT_REACHED',
  MALFORMED_MULTIPART = 'MALFORMED_MULTIPART',
  EVIDENCE_SHARE_CONFIRMATION_REQUIRED = 'EVIDENCE_SHARE_CONFIRMATION_REQUIRED',
}

function status(code: EvidenceErrorCode): number {
  switch (code) {
    case EvidenceErrorCode.EVIDENCE_NOT_FOUND:
      return 404;
    case EvidenceErrorCode.EVIDENCE_INVALID:
    case EvidenceErrorCode.MALFORMED_MULTIPART:
    case EvidenceErrorCode.EVIDENCE_SHARE_CONFIRMATION_REQUIRED:
      return 400;
    case EvidenceErrorCode.EVIDENCE_TOO_LARGE:
      return 413;
    case EvidenceErrorCode.EVIDENCE_TYPE_NOT_ALLOWED:
      return 415;
    case EvidenceErrorCode.EVIDENCE_LIMIT_REACHED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class EvidenceError extends AppError {
  readonly status: number;
  constructor(readonly code: EvidenceErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
