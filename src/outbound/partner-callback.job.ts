import { DurableJob, type Job } from '../platform/jobs/job.js';
import { CALLBACK_JOB, PartnerCallbacks } from './partner-callbacks.js';

export interface PartnerCallbackJobData {
  callbackId: string;
}

/** Delivers one queued partner callback per job (queued by `PartnerCallbacks.queue` with its retry policy). */
@DurableJob()
export class PartnerCallbackJob implements Job<PartnerCallbackJobData> {
  readonly name = CALLBACK_JOB;
  readonly retry = { limit: 16, delaySeconds: 30, backoff: true };

  constructor(private readonly callbacks: PartnerCallbacks) {}

  async handle({ callbackId }: PartnerCallbackJobData): Promise<void> {
    await this.callbacks.deliver(callbackId);
  }
}
