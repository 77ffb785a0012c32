import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { PositiveIntPipe } from '../../platform/version-number.pipe.js';
import { ConventionsService } from './conventions.service.js';
import {
  ConventionDetailView,
  ConventionView,
  CreateConventionDto,
  CreateVersionDto,
  DiffQuery,
  DiffView,
  PublishVersionDto,
  UpdateConventionDto,
  UpdateVersionDto,
  VersionView,
} from './dto/convention.dto.js';

@ApiTags('pacts')
@Controller('v1/conventions')
export class ConventionsController {
  constructor(private readonly conventions: ConventionsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Create a convention (pact) with a stable code; its text comes in versions.' })
  @ApiCreatedResponse({ type: ConventionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['CONVENTION_CODE_TAKEN'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateConventionDto): Promise<ConventionView> {
    return this.conventions.create(actor, dto);
  }

  @Get()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Every convention with its current and draft version numbers, by code.' })
  @ApiOkResponse({ type: [ConventionView] })
  list(): Promise<ConventionView[]> {
    return this.conventions.list();
  }

  @Get(':code')
  @Roles('secretariat')
  @ApiOperation({ summary: 'A convention with all its versions.' })
  @ApiOkResponse({ type: ConventionDetailView })
  @ApiErrors({ 404: ['CONVENTION_NOT_FOUND'] })
  get(@Param('code') code: string): Promise<ConventionDetailView> {
    return this.conventions.get(code);
  }

  @Patch(':code')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Change a convention\'s titles, issuing body, description or self-inspection schedule (never its code or texts).' })
  @ApiOkResponse({ type: ConventionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['CONVENTION_NOT_FOUND'] })
  update(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: UpdateConventionDto): Promise<ConventionView> {
    return this.conventions.update(actor, code, dto);
  }

  @Get(':code/diff')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Article-by-article differences between two versions: added, removed, changed (both texts), unchanged count.' })
  @ApiOkResponse({ type: DiffView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['CONVENTION_NOT_FOUND', 'VERSION_NOT_FOUND'] })
  diff(@Param('code') code: string, @Query() q: DiffQuery): Promise<DiffView> {
    return this.conventions.diff(code, q.from, q.to);
  }

  @Post(':code/versions')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Open the draft of the next version (one draft at a time).' })
  @ApiCreatedResponse({ type: VersionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ARTICLE_NUMBERS_DUPLICATE'], 404: ['CONVENTION_NOT_FOUND'], 409: ['DRAFT_ALREADY_EXISTS'] })
  createVersion(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateVersionDto): Promise<VersionView> {
    return this.conventions.createVersion(actor, code, dto);
  }

  @Get(':code/versions/:version')
  @Roles('secretariat')
  @ApiOperation({ summary: 'One version with its articles.' })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors({ 404: ['CONVENTION_NOT_FOUND', 'VERSION_NOT_FOUND'] })
  getVersion(@Param('code') code: string, @Param('version', PositiveIntPipe) version: number): Promise<VersionView> {
    return this.conventions.getVersion(code, version);
  }

  @Patch(':code/versions/:version')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit a draft (articles replaced as a whole, notes). A published version answers 409 VERSION_IMMUTABLE.' })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'ARTICLE_NUMBERS_DUPLICATE'], 404: ['CONVENTION_NOT_FOUND', 'VERSION_NOT_FOUND'], 409: ['VERSION_IMMUTABLE'] })
  updateVersion(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('version', PositiveIntPipe) version: number,
    @Body() dto: UpdateVersionDto,
  ): Promise<VersionView> {
    return this.conventions.updateVersion(actor, code, version, dto);
  }

  @Post(':code/versions/:version/publish')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({
    summary:
      'Publish a draft: sets its effective date and text hash (SHA-256 of the RFC 8785 canonical text), supersedes the current version and puts its active signatures into renewal_pending.',
  })
  @ApiOkResponse({ type: VersionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['CONVENTION_NOT_FOUND', 'VERSION_NOT_FOUND'], 409: ['VERSION_IMMUTABLE', 'VERSION_EMPTY', 'EFFECTIVE_DATE_TOO_EARLY'] })
  publish(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('version', PositiveIntPipe) version: number,
    @Body() dto: PublishVersionDto,
  ): Promise<VersionView> {
    return this.conventions.publish(actor, code, version, dto);
  }
}
