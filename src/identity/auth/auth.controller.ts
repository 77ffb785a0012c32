import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../platform/openapi.js';
import { AuthService } from './auth.service.js';
import { actorFrom, CurrentActor, Public, Roles, type AuthedRequest } from '../../platform/access/decorators.js';
import { LoginDto, MeView, TokenView } from './dto/login.dto.js';
import type { Actor, Principal } from '../../platform/access/principal.js';
import { ROLES } from '../../platform/access/principal.js';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Log in with email and password; returns a short-lived JWT.' })
  @ApiOkResponse({ type: TokenView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 401: ['INVALID_CREDENTIALS'], 429: ['LOGIN_THROTTLED'] })
  login(@CurrentActor() actor: Actor, @Body() dto: LoginDto): Promise<TokenView> {
    return this.auth.login(actor, dto.email, dto.password);
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'Who the caller is: user or API key, role and binding.' })
  @ApiOkResponse({ type: MeView })
  me(@Req() req: AuthedRequest): Promise<MeView> {
    return this.auth.me(actorFrom(req).principal as Principal);
  }
}
