import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './db-errors.js';

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

describe('Which database errors mean "unavailable, retry" (503) and which are a failed statement', () => {
  it('an unreachable server, a lost connection, a pool timeout and a server going away are unavailability', () => {
    const refused = new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], '');
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command')))).toBe(true);
    expect(isDatabaseUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(pgError('08006', 'connection failure'))).toBe(true);
    // Raised while opening a connection (not wrapped by TypeORM): the database refuses sessions.
    expect(isDatabaseUnavailable(pgError('55000', 'database "selfreg" is not currently accepting connections'))).toBe(true);
  });

  it('a statement that fails, with the server up, is not', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('INSERT …', ['x'], pgError('23505', 'duplicate key value violates unique constraint "users_email_key"')))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT …', [], pgError('55000', 'currval of sequence "s" is not yet defined in this session')))).toBe(false);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT …', [], pgError('42703', 'column "x" does not exist')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
