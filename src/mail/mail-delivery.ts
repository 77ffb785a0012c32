import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../platform/clock.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { MAIL_DELIVERY_JOB } from './mail-dispatcher.js';
import { MailRefused, MailTransport, redactAddresses } from './mail-transport.js';
import { MailRepository } from './mail.repository.js';

const HOUR_MS = 3_600_000;

/** What one delivery attempt came to. */
export type DeliveryOutcome = 'sent' | 'not-queued' | 'deferred' | 'no-transport' | 'dead';

/** A failed attempt that the job queue should retry (after its back-off). */
export class DeliveryFailed extends Error {}

/**
 * Delivers one queued message. The row is locked for the attempt (a second worker skips it), the recipient's hourly
 * cap is checked (over it, the message waits for a later slot: nothing is dropped), and "sent" is committed just before
 * the message's final dot (see `MailTransport.send`), so a worker that dies after the server took the message never
 * sends it again. A 5xx refusal dead-letters the message at once; other failures are retried by the queue with back-off
 * until `MAIL_RETRY_LIMIT`, then dead-lettered. Nothing of the message is logged.
 */
@Injectable()
export class MailDelivery {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly tx: Transactions,
    private readonly repository: MailRepository,
    private readonly transport: MailTransport,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async deliver(messageId: string): Promise<DeliveryOutcome> {
    if (!this.transport.configured) return 'no-transport';
    const t = await this.tx.begin();
    let markedSent = false;
    let attempts = 0;
    try {
      const msg = await this.repository.lockQueued(t.manager, messageId);
      if (!msg) return 'not-queued';
      attempts = msg.attempts + 1;
      const since = new Date(this.clock.now().getTime() - HOUR_MS);
      if ((await this.repository.sentToSince(t.manager, msg.addressHash, since)) >= this.config.mail.ratePerRecipientPerHour) {
        await this.jobs.send(MAIL_DELIVERY_JOB, { messageId }, { startAfter: 300 });
        return 'deferred';
      }
      await this.transport.send(
        { messageId: this.transport.messageIdFor(msg.id), to: msg.address, subject: msg.subject, text: msg.textBody, html: msg.htmlBody, headers: msg.headers, date: msg.createdAt },
        async () => {
          await this.repository.markSent(t.manager, msg.id);
          await t.commit();
          markedSent = true;
        },
      );
    } catch (e) {
      await t.end();
      return this.failed(messageId, e, attempts, markedSent);
    } finally {
      await t.end();
    }
    // The server's 250, for the admin's "unconfirmed" list: informative, so its commit does not wait for the disk.
    await this.tx.run(async (m) => {
      await this.repository.relaxDurability(m);
      await this.repository.confirm(m, messageId);
    });
    return 'sent';
  }

  private async failed(messageId: string, e: unknown, attempts: number, markedSent: boolean): Promise<DeliveryOutcome> {
    const permanent = e instanceof MailRefused && e.permanent;
    const dead = permanent || attempts > this.config.mail.retryLimit;
    const reason = e instanceof MailRefused ? e.message : redactAddresses(`${(e as { code?: string }).code ?? 'ERROR'}: ${e instanceof Error ? e.message : String(e)}`).slice(0, 300);
    await this.repository.recordFailure(this.tx.manager, messageId, reason, dead, markedSent);
    if (dead) {
      this.logger.warn({ mailId: messageId, attempts }, 'mail dead-lettered');
      return 'dead';
    }
    throw new DeliveryFailed(`delivery attempt ${attempts} failed`);
  }
}
