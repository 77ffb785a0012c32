import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message the catcher received, parsed by mailparser (subject and parts decoded). */
export interface CaughtMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** The Date header: when the message was written (mail programs sort by it). */
  date: Date | undefined;
  headers: ParsedMail['headers'];
  raw: string;
}

/**
 * A real SMTP server for tests (smtp-server, no TLS, no auth): collects what it accepts. `onData` decides each
 * message's fate: accept (default), refuse with an SMTP code, or hold the final answer (to stop a sender mid-delivery).
 */
export interface SmtpCatcher {
  url: string;
  port: number;
  mails: CaughtMail[];
  /** Called per message before it is accepted: return a code to refuse (e.g. 451, 550), or a promise to delay the answer. */
  decide: (mail: { to: string[] }) => number | undefined | Promise<number | undefined>;
  /** Called per recipient at RCPT TO: a promise holds the envelope there (to stop a sender before its DATA). */
  atRecipient: (address: string) => void | Promise<void>;
  /** How many DATA transfers began (accepted or not). */
  dataStarted: number;
  waitFor: (n: number, timeoutMs?: number) => Promise<CaughtMail[]>;
  to: (address: string) => CaughtMail[];
  close: () => Promise<void>;
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const catcher: SmtpCatcher = {
    url: '',
    port: 0,
    mails: [],
    decide: () => undefined,
    atRecipient: () => undefined,
    dataStarted: 0,
    waitFor: async (n, timeoutMs = 15_000) => {
      const until = Date.now() + timeoutMs;
      while (catcher.mails.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} mails, got ${catcher.mails.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return catcher.mails;
    },
    to: (address) => catcher.mails.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      void Promise.resolve(catcher.atRecipient(address.address.toLowerCase())).then(() => callback());
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      catcher.dataStarted++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const to = session.envelope.rcptTo.map((a) => a.address.toLowerCase());
          const code = await catcher.decide({ to });
          if (code) return callback(Object.assign(new Error(`refused by the test (${code})`), { responseCode: code }));
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          catcher.mails.push({
            to,
            from: typeof session.envelope.mailFrom === 'object' && session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            date: parsed.date,
            headers: parsed.headers,
            raw,
          });
          callback();
        })();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  catcher.port = (server.server.address() as AddressInfo).port;
  catcher.url = `smtp://127.0.0.1:${catcher.port}`;
  return catcher;
}
