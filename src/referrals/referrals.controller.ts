import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { ApiErrors } from '../platform/openapi.js';
import { sendStoredFile } from '../platform/storage/file-download.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import {
  AcknowledgeReferralDto,
  ConcludeReferralDto,
  CustodyEntryView,
  JwksView,
  ListReferralsQuery,
  ReferralPageView,
  ReferralView,
  RetractReferralDto,
} from './dto/referral.dto.js';
import { signatureHeader } from './packet-format.js';
import { packetZip } from './packet-zip.js';
import { ReferralsError, ReferralsErrorCode } from './referrals.errors.js';
import { ReferralsService } from './referrals.service.js';
import { SigningKeysService } from './signing-keys.service.js';

const FETCH_ERRORS = { 404: ['REFERRAL_NOT_FOUND'], 410: ['REFERRAL_RETRACTED (liaisons)'], 500: ['REFERRAL_STORAGE_INTEGRITY'] };
const EVENT_ERRORS = {
  400: ['VALIDATION_FAILED', 'CASE_EVENT_INVALID'],
  404: ['REFERRAL_NOT_FOUND'],
  409: ['CASE_EVENT_NOT_ALLOWED', 'CASE_CONFLICT', 'REFERRAL_NOT_CURRENT'],
  410: ['REFERRAL_RETRACTED'],
};
const attachment = (name: string) => `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`;

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly referrals: ReferralsService,
    private readonly keys: SigningKeysService,
  ) {}

  @Get()
  @Roles('law_enforcement', 'secretariat')
  @ApiOperation({ summary: 'Referrals, newest first: a liaison (user or agency key) sees its own agency\'s only; staff see all.' })
  @ApiOkResponse({ type: ReferralPageView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  list(@CurrentActor() actor: Actor, @Query() q: ListReferralsQuery): Promise<ReferralPageView> {
    return this.referrals.list(actor, q);
  }

  @Get(':id')
  @Roles('law_enforcement', 'secretariat')
  @ApiOperation({ summary: 'One referral: status (pending, acknowledged, concluded, retracted), packet hash, the agency\'s reference and outcome.' })
  @ApiOkResponse({ type: ReferralView })
  @ApiErrors({ 404: ['REFERRAL_NOT_FOUND'] })
  get(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ReferralView> {
    return this.referrals.get(actor, id);
  }

  @Get(':id/packet')
  @Roles('law_enforcement', 'secretariat')
  @ApiProduces('application/json')
  @ApiOperation({
    summary: 'The signed packet: canonical JSON (RFC 8785) exactly as signed. Signature in `X-Packet-Signature: ed25519 kid=<kid>; sig=<base64>`. Every fetch enters the chain of custody.',
  })
  @ApiErrors(FETCH_ERRORS)
  async packet(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const p = await this.referrals.fetchPacket(actor, id, 'packet');
    void reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('x-packet-signature', signatureHeader(p.keyId, p.signature))
      .header('x-packet-sha256', p.sha256)
      .header('content-disposition', attachment(`referral-${p.caseReference}-${p.id}.json`))
      .header('cache-control', 'private, no-store')
      .send(p.bytes);
  }

  @Get(':id/packet.zip')
  @Roles('law_enforcement', 'secretariat')
  @ApiProduces('application/zip')
  @ApiOperation({ summary: 'packet.json, packet.sig, the public key, README.txt and evidence/… in one streamed ZIP. Every fetch enters the chain of custody.' })
  @ApiErrors(FETCH_ERRORS)
  async zip(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Res() reply: FastifyReply): Promise<void> {
    const p = await this.referrals.fetchPacket(actor, id, 'zip');
    const zip = packetZip({
      packet: p.bytes,
      signature: p.signature,
      keyId: p.keyId,
      publicKeyPem: (await this.keys.publicKeyPemOf(p.keyId)) ?? '',
      evidence: p.evidence,
      open: (sha256) => this.referrals.openBlob(sha256),
    });
    // A client that goes away stops the archive (and with it the reading of evidence).
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) zip.abort();
    });
    void reply
      .header('content-type', 'application/zip')
      .header('x-packet-signature', signatureHeader(p.keyId, p.signature))
      .header('x-packet-sha256', p.sha256)
      .header('content-disposition', attachment(`referral-${p.caseReference}-${p.id}.zip`))
      .header('cache-control', 'private, no-store')
      .send(zip);
  }

  @Get(':id/evidence/:evidenceId')
  @Roles('law_enforcement', 'secretariat')
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'One evidence file listed in the packet (its `downloadPath`); SHA-256 in `X-Content-SHA256`. Enters the chain of custody.' })
  @ApiErrors({ ...FETCH_ERRORS, 404: ['REFERRAL_NOT_FOUND', 'REFERRAL_EVIDENCE_NOT_FOUND'] })
  async evidence(
    @CurrentActor() actor: Actor,
    @Param('id', UuidPipe) id: string,
    @Param('evidenceId', UuidPipe) evidenceId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendStoredFile(reply, await this.referrals.fetchEvidence(actor, id, evidenceId));
  }

  @Get(':id/custody')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Chain of custody: every fetch of the packet, ZIP or evidence (who, when, which packet hash).' })
  @ApiOkResponse({ type: [CustodyEntryView] })
  @ApiErrors({ 404: ['REFERRAL_NOT_FOUND'] })
  custody(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CustodyEntryView[]> {
    return this.referrals.custody(actor, id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles('law_enforcement')
  @ApiOperation({ summary: 'The agency acknowledges receipt with its own reference number (case event LE_ACKNOWLEDGE, through the one door).' })
  @ApiOkResponse({ type: ReferralView })
  @ApiErrors(EVENT_ERRORS)
  acknowledge(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: AcknowledgeReferralDto): Promise<ReferralView> {
    return this.referrals.acknowledge(actor, id, dto.referenceNumber);
  }

  @Post(':id/conclude')
  @HttpCode(200)
  @Roles('law_enforcement')
  @ApiOperation({ summary: 'The agency reports its outcome (case event LE_CONCLUDE, through the one door); the case closes.' })
  @ApiOkResponse({ type: ReferralView })
  @ApiErrors(EVENT_ERRORS)
  conclude(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: ConcludeReferralDto): Promise<ReferralView> {
    return this.referrals.conclude(actor, id, dto.outcome);
  }

  @Post(':id/retract')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ summary: 'A supervisor withdraws a referral the agency has not acknowledged (case event RETRACT_REFERRAL, through the one door).' })
  @ApiOkResponse({ type: ReferralView })
  @ApiErrors(EVENT_ERRORS)
  retract(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Body() dto: RetractReferralDto): Promise<ReferralView> {
    return this.referrals.retract(actor, id, dto.reason);
  }
}

