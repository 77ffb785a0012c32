import { Controller, Get, HttpCode, Injectable, Param, type PipeTransform, Post, Query, Res, type StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Public, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { HttpError, HttpErrorCode } from '../platform/errors/http-error.js';
import { ApiErrors } from '../platform/openapi.js';
import { UuidPipe } from '../platform/uuid.pipe.js';
import { CasesExportService } from './cases-export.service.js';
import {
  CasesExportQuery,
  EvaluationView,
  MemberAnnualView,
  PublicStatisticsQuery,
  PublicStatisticsView,
  SummaryQuery,
  SummaryView,
  YearQuery,
} from './dto/report.dto.js';
import { EvaluationService } from './evaluation.service.js';
import { CSV_TYPE, XLSX_TYPE } from './report-output.js';
import { SummaryService } from './summary.service.js';

const FORMATS = ['application/json', CSV_TYPE, XLSX_TYPE];

/** A year in the path: an integer from 2000 to 2100, else a field-level 400. */
@Injectable()
class YearPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^\d{4}$/.test(value) || Number(value) < 2000 || Number(value) > 2100) {
      throw new HttpError(HttpErrorCode.VALIDATION_FAILED, 'The request has invalid fields', {
        errors: [{ field: 'year', code: 'IS_YEAR', message: 'year must be a year from 2000 to 2100' }],
      });
    }
    return Number(value);
  }
}

@ApiTags('reports')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly summaries: SummaryService,
    private readonly evaluations: EvaluationService,
    private readonly exports: CasesExportService,
  ) {}

  @Get('summary')
  @Roles('secretariat')
  @ApiProduces(...FORMATS)
  @ApiOperation({ summary: 'Weekly, monthly, yearly or custom-range statistics from the case history (Asia/Shanghai days).' })
  @ApiOkResponse({ type: SummaryView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REPORT_PERIOD_INVALID'] })
  summary(@Query() q: SummaryQuery): Promise<SummaryView | StreamableFile> {
    return this.summaries.summary(q);
  }

  @Get('members/:id/annual')
  @Roles('secretariat', 'member_rep')
  @ApiProduces(...FORMATS)
  @ApiOperation({ summary: 'A member’s annual handling summary and evaluation line; a member_rep sees only its own organisation.' })
  @ApiOkResponse({ type: MemberAnnualView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REPORT_PERIOD_INVALID'], 404: ['REPORT_MEMBER_NOT_FOUND'] })
  memberAnnual(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string, @Query() q: YearQuery): Promise<MemberAnnualView | StreamableFile> {
    return this.evaluations.memberAnnual(actor, id, q);
  }

  @Get('evaluation')
  @Roles('secretariat')
  @ApiProduces(...FORMATS)
  @ApiOperation({ summary: 'The year-end evaluation ranking (versioned methodology); the frozen result once the year is finalised.' })
  @ApiOkResponse({ type: EvaluationView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REPORT_PERIOD_INVALID'] })
  evaluation(@Query() q: YearQuery): Promise<EvaluationView | StreamableFile> {
    return this.evaluations.evaluation(q);
  }

  @Post('evaluation/:year/finalise')
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({ summary: 'Freezes a past year’s evaluation (stored with its methodology version and SHA-256); once per year.' })
  @ApiCreatedResponse({ type: EvaluationView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 409: ['EVALUATION_ALREADY_FINALISED', 'EVALUATION_YEAR_NOT_ENDED'] })
  finalise(@CurrentActor() actor: Actor, @Param('year', YearPipe) year: number): Promise<EvaluationView> {
    return this.evaluations.finalise(actor, year);
  }

  @Get('cases.csv')
  @Roles('secretariat')
  @ApiProduces(CSV_TYPE)
  @ApiOperation({ summary: 'The cases received in a range as CSV (UTF-8 with BOM), streamed from a server-side cursor.' })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REPORT_PERIOD_INVALID'] })
  casesCsv(@CurrentActor() actor: Actor, @Query() q: CasesExportQuery): Promise<StreamableFile> {
    return this.exports.exportCsv(actor, q);
  }
}

@ApiTags('public')
@Controller('v1/public/statistics')
export class PublicStatisticsController {
  constructor(private readonly summaries: SummaryService) {}

  @Get()
  @Public()
  @ApiProduces(...FORMATS)
  @ApiOperation({ summary: 'Published aggregate statistics (no member or partner named), split by channel group as the national reporting centre publishes; cacheable.' })
  @ApiOkResponse({ type: PublicStatisticsView })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'REPORT_PERIOD_INVALID'] })
  async statistics(@Query() q: PublicStatisticsQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<PublicStatisticsView | StreamableFile> {
    const { body, maxAge } = await this.summaries.publicStatistics(q);
    void reply.header('cache-control', `public, max-age=${maxAge}`);
    return body;
  }
}
