import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { IS_PUBLIC, ROLES_KEY, type AuthedRequest } from './decorators.js';
import { effectiveRoles, type Principal, type Role } from './principal.js';

class JwtGuard extends AuthGuard('jwt') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new AuthError(AuthErrorCode.TOKEN_INVALID, 'The bearer token is invalid, expired or revoked');
    return user;
  }
}

class ApiKeyGuard extends AuthGuard('api-key') {
  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new AuthError(AuthErrorCode.API_KEY_INVALID, 'The API key is invalid, revoked or rotated out');
    return user;
  }
}

/**
 * The one global guard: authentication is on unless a route says @Public(); every other route must
 * declare its @Roles(), and a route that declares none is refused (secure by default).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly jwt = new JwtGuard();
  private readonly apiKey = new ApiKeyGuard();

  constructor(private readonly reflector: Reflector) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (req.headers['x-api-key'] !== undefined) await this.apiKey.canActivate(context);
    else if (req.headers.authorization !== undefined) await this.jwt.canActivate(context);
    else throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Authentication required: send a bearer token or an X-Api-Key');
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    const principal = req.user as Principal;
    if (!effectiveRoles(principal.role).some((r) => roles.includes(r))) {
      throw new AuthError(AuthErrorCode.FORBIDDEN_ROLE, `This action is not open to the ${principal.role} role`);
    }
    return true;
  }
}
