import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum ReferralsErrorCode {
  REFERRAL_NOT_FOUND = 'REFERRAL_NOT_FOUND',
  REFERRAL_EVIDENCE_NOT_FOUND = 'REFERRAL_EVIDENCE_NOT_FOUND',
  REFERRAL_RETRACTED = 'REFERRAL_RETRACTED',
  REFERRAL_NOT_CURRENT = 'REFERRAL_NOT_CURRENT',
  REFERRAL_AGENCY_UNKNOWN = 'REFERRAL_AGENCY_UNKNOWN',
  SIGNING_KEY_NOT_FOUND = 'SIGNING_KEY_NOT_FOUND',
  REFERRAL_STORAGE_INTEGRITY = 'REFERRAL_STORAGE_INTEGRITY',
}

function status(code: ReferralsErrorCode): number {
  switch (code) {
    case ReferralsErrorCode.REFERRAL_NOT_FOUND:
    case ReferralsErrorCode.REFERRAL_EVIDENCE_NOT_FOUND:
    case ReferralsErrorCode.SIGNING_KEY_NOT_FOUND:
      return 404;
    case ReferralsErrorCode.REFERRAL_RETRACTED:
      return 410;
    case ReferralsErrorCode.REFERRAL_NOT_CURRENT:
    case ReferralsErrorCode.REFERRAL_AGENCY_UNKNOWN:
      return 409;
    case ReferralsErrorCode.REFERRAL_STORAGE_INTEGRITY:
      return 500;
    default:
      return assertNever(code);
  }
}

export class ReferralsError extends AppError {
  readonly status: number;
  constructor(readonly code: ReferralsErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
