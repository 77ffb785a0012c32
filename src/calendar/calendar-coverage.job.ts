import { Inject } from '@nestjs/common';
import { Transactions } from '../platform/database/transactions.js';
import { DurableJob, type Job } from '../platform/jobs/job.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import { CalendarService, type CalendarStatus } from './calendar.service.js';

/**
 * Daily at 09:10 Shanghai: when fewer than CALENDAR_WARN_DAYS days of official working-day calendar remain, the admins
 * are told to load the next year (`calendar_coverage_low`), once per covered-until date: loading a year moves the date
 * (and ends the warning); a re-run, or the next day's, adds nothing while it stays.
 */
@DurableJob()
export class CalendarCoverageJob implements Job {
  readonly name = 'calendar-coverage';
  readonly schedule = '10 1 * * *';

  constructor(
    private readonly calendar: CalendarService,
    private readonly tx: Transactions,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  async handle(): Promise<void> {
    await this.checkAndAlert();
  }

  /** The calendar's coverage; an alert is queued when it runs short (once per covered-until date). */
  async checkAndAlert(): Promise<CalendarStatus> {
    const status = await this.calendar.status();
    if (status.warning) {
      const until = status.lastCoveredDate;
      await this.tx.run((m) =>
        this.outbox.enqueue(m, {
          caseId: null, recipientKind: 'admins', recipientRef: null, template: 'calendar_coverage_low',
          payload: { coverage: until ? 'until' : 'none', lastCoveredDate: until ?? '', daysRemaining: status.daysRemaining },
          // With no year covering today, the key is the year that is missing.
          dedupeKey: `calendar_coverage_low:${until ?? `none-${status.today.slice(0, 4)}`}`,
        }),
      );
    }
    return status;
  }
}
