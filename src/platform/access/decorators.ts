import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiSecurity } from '@nestjs/swagger';
import { ApiErrors } from '../openapi.js';
import type { FastifyRequest } from 'fastify';
import type { Actor, Principal, Role } from './principal.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** Opts a route out of authentication. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension('x-roles', ['public']));

/** Declares who may call a route; a route with neither @Public nor @Roles is refused to everyone. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiExtension('x-roles', roles),
    ApiErrors({ 401: ['UNAUTHENTICATED', 'TOKEN_INVALID', 'API_KEY_INVALID'], 403: ['FORBIDDEN_ROLE'] }),
    ...(roles.some((r) => r !== 'partner') ? [ApiBearerAuth('jwt')] : []),
    ...(roles.some((r) => r === 'partner' || r === 'law_enforcement') ? [ApiSecurity('api-key')] : []),
  );

export type AuthedRequest = FastifyRequest & { user?: Principal };

export function actorFrom(req: AuthedRequest): Actor {
  return { principal: req.user ?? null, requestId: String(req.id), ip: req.ip };
}

/** The calling principal with the request id and address, for services and the audit log. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorFrom(ctx.switchToHttp().getRequest<AuthedRequest>()),
);
