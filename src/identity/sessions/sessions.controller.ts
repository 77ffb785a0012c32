import { Body, Controller, Delete, Headers, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../../platform/access/decorators.js';
import { type Actor, USER_ROLES } from '../../platform/access/principal.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { ApiErrors } from '../../platform/openapi.js';
import { LoginDto, SessionTokenView } from '../auth/dto/login.dto.js';
import { ChangePasswordDto } from './dto/password.dto.js';
import { CLEARED_SESSION_COOKIE, CONSOLE_HEADER_VALUE, isConsoleRequest, normalOrigin, sessionTokenOf } from './session-cookie.js';
import { SessionsError, SessionsErrorCode } from './sessions.errors.js';
import { type SessionGrant, SessionsService } from './sessions.service.js';

const CONSOLE_HEADER_DOC = {
  name: 'X-Requested-With',
  required: true,
  description: `Must be \`${CONSOLE_HEADER_VALUE}\` (CSRF rule; an \`Origin\` header, when sent, must be the service's own origin).`,
};

/** The token answer of the session routes: never cached, the cookie set with it. */
function answer(reply: FastifyReply, grant: SessionGrant): SessionTokenView {
  void reply.header('set-cookie', grant.cookie).header('cache-control', 'no-store');
  return grant.view;
}

@ApiTags('auth')
@Controller('v1/auth/session')
export class SessionsController {
  private readonly configuredOrigin: string | undefined;

  constructor(
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.configuredOrigin = config.mail.publicBaseUrl ? normalOrigin(config.mail.publicBaseUrl) : undefined;
  }

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Sign in the console: the login\'s answer, and a refresh token in the HttpOnly cookie `selfreg_refresh` (Path=/v1/auth/session).',
  })
  @ApiOkResponse({ type: SessionTokenView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_CREDENTIALS'], 429: ['LOGIN_THROTTLED'] })
  async start(@CurrentActor() actor: Actor, @Body() dto: LoginDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokenView> {
    return answer(reply, await this.sessions.start(actor, dto.email, dto.password));
  }

  @Post('refresh')
  @HttpCode(200)
  @Public()
  @ApiHeader(CONSOLE_HEADER_DOC)
  @ApiOperation({ summary: 'Trade the refresh cookie for a new one and a fresh access token (the cookie is the credential; send no body).' })
  @ApiOkResponse({ type: SessionTokenView })
  @ApiErrors({ 401: ['SESSION_REQUIRED', 'SESSION_EXPIRED', 'SESSION_REVOKED'], 403: ['CSRF_REFUSED'] })
  async refresh(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokenView> {
    this.assertConsole(req);
    return answer(reply, await this.sessions.refresh(actor, sessionTokenOf(req.headers.cookie)));
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiHeader(CONSOLE_HEADER_DOC)
  @ApiOperation({ summary: 'Sign out: end the cookie\'s session and clear the cookie (also 204 without a session).' })
  @ApiNoContentResponse()
  @ApiErrors({ 403: ['CSRF_REFUSED'] })
  async end(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    this.assertConsole(req);
    await this.sessions.end(actor, sessionTokenOf(req.headers.cookie));
    void reply.header('set-cookie', CLEARED_SESSION_COOKIE);
  }

  private assertConsole(req: FastifyRequest): void {
    const own = [normalOrigin(`${req.protocol}://${req.host}`), this.configuredOrigin].filter((o): o is string => o !== undefined);
    if (!isConsoleRequest(req.headers, own)) {
      throw new SessionsError(
        SessionsErrorCode.CSRF_REFUSED,
        `Refused: send the header X-Requested-With: ${CONSOLE_HEADER_VALUE} from the service's own origin`,
      );
    }
  }
}

@ApiTags('auth')
@Controller('v1/me')
export class MeController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('password')
  @HttpCode(200)
  @Roles(...USER_ROLES)
  @ApiOperation({
    summary:
      'Change your own password: every access token and session of the account ends, and a new session starts for this browser (token and cookie as at sign-in).',
  })
  @ApiOkResponse({ type: SessionTokenView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'PASSWORD_INCORRECT'], 429: ['LOGIN_THROTTLED'] })
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionTokenView> {
    return answer(reply, await this.sessions.changePassword(actor, dto.currentPassword, dto.newPassword));
  }
}
