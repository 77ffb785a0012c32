import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiBody, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { type CachePolicy, sendCached } from '../platform/http-cache.js';
import { ApiErrors } from '../platform/openapi.js';
import type { Page } from '../platform/pagination.js';
import { ThrottleAs } from '../platform/rate-limit/throttling.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesError, CasesErrorCode } from './cases.errors.js';
import { type CaseDetailView, type CaseHistoryEntryView, CasesQueryService, type CaseSummaryView } from './cases-query.service.js';
import { EVENT_MODELS, eventBodySchema, eventCatalogueFor, parseClientEvent } from './dto/case-events.dto.js';
import { CASE_ROUTE_EVENTS } from './events/case-events.js';
import { AppliedView, appliedFor, CaseEventCatalogueEntryView, ListCasesQuery, RespondentCasePageView, StaffCasePageView } from './dto/case.dto.js';
import { RespondentCaseView, RespondentHistoryEntryView } from './views/respondent.view.js';
import { CaseQueuesView, ComplainantContactView, StaffCaseView, StaffHistoryEntryView } from './views/staff.view.js';

/** The problems sending a case event can answer (the complainant's route adds its own). */
export const EVENT_ERRORS = {
  400: ['CASE_EVENT_INVALID'],
  403: ['CASE_EVENT_FORBIDDEN'],
  404: ['CASE_NOT_FOUND'],
  409: ['CASE_EVENT_NOT_ALLOWED (names the `reason`, e.g. RIGHT_OF_REPLY_PENDING with `until`, and lists allowedEvents)', 'CASE_CONFLICT'],
  412: ['CASE_VERSION_MISMATCH'],
};

const MERGE_ERRORS = {
  409: [...EVENT_ERRORS[409], 'MERGE_TARGET_MERGED', 'MERGE_TARGET_CLOSED'],
  422: ['MERGE_INTO_SELF', 'MERGE_TARGET_NOT_FOUND'],
};

function ifMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const v = Number(header.replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(v) || v < 1) {
    throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'If-Match must be the case version', {
      errors: [{ field: 'If-Match', code: 'INVALID', message: 'If-Match must be a positive integer version' }],
    });
  }
  return v;
}

