import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { SessionsService } from './sessions.service.js';

/** Console sessions that ended more than a day ago are deleted with their tokens, daily at 03:47 Shanghai. */
@DurableJob()
export class SessionPurgeJob implements Job {
  readonly name = 'auth-session-purge';
  readonly schedule = '47 19 * * *';

  constructor(private readonly sessions: SessionsService) {}

  async handle(): Promise<void> {
    await this.sessions.purgeEnded();
  }
}
