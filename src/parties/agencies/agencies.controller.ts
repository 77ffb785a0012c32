import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyView, IssuedApiKeyView } from '../../identity/index.js';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { AgenciesService } from './agencies.service.js';
import { AgencyKeyDto, AgencyView, CreateAgencyDto } from './dto/agency.dto.js';

@ApiTags('agencies')
@Controller('v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register an agency that referrals can be addressed to.' })
  @ApiCreatedResponse({ type: AgencyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['AGENCY_NAME_TAKEN'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAgencyDto): Promise<AgencyView> {
    return this.agencies.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'List agencies (staff need them to address a referral proposal).' })
  @ApiOkResponse({ type: [AgencyView] })
  list(): Promise<AgencyView[]> {
    return this.agencies.list();
  }

  @Get(':id')
  @Roles('admin', 'secretariat')
  @ApiOkResponse({ type: AgencyView })
  @ApiErrors({ 404: ['AGENCY_NOT_FOUND'] })
  get(@Param('id', UuidPipe) id: string): Promise<AgencyView> {
    return this.agencies.get(id);
  }

  @Get(':id/keys')
  @Roles('admin')
  @ApiOperation({ summary: 'The agency system\'s API keys (never their secrets).' })
  @ApiOkResponse({ type: [ApiKeyView] })
  @ApiErrors({ 404: ['AGENCY_NOT_FOUND'] })
  keys(@Param('id', UuidPipe) id: string): Promise<ApiKeyView[]> {
    return this.agencies.keys(id);
  }

  @Post(':id/keys')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a key for the agency\'s system (acts as law_enforcement for this agency), or rotate one with keyId; shown once.' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['AGENCY_NOT_FOUND', 'API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED', 'API_KEY_ALREADY_ROTATED'] })
  issueKey(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: AgencyKeyDto): Promise<IssuedApiKeyView> {
    return this.agencies.issueKey(actor, id, dto);
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke an agency key at once.' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: ['AGENCY_NOT_FOUND', 'API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED'] })
  revokeKey(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('keyId', UuidPipe) keyId: string): Promise<void> {
    return this.agencies.revokeKey(actor, id, keyId);
  }
}
