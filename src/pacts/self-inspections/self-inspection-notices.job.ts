import { DurableJob, type Job } from '../../platform/jobs/job.js';
import { SelfInspectionNotices } from './self-inspection-notices.js';

/** Daily at 09:40 Shanghai: members hear of self-inspection reports falling due soon or overdue (once each). */
@DurableJob()
export class SelfInspectionNoticesJob implements Job {
  readonly name = 'self-inspection-notices';
  readonly schedule = '40 1 * * *';

  constructor(private readonly notices: SelfInspectionNotices) {}

  async handle(): Promise<void> {
    await this.notices.run();
  }
}
