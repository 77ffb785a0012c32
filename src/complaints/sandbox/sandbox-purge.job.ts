import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { SandboxService } from './sandbox.service.js';

/** Test complaints are kept SANDBOX_RETENTION_DAYS (7) days, then purged with everything hanging off them, daily. */
@DurableJob()
export class SandboxPurgeJob implements Job {
  readonly name = 'sandbox-purge';
  /** 03:41 in Asia/Shanghai (cron in UTC), a quiet hour. */
  readonly schedule = '41 19 * * *';

  constructor(private readonly sandbox: SandboxService) {}

  async handle(): Promise<void> {
    await this.sandbox.purgeExpired();
  }
}
