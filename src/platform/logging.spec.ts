import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACT_PATHS } from './logging.js';

describe('Logs never carry credentials or complainant contact', () => {
  it('redacts authorization, API keys, receipt codes, passwords and contact fields', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = pino({ redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink);
    log.info({
      req: { headers: { authorization: 'Bearer secret-jwt', 'x-api-key': 'srk_secretkey', 'x-receipt-code': 'RCPT-1234', cookie: 'sid=1' } },
      body: { password: 'hunter2hunter2', phone: '13800138000', email: 'zhang@example.cn', complainant: { name: '张三' } },
      dto: { contact: { phone: '13900139000', email: 'li@example.cn' } },
    });
    const out = lines.join('');
    for (const secret of ['secret-jwt', 'srk_secretkey', 'RCPT-1234', 'sid=1', 'hunter2hunter2', '13800138000', 'zhang@example.cn', '张三', '13900139000', 'li@example.cn']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });
});

describe('Errors are logged without the values they carry', () => {
  it('keeps class, SQLSTATE and names of a database error; drops statement, parameters, detail and quoted values', async () => {
    const { QueryFailedError } = await import('typeorm');
    const { errorForLog } = await import('./logging.js');
    const driverError = Object.assign(new Error('invalid input syntax for type uuid: "li.si@example.cn"'), {
      code: '22P02',
      severity: 'ERROR',
      detail: 'Key (email)=(li.si@example.cn) already exists.',
      where: "unnamed portal parameter $1 = '...'",
      routine: 'string_to_uuid',
    });
    const logged = JSON.stringify(errorForLog(new QueryFailedError('SELECT * FROM users WHERE id = $1', ['li.si@example.cn', '13700137000'], driverError)));
    expect(logged).not.toMatch(/li\.si@example\.cn|13700137000|SELECT|Key \(/);
    expect(JSON.parse(logged)).toMatchObject({ type: 'QueryFailedError', code: '22P02', routine: 'string_to_uuid', message: 'invalid input syntax for type uuid: "…"' });
    const named = errorForLog(Object.assign(new Error('column "email" of relation "users" does not exist'), { code: '42703', severity: 'ERROR' }));
    expect(named.message).toBe('column "email" of relation "users" does not exist');
  });
});
