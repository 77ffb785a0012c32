import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
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

export function loggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // fastify already assigned the id (from X-Request-Id or generated) and put it on the raw request.
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? 'unknown',
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        // Path only: query strings may carry search text; addresses are personal data.
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      quietReqLogger: true,
    },
  };
}
