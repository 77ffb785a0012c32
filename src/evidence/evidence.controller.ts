import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../auth/decorators.js';
import type { Actor } from '../auth/principal.js';
import { ComplaintStatusService } from '../complaints/complaint-status.service.js';
import { partnerOf } from '../complaints/partner-intake.service.js';
import { MultipartUpload } from '../common/http/multipart-upload.decorator.js';
import { ApiErrors } from '../common/openapi.js';
import { ThrottleAs } from '../common/rate-limit/throttling.js';
import { UuidPipe } from '../common/uuid.pipe.js';
import { sendStoredFile } from '../storage/file-download.js';
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
    const caseId = await this.lookup.caseOfPartner(partnerOf(actor), reference);
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
  @Roles('secretariat')
  @ApiOperation({ summary: 'The evidence manifest of a case.' })
  @ApiOkResponse({ description: 'Files with name, type, size and SHA-256.' })
  @ApiErrors({ 404: ['NOT_FOUND'] })
  async list(@Param('id', UuidPipe) id: string): Promise<{ items: EvidenceView[] }> {
    await this.lookup.assertCase(id);
    return { items: await this.evidence.list(id) };
  }

  @Get('v1/evidence/:id')
  @Roles('secretariat')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download an evidence file (every download is audited). The SHA-256 is in the Digest header.' })
  @ApiErrors({ 404: ['EVIDENCE_NOT_FOUND'] })
  async download(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { stream, meta } = await this.evidence.download(actor, id);
    sendStoredFile(reply, { fileName: meta.fileName, contentType: meta.mediaType, size: meta.size, sha256: meta.sha256 }, stream);
  }
}
