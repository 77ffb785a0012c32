import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../../audit/index.js';
import { Clock } from '../../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import type { MeView, TokenView } from './dto/login.dto.js';
import { LoginThrottle } from './login-throttle.service.js';
import { PasswordHasher } from './password-hasher.js';
import type { Actor, Principal } from '../../platform/access/principal.js';
import type { JwtPayload } from './strategies.js';

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

  /** Unknown account, wrong password and disabled account answer alike; failures count toward the throttle. */
  async login(actor: Actor, email: string, password: string): Promise<TokenView> {
    const ip = actor.ip ?? 'unknown';
    await this.throttle.assertAllowed(email, ip);
    const user = await this.users.findByEmail(email);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : await this.hasher.verifyNothing(password);
    if (!user || !ok || user.disabledAt) {
      await this.throttle.recordFailure(email, ip);
      throw new AuthError(AuthErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong, or the account is disabled');
    }
    await this.throttle.recordSuccess(email);
    const ttl = this.config.auth.jwtTtlSeconds;
    const payload: JwtPayload = { sub: user.id, tv: user.tokenVersion };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: ttl });
    await this.audit.recordNow({ ...actor, principal: { kind: 'user', id: user.id, email: user.email, role: user.role, memberId: user.memberId, agencyId: user.agencyId } }, {
      action: 'auth.login',
      resourceType: 'user',
      resourceId: user.id,
    });
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
        testMode: principal.testMode,
      };
    }
    return {
      kind: 'user',
      id: principal.id,
      role: principal.role,
      email: principal.email,
      memberId: principal.memberId,
      agencyId: principal.agencyId,
      partnerId: null,
    };
  }
}
