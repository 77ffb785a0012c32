import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { type CachePolicy, sendCached } from '../platform/http-cache.js';
import { ApiErrors } from '../platform/openapi.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import {
  DisclosurePageView,
  DisclosureView,
  ListDisclosuresQuery,
  ListStaffDisclosuresQuery,
  RetractDisclosureDto,
  StaffDisclosurePageView,
  StaffDisclosureView,
} from './dto/disclosure.dto.js';
import { PublicationsService } from './publications.service.js';

@ApiTags('publications')
@Controller()
export class DisclosuresController {
  constructor(private readonly publications: PublicationsService) {}

  @Get('v1/cases/:id/disclosure-preview')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Exactly what the public disclosure will show if the pending publication proposal is approved now.' })
  @ApiOkResponse({ type: DisclosureView })
  @ApiErrors({ 404: ['CASE_NOT_FOUND'], 409: ['DISCLOSURE_NOT_PROPOSED'] })
  preview(@Param('id', UuidPipe) id: string): Promise<DisclosureView> {
    return this.publications.preview(id);
  }

  @Get('v1/disclosures')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Disclosures for staff, newest first: the public view of each (retracted ones with their text withdrawn) and its case.' })
  @ApiOkResponse({ type: StaffDisclosurePageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  staffList(@Query() q: ListStaffDisclosuresQuery): Promise<StaffDisclosurePageView> {
    return this.publications.staffList(q);
  }

  @Get('v1/disclosures/:id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'One disclosure for staff: its public view and its case.' })
  @ApiOkResponse({ type: StaffDisclosureView })
  @ApiErrors({ 404: ['DISCLOSURE_NOT_FOUND'] })
  staffGet(@Param('id', UuidPipe) id: string): Promise<StaffDisclosureView> {
    return this.publications.staffGet(id);
  }

  @Post('v1/disclosures/:id/retract')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Retract a disclosure: it stays listed, marked retracted with the reason; its text is withdrawn from public view.' })
  @ApiOkResponse({ type: DisclosureView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['DISCLOSURE_NOT_FOUND'], 409: ['DISCLOSURE_ALREADY_RETRACTED'] })
  retract(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RetractDisclosureDto): Promise<DisclosureView> {
    return this.publications.retract(actor, id, dto.reason);
  }
}

/** Media and feed readers: a short max-age, so a retraction reaches caches within a minute. */
const PUBLIC_DISCLOSURES: CachePolicy = { maxAgeSeconds: 60, vary: 'accept-encoding' };

@ApiTags('publications')
@Controller('v1/public')
export class PublicDisclosuresController {
  constructor(private readonly publications: PublicationsService) {}

  @Get('disclosures')
  @Public()
  @ApiOperation({ summary: 'Public disclosures, newest first (retracted ones stay listed, marked so). ETag / 304 and Cache-Control.' })
  @ApiOkResponse({ type: DisclosurePageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: ListDisclosuresQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, JSON.stringify(await this.publications.list(q)), 'application/json; charset=utf-8', PUBLIC_DISCLOSURES);
  }

  @Get('disclosures.atom')
  @Public()
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Atom 1.0 feed of the latest 50 disclosures, for media. ETag / 304 and Cache-Control.' })
  async atom(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, await this.publications.feed(), 'application/atom+xml; charset=utf-8', PUBLIC_DISCLOSURES);
  }

  @Get('disclosures/:id')
  @Public()
  @ApiOperation({ summary: 'One public disclosure. ETag / 304 and Cache-Control.' })
  @ApiOkResponse({ type: DisclosureView })
  @ApiErrors({ 404: ['DISCLOSURE_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, JSON.stringify(await this.publications.get(id)), 'application/json; charset=utf-8', PUBLIC_DISCLOSURES);
  }
}
