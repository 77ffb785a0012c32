import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../../audit/index.js';
import { Clock } from '../../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import type { User } from '../users/user.entity.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { MeView, TokenView } from './dto/login.dto.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { Actor, Principal, UserPrincipal } from '../../platform/access/principal.js';
import type { JwtPayload } from './strategies.js';

/** The principal of a user who has just proven who they are (for the audit entry of that proof). */
export const principalOf = (u: Pick<User, 'id' | 'email' | 'role' | 'memberId' | 'agencyId'>): UserPrincipal => ({
  kind: 'user',
  id: u.id,
  email: u.email,
  role: u.role,
  memberId: u.memberId,
  agencyId: u.agencyId,
});

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(actor: Actor, email: string, password: string): Promise<TokenView> {
    const user = await this.checkCredentials(actor, email, password);
    const view = await this.accessToken(user.id, user.tokenVersion);
    await this.audit.recordNow({ ...actor, principal: principalOf(user) }, { action: 'auth.login', resourceType: 'user', resourceId: user.id });
    return view;
  }

  /**
   * The account these credentials open, for a login or a session start. Unknown account, wrong password and disabled
   * account answer alike; failures count toward the throttle, and a throttled account or address is refused first.
   */
  async checkCredentials(actor: Actor, email: string, password: string): Promise<User> {
    const ip = actor.ip ?? 'unknown';
    await this.throttle.assertAllowed(email, ip);
    const user = await this.users.findByEmail(email);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !ok || user.disabledAt) {
      await this.throttle.recordFailure(email, ip);
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong, or the account is disabled');
    }
    await this.throttle.recordSuccess(email);
    return user;
  }

  /** A short-lived access token for the user at this token version (the JWT strategy refuses it once the version moves on). */
  async accessToken(userId: string, tokenVersion: number): Promise<TokenView> {
    const ttl = this.config.auth.jwtTtlSeconds;
    const payload: JwtPayload = { sub: userId, tv: tokenVersion };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: ttl });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: ttl,
      expiresAt: new Date(this.clock.now().getTime() + ttl * 1000).toISOString(),
    };
  }

  async me(principal: Principal): Promise<MeView> {
    if (principal.kind === 'api_key') {
      return {
        kind: 'api_key', id: principal.keyId, role: principal.role, memberId: null, agencyId: principal.agencyId, partnerId: principal.partnerId,
        testMode: principal.testMode, displayName: null, locale: null,
      };
    }
    const profile = await this.users.findProfile(principal.id);
    return {
      kind: 'user',
      id: principal.id,
      role: principal.role,
      email: principal.email,
      displayName: profile?.displayName ?? null,
      locale: profile?.locale ?? null,
      memberId: principal.memberId,
      agencyId: principal.agencyId,
      partnerId: null,
    };
  }
}
