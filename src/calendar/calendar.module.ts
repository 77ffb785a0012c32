import { Global, Module } from '@nestjs/common';
import { CalendarController } from './calendar.controller.js';
import { CalendarCoverageJob } from './calendar-coverage.job.js';
import { CalendarRepository } from './calendar.repository.js';
import { CalendarService } from './calendar.service.js';

/** The working-day calendar, global: case deadlines and the health check compute with it. */
@Global()
@Module({ controllers: [CalendarController], providers: [CalendarService, CalendarRepository, CalendarCoverageJob], exports: [CalendarService] })
export class CalendarModule {}
