import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service.js';
import { RateLimitService } from './rate-limit.service.js';

/** Expired throttle counters are deleted every hour. */
@Injectable()
export class RateLimitPurgeJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly limits: RateLimitService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({ name: 'rate-limit-purge', schedule: '7 * * * *', handler: async () => void (await this.limits.purgeExpired()) });
  }
}
