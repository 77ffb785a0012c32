import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum BulletinsErrorCode {
  BULLETIN_SERIES_NOT_FOUND = 'BULLETIN_SERIES_NOT_FOUND',
  BULLETIN_SERIES_CODE_TAKEN = 'BULLETIN_SERIES_CODE_TAKEN',
  BULLETIN_SERIES_INACTIVE = 'BULLETIN_SERIES_INACTIVE',
  BULLETIN_NOT_FOUND = 'BULLETIN_NOT_FOUND',
  BULLETIN_NOT_DRAFT = 'BULLETIN_NOT_DRAFT',
  BULLETIN_NOT_SUBMITTED = 'BULLETIN_NOT_SUBMITTED',
  BULLETIN_NOT_APPROVED = 'BULLETIN_NOT_APPROVED',
  BULLETIN_NOT_IN_REVIEW = 'BULLETIN_NOT_IN_REVIEW',
  BULLETIN_EDIT_CONFLICT = 'BULLETIN_EDIT_CONFLICT',
  OWN_BULLETIN_APPROVAL = 'OWN_BULLETIN_APPROVAL',
  DISCLOSURE_NOT_PUBLISHED = 'DISCLOSURE_NOT_PUBLISHED',
  BULLETIN_DISCLOSURE_RETRACTED = 'BULLETIN_DISCLOSURE_RETRACTED',
}

function status(code: BulletinsErrorCode): number {
  switch (code) {
    case BulletinsErrorCode.BULLETIN_SERIES_NOT_FOUND:
    case BulletinsErrorCode.BULLETIN_NOT_FOUND:
      return 404;
    case BulletinsErrorCode.OWN_BULLETIN_APPROVAL:
      return 403;
    case BulletinsErrorCode.BULLETIN_SERIES_CODE_TAKEN:
    case BulletinsErrorCode.BULLETIN_SERIES_INACTIVE:
    case BulletinsErrorCode.BULLETIN_NOT_DRAFT:
    case BulletinsErrorCode.BULLETIN_NOT_SUBMITTED:
    case BulletinsErrorCode.BULLETIN_NOT_APPROVED:
    case BulletinsErrorCode.BULLETIN_NOT_IN_REVIEW:
    case BulletinsErrorCode.BULLETIN_EDIT_CONFLICT:
    case BulletinsErrorCode.BULLETIN_DISCLOSURE_RETRACTED:
      return 409;
    case BulletinsErrorCode.DISCLOSURE_NOT_PUBLISHED:
      return 422;
    default:
      return assertNever(code);
  }
}

export class BulletinsError extends AppError {
  readonly status: number;
  constructor(readonly code: BulletinsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}

export const bulletinNotFound = () => new BulletinsError(BulletinsErrorCode.BULLETIN_NOT_FOUND, 'Bulletin not found');
export const seriesNotFound = () => new BulletinsError(BulletinsErrorCode.BULLETIN_SERIES_NOT_FOUND, 'Bulletin series not found');
