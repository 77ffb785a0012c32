import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import { STATUS_LANGS, statusLang } from '../cases/index.js';
import type { Actor } from '../platform/access/principal.js';
import { ApiErrors } from '../platform/openapi.js';
import { ThrottleAs } from '../platform/rate-limit/throttling.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import { ComplaintStatusService } from './complaint-status.service.js';
import {
  BatchReceiptView,
  ComplaintReceiptView,
  ComplaintStatusView,
  PartnerBatchDto,
  PartnerComplaintDto,
  PartnerReceiptView,
  PartnerStatusView,
  PublicComplaintDto,
  StaffComplaintDto,
  SubmitComplaintDto,
} from './dto/complaint.dto.js';
import { partnerCallerOf, PartnerIntakeService } from './partner-intake.service.js';
import type { IdempotentResult } from './idempotency.service.js';
import { PublicIntakeService } from './public-intake.service.js';

const INTAKE_ERRORS = {
  400: ['VALIDATION_FAILED', 'MALFORMED_JSON', 'COMPLAINT_INVALID (field codes: UNKNOWN_CATEGORY, IN_FUTURE, UNKNOWN_ARTICLE, UNKNOWN_MEMBER, CONTACT_REQUIRED, …)'],
  413: ['PAYLOAD_TOO_LARGE'],
  415: ['UNSUPPORTED_MEDIA_TYPE'],
  429: ['RATE_LIMITED'],
};

function replay<T>(reply: FastifyReply, r: IdempotentResult<T>): T {
  void reply.status(r.status);
  if (r.replayed) void reply.header('idempotent-replayed', 'true');
  return r.body;
}

