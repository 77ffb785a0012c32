import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { PgBoss, type Job, type SendOptions } from 'pg-boss';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { errorForLog } from '../logging.js';
import { type Job as DurableJobClass, JobMarker } from './job.js';

/**
 * Durable jobs on pg-boss (schema `pgboss`): every `@DurableJob()` provider is found at bootstrap; the
 * queue starts when the app has bootstrapped and stops (gracefully) when it shuts down.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly definitions = new Map<string, DurableJobClass>();
  private boss?: PgBoss;
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
  ) {}

  /** Every provider marked `@DurableJob()`, by queue name (a name taken twice is a start-up error). */
  private discoverJobs(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: JobMarker.KEY })) {
      const job = wrapper.instance as DurableJobClass | undefined;
      if (!job) continue;
      if (this.definitions.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
      this.definitions.set(job.name, job);
    }
  }

  /** The queue always starts (to send jobs, also from transactions); workers only where JOBS_ENABLED. */
  async onApplicationBootstrap(): Promise<void> {
    this.discoverJobs();
    const url = (this.dataSource.options as { url?: string }).url;
    const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 4, application_name: 'selfreg-jobs' });
    boss.on('error', (err: Error) => this.logger.error(`job queue error: ${String(errorForLog(err).message)}`));
    await boss.start();
    this.boss = boss;
    for (const def of this.definitions.values()) {
      await boss.createQueue(def.name, {
        retryLimit: def.retry?.limit ?? 3,
        retryDelay: def.retry?.delaySeconds ?? 30,
        retryBackoff: def.retry?.backoff ?? true,
      });
      if (!this.config.jobs.enabled) continue;
      if (def.throughput) {
        const { batchSize, concurrency } = def.throughput;
        await boss.work<object>(def.name, { pollingIntervalSeconds: 1, batchSize, burstWhenBatchFull: true, localConcurrency: concurrency }, async (jobs) => {
          for (const job of jobs) {
            // One job's failure fails that job alone; pg-boss then completes the batch's jobs still active.
            await def.handle(job.data, job).catch((err: unknown) => boss.fail(def.name, job.id, { message: String(errorForLog(err).message) }));
          }
        });
      } else {
        await boss.work<object>(def.name, { pollingIntervalSeconds: 1 }, async (jobs) => {
          for (const job of jobs) await def.handle(job.data, job);
        });
      }
      if (def.schedule) await boss.schedule(def.name, def.schedule, {}, { tz: 'UTC' });
    }
    this.running = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    await this.boss?.stop({ graceful: true, timeout: this.config.http.shutdownTimeoutMs, close: true }).catch(() => undefined);
    this.boss = undefined;
  }

  /** Queues a job; `startAfter` in seconds or a date. */
  async send(name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error('job queue is not running');
    return this.boss.send(name, data, options);
  }

  /** Queues a job inside the caller's transaction: it exists if and only if the transaction commits. */
  async sendIn(m: EntityManager, name: string, data: object, options: SendOptions = {}): Promise<string | null> {
    if (!this.boss) throw new Error('job queue is not running');
    return this.boss.send(name, data, {
      ...options,
      db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: await m.query(text, values as unknown[]) }) },
    });
  }

  /** Queues many jobs of one queue in one statement, inside the caller's transaction (the queue's retry policy applies). */
  async sendManyIn(m: EntityManager, name: string, data: readonly object[]): Promise<void> {
    if (!this.boss) throw new Error('job queue is not running');
    if (data.length === 0) return;
    await this.boss.insert(name, data.map((d) => ({ data: d })), {
      db: { executeSql: async (text: string, values?: unknown[]) => ({ rows: await m.query(text, values as unknown[]) }) },
    });
  }

  /**
   * Deletes the jobs of queue `name` still waiting to run (created or retry) whose data contains `data`, inside the
   * caller's transaction (e.g. the deadline jobs of a purged case); the number deleted. Reads the queue's table (no index
   * on data): for occasional housekeeping, never on a request's path.
   */
  async deleteQueuedIn(m: EntityManager, name: string, data: object): Promise<number> {
    if (!this.boss) throw new Error('job queue is not running');
    const db = { executeSql: async (text: string, values?: unknown[]) => ({ rows: await m.query(text, values as unknown[]) }) };
    const queued = await this.boss.findJobs(name, { data, queued: true, limit: 100_000, db });
    if (queued.length === 0) return 0;
    await this.boss.deleteJob(name, queued.map((j) => j.id), { db });
    return queued.length;
  }

  /** A job's state (created, active, completed, retry, failed…), or null when unknown. */
  async jobState(name: string, id: string): Promise<string | null> {
    if (!this.boss) throw new Error('job queue is not running');
    const [job] = await this.boss.findJobs(name, { id });
    return job?.state ?? null;
  }

  /** For readiness: the queue is started and its schema answers. */
  async isHealthy(): Promise<boolean> {
    if (!this.running || !this.boss) return false;
    try {
      await this.boss.getQueue(this.definitions.keys().next().value ?? '__none__');
      return true;
    } catch {
      return false;
    }
  }
}
