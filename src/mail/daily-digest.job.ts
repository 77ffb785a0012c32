import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { DurableJob, type Job } from '../platform/jobs/job.js';
import { DailyDigest } from './daily-digest.js';

/** The cron (UTC) of a Beijing hour: 08:00 Beijing is 00:00 UTC. */
export const digestSchedule = (beijingHour: number) => `0 ${(beijingHour + 16) % 24} * * *`;

/**
 * Every morning at `MAIL_DIGEST_HOUR` Beijing time, the staff's daily digest. A retry (after an account failed) or a
 * second run the same day sends nothing twice: each account's digest is taken once per day.
 */
@DurableJob()
export class DailyDigestJob implements Job {
  readonly name = 'mail-daily-digest';
  readonly schedule: string;
  readonly retry = { limit: 3, delaySeconds: 300, backoff: true };

  constructor(
    private readonly digest: DailyDigest,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.schedule = digestSchedule(config.mail.digestHour);
  }

  async handle(): Promise<void> {
    await this.digest.run();
  }
}
