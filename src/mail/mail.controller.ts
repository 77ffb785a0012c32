import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import { ROLES, type Actor } from '../platform/access/principal.js';
import { FormPost } from '../platform/http/form-post.decorator.js';
import { ThrottleAs } from '../platform/rate-limit/throttling.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { DeadMailView, MailPreferencesView, MailStatusView, UpdateMailPreferencesDto } from './dto/mail.dto.js';
import { unsubscribeDonePage, unsubscribePage } from './unsubscribe-page.js';
import { MailService } from './mail.service.js';

@ApiTags('mail')
@Controller('v1/me/mail-preferences')
export class MailPreferencesController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Roles(...ROLES.filter((r) => r !== 'partner'))
  @ApiOperation({ summary: 'Your mail: its language, and for each kind you receive whether it comes at once, in the daily digest or not at all (mandatory notices always come at once; with `daily_digest` off, a kind left on `digest` is not kept).' })
  @ApiOkResponse({ type: MailPreferencesView })
  get(@CurrentActor() actor: Actor): Promise<MailPreferencesView> {
    return this.mail.preferences(actor);
  }

  @Put()
  @Roles(...ROLES.filter((r) => r !== 'partner'))
  @ApiOperation({ summary: 'Change your mail language and choices; a mandatory notice cannot be turned off (409 MAIL_KIND_MANDATORY says why).' })
  @ApiOkResponse({ type: MailPreferencesView })
  put(@CurrentActor() actor: Actor, @Body() dto: UpdateMailPreferencesDto): Promise<MailPreferencesView> {
    return this.mail.updatePreferences(actor, dto);
  }
}

@ApiTags('operations')
@Controller('v1/admin/mail')
export class MailAdminController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Whether mail is delivered (SMTP_URL set), the outbox backlog and the messages by status.' })
  @ApiOkResponse({ type: MailStatusView })
  status(): Promise<MailStatusView> {
    return this.mail.status();
  }

  @Get('dead')
  @Roles('admin')
  @ApiOperation({ summary: 'Messages that failed for good, and messages marked sent that the SMTP server never confirmed (newest first).' })
  @ApiOkResponse({ type: [DeadMailView] })
  dead(): Promise<DeadMailView[]> {
    return this.mail.dead();
  }

  @Post(':id/retry')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a dead or unconfirmed message again (audited).' })
  @ApiAcceptedResponse({ description: 'Queued.' })
  async retry(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.mail.retry(actor, id);
  }
}

/**
 * The signed link at the foot of optional mail. GET shows a page with one button (a link scanner opening the URL
 * unsubscribes nobody); POST unsubscribes: the page's button, and mail clients' one-click unsubscribe (RFC 8058).
 */
@ApiTags('mail')
@Controller('v1/public/mail/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Public()
  @ThrottleAs('public-lookup')
  @ApiOperation({ summary: 'The unsubscribe page of a signed link (HTML).' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  page(@Query('token') token: string | undefined, @Query('lang') lang: string | undefined, @Res() reply: FastifyReply): FastifyReply {
    this.mail.unsubscribeScope(typeof token === 'string' ? token : undefined);
    return html(reply, unsubscribePage(String(token), lang === 'en' ? 'en' : 'zh-CN'));
  }

  @Post()
  @Public()
  @FormPost()
  @ThrottleAs('public-lookup')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unsubscribe (the page\'s button, or a one-click `List-Unsubscribe-Post`).' })
  @ApiProduces('text/html')
  @ApiQuery({ name: 'token', required: true })
  async unsubscribe(@CurrentActor() actor: Actor, @Query('token') token: string | undefined, @Query('lang') lang: string | undefined, @Res() reply: FastifyReply): Promise<FastifyReply> {
    await this.mail.unsubscribe({ ...actor, anonymous: 'public' }, typeof token === 'string' ? token : undefined);
    return html(reply, unsubscribeDonePage(lang === 'en' ? 'en' : 'zh-CN'));
  }
}

function html(reply: FastifyReply, body: string): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(body);
}
