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
import type { ApiKeyPrincipal, UserPrincipal } from './principal.js';

export interface JwtPayload {
  sub: string;
  tv: number;
  iat?: number;
  exp?: number;
}

/** Bearer JWT; the user's status is checked on every request (cached, invalidated on change), so disabling is immediate. */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly users: UsersRepository,
    private readonly cache: PrincipalCache,
  ) {
    // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every request.
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: createSecretKey(Buffer.from(secret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: JwtPayload): Promise<UserPrincipal | false> {
    if (typeof payload?.sub !== 'string' || !/^[0-9a-f-]{36}$/i.test(payload.sub)) return false;
    const state = await this.cache.get<UserAuthState | null>(`user:${payload.sub}`, () => this.users.findAuthState(payload.sub));
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

  async validate(req: FastifyRequest): Promise<ApiKeyPrincipal | false> {
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string') return false;
    return (await this.apiKeys.authenticate(key)) ?? false;
  }
}