@ApiTags('referrals')
@Controller('v1/public/signing-key')
export class SigningKeyController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The association\'s packet-signing public keys as a JWK set (OKP/Ed25519, by kid), current and retired.' })
  @ApiOkResponse({ type: JwksView })
  async jwks(@Res() reply: FastifyReply): Promise<void> {
    void reply
      .header('content-type', 'application/jwk-set+json; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(JSON.stringify({ keys: await this.keys.published() }));
  }

  @Get(':kid')
  @Public()
  @ApiProduces('application/x-pem-file')
  @ApiOperation({ summary: 'One public key as PEM (SubjectPublicKeyInfo), e.g. for `openssl pkeyutl -verify`.' })
  @ApiErrors({ 404: ['SIGNING_KEY_NOT_FOUND'] })
  async pem(@Param('kid') kid: string, @Res() reply: FastifyReply): Promise<void> {
    const pem = /^[A-Za-z0-9._-]{1,64}$/.test(kid) ? await this.keys.publicKeyPemOf(kid) : null;
    if (!pem) throw new ReferralsError(ReferralsErrorCode.SIGNING_KEY_NOT_FOUND, 'No signing key has this id');
    void reply.header('content-type', 'application/x-pem-file').header('cache-control', 'public, max-age=300').send(pem);
  }
}
