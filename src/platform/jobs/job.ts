import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job as QueuedJob } from 'pg-boss';

/** How pg-boss retries a failed run (defaults: 3 retries, 30 s apart, backing off). */
export interface RetryPolicy {
  limit?: number;
  delaySeconds?: number;
  backoff?: boolean;
}

/**
 * A durable job, one class per `*.job.ts`, marked `@DurableJob()` and listed in its module's providers;
 * `JobsService` finds every one at bootstrap and registers it with pg-boss. Workers (and cron schedules)
 * run only where `JOBS_ENABLED`; every instance can queue jobs.
 */
export interface Job<Data extends object = object> {
  /** The pg-boss queue name, stable across releases (queued jobs carry it). */
  readonly name: string;
  /** Cron, in UTC, for a recurring job. */
  readonly schedule?: string;
  readonly retry?: RetryPolicy;
  /**
   * How the workers take this queue's jobs: `batchSize` jobs per fetch, fetching again at once while batches come
   * back full, on `concurrency` workers per instance (default: one job a second on one worker). A job of a batch that
   * fails is failed (and retried) alone.
   */
  readonly throughput?: { batchSize: number; concurrency: number };
  handle(data: Data, job: QueuedJob<Data>): Promise<void>;
}

/** Nest's discovery marker for job classes. */
export const JobMarker = DiscoveryService.createDecorator<void>();

/** Makes a class an injectable durable job: `@DurableJob() export class XJob implements Job { … }`. */
export const DurableJob = (): ClassDecorator => applyDecorators(Injectable(), JobMarker());
