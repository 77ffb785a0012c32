import { Inject, Injectable } from '@nestjs/common';
import { hash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { Transactions } from '../../platform/database/transactions.js';
import { HttpError, HttpErrorCode } from '../../platform/errors/http-error.js';
import { AuthError, AuthErrorCode } from '../auth/auth.errors.js';
import { AuthService, principalOf } from '../auth/auth.service.js';
import type { SessionTokenView } from '../auth/dto/login.dto.js';
import { LoginThrottle } from '../auth/login-throttle.service.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { PrincipalCache } from '../auth/principal-cache.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { sessionCookie } from './session-cookie.js';
import { SessionsError, SessionsErrorCode } from './sessions.errors.js';
import { SessionsRepository } from './sessions.repository.js';

/**
 * How long a token that was just traded for a new one is still honoured (with another new token of the same session):
 * two tabs refreshing at once both send the same cookie. After it, presenting a spent token is treated as theft.
 */
export const REUSE_GRACE_MS = 20_000;

/** What a session route answers: the access token for the body and the refresh cookie for `Set-Cookie`. */
export interface SessionGrant {
  view: SessionTokenView;
  cookie: string;
}

const newToken = () => randomBytes(32).toString('base64url');
const tokenHash = (token: string) => hash('sha256', token, 'hex');

type RefreshOutcome =
  | { kind: 'granted'; userId: string; role: string; tokenVersion: number; token: string; expiresAt: Date }
  | { kind: 'refused'; code: SessionsErrorCode; detail: string };

/**
 * Browser sessions for the console (issue #16): sign-in sets a refresh token in an HttpOnly cookie, each refresh spends
 * it for a new one and a fresh access token, sign-out and a password change end sessions. Only SHA-256 hashes of the
 * tokens are stored.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly cache: PrincipalCache,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sign-in: the login's checks and throttle, then a new session; audited as a login (with the session's id). */
  async start(actor: Actor, email: string, password: string): Promise<SessionGrant> {
    const user = await this.auth.checkCredentials(actor, email, password);
    const now = this.clock.now();
    const opened = await this.tx.run(async (m) => {
      const session = await this.open(m, user.id, user.tokenVersion, now);
      await this.audit.record(m, { ...actor, principal: principalOf(user) }, {
        action: 'auth.login',
        resourceType: 'user',
        resourceId: user.id,
        details: { session: session.id },
      });
      return session;
    });
    return this.grant(user.id, user.role, user.tokenVersion, opened.token, opened.expiresAt, now);
  }

  /**
   * Trades the cookie's token for a new one and a fresh access token. One transaction with the session row locked:
   * of two refreshes with one token, the second sees it spent, and gets a token of its own only within the grace
   * period. A spent token after it revokes the session (committed, audited) before the 401 is answered.
   */
  async refresh(actor: Actor, token: string | undefined): Promise<SessionGrant> {
    if (!token) throw required();
    const now = this.clock.now();
    const outcome = await this.tx.run(async (m): Promise<RefreshOutcome> => {
      const s = await this.sessions.lockByToken(m, tokenHash(token));
      if (!s) return refused(SessionsErrorCode.SESSION_REQUIRED, 'No session: sign in');
      if (s.revokedAt) return refused(SessionsErrorCode.SESSION_REVOKED, 'The session has ended: sign in again');
      if (this.hasExpired(s, now)) return refused(SessionsErrorCode.SESSION_EXPIRED, 'The session has expired: sign in again');
      const user = await this.users.findAuthState(s.userId, m);
      // Disabled, password set, role or binding changed: the account's token version moved on, and the session with it.
      if (!user || user.disabled || user.tokenVersion !== s.tokenVersion) {
        return refused(SessionsErrorCode.SESSION_REVOKED, 'The session has ended: sign in again');
      }
      if (s.tokenSpentAt && now.getTime() - s.tokenSpentAt.getTime() > REUSE_GRACE_MS) {
        await this.sessions.revoke(m, s.id, now, 'reuse');
        await this.audit.record(m, { ...actor, principal: null, anonymous: 'public' }, {
          action: 'auth.session.reuse',
          resourceType: 'user',
          resourceId: s.userId,
          details: { session: s.id },
        });
        return refused(SessionsErrorCode.SESSION_REVOKED, 'A spent refresh token was presented again: the session is revoked; sign in again');
      }
      // Within the grace period the newer token stays live too: whichever the browser kept works.
      if (!s.tokenSpentAt) await this.sessions.spendLiveTokens(m, s.id, now);
      const next = newToken();
      await this.sessions.insertToken(m, s.id, tokenHash(next), now);
      await this.sessions.touch(m, s.id, now);
      return { kind: 'granted', userId: s.userId, role: user.role, tokenVersion: s.tokenVersion, token: next, expiresAt: s.expiresAt };
    });
    if (outcome.kind === 'refused') throw new SessionsError(outcome.code, outcome.detail);
    return this.grant(outcome.userId, outcome.role, outcome.tokenVersion, outcome.token, outcome.expiresAt, now);
  }

  /** Sign-out: ends the cookie's session, if it has a live one (audited); nothing to end is fine too. */
  async end(actor: Actor, token: string | undefined): Promise<void> {
    if (!token) return;
    const now = this.clock.now();
    await this.tx.run(async (m) => {
      const s = await this.sessions.lockByToken(m, tokenHash(token));
      if (!s || s.revokedAt || this.hasExpired(s, now)) return;
      await this.sessions.revoke(m, s.id, now, 'sign_out');
      // The cookie proved who signs out: recorded as that user.
      const user = await this.users.findAuthState(s.userId, m);
      await this.audit.record(m, { ...actor, principal: user ? principalOf(user) : null, anonymous: 'public' }, {
        action: 'auth.session.end',
        resourceType: 'user',
        resourceId: s.userId,
        details: { session: s.id },
      });
    });
  }

  /**
   * A user changes their own password: the current one is checked (a wrong one counts toward the login throttle), the
   * token version is raised (every access token dies), every session of the user ends, and a new session starts for
   * this browser. Audited without either password.
   */
  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<SessionGrant> {
    const principal = actor.principal;
    if (principal?.kind !== 'user') throw new AuthError(AuthErrorCode.FORBIDDEN_ROLE, 'Only a user account has a password');
    if (newPassword === currentPassword) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The new password must differ from the current one', {
        errors: [{ field: 'newPassword', code: 'SAME_AS_CURRENT', message: 'newPassword must differ from currentPassword' }],
      });
    }
    const user = await this.users.findByEmail(principal.email);
    const ip = actor.ip ?? 'unknown';
    await this.throttle.assertAllowed(principal.email, ip);
    if (!user || user.id !== principal.id || !(await this.hasher.verify(user.passwordHash, currentPassword))) {
      await this.throttle.recordFailure(principal.email, ip);
      throw incorrect();
    }
    const newHash = await this.hasher.hash(newPassword);
    const now = this.clock.now();
    const changed = await this.tx.run(async (m) => {
      const tokenVersion = await this.users.replacePassword(m, user.id, user.passwordHash, newHash);
      // The password changed since it was checked (another change won): this one is refused and writes nothing.
      if (tokenVersion === null) throw incorrect();
      await PrincipalCache.announce(m, `user:${user.id}`);
      const ended = await this.sessions.revokeAllOfUser(m, user.id, now, 'password_change');
      const session = await this.open(m, user.id, tokenVersion, now);
      await this.audit.record(m, actor, {
        action: 'auth.password.change',
        resourceType: 'user',
        resourceId: user.id,
        details: { sessionsEnded: ended, session: session.id },
      });
      return { tokenVersion, ...session };
    });
    this.cache.invalidate(`user:${user.id}`);
    await this.throttle.recordSuccess(principal.email);
    return this.grant(user.id, user.role, changed.tokenVersion, changed.token, changed.expiresAt, now);
  }

  /** Deletes sessions that ended more than a day ago (the daily `auth-session-purge`). */
  purgeEnded(): Promise<number> {
    return this.sessions.purgeEnded(this.clock.now(), this.config.auth.sessionIdleHours);
  }

  private async open(m: EntityManager, userId: string, tokenVersion: number, now: Date): Promise<{ id: string; token: string; expiresAt: Date }> {
    const expiresAt = new Date(now.getTime() + this.config.auth.sessionMaxDays * 86_400_000);
    const id = await this.sessions.insertSession(m, { userId, tokenVersion, now, expiresAt });
    const token = newToken();
    await this.sessions.insertToken(m, id, tokenHash(token), now);
    return { id, token, expiresAt };
  }

  private hasExpired(s: { lastUsedAt: Date; expiresAt: Date }, now: Date): boolean {
    const idleMs = this.config.auth.sessionIdleHours * 3_600_000;
    return now.getTime() >= s.expiresAt.getTime() || now.getTime() >= s.lastUsedAt.getTime() + idleMs;
  }

  private async grant(userId: string, role: string, tokenVersion: number, token: string, expiresAt: Date, now: Date): Promise<SessionGrant> {
    const view = { ...(await this.auth.accessToken(userId, tokenVersion)), role };
    return { view, cookie: sessionCookie(token, (expiresAt.getTime() - now.getTime()) / 1000) };
  }
}

const refused = (code: SessionsErrorCode, detail: string): RefreshOutcome => ({ kind: 'refused', code, detail });
const required = () => new SessionsError(SessionsErrorCode.SESSION_REQUIRED, 'No session: sign in');
const incorrect = () =>
  new SessionsError(SessionsErrorCode.PASSWORD_INCORRECT, 'The current password is wrong', {
    errors: [{ field: 'currentPassword', code: 'INCORRECT', message: 'currentPassword is not the account\'s password' }],
  });
