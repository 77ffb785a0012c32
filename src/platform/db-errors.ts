/** True when a database error is a unique violation (optionally of the named constraint or index). */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  const name = err?.constraint ?? err?.driverError?.constraint;
  return code === '23505' && (!constraint || name === constraint);
}

/** True when a database error is a foreign-key violation (optionally of the named constraint). */
export function isForeignKeyViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = err?.code ?? err?.driverError?.code;
  const name = err?.constraint ?? err?.driverError?.constraint;
  return code === '23503' && (!constraint || name === constraint);
}

/** True when PostgreSQL gave up on a transaction to break a deadlock or a serialization conflict (retrying may succeed). */
export function isTransactionConflict(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  const code = err?.code ?? err?.driverError?.code;
  return code === '40P01' || code === '40001';
}

/** Node socket errors that mean the database server could not be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/** SQLSTATEs of a server going away or refusing sessions, whenever they arrive: shutdown, crash, starting up, no slots. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** SQLSTATE classes that, raised while a connection is being opened, mean the database cannot be used now. */
const CONNECT_CLASSES = new Set(['08', '28', '3D', '53', '55', '57']);
/** pg and pg-pool's own errors for a lost connection or a pool that could not hand one out in time. */
const LOST_CONNECTION = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

/**
 * True when an error means the database could not be used at all (server down, restarting, refusing
 * connections, connection lost, pool timed out), as opposed to a statement that failed. Requests that
 * meet one answer 503 with Retry-After (src/common/errors/problem.filter.ts), never 401 or 500.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  return unavailable(e, 0);
}

function unavailable(e: unknown, depth: number): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; message?: unknown; severity?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
  if (typeof err.message === 'string' && LOST_CONNECTION.test(err.message)) return true;
  // A server error not wrapped by TypeORM's QueryFailedError was raised while acquiring a connection (TypeORM wraps every
  // statement's error): e.g. "database … is not currently accepting connections" (55000) or a role that may no longer log in.
  const wrapped = err.name === 'QueryFailedError' || depth > 0;
  if (!wrapped && typeof err.severity === 'string' && CONNECT_CLASSES.has(code.slice(0, 2))) return true;
  if (err.driverError && unavailable(err.driverError, depth + 1)) return true;
  if (err.cause && unavailable(err.cause, depth + 1)) return true;
  return Array.isArray(err.errors) && err.errors.some((x) => unavailable(x, depth + 1));
}