@ApiTags('cases')
@ApiExtraModels(...EVENT_MODELS)
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly query: CasesQueryService,
    private readonly transitions: CaseTransitionsService,
  ) {}

  @Get()
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'Cases with filters and keyset pagination. Staff get staff summaries; a member_rep only its organisation\'s cases, as respondent summaries (partner, assignee and overdue filters are staff only).' })
  @ApiExtraModels(StaffCasePageView, RespondentCasePageView)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(StaffCasePageView) }, { $ref: getSchemaPath(RespondentCasePageView) }] } })
  @ApiErrors({ 400: ['VALIDATION_FAILED (FILTER_NOT_ALLOWED for a member_rep)'] })
  list(@CurrentActor() actor: Actor, @Query() q: ListCasesQuery): Promise<Page<CaseSummaryView>> {
    return this.query.list(actor, q);
  }

  @Get('queues')
  @Roles('secretariat')
  @ApiOperation({
    summary: 'The caller\'s work queues: per queue the number of cases (counted up to 1000, then `capped`) and the GET /v1/cases query string that lists them.',
  })
  @ApiOkResponse({ type: CaseQueuesView })
  queues(@CurrentActor() actor: Actor): Promise<CaseQueuesView> {
    return this.query.queues(actor);
  }

  @Get(':id')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'One case as the caller\'s audience sees it (`audience`: staff or respondent), with the events the caller may send now and those of its role the case refuses now, with why.' })
  @ApiExtraModels(StaffCaseView, RespondentCaseView)
  @ApiOkResponse({ schema: { oneOf: [{ $ref: getSchemaPath(StaffCaseView) }, { $ref: getSchemaPath(RespondentCaseView) }], discriminator: { propertyName: 'audience' } } })
  @ApiErrors({ 404: ['CASE_NOT_FOUND'] })
  detail(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CaseDetailView> {
    return this.query.detail(actor, id);
  }

  @Get(':id/history')
  @Roles('secretariat', 'member_rep')
  @ApiOperation({ summary: 'The history in order: staff get every entry with its sequence number; a member_rep only the steps that concern the respondent, without sequence numbers.' })
  @ApiExtraModels(StaffHistoryEntryView, RespondentHistoryEntryView)
  @ApiOkResponse({ schema: { type: 'array', items: { oneOf: [{ $ref: getSchemaPath(StaffHistoryEntryView) }, { $ref: getSchemaPath(RespondentHistoryEntryView) }] } } })
  @ApiErrors({ 404: ['CASE_NOT_FOUND'] })
  history(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<CaseHistoryEntryView[]> {
    return this.query.history(actor, id);
  }

  @Get(':id/complainant')
  @Roles('secretariat')
  @ApiOperation({ summary: 'The complainant\'s decrypted contact details, for staff; every reveal is audited (case.contact.read).' })
  @ApiOkResponse({ type: ComplainantContactView })
  @ApiErrors({ 404: ['CASE_NOT_FOUND'] })
  complainant(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<ComplainantContactView> {
    return this.query.complainantContact(actor, id);
  }

  @Post(':id/events')
  @HttpCode(200)
  @Roles('secretariat', 'member_rep', 'law_enforcement')
  @ApiOperation({
    summary: 'The one door: send an event `{ type, …payload }`; optional If-Match with the case version.',
    description: 'MERGE names an open target case (another case, not merged, not closed); UNMERGE (supervisor, within the reopen window) returns a merged case to where it came from. Both are recorded on the target\'s history too.',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the client saw; a stale one answers 412.' })
  @ApiBody({ schema: eventBodySchema(CASE_ROUTE_EVENTS) })
  @ApiOkResponse({ type: AppliedView })
  @ApiErrors({ ...EVENT_ERRORS, ...MERGE_ERRORS })
  send(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Headers('if-match') match: string | undefined, @Body() body: unknown): Promise<AppliedView> {
    const { type, payload } = parseClientEvent(body);
    const staff = actor.principal?.role === 'secretariat' || actor.principal?.role === 'supervisor';
    // Only staff see versions: a 412 with currentVersion would count the steps others are not shown.
    if (!staff && match !== undefined) {
      throw new CasesError(CasesErrorCode.CASE_EVENT_INVALID, 'If-Match is for staff', {
        errors: [{ field: 'If-Match', code: 'STAFF_ONLY', message: 'send the event without If-Match' }],
      });
    }
    return this.transitions.apply(actor, id, type, payload, { expectedVersion: ifMatch(match) }).then((applied) => appliedFor(staff, applied));
  }
}

/** The catalogue changes only with a release: a client may reuse it for five minutes, and revalidate by ETag after. */
const CATALOGUE_CACHE: CachePolicy = { maxAgeSeconds: 300, private: true, vary: 'authorization' };

@ApiTags('cases')
@Controller('v1/case-events')
export class CaseEventsController {
  @Get()
  @Roles('secretariat', 'member_rep', 'law_enforcement')
  @ApiOperation({
    summary: 'The case events the caller\'s role may send, each with its roles, what it does and the JSON Schema of its payload (the same rules the one door validates with). ETag / 304; Cache-Control: private, max-age=300.',
  })
  @ApiOkResponse({ type: [CaseEventCatalogueEntryView] })
  catalogue(@CurrentActor() actor: Actor, @Req() req: FastifyRequest, @Res() reply: FastifyReply): void {
    sendCached(req, reply, JSON.stringify(eventCatalogueFor(actor.principal?.role ?? '')), 'application/json; charset=utf-8', CATALOGUE_CACHE);
  }
}