@ApiTags('partner intake')
@Controller('v1/partner/complaints')
export class PartnerIntakeController {
  constructor(
    private readonly partnerIntake: PartnerIntakeService,
    private readonly status: ComplaintStatusService,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('partner')
  @ThrottleAs('partner-intake')
  @ApiOperation({ summary: 'Submit a complaint from a partner site\'s complaint window. Retry-safe with Idempotency-Key.' })
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: 'Same key + same body replays the first response; another body is refused (422).' })
  @ApiCreatedResponse({ type: PartnerReceiptView })
  @ApiErrors({ ...INTAKE_ERRORS, 400: [...INTAKE_ERRORS[400], 'IDEMPOTENCY_KEY_REQUIRED'], 409: ['EXTERNAL_ID_EXISTS', 'IDEMPOTENCY_IN_PROGRESS'], 422: ['IDEMPOTENCY_KEY_REUSED'] })
  async submit(
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: PartnerComplaintDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerReceiptView> {
    return replay(reply, await this.partnerIntake.submit(actor, key, dto));
  }

  @Post('batch')
  @HttpCode(201)
  @Roles('partner')
  @ThrottleAs('partner-intake')
  @ApiOperation({ summary: 'Submit up to 100 complaints, all or nothing; errors are indexed per item (items[3].title).' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiCreatedResponse({ type: BatchReceiptView })
  @ApiErrors({ ...INTAKE_ERRORS, 400: [...INTAKE_ERRORS[400], 'BATCH_INVALID', 'IDEMPOTENCY_KEY_REQUIRED'], 409: ['IDEMPOTENCY_IN_PROGRESS'], 422: ['IDEMPOTENCY_KEY_REUSED'] })
  async submitBatch(
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: PartnerBatchDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<BatchReceiptView> {
    return replay(reply, await this.partnerIntake.submitBatch(actor, key, dto.items));
  }

  @Get(':reference')
  @Roles('partner')
  @ApiOperation({ summary: 'State, dates and complainant-safe timeline of a complaint this partner submitted (any other answers 404).' })
  @ApiOkResponse({ type: PartnerStatusView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (lang)'], 404: ['COMPLAINT_NOT_FOUND'] })
  @ApiQuery({ name: 'lang', required: false, enum: STATUS_LANGS, description: 'Label language; else Accept-Language, else zh-CN.' })
  get(
    @CurrentActor() actor: Actor,
    @Param('reference') reference: string,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ): Promise<PartnerStatusView> {
    return this.status.forPartner(partnerCallerOf(actor), reference, statusLang(typeof lang === 'string' ? lang : undefined, acceptLanguage));
  }
}

@ApiTags('public intake')
@Controller('v1/public/complaints')
export class PublicIntakeController {
  constructor(
    private readonly publicIntake: PublicIntakeService,
    private readonly status: ComplaintStatusService,
  ) {}

  @Post()
  @HttpCode(201)
  @Public()
  @ThrottleAs('public-intake')
  @ApiOperation({
    summary:
      'Submit a complaint through the association\'s own form (channel web) or, with X-Site-Key, a partner\'s complaint window (channel partner, ' +
      'attributed to the key\'s partner). Carries the consent version and a solved proof-of-work challenge; rate-limited per address.',
  })
  @ApiHeader({ name: 'X-Site-Key', required: false, description: 'The partner window\'s public site key (wk_…); unknown, revoked or suspended: 400 SITE_KEY_INVALID.' })
  @ApiCreatedResponse({ type: ComplaintReceiptView })
  @ApiErrors({
    ...INTAKE_ERRORS,
    400: [...INTAKE_ERRORS[400], 'VALIDATION_FAILED (consent: CONSENT_REQUIRED)', 'CHALLENGE_FAILED (altcha; reason missing, malformed, expired, forged, wrong_solution, replayed)', 'SITE_KEY_INVALID'],
    403: ['ORIGIN_NOT_ALLOWED'],
  })
  submit(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Headers('x-site-key') siteKey: string | undefined,
    @Body() dto: PublicComplaintDto,
  ): Promise<ComplaintReceiptView> {
    const origin = req.headers.origin;
    return this.publicIntake.submit(actor, { origin: typeof origin === 'string' ? origin : undefined, host: req.host, siteKey }, dto);
  }

  @Get('status')
  @Public()
  @ThrottleAs('receipt-lookup')
  @ApiOperation({ summary: 'Follow a complaint with its receipt code (header X-Receipt-Code); wrong and unknown codes answer the same 404.' })
  @ApiHeader({ name: 'X-Receipt-Code', required: true })
  @ApiQuery({ name: 'reference', required: false, description: 'The reference printed on the receipt; limits guessing per reference.' })
  @ApiOkResponse({ type: ComplaintStatusView })
  @ApiErrors({ 400: ['VALIDATION_FAILED (lang)'], 404: ['COMPLAINT_NOT_FOUND'], 429: ['RATE_LIMITED', 'RECEIPT_THROTTLED'] })
  @ApiQuery({ name: 'lang', required: false, enum: STATUS_LANGS, description: 'Label language; else Accept-Language, else zh-CN.' })
  get(
    @Headers('x-receipt-code') code: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Query('reference') reference?: string,
    @Query('lang') lang?: string,
  ): Promise<ComplaintStatusView> {
    const language = statusLang(typeof lang === 'string' ? lang : undefined, acceptLanguage);
    return this.status.byReceipt(code, typeof reference === 'string' ? reference : undefined, language);
  }
}

@ApiTags('staff intake')
@Controller('v1/complaints')
export class StaffIntakeController {
  constructor(private readonly intake: ComplaintIntakeService) {}

  @Post()
  @HttpCode(201)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Record a complaint received by phone, letter, email or visit.' })
  @ApiCreatedResponse({ type: ComplaintReceiptView })
  @ApiErrors(INTAKE_ERRORS)
  submit(@CurrentActor() actor: Actor, @Body() dto: StaffComplaintDto): Promise<ComplaintReceiptView> {
    const { channel, ...complaint } = dto;
    return this.intake.submit(actor, { channel, partnerId: null }, complaint as SubmitComplaintDto);
  }
}
