import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { AuditService } from './audit.service.js';

export const AUDIT_CHECKPOINT_JOB = 'audit-checkpoint';

/** Seals the audit log every minute (pg-boss cron), and whenever a checkpoint job is queued. */
@Injectable()
export class AuditCheckpointJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.register({
      name: AUDIT_CHECKPOINT_JOB,
      schedule: '* * * * *',
      retryLimit: 2,
      handler: async () => {
        await this.audit.checkpoint();
      },
    });
  }
}
