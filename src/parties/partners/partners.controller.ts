import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { CreatedPartnerView, CreatePartnerDto, PartnerNamesQuery, PartnerNameView, PartnerView, RotatePartnerKeyDto, UpdatePartnerDto } from './dto/partner.dto.js';
import { PartnersService } from './partners.service.js';

@ApiTags('partners')
@Controller('v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a partner site; returns its API key and callback secret once.' })
  @ApiCreatedResponse({ type: CreatedPartnerView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['PARTNER_NAME_TAKEN'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePartnerDto): Promise<CreatedPartnerView> {
    return this.partners.create(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List partners.' })
  @ApiOkResponse({ type: [PartnerView] })
  list(): Promise<PartnerView[]> {
    return this.partners.list();
  }

  @Get('names')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Partner names by part of the name, or for given ids: id, name and status only (the console\'s queue filters cases by partner with it).' })
  @ApiOkResponse({ type: [PartnerNameView] })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  names(@Query() q: PartnerNamesQuery): Promise<PartnerNameView[]> {
    return this.partners.names(q);
  }

  @Get(':id')
  @Roles('admin')
  @ApiOkResponse({ type: PartnerView })
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND'] })
  get(@Param('id', UuidPipe) id: string): Promise<PartnerView> {
    return this.partners.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change name, domains, callback URL or status (suspending stops its keys at once).' })
  @ApiOkResponse({ type: PartnerView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['PARTNER_NOT_FOUND'], 409: ['PARTNER_NAME_TAKEN'] })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdatePartnerDto): Promise<PartnerView> {
    return this.partners.update(actor, id, dto);
  }

  @Post(':id/callback-secret')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a new callback signing secret, shown only in this response (also for a callback URL added later).' })
  @ApiCreatedResponse({ description: '{ callbackSecret }' })
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND'] })
  rotateSecret(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<{ callbackSecret: string }> {
    return this.partners.rotateCallbackSecret(actor, id);
  }

  @Get(':id/keys')
  @Roles('admin')
  @ApiOkResponse({ type: [ApiKeyView] })
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND'] })
  keys(@Param('id', UuidPipe) id: string): Promise<ApiKeyView[]> {
    return this.partners.keys(id);
  }

  @Post(':id/keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Rotate a key (with keyId; the old key keeps working for the overlap, the new one keeps its mode) or add one (testMode: true for a sandbox key).' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (testMode with keyId: NOT_WITH_ROTATION)'], 404: ['PARTNER_NOT_FOUND', 'API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED', 'API_KEY_ALREADY_ROTATED'] })
  rotate(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RotatePartnerKeyDto): Promise<IssuedApiKeyView> {
    return this.partners.rotateKey(actor, id, dto);
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a partner key at once.' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: ['PARTNER_NOT_FOUND', 'API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED'] })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('keyId', UuidPipe) keyId: string): Promise<void> {
    return this.partners.revokeKey(actor, id, keyId);
  }
}
