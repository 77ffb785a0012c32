import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Level, Logger } from 'pino';
import type { AppConfig } from './config/config.js';

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
        // Every `err` logged anywhere: class, SQLSTATE and object names only, never statement text, parameters or values.
        err: errorForLog,
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

/** Properties of an error that name things (SQLSTATE, constraint, table, socket call) and never carry values. */
const SAFE_ERROR_FIELDS = ['code', 'errno', 'syscall', 'address', 'port', 'statusCode', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine'] as const;
const SQL_IDENTIFIER = /^[a-z_][a-z0-9_$]{0,62}$/;

/**
 * An error as logs may show it. A database error carries the failing statement (`query`), its parameters
 * (whole complaint rows, searched emails), `detail` ("Key (email)=(x@y) already exists", "Failing row contains …")
 * and a message that can quote the value it refused ('invalid input syntax for type uuid: "…"'); none of these
 * is kept. The message keeps quoted SQL identifiers (table, column, constraint names) and hides any other quoted text.
 * Accepts a raw error or pino's serialized one (whose `raw` is the original).
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  const raw = (error as { raw?: unknown } | null)?.raw ?? error;
  // Already made safe (the problem filter does so before logging): the err serializer passes it through.
  if (raw && typeof raw === 'object' && madeSafe.has(raw)) return raw as Record<string, unknown>;
  const out = safeError(error, 0);
  madeSafe.add(out);
  return out;
}

const madeSafe = new WeakSet<object>();

function safeError(error: unknown, depth: number): Record<string, unknown> {
  if (!error || typeof error !== 'object') return { type: typeof error, message: String(error) };
  const raw = ((error as { raw?: unknown }).raw ?? error) as Record<string, unknown> & { message?: unknown; stack?: unknown; cause?: unknown };
  const type = String((error as { type?: unknown }).type ?? (raw.constructor as { name?: string } | undefined)?.name ?? raw.name ?? 'Error');
  const fromDatabase = isDatabaseError(raw);
  const message = typeof raw.message === 'string' ? (fromDatabase ? scrubDatabaseMessage(raw.message, String(sqlState(raw) ?? '')) : raw.message) : '';
  const out: Record<string, unknown> = { type, message };
  if (typeof raw.stack === 'string') {
    // The first line of a stack repeats the message: rebuild it from the scrubbed one.
    const frames = raw.stack.indexOf('\n    at ');
    out.stack = `${type}: ${message}${frames >= 0 ? raw.stack.slice(frames) : ''}`;
  }
  const driver = (raw.driverError ?? {}) as Record<string, unknown>;
  for (const field of SAFE_ERROR_FIELDS) {
    const value = raw[field] ?? driver[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (raw.cause && depth < 3) out.cause = safeError(raw.cause, depth + 1);
  if (Array.isArray(raw.errors) && depth < 3) out.errors = raw.errors.slice(0, 5).map((e) => safeError(e, depth + 1));
  return out;
}

function isDatabaseError(e: Record<string, unknown>): boolean {
  return 'driverError' in e || 'query' in e || 'parameters' in e || (typeof e.severity === 'string' && typeof e.code === 'string');
}

function sqlState(e: Record<string, unknown>): unknown {
  return e.code ?? (e.driverError as { code?: unknown } | undefined)?.code;
}

/** Data exceptions (SQLSTATE class 22) quote the offending value whatever it looks like; others may quote names. */
function scrubDatabaseMessage(message: string, state: string): string {
  return message.replace(/"((?:[^"]|"")*)"/g, (quoted, inner: string) => (state.startsWith('22') || !SQL_IDENTIFIER.test(inner) ? '"…"' : quoted));
}
