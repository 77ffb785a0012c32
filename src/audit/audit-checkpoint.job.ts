import { DurableJob, type Job } from '../platform/jobs/job.js';
import { AuditService } from './audit.service.js';

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/** Seals the audit log every minute (pg-boss cron), and whenever a checkpoint job is queued. */
@DurableJob()
export class AuditCheckpointJob implements Job {
  readonly name = AUDIT_CHECKPOINT_JOB;
  readonly schedule = '* * * * *';
  readonly retry = { limit: 2 };

  constructor(private readonly audit: AuditService) {}

  async handle(): Promise<void> {
    await this.audit.checkpoint();
  }
}
