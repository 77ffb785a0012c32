import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CalendarService } from '../../calendar/index.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { JobsService } from '../../platform/jobs/jobs.service.js';
import type { DeadlinePort } from '../case-ports.js';
import { CasesRepository } from '../cases.repository.js';
import type { DeadlineKind } from '../machine/case.types.js';
import { dueAt, reminderTimes, settingsFor, type DeadlineSettings, type Due } from './deadline-policy.js';

export const DEADLINE_JOB = 'case-deadline';
export const REMINDER_JOB = 'case-reminder';

/**
 * The case's deadlines as rows, each with its deadline job (and reminders before a response deadline, at the working-day
 * offsets of MAIL_REMINDER_WORKING_DAYS), queued in the transaction.
 */
@Injectable()
export class CaseDeadlines implements DeadlinePort {
  constructor(
    private readonly cases: CasesRepository,
    private readonly jobs: JobsService,
    private readonly calendar: CalendarService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts the deadline (replacing an active one of its kind): due by the category's settings and the working calendar, or on the promised date. */
  async start(m: EntityManager, d: { caseId: string; kind: DeadlineKind; overrides: Partial<DeadlineSettings> | null; promisedBy?: string; at: Date }): Promise<void> {
    const calendar = await this.calendar.current(m);
    const due: Due =
      d.kind === 'promised_action'
        ? { dueAt: new Date(d.promisedBy as string), calendarCovered: true }
        : dueAt(d.kind, d.at, settingsFor(d.overrides, this.config.cases.deadlines), calendar);
    await this.cases.cancelActiveDeadline(m, d.caseId, d.kind, d.at);
    const id = await this.cases.insertDeadline(m, { caseId: d.caseId, kind: d.kind, startedAt: d.at, dueAt: due.dueAt, calendarCovered: due.calendarCovered });
    await this.jobs.sendIn(m, DEADLINE_JOB, { deadlineId: id, caseId: d.caseId, kind: d.kind }, { startAfter: due.dueAt });
    if (d.kind === 'response') {
      for (const r of reminderTimes(due.dueAt, d.at, calendar, this.config.cases.reminderWorkingDays)) {
        await this.jobs.sendIn(m, REMINDER_JOB, { deadlineId: id, caseId: d.caseId, workingDaysBefore: r.workingDaysBefore }, { startAfter: r.at });
      }
    }
  }

  async cancel(m: EntityManager, d: { caseId: string; kind: DeadlineKind; at: Date }): Promise<void> {
    await this.cases.cancelActiveDeadline(m, d.caseId, d.kind, d.at);
  }

  /** Deletes the case's deadline and reminder jobs still waiting to run (the case is being purged, in `m`'s transaction). */
  async deleteQueuedJobs(m: EntityManager, caseId: string): Promise<number> {
    return (await this.jobs.deleteQueuedIn(m, DEADLINE_JOB, { caseId })) + (await this.jobs.deleteQueuedIn(m, REMINDER_JOB, { caseId }));
  }
}
