import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum SelfInspectionsErrorCode {
  SELF_INSPECTION_NOT_FOUND = 'SELF_INSPECTION_NOT_FOUND',
  ATTACHMENT_NOT_FOUND = 'ATTACHMENT_NOT_FOUND',
  SELF_INSPECTIONS_NOT_EXPECTED = 'SELF_INSPECTIONS_NOT_EXPECTED',
  PERIOD_INVALID = 'PERIOD_INVALID',
  PERIOD_NOT_STARTED = 'PERIOD_NOT_STARTED',
  NOT_A_SIGNATORY = 'NOT_A_SIGNATORY',
  ARTICLE_NOT_IN_VERSION = 'ARTICLE_NOT_IN_VERSION',
  SELF_INSPECTION_ALREADY_FILED = 'SELF_INSPECTION_ALREADY_FILED',
  SELF_INSPECTION_NOT_SUBMITTED = 'SELF_INSPECTION_NOT_SUBMITTED',
  REVIEW_COMMENTS_REQUIRED = 'REVIEW_COMMENTS_REQUIRED',
  ATTACHMENT_TOO_LARGE = 'ATTACHMENT_TOO_LARGE',
}

function status(code: SelfInspectionsErrorCode): number {
  switch (code) {
    case SelfInspectionsErrorCode.SELF_INSPECTION_NOT_FOUND:
    case SelfInspectionsErrorCode.ATTACHMENT_NOT_FOUND:
      return 404;
    case SelfInspectionsErrorCode.PERIOD_INVALID:
    case SelfInspectionsErrorCode.PERIOD_NOT_STARTED:
    case SelfInspectionsErrorCode.ARTICLE_NOT_IN_VERSION:
    case SelfInspectionsErrorCode.REVIEW_COMMENTS_REQUIRED:
      return 400;
    case SelfInspectionsErrorCode.ATTACHMENT_TOO_LARGE:
      return 413;
    case SelfInspectionsErrorCode.SELF_INSPECTIONS_NOT_EXPECTED:
    case SelfInspectionsErrorCode.NOT_A_SIGNATORY:
    case SelfInspectionsErrorCode.SELF_INSPECTION_ALREADY_FILED:
    case SelfInspectionsErrorCode.SELF_INSPECTION_NOT_SUBMITTED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class SelfInspectionsError extends AppError {
  readonly status: number;
  constructor(readonly code: SelfInspectionsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
