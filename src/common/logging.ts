import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
 * listeners per request even with request logs off. installRequestLogging() does the same job with
 * two Fastify hooks, and the request id reaches in-request log lines through `mixin`.
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

/**
 * One line per finished request, as pino-http wrote it: reqId, req, res, responseTime. Aborted requests
 * are not logged: Fastify's onRequestAbort hook costs a 'close' listener on every request.
 */
export function installRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) => currentRequest.run(request, done));
  const req = (request: FastifyRequest) => ({ id: request.id, method: request.method, url: request.url });
  fastify.addHook('onResponse', (request, reply, done) => {
    const level = requestLogLevel(reply.statusCode);
    if (logger.isLevelEnabled(level)) {
      const fields = { reqId: request.id, req: req(request), res: reply.raw, responseTime: Math.round(reply.elapsedTime) };
      logger[level](fields, level === 'error' ? 'request errored' : 'request completed');
    }
    done();
  });
}
