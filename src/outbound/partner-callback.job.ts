import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { CALLBACK_JOB, PartnerCallbacks } from './partner-callbacks.js';

/** Delivers one queued partner callback per job (queued by `PartnerCallbacks.queue` with its retry policy). */
@Injectable()
export class PartnerCallbackJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly callbacks: PartnerCallbacks,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ callbackId: string }>({
      name: CALLBACK_JOB,
      retryLimit: 16,
      retryDelaySeconds: 30,
      retryBackoff: true,
      handler: (d) => this.callbacks.deliver(d.callbackId),
    });
  }
}
