import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Public, Roles } from '../../platform/access/decorators.js';
import type { Actor } from '../../platform/access/principal.js';
import { ApiErrors } from '../../platform/openapi.js';
import { ThrottleAs } from '../../platform/rate-limit/throttling.js';
import { UuidPipe } from '../../platform/uuid.pipe.js';
import { ComplaintStatusService } from '../complaint-status.service.js';
import { AnswerSurveyDto, StaffSurveyView, SurveyAnswerView } from './dto/survey.dto.js';
import { SurveyService } from './survey.service.js';

@ApiTags('satisfaction survey')
@Controller()
export class SurveyController {
  constructor(
    private readonly surveys: SurveyService,
    private readonly status: ComplaintStatusService,
  ) {}

  @Post('v1/public/complaints/survey')
  @HttpCode(201)
  @Public()
  @ThrottleAs('receipt-lookup')
  @ApiOperation({ summary: 'The complainant rates how the complaint was handled (1-5, optional comment), once, within 90 days after it closed.' })
  @ApiHeader({ name: 'X-Receipt-Code', required: true })
  @ApiCreatedResponse({ type: SurveyAnswerView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'MALFORMED_JSON'], 404: ['COMPLAINT_NOT_FOUND'], 409: ['SURVEY_NOT_OPEN', 'SURVEY_ALREADY_ANSWERED'], 429: ['RATE_LIMITED'] })
  async answer(@CurrentActor() actor: Actor, @Headers('x-receipt-code') code: string | undefined, @Body() dto: AnswerSurveyDto): Promise<SurveyAnswerView> {
    const caseId = await this.status.caseIdForReceipt(code);
    return this.surveys.answer({ ...actor, anonymous: 'complainant' }, caseId, dto);
  }

  @Get('v1/cases/:id/survey')
  @Roles('secretariat')
  @ApiOperation({ summary: 'The complainant\'s survey answer (rating, comment, when); staff only, never the respondent.' })
  @ApiOkResponse({ type: StaffSurveyView })
  @ApiErrors({ 404: ['NOT_FOUND', 'SURVEY_NOT_FOUND'] })
  get(@Param('id', UuidPipe) id: string): Promise<StaffSurveyView> {
    return this.surveys.forStaff(id);
  }
}
