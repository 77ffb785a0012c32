import { SYSTEM_ACTOR } from '../../platform/access/principal.js';
import { Transactions } from '../../platform/database/transactions.js';
import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { CaseTransitionsService } from '../case-transitions.service.js';
import { CasesRepository } from '../cases.repository.js';
import { CasesError } from '../cases.errors.js';
import type { DeadlineKind } from '../machine/case.types.js';
import { DEADLINE_JOB } from './case-deadlines.js';

export interface DeadlineJobData {
  deadlineId: string;
  caseId: string;
  kind: DeadlineKind;
}

/** A deadline's due time (queued by `CaseDeadlines.start`, with `startAfter`): the case is told it elapsed. */
@DurableJob()
export class DeadlineJob implements Job<DeadlineJobData> {
  readonly name = DEADLINE_JOB;
  readonly retry = { limit: 5 };

  constructor(
    private readonly tx: Transactions,
    private readonly cases: CasesRepository,
    private readonly transitions: CaseTransitionsService,
  ) {}

  /** Sends DEADLINE_ELAPSED through the one door if the deadline is still active; a settled one is ignored. */
  async handle({ deadlineId, caseId, kind }: DeadlineJobData): Promise<void> {
    if (!(await this.cases.isDeadlineActive(this.tx.manager, deadlineId))) return;
    try {
      await this.transitions.apply(SYSTEM_ACTOR, caseId, 'DEADLINE_ELAPSED', { deadline: kind }, { as: 'system', deadlineId });
    } catch (e) {
      if (!(e instanceof CasesError)) throw e;
      // The state no longer cares about this deadline: settle it so it is not retried.
      await this.cases.cancelDeadline(this.tx.manager, deadlineId);
    }
  }
}
