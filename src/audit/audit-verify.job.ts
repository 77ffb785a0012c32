import { Inject, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Transactions } from '../platform/database/transactions.js';
import { DurableJob, type Job } from '../platform/jobs/job.js';
import { OUTBOX_PORT, type OutboxPort } from '../platform/outbox/outbox.js';
import { AuditService, type VerifyResult } from './audit.service.js';

export const AUDIT_VERIFY_JOB = 'audit-verify';

/**
 * Daily at 03:20 Shanghai, after the night's quiet hours: verifies the whole audit chain (entries and checkpoints) and,
 * when it fails, tells the admins (`audit_verification_failed`, naming the first entry or checkpoint that does not
 * verify). One alert per distinct failure: a re-run, or the next day's run finding the same failure, adds none.
 */
@DurableJob()
export class AuditVerifyJob implements Job {
  readonly name = AUDIT_VERIFY_JOB;
  readonly schedule = '20 19 * * *';
  readonly retry = { limit: 2 };
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditService,
    private readonly tx: Transactions,
    @Inject(OUTBOX_PORT) private readonly outbox: OutboxPort,
  ) {}

  async handle(): Promise<void> {
    await this.verifyAndAlert();
  }

  /** The verification's result; an alert is queued when it failed (once per failure). */
  async verifyAndAlert(): Promise<VerifyResult> {
    const result = await this.audit.verify();
    const failure = result.firstFailure;
    if (failure) {
      const failedItem = failure.entryId ? 'entry' : 'checkpoint';
      const failedId = failure.entryId ?? failure.checkpointId ?? '';
      this.logger.error({ failedItem, failedId }, 'audit log verification failed');
      const key = createHash('sha256').update(`${failedItem}:${failedId}:${failure.reason}`).digest('hex').slice(0, 32);
      await this.tx.run((m) =>
        this.outbox.enqueue(m, { caseId: null, recipientKind: 'admins', recipientRef: null, template: 'audit_verification_failed', payload: { failedItem, failedId }, dedupeKey: `audit_verification_failed:${key}` }),
      );
    }
    return result;
  }
}
