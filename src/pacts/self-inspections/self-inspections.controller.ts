import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { sendStoredFile } from '../../platform/storage/file-download.js';
import { ATTACHMENTS_ROUTE_BODY_LIMIT } from '../../platform/storage/uploads.js';
import { FilingPageView, ListSelfInspectionsQuery, ReviewDto, SelfInspectionView, SubmitSelfInspectionDto } from './dto/self-inspection.dto.js';
import { SelfInspectionsService } from './self-inspections.service.js';

@ApiTags('self-inspections')
@Controller('v1')
export class SelfInspectionsController {
  constructor(private readonly reports: SelfInspectionsService) {}

  @Post('members/:id/self-inspections')
  @Roles('member_rep', 'secretariat')
  @RouteConfig({ bodyLimit: ATTACHMENTS_ROUTE_BODY_LIMIT })
  @ApiOperation({ summary: 'File a self-inspection report for a period (a returned report is filed again as a new revision). A member_rep: its own organisation only.' })
  @ApiCreatedResponse({ type: SelfInspectionView })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'PERIOD_INVALID', 'PERIOD_NOT_STARTED', 'ARTICLE_NOT_IN_VERSION'],
    404: ['MEMBER_NOT_FOUND', 'CONVENTION_NOT_FOUND'],
    409: ['SELF_INSPECTIONS_NOT_EXPECTED', 'NOT_A_SIGNATORY', 'SELF_INSPECTION_ALREADY_FILED'],
    413: ['ATTACHMENT_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  submit(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: SubmitSelfInspectionDto): Promise<SelfInspectionView> {
    return this.reports.submit(actor, id, dto);
  }

  @Get('self-inspections')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Reports on file (filters: member, convention, period, status), or the overdue filings with overdue=true. A member_rep sees its own.' })
  @ApiOkResponse({ type: FilingPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  list(@CurrentActor() actor: Actor, @Query() q: ListSelfInspectionsQuery): Promise<FilingPageView> {
    return this.reports.list(actor, q);
  }

  @Get('self-inspections/:id')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'A report with every revision and review.' })
  @ApiOkResponse({ type: SelfInspectionView })
  @ApiErrors({ 404: ['SELF_INSPECTION_NOT_FOUND'] })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SelfInspectionView> {
    return this.reports.get(actor, id);
  }

  @Get('self-inspections/:id/attachments/:sha256')
  @Roles('secretariat', 'member_rep')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download a file attached to any revision of the report, by its SHA-256 (every download is audited); a member_rep: its own organisation only.' })
  @ApiErrors({ 404: ['SELF_INSPECTION_NOT_FOUND', 'ATTACHMENT_NOT_FOUND'] })
  async attachment(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('sha256') sha256: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendStoredFile(reply, await this.reports.attachment(actor, id, sha256));
  }

  @Post('self-inspections/:id/review')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Accept a submitted report, or return it with comments for a new revision.' })
  @ApiOkResponse({ type: SelfInspectionView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REVIEW_COMMENTS_REQUIRED'], 404: ['SELF_INSPECTION_NOT_FOUND'], 409: ['SELF_INSPECTION_NOT_SUBMITTED'] })
  review(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ReviewDto): Promise<SelfInspectionView> {
    return this.reports.review(actor, id, dto);
  }
}
