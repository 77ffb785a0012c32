import { DurableJob, type Job } from '../jobs/job.js';
import { RateLimitService } from './rate-limit.service.js';

/** Expired throttle counters are deleted every hour. */
@DurableJob()
export class RateLimitPurgeJob implements Job {
  readonly name = 'rate-limit-purge';
  readonly schedule = '7 * * * *';

  constructor(private readonly limits: RateLimitService) {}

  async handle(): Promise<void> {
    await this.limits.purgeExpired();
  }
}
