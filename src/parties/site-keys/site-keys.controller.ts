import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { ThrottleAs } from '../../platform/rate-limit/throttling.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { CreateSiteKeyDto, PublicSiteKeyView, SiteKeyView, UpdateSiteKeyDto } from './dto/site-key.dto.js';
import { SiteKeysService } from './site-keys.service.js';

@ApiTags('partners')
@Controller('v1/partners/:id/site-keys')
export class SiteKeysController {
  constructor(private readonly siteKeys: SiteKeysService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a public site key for the partner\'s complaint window, with the origins allowed to embed it.' })
  @ApiCreatedResponse({ type: SiteKeyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (allowedOrigins[i]: INVALID_ORIGIN)'], 404: ['PARTNER_NOT_FOUND'] })
  create(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: CreateSiteKeyDto): Promise<SiteKeyView> {
    return this.siteKeys.create(actor, id, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'The partner\'s site keys, newest first (revoked ones included).' })
  @ApiOkResponse({ type: [SiteKeyView] })
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND'] })
  list(@Param('id', UuidPipe) id: string): Promise<SiteKeyView[]> {
    return this.siteKeys.list(id);
  }

  @Patch(':siteKeyId')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename a site key or replace its allowed origins (effective at once).' })
  @ApiOkResponse({ type: SiteKeyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (allowedOrigins[i]: INVALID_ORIGIN)'], 404: ['PARTNER_NOT_FOUND', 'SITE_KEY_NOT_FOUND'], 409: ['SITE_KEY_ALREADY_REVOKED'] })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('siteKeyId', UuidPipe) siteKeyId: string,
    @Body() dto: UpdateSiteKeyDto,
  ): Promise<SiteKeyView> {
    return this.siteKeys.update(actor, id, siteKeyId, dto);
  }

  @Delete(':siteKeyId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a site key at once: its window and its submissions are refused.' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND', 'SITE_KEY_NOT_FOUND'], 409: ['SITE_KEY_ALREADY_REVOKED'] })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('siteKeyId', UuidPipe) siteKeyId: string): Promise<void> {
    return this.siteKeys.revoke(actor, id, siteKeyId);
  }
}

@ApiTags('complaint window')
@Controller('v1/public/site-keys')
export class PublicSiteKeysController {
  constructor(private readonly siteKeys: SiteKeysService) {}

  @Get(':key')
  @Public()
  @ThrottleAs('public-lookup')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Whose complaint window a site key opens and which origins may embed it (the page checks its postMessage targets with them).' })
  @ApiOkResponse({ type: PublicSiteKeyView })
  @ApiErrors({ 404: ['SITE_KEY_NOT_FOUND (unknown, revoked, or its partner suspended)'], 429: ['RATE_LIMITED'] })
  get(@Param('key') key: string): Promise<PublicSiteKeyView> {
    return this.siteKeys.publicView(key);
  }
}
