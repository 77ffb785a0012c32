import { DurableJob, type Job } from '../platform/jobs/job.js';
import { IdempotencyService } from './idempotency.service.js';

/** Idempotency keys are kept IDEMPOTENCY_TTL_HOURS (≥ 24 h), then purged every hour. */
@DurableJob()
export class IdempotencyPurgeJob implements Job {
  readonly name = 'idempotency-purge';
  readonly schedule = '17 * * * *';

  constructor(private readonly idempotency: IdempotencyService) {}

  async handle(): Promise<void> {
    await this.idempotency.purgeExpired();
  }
}
