import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseTransitionsService } from '../cases/index.js';
import { EVENT_ERRORS } from '../cases/index.js';
import { COMPLAINANT_EVENTS, EVENT_MODELS, eventBodySchema, parseClientEvent } from '../cases/index.js';
import { AppliedView, appliedFor } from '../cases/index.js';
import { CurrentActor, Public } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { ApiErrors } from '../platform/openapi.js';
import { ThrottleAs } from '../platform/rate-limit/throttling.js';
import { ComplaintStatusService } from './complaint-status.service.js';

/** The complainant's events, sent with the receipt code: they go through the cases' one door as the complainant. */
@ApiTags('public intake')
@ApiExtraModels(...EVENT_MODELS)
@Controller('v1/public/complaints')
export class ComplainantEventsController {
  constructor(
    private readonly transitions: CaseTransitionsService,
    private readonly status: ComplaintStatusService,
  ) {}

  @Post('events')
  @HttpCode(200)
  @Public()
  @ThrottleAs('receipt-lookup')
  @ApiOperation({ summary: 'The complainant withdraws, adds information, confirms or disputes a resolution, or answers whether a promised action happened.' })
  @ApiHeader({ name: 'X-Receipt-Code', required: true })
  @ApiBody({ schema: eventBodySchema(COMPLAINANT_EVENTS) })
  @ApiOkResponse({ type: AppliedView })
  @ApiErrors({ ...EVENT_ERRORS, 404: ['COMPLAINT_NOT_FOUND'], 429: ['RATE_LIMITED'] })
  async send(@CurrentActor() actor: Actor, @Headers('x-receipt-code') code: string | undefined, @Body() body: unknown): Promise<AppliedView> {
    const caseId = await this.status.caseIdForReceipt(code);
    const { type, payload } = parseClientEvent(body);
    return appliedFor(false, await this.transitions.apply({ ...actor, anonymous: 'complainant' }, caseId, type, payload, { as: 'complainant' }));
  }
}
