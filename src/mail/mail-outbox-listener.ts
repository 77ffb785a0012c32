import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { DedicatedConnections } from '../platform/database/dedicated-connection.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { errorForLog } from '../platform/logging.js';
import { OUTBOX_CHANNEL } from '../platform/outbox/outbox.js';
import { MAIL_DELIVERY_JOB, MailDispatcher } from './mail-dispatcher.js';
import { MailPace } from './mail-pace.js';
import { MailTransport } from './mail-transport.js';
import { MailRepository } from './mail.repository.js';

/**
 * Where job workers run, listens on the outbox's channel and dispatches as soon as a transaction that wrote to the
 * outbox commits (one run at a time; a notification during a run schedules one more). The per-minute `mail-dispatch`
 * job covers what arrives while the listener is down. Says once at boot whether mail is delivered or held.
 */
@Injectable()
export class MailOutboxListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private client?: pg.Client;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly connections: DedicatedConnections,
    private readonly dispatcher: MailDispatcher,
    private readonly transport: MailTransport,
    private readonly repository: MailRepository,
    private readonly tx: Transactions,
    private readonly jobs: JobsService,
    private readonly pace: MailPace,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.transport.configured) this.logger.log('mail is delivered through the configured SMTP server');
    else this.logger.warn('SMTP_URL is not set: mail is kept in the outbox, undelivered (see /health/ready)');
    if (!this.config.jobs.enabled) return;
    await this.listen().catch((e: unknown) => this.logger.warn(`outbox listener not started: ${String(errorForLog(e).message)}; the per-minute job dispatches`));
    this.trigger();
  }

  private async listen(): Promise<void> {
    const client = this.connections.client('selfreg-mail-listener');
    client.on('error', () => {
      // The per-minute job listens again.
      if (this.client === client) this.client = undefined;
      client.end().catch(() => undefined);
    });
    client.on('notification', () => this.trigger());
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.client = client;
  }

  /** Starts a run, or asks the current run to go round once more. */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** Dispatches now and releases held messages (the per-minute job; tests). */
  async runNow(): Promise<void> {
    if (!this.client && this.config.jobs.enabled && !this.stopped) await this.listen().catch(() => undefined);
    while (this.running) await this.running;
    this.running = this.loop();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    await this.releaseHeld();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        // In batches of about a second's worth at the current pace, each batch's messages waiting their turn.
        for (;;) {
          const { rows, messages } = await this.dispatcher.dispatchBatch(Math.max(1, Math.min(100, this.pace.rate())));
          if (rows === 0 || this.stopped) break;
          await this.pace.take('dispatch', messages);
        }
      } catch (e) {
        this.logger.error(`mail dispatch failed: ${String(errorForLog(e).message)}`);
      }
    } while (this.again && !this.stopped);
  }

  /** Messages kept while no SMTP server was configured go to the delivery queue once one is. */
  private async releaseHeld(): Promise<void> {
    if (!this.transport.configured) return;
    for (;;) {
      const n = await this.tx.run(async (m) => {
        const ids = await this.repository.releaseHeld(m, 500);
        for (const id of ids) await this.jobs.sendIn(m, MAIL_DELIVERY_JOB, { messageId: id });
        return ids.length;
      });
      if (n < 500) return;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
