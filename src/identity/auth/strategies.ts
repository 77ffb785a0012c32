import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { createSecretKey } from 'node:crypto';
import { Strategy as CustomStrategy } from 'passport-custom';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { UsersRepository, type UserAuthState } from '../users/users.repository.js';
import { JWT_SECRET } from './auth.constants.js';
import { PrincipalCache } from './principal-cache.service.js';
import type { ApiKeyPrincipal, UserPrincipal } from '../../platform/access/principal.js';

export interface JwtPayload {
  sub: string;
  tv: number;
  iat?: number;
  exp?: number;
  nbf?: number;
}

type VerifiedPayload = JwtPayload & { exp: number };
type Verified = (err: unknown, user?: unknown, info?: unknown) => void;
/** What passport-jwt's Strategy keeps of its constructor arguments (read, never changed, here). */
interface PassportJwtInternals {
  _verify: (req: FastifyRequest, payload: JwtPayload, done: Verified) => void;
  success(user: unknown, info?: unknown): void;
  fail(info?: unknown): void;
  error(err: unknown): void;
}

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
const UUID = /^[0-9a-f-]{36}$/i;
const MAX_VERIFIED_TOKENS = 20_000;

/**
 * Bearer JWT; the user's status is checked on every request (cached, invalidated on change), so disabling is immediate.
 *
 * A token jsonwebtoken has verified is remembered by its exact text until it expires: the signature check
 * (HMAC set-up under OpenSSL 3 plus jws's decoding) was most of the cost of an authenticated request, and
 * its answer for the same text, key and algorithm cannot change. Expiry and not-before are re-checked on
 * every use; revocation and disabling are checked by validate() on every request as before.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  private readonly verifiedTokens = new Map<string, VerifiedPayload>();
  private readonly remembered = new WeakSet<JwtPayload>();

  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly users: UsersRepository,
    private readonly cache: PrincipalCache,
  ) {
    // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request.
    super({
      jwtFromRequest: bearerToken,
      secretOrKey: createSecretKey(Buffer.from(secret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  // passport-jwt types the request as Express's; on Fastify it is a FastifyRequest.
  override authenticate(req: Parameters<JwtStrategyBase['authenticate']>[0], options?: unknown): void {
    const token = bearerToken(req);
    const payload = token ? this.verifiedTokens.get(token) : undefined;
    const now = Math.floor(Date.now() / 1000);
    if (!payload || now >= payload.exp || (payload.nbf !== undefined && payload.nbf > now)) {
      if (payload) this.verifiedTokens.delete(token!);
      return super.authenticate(req, options);
    }
    // The rest of passport-jwt's authenticate(), as it runs after a successful verification.
    const self = this as unknown as PassportJwtInternals;
    try {
      self._verify(req as unknown as FastifyRequest, payload, (err, user, info) => (err ? self.error(err) : !user ? self.fail(info) : self.success(user, info)));
    } catch (err) {
      self.error(err);
    }
  }

  validate(req: FastifyRequest, payload: JwtPayload): UserPrincipal | false | Promise<UserPrincipal | false> {
    if (typeof payload?.sub !== 'string' || !UUID.test(payload.sub)) return false;
    if (!this.remembered.has(payload)) this.remember(req, payload);
    const state = this.cache.get(`user:${payload.sub}`, () => this.users.findAuthState(payload.sub));
    return state instanceof Promise ? state.then((s) => this.principal(s, payload)) : this.principal(state, payload);
  }

  /** Only a payload jsonwebtoken has just verified gets here (remembered ones are skipped by validate()). */
  private remember(req: FastifyRequest, payload: JwtPayload): void {
    if (typeof payload.exp !== 'number') return;
    const token = bearerToken(req as never);
    if (!token) return;
    if (this.verifiedTokens.size >= MAX_VERIFIED_TOKENS) this.verifiedTokens.clear();
    this.verifiedTokens.set(token, payload as VerifiedPayload);
    this.remembered.add(payload);
  }

  private principal(state: UserAuthState | null, payload: JwtPayload): UserPrincipal | false {
    if (!state || state.disabled || state.tokenVersion !== payload.tv) return false;
    return { kind: 'user', id: state.id, email: state.email, role: state.role, memberId: state.memberId, agencyId: state.agencyId };
  }
}

/** `X-Api-Key` for partner sites' and agencies' servers. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(CustomStrategy, 'api-key') {
  constructor(private readonly apiKeys: ApiKeysService) {
    super();
  }

  validate(req: FastifyRequest): false | Promise<ApiKeyPrincipal | false> {
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string') return false;
    return this.apiKeys.authenticate(key).then((principal) => principal ?? false);
  }
}
