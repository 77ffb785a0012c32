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
