import { AppError, assertNever } from '../platform/errors/app-error.js';

export enum MembersErrorCode {
  MEMBER_NOT_FOUND = 'MEMBER_NOT_FOUND',
  CREDIT_CODE_INVALID = 'CREDIT_CODE_INVALID',
  CREDIT_CODE_REQUIRED = 'CREDIT_CODE_REQUIRED',
  CREDIT_CODE_NOT_ALLOWED = 'CREDIT_CODE_NOT_ALLOWED',
  CREDIT_CODE_TAKEN = 'CREDIT_CODE_TAKEN',
  DOMAIN_INVALID = 'DOMAIN_INVALID',
  DOMAIN_TAKEN = 'DOMAIN_TAKEN',
  MEMBER_FIELD_NOT_EDITABLE = 'MEMBER_FIELD_NOT_EDITABLE',
  MEMBER_STATUS_UNCHANGED = 'MEMBER_STATUS_UNCHANGED',
}

function status(code: MembersErrorCode): number {
  switch (code) {
    case MembersErrorCode.MEMBER_NOT_FOUND:
      return 404;
    case MembersErrorCode.CREDIT_CODE_INVALID:
    case MembersErrorCode.CREDIT_CODE_REQUIRED:
    case MembersErrorCode.CREDIT_CODE_NOT_ALLOWED:
    case MembersErrorCode.DOMAIN_INVALID:
      return 400;
    case MembersErrorCode.MEMBER_FIELD_NOT_EDITABLE:
      return 403;
    case MembersErrorCode.CREDIT_CODE_TAKEN:
    case MembersErrorCode.DOMAIN_TAKEN:
    case MembersErrorCode.MEMBER_STATUS_UNCHANGED:
      return 409;
    default:
      return assertNever(code);
  }
}

export class MembersError extends AppError {
  readonly status: number;
  constructor(readonly code: MembersErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}

/** "Not found" and "not yours" are the same answer for a member_rep. */
export const memberNotFound = () => new MembersError(MembersErrorCode.MEMBER_NOT_FOUND, 'Member not found');
