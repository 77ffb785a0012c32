import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum UsersErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  ROLE_BINDING_INVALID = 'ROLE_BINDING_INVALID',
  CANNOT_DISABLE_SELF = 'CANNOT_DISABLE_SELF',
}

function status(code: UsersErrorCode): number {
  switch (code) {
    case UsersErrorCode.EMAIL_TAKEN:
      return 409;
    case UsersErrorCode.USER_NOT_FOUND:
      return 404;
    case UsersErrorCode.ROLE_BINDING_INVALID:
      return 400;
    case UsersErrorCode.CANNOT_DISABLE_SELF:
      return 409;
    default:
      return assertNever(code);
  }
}

export class UsersError extends AppError {
  readonly status: number;
  constructor(readonly code: UsersErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
