import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../platform/access/decorators.js';
import type { Actor } from '../platform/access/principal.js';
import { ApiErrors } from '../platform/openapi.js';
import { CalendarYearPipe } from './calendar-year.pipe.js';
import { CalendarService } from './calendar.service.js';
import { CalendarCoverageView, CalendarYearView, LoadCalendarYearDto } from './dto/calendar.dto.js';

@ApiTags('calendar')
@Controller('v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get()
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'The loaded years of the working-day calendar, their source, and how many days remain from today.' })
  @ApiOkResponse({ type: CalendarCoverageView })
  coverage(): Promise<CalendarCoverageView> {
    return this.calendar.coverage();
  }

  @Get('years/:year')
  @Roles('admin', 'secretariat')
  @ApiOperation({ summary: 'A loaded year\'s official holidays and adjusted working days.' })
  @ApiOkResponse({ type: CalendarYearView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'], 404: ['CALENDAR_YEAR_NOT_LOADED'] })
  year(@Param('year', CalendarYearPipe) year: number): Promise<CalendarYearView> {
    return this.calendar.year(year);
  }

  @Put('years/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Load (or replace) a year\'s official holiday and adjusted-working-day list; deadlines use it at once (audited).' })
  @ApiOkResponse({ type: CalendarYearView })
  @ApiErrors({ 400: ['VALIDATION_FAILED'] })
  load(@CurrentActor() actor: Actor, @Param('year', CalendarYearPipe) year: number, @Body() dto: LoadCalendarYearDto): Promise<CalendarYearView> {
    return this.calendar.loadYear(actor, year, dto);
  }
}
