import { AppError, assertNever, type FieldError } from './app-error.js';

/** Errors of the HTTP platform itself, before any feature is involved. */
export enum HttpErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  BAD_REQUEST = 'BAD_REQUEST',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  PRECONDITION_FAILED = 'PRECONDITION_FAILED',
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  URI_TOO_LONG = 'URI_TOO_LONG',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  RATE_LIMITED = 'RATE_LIMITED',
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

export function httpErrorStatus(code: HttpErrorCode): number {
  switch (code) {
    case HttpErrorCode.VALIDATION_FAILED:
    case HttpErrorCode.MALFORMED_JSON:
    case HttpErrorCode.BAD_REQUEST:
      return 400;
    case HttpErrorCode.UNAUTHENTICATED:
      return 401;
    case HttpErrorCode.FORBIDDEN:
      return 403;
    case HttpErrorCode.NOT_FOUND:
    case HttpErrorCode.ROUTE_NOT_FOUND:
      return 404;
    case HttpErrorCode.METHOD_NOT_ALLOWED:
      return 405;
    case HttpErrorCode.CONFLICT:
      return 409;
    case HttpErrorCode.PRECONDITION_FAILED:
      return 412;
    case HttpErrorCode.REQUEST_TIMEOUT:
      return 408;
    case HttpErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case HttpErrorCode.URI_TOO_LONG:
      return 414;
    case HttpErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case HttpErrorCode.RATE_LIMITED:
      return 429;
    case HttpErrorCode.HEADERS_TOO_LARGE:
      return 431;
    case HttpErrorCode.INTERNAL_ERROR:
      return 500;
    case HttpErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    default:
      return assertNever(code);
  }
}

export class HttpError extends AppError {
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(detail, options);
    this.status = httpErrorStatus(code);
  }
}

/** Shorthand for the common "not found, or not yours": the two must be indistinguishable. */
export const notFound = (what: string) => new HttpError(HttpErrorCode.NOT_FOUND, `${what} not found`);
