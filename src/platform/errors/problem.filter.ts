import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db-errors.js';
import { errorForLog } from '../logging.js';
import { AppError } from './app-error.js';
import { HttpError, HttpErrorCode, httpErrorStatus } from './http-error.js';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

interface Mapped {
  status: number;
  code: string;
  detail?: string;
  errors?: AppError['options']['errors'];
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const FASTIFY_CODES: Record<string, HttpErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: HttpErrorCode.BAD_REQUEST,
  FST_ERR_CTP_BODY_TOO_LARGE: HttpErrorCode.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_EMPTY_JSON_BODY: HttpErrorCode.MALFORMED_JSON,
  FST_ERR_CTP_INVALID_JSON_BODY: HttpErrorCode.MALFORMED_JSON,
  FST_ERR_CTP_EMPTY_TYPE: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_TYPE: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_BAD_URL: HttpErrorCode.BAD_REQUEST,
  FST_ERR_MAX_PARAM_LENGTH: HttpErrorCode.URI_TOO_LONG,
  FST_ERR_ASYNC_CONSTRAINT: HttpErrorCode.BAD_REQUEST,
};

const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_BAD_URL: 'The URL is not valid (a malformed percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is longer than the server accepts',
};

const DETAILS_BY_CODE: Partial<Record<HttpErrorCode, string>> = {
  [HttpErrorCode.MALFORMED_JSON]: 'The request body is not valid JSON',
  [HttpErrorCode.PAYLOAD_TOO_LARGE]: 'The request body is larger than the limit',
  [HttpErrorCode.UNSUPPORTED_MEDIA_TYPE]: 'Unsupported Content-Type; send application/json',
};

const STATUS_CODES_MAP: Record<number, HttpErrorCode> = {
  400: HttpErrorCode.BAD_REQUEST,
  401: HttpErrorCode.UNAUTHENTICATED,
  403: HttpErrorCode.FORBIDDEN,
  404: HttpErrorCode.ROUTE_NOT_FOUND,
  405: HttpErrorCode.METHOD_NOT_ALLOWED,
  409: HttpErrorCode.CONFLICT,
  408: HttpErrorCode.REQUEST_TIMEOUT,
  412: HttpErrorCode.PRECONDITION_FAILED,
  413: HttpErrorCode.PAYLOAD_TOO_LARGE,
  414: HttpErrorCode.URI_TOO_LONG,
  415: HttpErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: HttpErrorCode.RATE_LIMITED,
  431: HttpErrorCode.HEADERS_TOO_LARGE,
  503: HttpErrorCode.SERVICE_UNAVAILABLE,
};

const DATABASE_UNAVAILABLE: Mapped = {
  status: 503,
  code: HttpErrorCode.SERVICE_UNAVAILABLE,
  detail: 'The service cannot reach its database; retry later',
  headers: { 'retry-after': '5' },
};

/** Maps any error to one shape. Only AppError details reach the client; everything unexpected is a 500 with the request id. */
export function mapError(error: unknown): Mapped | undefined {
  if (error instanceof AppError) {
    return {
      status: error.status,
      code: error.code,
      detail: error.detail,
      errors: error.options.errors,
      extensions: error.options.extensions,
      headers: error.options.headers,
    };
  }
  // The one place a database outage becomes 503: the request may be retried, and nothing about it was wrong.
  if (isDatabaseUnavailable(error)) return DATABASE_UNAVAILABLE;
  // Nest wraps Fastify's own errors (body parsing, limits) in an HttpException with the original as cause.
  if (error instanceof HttpException && error.cause && typeof (error.cause as { code?: unknown }).code === 'string') {
    const fromCause = mapError(error.cause);
    if (fromCause) return fromCause;
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = STATUS_CODES_MAP[status];
    if (!code) return undefined;
    if (status === 429) return { status, code, detail: 'Too many requests; retry later' };
    if (code === HttpErrorCode.ROUTE_NOT_FOUND) return { status, code, detail: 'No route matches this method and path' };
    return { status, code, detail: status < 500 ? safeMessage(error) : undefined };
  }
  const e = error as { statusCode?: number; code?: string; message?: string; name?: string } | undefined;
  if (e && typeof e.code === 'string' && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code];
    return { status: httpErrorStatus(code), code, detail: FASTIFY_DETAILS[e.code] ?? DETAILS_BY_CODE[code] ?? 'The request could not be read' };
  }
  if (e && e.name === 'SyntaxError' && e.statusCode === 400) {
    return { status: 400, code: HttpErrorCode.MALFORMED_JSON, detail: 'The request body is not valid JSON' };
  }
  if (e && typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const code = STATUS_CODES_MAP[e.statusCode] ?? HttpErrorCode.BAD_REQUEST;
    return { status: httpErrorStatus(code), code, detail: 'The request could not be processed' };
  }
  return undefined;
}

function allowedMethods(request: FastifyRequest): string[] {
  const server = request.server as unknown as { allowedMethods?: (path: string) => string[] };
  return server.allowedMethods?.(request.url.split('?')[0]) ?? [];
}

function safeMessage(error: HttpException): string | undefined {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, logger: Logger): void {
  let mapped = mapError(error);
  if (mapped?.code === HttpErrorCode.ROUTE_NOT_FOUND) {
    const allowed = allowedMethods(request);
    // The mirror can match where Fastify's router did not (an empty last parameter, `/window/assets/`): that is 404.
    if (allowed.length > 0 && !allowed.includes(request.method === 'HEAD' ? 'GET' : request.method)) {
      mapped = {
        status: 405,
        code: HttpErrorCode.METHOD_NOT_ALLOWED,
        detail: `${request.method} is not allowed here; use ${allowed.join(', ')}`,
        headers: { allow: allowed.join(', ') },
      };
    }
  }
  const requestId = String(request.id);
  // reqId: the key the request lines use, so one search finds both. errorForLog keeps no statement, parameter or value.
  if (!mapped) logger.error({ err: errorForLog(error), reqId: requestId, route: request.routeOptions?.url }, 'Unhandled error');
  else if (mapped === DATABASE_UNAVAILABLE) logger.warn({ err: errorForLog(error), reqId: requestId, route: request.routeOptions?.url }, 'Database unavailable');
  const m: Mapped = mapped ?? {
    status: 500,
    code: HttpErrorCode.INTERNAL_ERROR,
    detail: `An unexpected error occurred; quote request id ${requestId} when reporting it`,
  };
  if (reply.sent) return;
  for (const [k, v] of Object.entries(m.headers ?? {})) void reply.header(k, v);
  void reply
    .status(m.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(
      JSON.stringify(
        buildProblem({
          status: m.status,
          code: m.code,
          detail: m.detail,
          instance: request.url.split('?')[0],
          requestId,
          errors: m.errors,
          extensions: m.extensions,
        }),
      ),
    );
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    sendProblem(ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>(), exception, this.logger);
  }
}

export { HttpError };
