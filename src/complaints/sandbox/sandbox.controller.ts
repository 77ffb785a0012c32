import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppliedView, EVENT_ERRORS } from '../../cases/index.js';
import { CurrentActor, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { ThrottleAs } from '../../platform/rate-limit/throttling.js';
import { SandboxEventDto, SandboxEventsView } from './sandbox.dto.js';
import { SandboxService } from './sandbox.service.js';

/** The partner's callback rehearsal: a test-mode key moves its own test complaints as the association's staff would. */
@ApiTags('partner sandbox')
@Controller('v1/partner/sandbox/complaints')
export class SandboxController {
  constructor(private readonly sandbox: SandboxService) {}

  @Post(':reference/events')
  @HttpCode(200)
  @Roles('partner')
  @ThrottleAs('partner-intake')
  @ApiOperation({
    summary: 'Move one of this partner\'s test complaints with a staff event (test-mode key only), through the one door: the partner receives the same callbacks as in production.',
    description: 'Body `{ type, payload? }`: any event a supervisor may send but MERGE and UNMERGE. Nobody is notified and nothing is published or referred for a test complaint. The complainant\'s steps (CONFIRM, DISPUTE, WITHDRAW, …) are sent with the receipt code on POST /v1/public/complaints/events.',
  })
  @ApiBody({ type: SandboxEventDto })
  @ApiOkResponse({ type: AppliedView })
  @ApiErrors({ ...EVENT_ERRORS, 403: ['SANDBOX_ONLY', 'CASE_EVENT_FORBIDDEN'], 404: ['COMPLAINT_NOT_FOUND'], 429: ['RATE_LIMITED'] })
  send(@CurrentActor() actor: Actor, @Param('reference') reference: string, @Body() body: unknown): Promise<AppliedView> {
    return this.sandbox.send(actor, reference, body);
  }

  @Get(':reference/events')
  @Roles('partner')
  @ApiOperation({ summary: 'The test complaint\'s state and the events it takes now: from this route, and from the complainant with the receipt code (test-mode key only).' })
  @ApiOkResponse({ type: SandboxEventsView })
  @ApiErrors({ 403: ['SANDBOX_ONLY'], 404: ['COMPLAINT_NOT_FOUND'] })
  offered(@CurrentActor() actor: Actor, @Param('reference') reference: string): Promise<SandboxEventsView> {
    return this.sandbox.offered(actor, reference);
  }
}
