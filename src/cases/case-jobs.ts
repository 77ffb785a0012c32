import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../platform/access/principal.js';
import { Clock } from '../platform/clock.js';
import { JobsService } from '../platform/jobs/jobs.service.js';
import { CallbackRefused, CallbackSender } from '../outbound/index.js';
import { PartnersService } from '../parties/index.js';
import { CALLBACK_JOB, CaseTransitionsService, DEADLINE_JOB, REMINDER_JOB } from './case-transitions.service.js';
import { CasesError } from './cases.errors.js';
import type { DeadlineKind } from './machine/case.types.js';

const CALLBACK_MAX_ATTEMPTS = 17;

/** Durable jobs of the case lifecycle: deadlines, reminders and partner callbacks (pg-boss; survive restarts). */
@Injectable()
export class CaseJobs implements OnModuleInit {
  private readonly logger = new Logger(CaseJobs.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly transitions: CaseTransitionsService,
    private readonly sender: CallbackSender,
    private readonly partners: PartnersService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ deadlineId: string; caseId: string; kind: DeadlineKind }>({
      name: DEADLINE_JOB,
      retryLimit: 5,
      handler: (d) => this.deadlineElapsed(d.deadlineId, d.caseId, d.kind),
    });
    this.jobs.register<{ deadlineId: string; caseId: string }>({ name: REMINDER_JOB, retryLimit: 5, handler: (d) => this.remind(d.deadlineId, d.caseId) });
    this.jobs.register<{ callbackId: string }>({ name: CALLBACK_JOB, retryLimit: 16, retryDelaySeconds: 30, retryBackoff: true, handler: (d) => this.deliver(d.callbackId) });
  }

  /** Sends DEADLINE_ELAPSED through the one door if the deadline is still active; a settled one is ignored. */
  async deadlineElapsed(deadlineId: string, caseId: string, kind: DeadlineKind): Promise<void> {
    const [row] = await this.dataSource.query('SELECT settled_at FROM case_deadlines WHERE id = $1', [deadlineId]);
    if (!row || row.settled_at) return;
    try {
      await this.transitions.apply(SYSTEM_ACTOR, caseId, 'DEADLINE_ELAPSED', { deadline: kind }, { as: 'system', deadlineId });
    } catch (e) {
      if (!(e instanceof CasesError)) throw e;
      // The state no longer cares about this deadline: settle it so it is not retried.
      await this.dataSource.query(`UPDATE case_deadlines SET settled_at = now(), outcome = 'cancelled' WHERE id = $1 AND settled_at IS NULL`, [deadlineId]);
    }
  }

  async remind(deadlineId: string, caseId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload)
       SELECT c.id, 'respondent', c.respondent_member_id, 'response_reminder', jsonb_build_object('reference', c.reference, 'dueAt', d.due_at)
         FROM case_deadlines d JOIN cases c ON c.id = d.case_id WHERE d.id = $1 AND d.case_id = $2 AND d.settled_at IS NULL`,
      [deadlineId, caseId],
    );
  }

  /** One delivery attempt; failures throw so pg-boss retries with backoff; the last one dead-letters the callback. */
  async deliver(callbackId: string): Promise<void> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [[cb]] = await this.dataSource.query(
      `UPDATE partner_callbacks SET attempts = attempts + 1 WHERE id = $1 AND status = 'pending'
       RETURNING id, partner_id AS "partnerId", body, attempts`,
      [callbackId],
    );
    if (!cb) return;
    const [partner] = await this.dataSource.query(
      'SELECT id, callback_url AS "callbackUrl", callback_secret_enc AS "callbackSecretEnc", callback_key_id AS "callbackKeyId" FROM partners WHERE id = $1',
      [cb.partnerId],
    );
    const secret = partner ? await this.partners.callbackSecret(partner) : null;
    if (!partner?.callbackUrl || !secret) {
      await this.dataSource.query(`UPDATE partner_callbacks SET status = 'dead', last_error = 'no callback configured' WHERE id = $1`, [callbackId]);
      return;
    }
    try {
      await this.sender.send(partner.callbackUrl, secret, JSON.stringify(cb.body), Math.floor(this.clock.now().getTime() / 1000));
      await this.dataSource.query(`UPDATE partner_callbacks SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1`, [callbackId]);
    } catch (e) {
      const message = String((e as Error).message).slice(0, 300);
      const dead = e instanceof CallbackRefused || cb.attempts >= CALLBACK_MAX_ATTEMPTS;
      await this.dataSource.query(`UPDATE partner_callbacks SET last_error = $2, status = CASE WHEN $3 THEN 'dead' ELSE status END WHERE id = $1`, [callbackId, message, dead]);
      if (dead) {
        this.logger.warn(`callback ${callbackId} dead-lettered after ${cb.attempts} attempts`);
        return;
      }
      throw e;
    }
  }
}
