import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { errorForLog } from '../platform/logging.js';
import { CaseReadsRepository } from './case-reads.repository.js';

/**
 * Keeps the case text index (`case_search_text`, migration CaseSearchTextAsync) up to date, outside the transactions
 * that create cases: a trigger queues every new case in `case_search_pending`, and this indexer moves queued cases
 * into the index in small batches, every 250 ms. The queue is the durable part (it survives a restart, and any
 * instance may drain it: `SKIP LOCKED`); this loop only decides when. A search covers queued cases too
 * (src/cases/case-search.ts), so the delay never hides a case.
 *
 * Runs where JOBS_ENABLED, like the job workers. The durable job `CaseSearchIndexJob` (case-search-index.job.ts) also
 * drains every minute, through `drain()`. The loop stays: pg-boss polls at most every 0.5 s and cron is per minute,
 * while a 250 ms cadence keeps batches small (docs/performance.md); and the trigger also queues cases that no code
 * path here sees (a text changed in SQL, a bulk load), so queuing a job from the code that inserts cases would not
 * cover them.
 */
@Injectable()
export class CaseSearchIndexer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Cases per transaction: a batch takes a few tens of milliseconds of one core. */
  static readonly BATCH = 500;
  // Every 250 ms: small batches, so that indexing never takes a core for long while partners wait (a 1 s period put
  // its batches among the slowest intakes' neighbours, docs/performance.md "Intake latency tails").
  static readonly INTERVAL_MS = 250;
  private readonly logger = new Logger(CaseSearchIndexer.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly cases: CaseReadsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobs.enabled) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Indexes every case queued so far (batch after batch); the number indexed. */
  async drain(): Promise<number> {
    let total = 0;
    if (this.stopped) return total;
    for (;;) {
      const n = await this.once();
      total += n;
      if (n < CaseSearchIndexer.BATCH || this.stopped) return total;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.drain()
        .catch((err: Error) => this.logger.error(`case text indexing failed: ${String(errorForLog(err).message)}`))
        .finally(() => this.schedule());
    }, CaseSearchIndexer.INTERVAL_MS);
    this.timer.unref();
  }

  /** One batch, one transaction (serialised within this instance); the number of queued ids taken. */
  private once(): Promise<number> {
    const run = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.indexBatch());
    this.running = run;
    return run;
  }

  private indexBatch(): Promise<number> {
    return this.cases.indexQueuedBatch(CaseSearchIndexer.BATCH);
  }
}
