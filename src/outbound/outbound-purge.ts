import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../platform/purge/case-purge-registry.js';
import { OutboundRepository } from './outbound.repository.js';
import { CALLBACK_JOB } from './partner-callbacks.js';

/** The outbound context's part of a case purge: the case's callbacks and the delivery jobs still queued. */
@Injectable()
export class OutboundCasePurger implements CaseRowsPurger, OnModuleInit {
  readonly owner = 'outbound: partner_callbacks';

  constructor(
    private readonly repository: OutboundRepository,
    private readonly jobs: JobsService,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    const { rows, pendingCallbacks } = await this.repository.deleteOfCases(m, caseIds);
    for (const callbackId of pendingCallbacks) await this.jobs.deleteQueuedIn(m, CALLBACK_JOB, { callbackId });
    return { rows };
  }
}
