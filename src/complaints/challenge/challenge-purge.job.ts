import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { ChallengeService } from './challenge.service.js';

/** Spent challenges are kept until an hour after they expired (none can be replayed then), purged every hour. */
@DurableJob()
export class ChallengePurgeJob implements Job {
  readonly name = 'challenge-purge';
  readonly schedule = '27 * * * *';

  constructor(private readonly challenges: ChallengeService) {}

  async handle(): Promise<void> {
    await this.challenges.purgeExpired();
  }
}
