import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyView, CreateApiKeyDto, IssuedApiKeyView, ListApiKeysQuery, RotateApiKeyDto } from './dto/api-key.dto.js';

@ApiTags('api-keys')
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Issue an API key for a partner site or an agency system; the key is shown only in this response.' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (testMode for an agency: PARTNERS_ONLY)'], 422: ['API_KEY_OWNER_NOT_FOUND'] })
  issue(@CurrentActor() actor: Actor, @Body() dto: CreateApiKeyDto): Promise<IssuedApiKeyView> {
    return this.keys.issue(actor, dto);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List keys (never their secrets).' })
  @ApiOkResponse({ type: [ApiKeyView] })
  list(@Query() q: ListApiKeysQuery): Promise<ApiKeyView[]> {
    return this.keys.list(q);
  }

  @Post(':id/rotate')
  @Roles('admin')
  @ApiOperation({ summary: 'Issue a replacement (same mode, live or test); the old key keeps working for the overlap period.' })
  @ApiCreatedResponse({ type: IssuedApiKeyView })
  @ApiErrors({ 404: ['API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED', 'API_KEY_ALREADY_ROTATED'] })
  rotate(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RotateApiKeyDto): Promise<IssuedApiKeyView> {
    return this.keys.rotate(actor, id, dto.overlapSeconds);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Revoke a key at once.' })
  @ApiNoContentResponse()
  @ApiErrors({ 404: ['API_KEY_NOT_FOUND'], 409: ['API_KEY_ALREADY_REVOKED'] })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
