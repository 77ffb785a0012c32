import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../../platform/access/decorators.js';
import { CALENDAR_WARN_DAYS, CalendarService } from '../../calendar/index.js';
import { JobsService } from '../../platform/jobs/jobs.service.js';
import { MailService } from '../../mail/index.js';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly jobs: JobsService,
    private readonly calendar: CalendarService,
    private readonly mail: MailService,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the database and the job queue answer (503 otherwise); `calendar` warns, without failing, when the working-day calendar runs out within 60 days; `mail` says whether mail is delivered (SMTP_URL) and how many messages are held, queued or dead.',
  })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      async () => {
        const check = this.indicators.check('jobs');
        return (await this.jobs.isHealthy()) ? check.up() : check.down({ message: 'job queue not running' });
      },
      // Deadlines past the loaded calendar fall back to plain weekdays: a warning for the operator, not a reason to stop traffic.
      // Without SMTP_URL mail is kept, not delivered: said here (never a reason to stop traffic).
      async () => {
        const s = await this.mail.status();
        return this.indicators.check('mail').up({
          delivering: s.delivering,
          held: s.messages.held ?? 0,
          queued: s.messages.queued ?? 0,
          dead: s.messages.dead ?? 0,
          outboxBacklog: s.outboxBacklog,
          ...(s.delivering ? {} : { warning: 'SMTP_URL is not set: mail is kept undelivered (status held) until it is' }),
        });
      },
      async () => {
        const s = await this.calendar.status();
        return this.indicators.check('calendar').up({
          lastCoveredDate: s.lastCoveredDate,
          daysRemaining: s.daysRemaining,
          ...(s.warning
            ? { warning: `fewer than ${CALENDAR_WARN_DAYS} days of working-day calendar remain: load the official list for the next year` }
            : {}),
        });
      },
    ]);
  }
}
