import { AppError, assertNever } from '../../platform/errors/app-error.js';

export enum SignaturesErrorCode {
  SIGNATURE_NOT_FOUND = 'SIGNATURE_NOT_FOUND',
  MEMBER_REQUIRED = 'MEMBER_REQUIRED',
  VERSION_NOT_PUBLISHED = 'VERSION_NOT_PUBLISHED',
  VERSION_SUPERSEDED = 'VERSION_SUPERSEDED',
  MEMBER_NOT_ACTIVE = 'MEMBER_NOT_ACTIVE',
  ALREADY_SIGNED = 'ALREADY_SIGNED',
  ARTICLE_NOT_IN_VERSION = 'ARTICLE_NOT_IN_VERSION',
  SIGNATURE_METHOD_INVALID = 'SIGNATURE_METHOD_INVALID',
  DOCUMENT_INVALID = 'DOCUMENT_INVALID',
  DOCUMENT_TOO_LARGE = 'DOCUMENT_TOO_LARGE',
  SIGNED_AT_INVALID = 'SIGNED_AT_INVALID',
  SIGNATURE_ALREADY_WITHDRAWN = 'SIGNATURE_ALREADY_WITHDRAWN',
  SIGNATURE_NOT_CURRENT = 'SIGNATURE_NOT_CURRENT',
  DOCUMENT_NOT_FOUND = 'DOCUMENT_NOT_FOUND',
}

function status(code: SignaturesErrorCode): number {
  switch (code) {
    case SignaturesErrorCode.SIGNATURE_NOT_FOUND:
    case SignaturesErrorCode.DOCUMENT_NOT_FOUND:
      return 404;
    case SignaturesErrorCode.MEMBER_REQUIRED:
    case SignaturesErrorCode.ARTICLE_NOT_IN_VERSION:
    case SignaturesErrorCode.SIGNATURE_METHOD_INVALID:
    case SignaturesErrorCode.DOCUMENT_INVALID:
    case SignaturesErrorCode.SIGNED_AT_INVALID:
      return 400;
    case SignaturesErrorCode.DOCUMENT_TOO_LARGE:
      return 413;
    case SignaturesErrorCode.VERSION_NOT_PUBLISHED:
    case SignaturesErrorCode.VERSION_SUPERSEDED:
    case SignaturesErrorCode.MEMBER_NOT_ACTIVE:
    case SignaturesErrorCode.ALREADY_SIGNED:
    case SignaturesErrorCode.SIGNATURE_ALREADY_WITHDRAWN:
    case SignaturesErrorCode.SIGNATURE_NOT_CURRENT:
      return 409;
    default:
      return assertNever(code);
  }
}

export class SignaturesError extends AppError {
  readonly status: number;
  constructor(readonly code: SignaturesErrorCode, detail: string, options: ConstructorParameters<typeof AppError>[1] = {}) {
    super(detail, options);
    this.status = status(code);
  }
}
