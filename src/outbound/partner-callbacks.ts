import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../platform/clock.js';
import { chinaDate } from '../platform/dates.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { Transactions } from '../platform/database/transactions.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import { PartnersService } from '../parties/index.js';
import { CallbackRefused, CallbackSender } from './callback-sender.js';
import { OutboundRepository } from './outbound.repository.js';

export const CALLBACK_JOB = 'partner-callback';

/** The 17th attempt (the first plus 16 retries) is the last; then the callback is dead-lettered. */
const CALLBACK_MAX_ATTEMPTS = 17;

/**
 * Whether an attempt at `now` also carries the legacy `X-Signature`: only for a partner whose secret predates Standard
 * Webhooks, and only up to and including the configured last day (a China Standard Time date).
 */
export function sendsLegacySignature(partnerIsLegacy: boolean, now: Date, lastDay: string): boolean {
  return partnerIsLegacy && chinaDate(now) <= lastDay;
}

/** Queues a signed callback to a partner in the caller's transaction (delivered after commit, retried, never blocking). */
export interface CallbackPort {
  /** `test`: a test complaint's callback (delivered the same way; kept off the admin's dead-letter list). */
  queue(m: EntityManager, callback: { partnerId: string; caseId: string; body: object; test?: boolean }): Promise<void>;
}
export const CALLBACK_PORT = Symbol('CallbackPort');

/** Partner callbacks: queued with their delivery job, delivered signed through the SSRF guard, dead-lettered at the end. */
@Injectable()
export class PartnerCallbacks implements CallbackPort {
  private readonly logger = new Logger(PartnerCallbacks.name);

  constructor(
    private readonly repository: OutboundRepository,
    private readonly tx: Transactions,
    private readonly jobs: JobsService,
    private readonly sender: CallbackSender,
    private readonly partners: PartnersService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  async queue(m: EntityManager, callback: { partnerId: string; caseId: string; body: object; test?: boolean }): Promise<void> {
    const id = await this.repository.insertCallback(m, callback);
    await this.queueDelivery(m, id);
  }

  /** Queues the delivery job of a pending callback in the caller's transaction (also an admin's retry of a dead one). */
  async queueDelivery(m: EntityManager, callbackId: string): Promise<void> {
    // Exponential backoff (delay doubling to at most 3 h) over 16 retries spans about a day.
    await this.jobs.sendIn(m, CALLBACK_JOB, { callbackId }, { retryLimit: 16, retryDelay: this.config.callbacks.retryDelaySeconds, retryBackoff: true, retryDelayMax: 3 * 3600 });
  }

  /** One delivery attempt; failures throw so pg-boss retries with backoff; the last one dead-letters the callback. */
  async deliver(callbackId: string): Promise<void> {
    const m = this.tx.manager;
    const cb = await this.repository.startAttempt(m, callbackId);
    if (!cb) return;
    const target = await this.partners.callbackTarget(cb.partnerId);
    if (!target) {
      // A partner that set no callback reads its complaints' status by reference instead: nothing failed, and there
      // is nothing for an administrator to send again.
      await this.repository.markSkipped(m, callbackId);
      return;
    }
    const now = this.clock.now();
    const signing = { id: cb.id, secret: target.secret, legacySignature: sendsLegacySignature(target.legacySignature, now, this.config.callbacks.legacySignatureUntil) };
    try {
      await this.sender.send(target.url, signing, JSON.stringify(cb.body), Math.floor(now.getTime() / 1000));
      await this.repository.markDelivered(m, callbackId);
    } catch (e) {
      const message = String((e as Error).message).slice(0, 300);
      const dead = e instanceof CallbackRefused || cb.attempts >= CALLBACK_MAX_ATTEMPTS;
      if (!dead) {
        await this.repository.recordFailure(m, callbackId, message, false);
        throw e;
      }
      // Dead-lettered and the admins told, in one transaction (a test complaint's callback tells no one).
      await this.tx.run(async (t) => {
        await this.repository.recordFailure(t, callbackId, message, true);
        if (!cb.test) {
          const reference = typeof cb.body.reference === 'string' ? cb.body.reference : '';
          // One alert per partner and hour: a partner endpoint that stays down would otherwise send one per callback.
          const hour = now.toISOString().slice(0, 13);
          await this.outbox.enqueue(t, {
            caseId: cb.caseId, recipientKind: 'admins', recipientRef: null, template: 'callback_dead', payload: { reference },
            dedupeKey: `callback_dead:${cb.partnerId}:${hour}`,
          });
        }
      });
      this.logger.warn(`callback ${callbackId} dead-lettered after ${cb.attempts} attempts`);
    }
  }
}
