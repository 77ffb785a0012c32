import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RateLimitService } from '../../platform/rate-limit/rate-limit.service.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { AuthError, AuthErrorCode } from './auth.errors.js';

const key = (kind: string, v: string) => `login:${kind}:${createHash('sha256').update(v).digest('base64url').slice(0, 22)}`;

/** Counts failed logins per account and per address; over the limit, answers 429 with Retry-After. */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limits: RateLimitService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [acct, addr] = await Promise.all([this.limits.peek(key('acct', email)), this.limits.peek(key('ip', ip))]);
    const a = this.config.auth;
    const waits = [
      acct && acct.hits >= a.loginMaxFailuresPerAccount ? acct.resetInSeconds : 0,
      addr && addr.hits >= a.loginMaxFailuresPerIp ? addr.resetInSeconds : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      throw new AuthError(AuthErrorCode.LOGIN_THROTTLED, 'Too many failed logins; wait before trying again', {
        headers: { 'retry-after': String(Math.max(1, wait)) },
        extensions: { retryAfterSeconds: Math.max(1, wait) },
      });
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const w = this.config.auth.loginFailureWindowSeconds;
    await Promise.all([this.limits.hit(key('acct', email), w), this.limits.hit(key('ip', ip), w)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.limits.clear(key('acct', email));
  }
}
