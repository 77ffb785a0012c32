import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import passport from 'passport';
import { AuthError, AuthErrorCode } from './auth.errors.js';
import { IS_PUBLIC, ROLES_KEY, type AuthedRequest } from '../../platform/access/decorators.js';
import { effectiveRoles, type Principal, type Role, ROLES } from '../../platform/access/principal.js';

type Authenticate = (req: AuthedRequest, res: ServerResponse, next: (err?: unknown) => void) => void;

/**
 * One passport.authenticate() middleware per strategy, built once: @nestjs/passport's AuthGuard builds
 * a new one, with its option objects and callbacks, on every request. Passport sets `req.user` on
 * success (assignProperty) and calls next(err) on failure (failWithError); it never writes the response.
 * Resolves with the principal, or undefined when the credential is refused. A strategy that could not check the
 * credential (database unreachable) rejects with its error: the caller is told to retry (503), not that its
 * credential is wrong.
 */
function authenticator(strategy: string): (req: AuthedRequest, res: ServerResponse) => Promise<Principal | undefined> {
  const authenticate = passport.authenticate(strategy, {
    session: false,
    assignProperty: 'user',
    authInfo: false,
    failWithError: true,
  }) as unknown as Authenticate;
  return (req, res) =>
    new Promise((resolve, reject) => authenticate(req, res, (err) => (!err ? resolve(req.user) : isRefusal(err) ? resolve(undefined) : reject(err))));
}

/** passport's failWithError reports a refused credential as an AuthenticationError; anything else is a strategy error. */
function isRefusal(err: unknown): boolean {
  return (err as { name?: unknown }).name === 'AuthenticationError';
}

/** What a route declares, read once per handler instead of through the Reflector on every request. */
interface RoutePolicy {
  public: boolean;
  /** Principal roles let in, supervisors' inherited roles included. */
  allowed: ReadonlySet<Role>;
}

/**
 * The one global guard: authentication is on unless a route says @Public(); every other route must
 * declare its @Roles(), and a route that declares none is refused (secure by default).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  private readonly jwt = authenticator('jwt');
  private readonly apiKey = authenticator('api-key');
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const policy = this.policy(context);
    if (policy.public) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    if (req.headers['x-api-key'] !== undefined) {
      return this.apiKey(req, http.getResponse<FastifyReply>().raw).then((principal) =>
        admit(policy, principal, AuthErrorCode.API_KEY_INVALID, 'The API key is invalid, revoked or rotated out'),
      );
    }
    if (req.headers.authorization !== undefined) {
      return this.jwt(req, http.getResponse<FastifyReply>().raw).then((principal) =>
        admit(policy, principal, AuthErrorCode.TOKEN_INVALID, 'The bearer token is invalid, expired or revoked'),
      );
    }
    throw new AuthError(AuthErrorCode.UNAUTHENTICATED, 'Authentication required: send a bearer token or an X-Api-Key');
  }

  private policy(context: ExecutionContext): RoutePolicy {
    const handler = context.getHandler();
    const cls = context.getClass();
    let byHandler = this.policies.get(cls);
    if (!byHandler) this.policies.set(cls, (byHandler = new WeakMap()));
    let policy = byHandler.get(handler);
    if (!policy) {
      const targets = [handler, cls];
      const declared = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
      policy = {
        public: !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets),
        allowed: new Set(ROLES.filter((role) => effectiveRoles(role).some((r) => declared.includes(r)))),
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }
}

function admit(policy: RoutePolicy, principal: Principal | undefined, refused: AuthErrorCode, message: string): true {
  if (!principal) throw new AuthError(refused, message);
  if (!policy.allowed.has(principal.role)) {
    throw new AuthError(AuthErrorCode.FORBIDDEN_ROLE, `This action is not open to the ${principal.role} role`);
  }
  return true;
}
