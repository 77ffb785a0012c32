import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { resolveJwtSecret } from '../identity/index.js';

/** SHA-256 of the trimmed, lower-cased address. */
export const addressHash = (address: string) => createHash('sha256').update(address.trim().toLowerCase()).digest('hex');

/**
 * What an unsubscribe link turns off: an account's kind of message (`mode` off), or a topic for an address without an
 * account (`bulletins`, or `case:<id>` for a complainant's mail about their complaint).
 */
export type UnsubscribeScope = { kind: 'account'; userId: string; messageKind: string } | { kind: 'topic'; addressHash: string; topic: string };

/** Links in mail: to the console, the status page, and signed unsubscribe links (HMAC-SHA-256, no expiry: unsubscribing must keep working). */
@Injectable()
export class MailLinks {
  private readonly base: string;
  private readonly secret: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = (config.mail.publicBaseUrl ?? `http://localhost:${config.http.port}`).replace(/\/$/, '');
    this.secret = config.mail.unsubscribeSecret ?? createHmac('sha256', resolveJwtSecret(config)).update('selfreg mail unsubscribe').digest('hex');
  }

  url(path: string): string {
    return `${this.base}${path}`;
  }

  unsubscribeToken(scope: UnsubscribeScope): string {
    const body = Buffer.from(JSON.stringify(scope.kind === 'account' ? ['a', scope.userId, scope.messageKind] : ['t', scope.addressHash, scope.topic])).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  unsubscribeUrl(scope: UnsubscribeScope): string {
    return this.url(`/v1/public/mail/unsubscribe?token=${this.unsubscribeToken(scope)}`);
  }

  /** The scope a token names, or null when it is malformed or its signature is wrong. */
  verify(token: string): UnsubscribeScope | null {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const v: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return null;
      const [t, a, b] = v as string[];
      if (t === 'a') return { kind: 'account', userId: a, messageKind: b };
      if (t === 't') return { kind: 'topic', addressHash: a, topic: b };
      return null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
