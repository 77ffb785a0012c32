import { DurableJob, type Job } from '../platform/jobs/job.js';
import { CaseSearchIndexer } from './case-search-indexer.js';

export const CASE_SEARCH_INDEX_JOB = 'case-search-index';

/**
 * The case text index's safety net: every minute (pg-boss cron, one instance), drains `case_search_pending` into
 * `case_search_text`. The indexing itself is `CaseSearchIndexer`'s, which also drains every 250 ms in each instance
 * with JOBS_ENABLED; like every job, this one runs only there. A failed run is not retried: the next one (or the
 * indexer's next pass) takes the same queue.
 */
@DurableJob()
export class CaseSearchIndexJob implements Job {
  readonly name = CASE_SEARCH_INDEX_JOB;
  readonly schedule = '* * * * *';
  readonly retry = { limit: 0 };

  constructor(private readonly indexer: CaseSearchIndexer) {}

  async handle(): Promise<void> {
    await this.indexer.drain();
  }
}
