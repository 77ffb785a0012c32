import { Inject } from '@nestjs/common';
import { OUTBOX_PORT, type OutboxPort } from '../../platform/outbox/outbox.js';
import { Transactions } from '../../platform/database/transactions.js';
import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { CasesRepository } from '../cases.repository.js';
import { REMINDER_JOB } from './case-deadlines.js';

export interface ReminderJobData {
  deadlineId: string;
  caseId: string;
  /** Working days before the due day (0: the due day); absent in jobs queued before reminders had offsets. */
  workingDaysBefore?: number;
}

/** A reminder before a response deadline (queued by `CaseDeadlines.start`, with `startAfter`). */
@DurableJob()
export class ReminderJob implements Job<ReminderJobData> {
  readonly name = REMINDER_JOB;
  readonly retry = { limit: 5 };

  constructor(
    private readonly tx: Transactions,
    private readonly cases: CasesRepository,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  /**
   * Queues a `response_reminder` to the respondent while the response deadline is still active (not answered, not
   * cancelled, not elapsed), saying when it is due; once per deadline and offset, however often the job runs.
   */
  async handle({ deadlineId, caseId, workingDaysBefore }: ReminderJobData): Promise<void> {
    await this.tx.run(async (m) => {
      const t = await this.cases.reminderTarget(m, deadlineId, caseId);
      if (!t) return;
      await this.outbox.enqueue(m, {
        caseId: t.caseId, recipientKind: 'respondent', recipientRef: t.respondentMemberId, template: 'response_reminder', payload: { reference: t.reference, dueAt: t.dueAt },
        dedupeKey: `response_reminder:${deadlineId}:${workingDaysBefore ?? 'legacy'}`,
      });
    });
  }
}
