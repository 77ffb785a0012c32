import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Level, Logger } from 'pino';
import type { AppConfig } from '../config/config.js';

/** Never logged: credentials, receipt codes and anything that identifies a complainant. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-receipt-code"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.receiptCode',
  '*.apiKey',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.phone',
  '*.email',
  '*.contact',
  '*.complainant',
  '*.*.phone',
  '*.*.email',
  '*.*.password',
];

/**
 * nestjs-pino provides the logger (Nest's Logger, redaction, serializers); its per-request middleware
 * is not mounted (`forRoutes: []`). Mounted through Nest's middleware layer (middie) it never matched a
 * route on this stack, so no request was ever logged; made to work it would build two child loggers and
 * three listeners per request and, worse, its AsyncLocalStorage context: on Node 20 that turns on
 * promise hooks for the whole process, measured at 10-20% of the CPU of an authenticated request.
 * Request lines are written by logRequest() from the app's onResponse hook instead. Code that logs
 * while handling a request passes the request id itself (an Actor carries it as `requestId`).
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // Path only: query strings may carry search text; addresses are personal data.
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

export function requestLogLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per finished request, as pino-http wrote it: reqId, req, res, responseTime. Called from the
 * app's onResponse hook. Aborted requests are not logged: Fastify's onRequestAbort hook would cost a
 * 'close' listener on every request.
 */
export function logRequest(logger: Logger, request: FastifyRequest, reply: FastifyReply): void {
  const level = requestLogLevel(reply.statusCode);
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      reqId: request.id,
      req: { id: request.id, method: request.method, url: request.url },
      res: reply.raw,
      responseTime: Math.round(reply.elapsedTime),
    },
    level === 'error' ? 'request errored' : 'request completed',
  );
}
