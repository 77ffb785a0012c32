import { applyDecorators, Inject, Injectable, SetMetadata, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { HttpError, HttpErrorCode } from '../errors/http-error.js';
import { RateLimitService } from './rate-limit.service.js';

// @nestjs/throttler would be the library of choice, but it is CommonJS requiring the ESM-only
// @nestjs/common 12, which Jest cannot load on Node 20; this guard keeps its model (named limits,
// trackers, Retry-After) on the same PostgreSQL counters the login throttle uses.

export const THROTTLER_NAMES = ['public-intake', 'partner-intake', 'receipt-lookup', 'public-lookup'] as const;
export type ThrottlerName = (typeof THROTTLER_NAMES)[number];
const THROTTLE_KEY = 'rate-limit:name';

interface Limit {
  windowSeconds: number;
  limit: number;
  tracker: (req: FastifyRequest & { user?: { partnerId?: string | null } }) => string;
}

const byAddress = (req: FastifyRequest) => `ip:${req.ip}`;

function limitsFor(config: AppConfig): Record<ThrottlerName, Limit> {
  return {
    'public-intake': { windowSeconds: 3600, limit: config.intake.publicPerIpPerHour, tracker: byAddress },
    'partner-intake': {
      windowSeconds: 60,
      limit: config.intake.partnerPerMinute,
      tracker: (req) => (req.user?.partnerId ? `partner:${req.user.partnerId}` : byAddress(req)),
    },
    'receipt-lookup': { windowSeconds: 15 * 60, limit: config.intake.receiptLookupsPerIpPer15Min, tracker: byAddress },
    // The complaint window's reads (challenge, site key, respondent match): generous, a page makes several.
    'public-lookup': { windowSeconds: 60, limit: config.intake.publicLookupsPerIpPerMinute, tracker: byAddress },
  };
}

/** Counts the request against the route's named limit; over it, 429 RATE_LIMITED with Retry-After. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limits: Record<ThrottlerName, Limit>;

  constructor(
    private readonly reflector: Reflector,
    private readonly counters: RateLimitService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.limits = limitsFor(config);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<ThrottlerName | undefined>(THROTTLE_KEY, context.getHandler());
    if (!name) return true;
    const l = this.limits[name];
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const b = await this.counters.hit(`throttle:${name}:${l.tracker(req)}`, l.windowSeconds);
    if (b.hits > l.limit) {
      const wait = Math.max(1, b.resetInSeconds);
      throw new HttpError(HttpErrorCode.RATE_LIMITED, 'Too many requests; retry later', {
        headers: { 'retry-after': String(wait) },
        extensions: { retryAfterSeconds: wait },
      });
    }
    return true;
  }
}

/** Applies one named limit to a route (it runs after authentication, so partner limits count per partner). */
export const ThrottleAs = (name: ThrottlerName) => applyDecorators(SetMetadata(THROTTLE_KEY, name), UseGuards(RateLimitGuard));
