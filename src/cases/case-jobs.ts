import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { OUTBOX_PORT, type OutboxPort } from '../outbound/index.js';
import { SYSTEM_ACTOR } from '../platform/access/principal.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { CaseTransitionsService } from './case-transitions.service.js';
import { CasesRepository } from './cases.repository.js';
import { CasesError } from './cases.errors.js';
import { DEADLINE_JOB, REMINDER_JOB } from './deadlines/case-deadlines.js';
import type { DeadlineKind } from './machine/case.types.js';

/** Durable jobs of the case lifecycle: deadlines and reminders (pg-boss; survive restarts). Partner callbacks are outbound's. */
@Injectable()
export class CaseJobs implements OnModuleInit {
  constructor(
    private readonly tx: Transactions,
    private readonly cases: CasesRepository,
    private readonly jobs: JobsService,
    private readonly transitions: CaseTransitionsService,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ deadlineId: string; caseId: string; kind: DeadlineKind }>({
      name: DEADLINE_JOB,
      retryLimit: 5,
      handler: (d) => this.deadlineElapsed(d.deadlineId, d.caseId, d.kind),
    });
    this.jobs.register<{ deadlineId: string; caseId: string }>({ name: REMINDER_JOB, retryLimit: 5, handler: (d) => this.remind(d.deadlineId, d.caseId) });
  }

  /** Sends DEADLINE_ELAPSED through the one door if the deadline is still active; a settled one is ignored. */
  async deadlineElapsed(deadlineId: string, caseId: string, kind: DeadlineKind): Promise<void> {
    if (!(await this.cases.isDeadlineActive(this.tx.manager, deadlineId))) return;
    try {
      await this.transitions.apply(SYSTEM_ACTOR, caseId, 'DEADLINE_ELAPSED', { deadline: kind }, { as: 'system', deadlineId });
    } catch (e) {
      if (!(e instanceof CasesError)) throw e;
      // The state no longer cares about this deadline: settle it so it is not retried.
      await this.cases.cancelDeadline(this.tx.manager, deadlineId);
    }
  }

  /** Queues a `response_reminder` to the respondent while the response deadline is still active. */
  async remind(deadlineId: string, caseId: string): Promise<void> {
    await this.tx.run(async (m) => {
      const t = await this.cases.reminderTarget(m, deadlineId, caseId);
      if (!t) return;
      await this.outbox.enqueue(m, { caseId: t.caseId, recipientKind: 'respondent', recipientRef: t.respondentMemberId, template: 'response_reminder', payload: { reference: t.reference, dueAt: t.dueAt } });
    });
  }
}
