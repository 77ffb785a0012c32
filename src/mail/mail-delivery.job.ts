import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { DurableJob, type Job, type RetryPolicy } from '../platform/jobs/job.js';
import { MailDelivery } from './mail-delivery.js';
import { MAIL_DELIVERY_JOB } from './mail-dispatcher.js';
import { MailPace } from './mail-pace.js';

export interface MailDeliveryJobData {
  messageId: string;
}

/** Delivers one message (queued by the dispatcher in the transaction that created it); retried with back-off. */
@DurableJob()
export class MailDeliveryJob implements Job<MailDeliveryJobData> {
  readonly name = MAIL_DELIVERY_JOB;
  readonly retry: RetryPolicy;
  readonly throughput = { batchSize: 20, concurrency: 4 };

  constructor(
    private readonly delivery: MailDelivery,
    private readonly pace: MailPace,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // One more than the retries: the message is dead-lettered by the delivery itself on the last attempt.
    this.retry = { limit: config.mail.retryLimit + 1, delaySeconds: 60, backoff: true };
  }

  async handle({ messageId }: MailDeliveryJobData): Promise<void> {
    await this.pace.take('delivery');
    await this.delivery.deliver(messageId);
  }
}
