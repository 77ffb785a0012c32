// A local SMTP catcher for development: every message the service sends is printed (recipient, subject, text) and kept
// as an .eml file (open it in a mail program or a browser) under DATA_DIR/mail-catcher/. Nothing leaves the machine.
//   npm run mail:catcher                      listens on 127.0.0.1:1025
//   SMTP_URL=smtp://127.0.0.1:1025 npm start  the service, delivering to it
// Options: --port N (default 1025), --dir PATH (default ./.data/mail-catcher).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const { values } = parseArgs({ options: { port: { type: 'string', default: '1025' }, dir: { type: 'string', default: path.join(process.env.DATA_DIR ?? './.data', 'mail-catcher') } } });
const dir = path.resolve(values.dir);
mkdirSync(dir, { recursive: true });
let n = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const mail = await simpleParser(raw);
      const to = session.envelope.rcptTo.map((a) => a.address).join(', ');
      const file = path.join(dir, `${String(++n).padStart(4, '0')}-${new Date().toISOString().replace(/[:.]/g, '-')}.eml`);
      writeFileSync(file, raw);
      process.stdout.write(`\n── #${n} to ${to} · ${mail.subject ?? ''}\n${(mail.text ?? '').trim()}\n   (${file})\n`);
      callback();
    });
  },
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`Mail catcher on smtp://127.0.0.1:${values.port}; messages kept in ${dir}\nStart the service with SMTP_URL=smtp://127.0.0.1:${values.port}\n`);
});
