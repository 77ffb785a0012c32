import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ComplaintStatusService } from '../complaint-status.service.js';
import { partnerCallerOf } from '../partner-intake.service.js';
import { MultipartUpload } from '../../platform/http/multipart-upload.decorator.js';
import { ApiErrors } from '../../platform/openapi.js';
import { ThrottleAs } from '../../platform/rate-limit/throttling.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { sendStoredFile } from '../../platform/storage/file-download.js';
import { RespondentEvidenceListView, ShareEvidenceDto, StaffEvidenceListView, StaffEvidenceView } from './dto/evidence.dto.js';
import { EvidenceLookup } from './evidence.lookup.js';
import { EvidenceService, type EvidenceView } from './evidence.service.js';

const UPLOAD_ERRORS = {
  400: ['MALFORMED_MULTIPART', 'EVIDENCE_INVALID'],
  409: ['EVIDENCE_LIMIT_REACHED'],
  413: ['EVIDENCE_TOO_LARGE'],
  415: ['EVIDENCE_TYPE_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE'],
};

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly lookup: EvidenceLookup,
    private readonly status: ComplaintStatusService,
  ) {}

  @Post('v1/partner/complaints/:reference/evidence')
  @HttpCode(201)
  @Roles('partner')
  @MultipartUpload()
  @ApiOperation({ summary: 'Attach evidence files to a complaint this partner submitted (content-addressed; re-sending a file is harmless).' })
  @ApiCreatedResponse({ description: 'The stored files.' })
  @ApiErrors({ ...UPLOAD_ERRORS, 404: ['COMPLAINT_NOT_FOUND'] })
  async partnerUpload(@CurrentActor() actor: Actor, @Param('reference') reference: string, @Req() req: FastifyRequest): Promise<{ items: EvidenceView[] }> {
    const caseId = await this.lookup.caseOfPartner(partnerCallerOf(actor), reference);
    return { items: await this.evidence.upload(actor, caseId, req, 'partner') };
  }

  @Post('v1/public/complaints/evidence')
  @HttpCode(201)
  @Public()
  @ThrottleAs('receipt-lookup')
  @MultipartUpload()
  @ApiHeader({ name: 'X-Receipt-Code', required: true })
  @ApiOperation({ summary: 'The complainant attaches evidence, identified by the receipt code.' })
  @ApiErrors({ ...UPLOAD_ERRORS, 404: ['COMPLAINT_NOT_FOUND'], 429: ['RATE_LIMITED'] })
  async publicUpload(@CurrentActor() actor: Actor, @Headers('x-receipt-code') code: string | undefined, @Req() req: FastifyRequest): Promise<{ items: EvidenceView[] }> {
    const caseId = await this.status.caseIdForReceipt(code);
    return { items: await this.evidence.upload(actor, caseId, req, 'complainant') };
  }

  @Post('v1/cases/:id/evidence')
  @HttpCode(201)
  @Roles('secretariat')
  @MultipartUpload()
  @ApiOperation({ summary: 'Staff attach evidence received by letter, email or visit.' })
  @ApiErrors({ ...UPLOAD_ERRORS, 404: ['NOT_FOUND'] })
  async staffUpload(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Req() req: FastifyRequest): Promise<{ items: EvidenceView[] }> {
    await this.lookup.assertCase(id);
    return { items: await this.evidence.upload(actor, id, req, 'staff') };
  }

  @Get('v1/cases/:id/evidence')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'The evidence of a case: staff get every item with its sharing state; a member_rep only the items shared with the respondent.' })
  @ApiExtraModels(StaffEvidenceListView, RespondentEvidenceListView)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(StaffEvidenceListView) }, { $ref: getSchemaPath(RespondentEvidenceListView) }] } })
  @ApiErrors({ 404: ['NOT_FOUND'] })
  async list(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<StaffEvidenceListView | RespondentEvidenceListView> {
    const p = actor.principal;
    if (p?.kind === 'user' && p.role === 'member_rep') return { items: await this.evidence.listForRespondent(p.memberId, id) };
    await this.lookup.assertCase(id);
    return { items: await this.evidence.listForStaff(id) };
  }

  @Post('v1/cases/:id/evidence/:evidenceId/share')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Share an evidence item with the respondent (audited). For an employee\'s complaint, confirm that it does not identify the complainant.' })
  @ApiOkResponse({ type: StaffEvidenceView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'EVIDENCE_SHARE_CONFIRMATION_REQUIRED'], 404: ['EVIDENCE_NOT_FOUND'] })
  share(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('evidenceId', UuidPipe) evidenceId: string,
    @Body() dto: ShareEvidenceDto,
  ): Promise<StaffEvidenceView> {
    return this.evidence.share(actor, id, evidenceId, dto.confirmNotIdentifying === true);
  }

  @Delete('v1/cases/:id/evidence/:evidenceId/share')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Stop sharing an evidence item with the respondent (audited).' })
  @ApiOkResponse({ type: StaffEvidenceView })
  @ApiErrors({ 404: ['EVIDENCE_NOT_FOUND'] })
  unshare(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Param('evidenceId', UuidPipe) evidenceId: string): Promise<StaffEvidenceView> {
    return this.evidence.unshare(actor, id, evidenceId);
  }

  @Get('v1/evidence/:id')
  @Roles('secretariat', 'member_rep')
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    summary:
      'Download an evidence file; a member_rep only items shared with it on its own member\'s cases (others answer 404). Every download is audited with the caller\'s role. The SHA-256 is in the Repr-Digest header (RFC 9530) and X-Content-SHA256.',
  })
  @ApiErrors({ 404: ['EVIDENCE_NOT_FOUND'] })
  async download(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    sendStoredFile(reply, await this.evidence.download(actor, id));
  }
}
