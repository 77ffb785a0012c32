import type { FastifyReply, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The request being handled, for the `reqId` of every log line written while handling it. */
const currentRequest = new AsyncLocalStorage<FastifyRequest>();

/**
 * nestjs-pino provides the logger (Nest's Logger, redaction, serializers) but not its per-request
 * middleware: that ran through Nest's middleware layer (middie) and built two child loggers and three
 * listeners per request even with request logs off. The app's own Fastify hooks do the same job
 * (withRequestContext, logRequest), and the request id reaches in-request log lines through `mixin`.
 */
export function loggerOptions(config: AppConfig): Params {
  return {
    forRoutes: [],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin: () => {
        const req = currentRequest.getStore();
        return req ? { reqId: req.id } : {};
      },
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

/** Runs the rest of the request (hooks, guards, handler) with the request as the logging context. */
export function withRequestContext(request: FastifyRequest, next: () => void): void {
  currentRequest.run(request, next);
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
