import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection, { type SMTPConnectionOptions } from 'nodemailer/lib/smtp-connection';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';

/** A message ready for the wire. */
export interface OutgoingMail {
  /** Stable across retries: `<id@host>`, so a receiving system can recognise the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** When it happened (the Date header): mail programs sort by it, so messages sent out of order still read in order. */
  date: Date;
}

/** An SMTP answer may quote the recipient: addresses are cut out before it is kept for the admin. */
export const redactAddresses = (s: string) => s.replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>');

/** The SMTP server's refusal: `permanent` for a 5xx answer (retrying will not help). */
export class MailRefused extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** How many connections one instance keeps open to the SMTP server at most. */
const MAX_CONNECTIONS = 4;

/**
 * Sends over SMTP with nodemailer's own connection (nodemailer/lib/smtp-connection) and composer, keeping a few
 * connections open for reuse. `send` hands the message's bytes to the server only after it accepted the envelope
 * (MAIL FROM, RCPT TO, DATA), and holds the final "." until `beforeFinalDot` resolves: the caller commits "sent" there,
 * so a process that dies after the server took the message has already recorded it (no second copy on retry), and a
 * process that dies before it leaves the server with an unfinished DATA, which it discards (the retry sends the only
 * copy). If `beforeFinalDot` fails, the message is abandoned the same way.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly options: SMTPConnectionOptions | null;
  private readonly auth: { user: string; pass: string } | undefined;
  private readonly idle: SMTPConnection[] = [];
  private open = 0;
  private readonly waiting: ((c: SMTPConnection | null) => void)[] = [];
  private closed = false;
  readonly from: { name: string; address: string };
  private readonly host: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.from = { name: config.mail.fromName, address: config.mail.fromAddress };
    this.host = config.mail.fromAddress.split('@')[1] ?? 'selfreg.invalid';
    if (!config.mail.smtpUrl) {
      this.options = null;
      return;
    }
    const url = parseConnectionUrl(config.mail.smtpUrl);
    this.auth = url.auth;
    this.options = {
      host: url.host,
      port: url.port,
      secure: url.secure,
      name: this.host,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
      tls: url.tls as SMTPConnectionOptions['tls'],
    };
  }

  /** Whether an SMTP server is configured (without one, messages are kept undelivered). */
  get configured(): boolean {
    return this.options !== null;
  }

  messageIdFor(id: string): string {
    return `<${id}@${this.host}>`;
  }

  async send(mail: OutgoingMail, beforeFinalDot: () => Promise<void>): Promise<void> {
    const raw = await new MailComposer({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
      date: mail.date,
    })
      .compile()
      .build();
    const connection = await this.acquire();
    let healthy = false;
    try {
      await new Promise<void>((resolve, reject) => {
        connection.send({ from: this.from.address, to: [mail.to] }, gated(raw, beforeFinalDot), (err) => {
          if (!err) return resolve();
          const code = (err as { responseCode?: number }).responseCode;
          reject(code ? new MailRefused(redactAddresses(String((err as { response?: string }).response ?? `${code} ${err.message}`)).slice(0, 300), code >= 500) : err);
        });
      });
      healthy = true;
    } finally {
      this.release(connection, healthy);
    }
  }

  private async acquire(): Promise<SMTPConnection> {
    if (!this.options) throw new Error('no SMTP server configured');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.open >= MAX_CONNECTIONS) {
      const c = await new Promise<SMTPConnection | null>((r) => this.waiting.push(r));
      if (c) return c;
    }
    this.open++;
    try {
      return await this.connect();
    } catch (e) {
      this.open--;
      throw e;
    }
  }

  private connect(): Promise<SMTPConnection> {
    const c = new SMTPConnection({ ...this.options });
    // A connection that fails while idle is dropped; errors of a send arrive in its callback.
    c.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      c.connect((err) => {
        if (err) return reject(err);
        if (!this.auth) return resolve(c);
        c.login(this.auth, (e) => (e ? reject(e) : resolve(c)));
      });
    });
  }

  /** A connection after a good send is reset and reused; after a failure it is closed (the next send opens a new one). */
  private release(c: SMTPConnection, healthy: boolean): void {
    const hand = (conn: SMTPConnection | null) => {
      const next = this.waiting.shift();
      if (next) return next(conn);
      if (conn && !this.closed) this.idle.push(conn);
      else if (conn) conn.quit();
    };
    if (!healthy || this.closed) {
      c.close();
      this.open--;
      const next = this.waiting.shift();
      if (next) next(null);
      return;
    }
    c.reset((err) => {
      if (err) {
        c.close();
        this.open--;
        const next = this.waiting.shift();
        if (next) next(null);
        return;
      }
      hand(c);
    });
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.quit();
    for (const w of this.waiting.splice(0)) w(null);
    if (this.options) this.logger.log('SMTP connections closed');
  }
}

/** The message's bytes, then, once they are taken, `gate`; the stream ends (the final ".") only after it resolves. */
function gated(raw: Buffer, gate: () => Promise<void>): Readable {
  let pushed = false;
  let gating = false;
  return new Readable({
    read() {
      if (!pushed) {
        pushed = true;
        this.push(raw);
        return;
      }
      if (gating) return;
      gating = true;
      gate().then(
        () => this.push(null),
        (e: unknown) => this.destroy(e instanceof Error ? e : new Error(String(e))),
      );
    },
  });
}
