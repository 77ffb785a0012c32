import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { type CachePolicy, sendCached } from '../platform/http-cache.js';
import { ApiErrors } from '../platform/openapi.js';
import type { Page } from '../platform/pagination.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { documentCsp } from './bulletin-render.js';
import { BulletinSeriesService } from './bulletin-series.service.js';
import { BulletinsService } from './bulletins.service.js';
import {
  BulletinPageView,
  BulletinView,
  CreateBulletinDto,
  CreateSeriesDto,
  ListBulletinsQuery,
  PublicBulletinPageView,
  PublicBulletinsQuery,
  PublicBulletinView,
  RejectBulletinDto,
  SeriesView,
  UpdateBulletinDto,
  UpdateSeriesDto,
} from './dto/bulletin.dto.js';

@ApiTags('bulletins')
@Controller('v1/bulletin-series')
export class BulletinSeriesController {
  constructor(private readonly series: BulletinSeriesService) {}

  @Post()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Create a bulletin series (舆情简报, 工作周报…): stable code, title, frequency, extra recipient addresses.' })
  @ApiCreatedResponse({ type: SeriesView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['BULLETIN_SERIES_CODE_TAKEN'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateSeriesDto): Promise<SeriesView> {
    return this.series.create(actor, dto);
  }

  @Get()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Every bulletin series, by code.' })
  @ApiOkResponse({ type: [SeriesView] })
  list(): Promise<SeriesView[]> {
    return this.series.list();
  }

  @Get(':id')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'One bulletin series.' })
  @ApiOkResponse({ type: SeriesView })
  @ApiErrors({ 404: ['BULLETIN_SERIES_NOT_FOUND'] })
  get(@Param('id', UuidPipe) id: string): Promise<SeriesView> {
    return this.series.get(id);
  }

  @Patch(':id')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'Change a series\' title, frequency, active flag or extra recipients (the list is replaced); never its code.' })
  @ApiOkResponse({ type: SeriesView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['BULLETIN_SERIES_NOT_FOUND'] })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateSeriesDto): Promise<SeriesView> {
    return this.series.update(actor, id, dto);
  }
}

@ApiTags('bulletins')
@Controller('v1/bulletins')
export class BulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Compose a draft: the period\'s report figures are taken and frozen, the chosen published disclosures frozen as they are public now.' })
  @ApiCreatedResponse({ type: BulletinView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['BULLETIN_SERIES_NOT_FOUND'], 409: ['BULLETIN_SERIES_INACTIVE'], 422: ['DISCLOSURE_NOT_PUBLISHED'] })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBulletinDto): Promise<BulletinView> {
    return this.bulletins.create(actor, dto);
  }

  @Get()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Bulletins at every stage, newest composed first; filter by series and status. Paginated.' })
  @ApiOkResponse({ type: BulletinPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  list(@Query() q: ListBulletinsQuery): Promise<Page<BulletinView>> {
    return this.bulletins.list(q);
  }

  @Get(':id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'One bulletin at any stage.' })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'] })
  get(@Param('id', UuidPipe) id: string): Promise<BulletinView> {
    return this.bulletins.get(id);
  }

  @Patch(':id')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Edit a draft. A new period (or refreshFigures) retakes the figures; disclosureIds and sections replace the lists. The editor joins the contributors, who may not approve it.' })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['BULLETIN_NOT_FOUND', 'BULLETIN_SERIES_NOT_FOUND'], 409: ['BULLETIN_NOT_DRAFT', 'BULLETIN_SERIES_INACTIVE', 'BULLETIN_EDIT_CONFLICT'], 422: ['DISCLOSURE_NOT_PUBLISHED'] })
  update(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: UpdateBulletinDto): Promise<BulletinView> {
    return this.bulletins.update(actor, id, dto);
  }

  @Get(':id/preview')
  @Roles('secretariat')
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The document as it reads now (unnumbered while not published), for the composer and the approver.' })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'] })
  async preview(@Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const html = await this.bulletins.preview(id);
    void reply.header('content-security-policy', documentCsp(html)).header('cache-control', 'private, no-store').header('content-type', 'text/html; charset=utf-8').send(html);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Submit a draft for a supervisor\'s approval.' })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'], 409: ['BULLETIN_NOT_DRAFT'] })
  submit(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BulletinView> {
    return this.bulletins.submit(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Approve a submitted bulletin; a supervisor who composed, edited or submitted it may not (four eyes).' })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 403: ['OWN_BULLETIN_APPROVAL'], 404: ['BULLETIN_NOT_FOUND'], 409: ['BULLETIN_NOT_SUBMITTED'] })
  approve(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BulletinView> {
    return this.bulletins.approve(actor, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Send a submitted (or approved, not yet published) bulletin back to draft with a reason.' })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['BULLETIN_NOT_FOUND'], 409: ['BULLETIN_NOT_IN_REVIEW'] })
  reject(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RejectBulletinDto): Promise<BulletinView> {
    return this.bulletins.reject(actor, id, dto.reason);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({
    summary:
      'Publish an approved bulletin: the next number of its series in the year (Asia/Shanghai), the rendered document frozen, archived publicly and queued for mailing, in one transaction.',
  })
  @ApiOkResponse({ type: BulletinView })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'], 409: ['BULLETIN_NOT_APPROVED', 'BULLETIN_DISCLOSURE_RETRACTED'] })
  publish(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<BulletinView> {
    return this.bulletins.publish(actor, id);
  }
}

/** Archive and feed readers: a short max-age, like the disclosures. */
const PUBLIC_BULLETINS: CachePolicy = { maxAgeSeconds: 60, vary: 'accept-encoding' };

@ApiTags('bulletins')
@Controller('v1/public')
export class PublicBulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  @Get('bulletins')
  @Public()
  @ApiOperation({ summary: 'Published bulletins, newest first; filter by series code. Paginated; ETag / 304 and Cache-Control.' })
  @ApiOkResponse({ type: PublicBulletinPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() q: PublicBulletinsQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, JSON.stringify(await this.bulletins.publicList(q)), 'application/json; charset=utf-8', PUBLIC_BULLETINS);
  }

  @Get('bulletins.atom')
  @Public()
  @ApiProduces('application/atom+xml')
  @ApiOperation({ summary: 'Atom 1.0 feed of the latest 50 published bulletins. ETag / 304 and Cache-Control.' })
  async atom(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, await this.bulletins.feed(), 'application/atom+xml; charset=utf-8', PUBLIC_BULLETINS);
  }

  @Get('bulletins/:id')
  @Public()
  @ApiOperation({ summary: 'One published bulletin (drafts and unpublished ones: 404). ETag / 304 and Cache-Control.' })
  @ApiOkResponse({ type: PublicBulletinView })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(req, reply, JSON.stringify(await this.bulletins.publicGet(id)), 'application/json; charset=utf-8', PUBLIC_BULLETINS);
  }

  @Get('bulletins/:id/html')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The published document as frozen at publication: self-contained HTML, no script, prints on A4. Strict CSP; ETag / 304.' })
  @ApiErrors({ 404: ['BULLETIN_NOT_FOUND'] })
  async html(@Param('id', UuidPipe) id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const html = await this.bulletins.publicHtml(id);
    void reply.header('content-security-policy', documentCsp(html));
    sendCached(req, reply, html, 'text/html; charset=utf-8', PUBLIC_BULLETINS);
  }
}
