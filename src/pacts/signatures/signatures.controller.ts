import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { PositiveIntPipe } from '../../platform/version-number.pipe.js';
import { sendStoredFile } from '../../platform/storage/file-download.js';
import { UPLOAD_ROUTE_BODY_LIMIT } from '../../platform/storage/uploads.js';
import { BoundQuery, BoundView, SignatureListView, SignatureView, SignDto, WithdrawDto } from './dto/signature.dto.js';
import { SignaturesService } from './signatures.service.js';

@ApiTags('signatures')
@Controller('v1')
export class SignaturesController {
  constructor(private readonly signatures: SignaturesService) {}

  @Post('conventions/:code/versions/:version/signatures')
  @Roles('secretariat', 'member_rep')
  @RouteConfig({ bodyLimit: UPLOAD_ROUTE_BODY_LIMIT })
  @ApiOperation({
    summary:
      'Sign a published version: online by the member\'s own member_rep, or recorded by the secretariat for a paper ceremony with the scanned document. Signing the current version completes a pending renewal.',
  })
  @ApiCreatedResponse({ type: SignatureView })
  @ApiErrors({
    400: ['VALIDATION_FAILED', 'MEMBER_REQUIRED', 'ARTICLE_NOT_IN_VERSION', 'SIGNATURE_METHOD_INVALID', 'DOCUMENT_INVALID', 'SIGNED_AT_INVALID'],
    404: ['CONVENTION_NOT_FOUND', 'VERSION_NOT_FOUND', 'MEMBER_NOT_FOUND'],
    409: ['VERSION_NOT_PUBLISHED', 'VERSION_SUPERSEDED', 'MEMBER_NOT_ACTIVE', 'ALREADY_SIGNED'],
    413: ['DOCUMENT_TOO_LARGE', 'PAYLOAD_TOO_LARGE'],
  })
  sign(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('version', PositiveIntPipe) version: number,
    @Body() dto: SignDto,
  ): Promise<SignatureView> {
    return this.signatures.sign(actor, code, version, dto);
  }

  @Post('signatures/:id/withdraw')
  @HttpCode(200)
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Withdraw a current signature with a reason; it stops binding today and stays on record.' })
  @ApiOkResponse({ type: SignatureView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['SIGNATURE_NOT_FOUND'], 409: ['SIGNATURE_ALREADY_WITHDRAWN', 'SIGNATURE_NOT_CURRENT'] })
  withdraw(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: WithdrawDto): Promise<SignatureView> {
    return this.signatures.withdraw(actor, id, dto);
  }

  @Get('signatures/:id/document')
  @Roles('secretariat', 'member_rep')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download the scanned document of a paper signature (every download is audited); a member_rep: its own organisation only. The SHA-256 is in Repr-Digest.' })
  @ApiErrors({ 404: ['SIGNATURE_NOT_FOUND', 'DOCUMENT_NOT_FOUND'] })
  async document(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    sendStoredFile(reply, await this.signatures.document(actor, id));
  }

  @Get('members/:id/signatures')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Every signature of a member, newest first, withdrawn and renewed ones included.' })
  @ApiOkResponse({ type: SignatureListView })
  @ApiErrors({ 404: ['MEMBER_NOT_FOUND'] })
  listForMember(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<SignatureListView> {
    return this.signatures.listForMember(actor, id);
  }

  @Get('members/:id/bound')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Was the member bound by this article of this convention on this date? With the signature and version, or the reason not.' })
  @ApiOkResponse({ type: BoundView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['MEMBER_NOT_FOUND', 'CONVENTION_NOT_FOUND'] })
  bound(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() q: BoundQuery): Promise<BoundView> {
    return this.signatures.boundForActor(actor, id, q.convention, q.article, q.on);
  }
}
