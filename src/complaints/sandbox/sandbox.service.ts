import { Injectable, Logger } from '@nestjs/common';
import { appliedFor, type AppliedView, CasePurge, CaseReadsRepository, CaseTransitionsService } from '../../cases/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { ComplaintsError, ComplaintsErrorCode } from '../complaints.errors.js';
import { IdempotencyService } from '../idempotency.service.js';
import { type PartnerCaller, partnerCallerOf } from '../partner-intake.service.js';
import { parseSandboxEvent } from './sandbox-event.js';
import type { SandboxEventsView } from './sandbox.dto.js';
import { SandboxError, SandboxErrorCode } from './sandbox.errors.js';

/** How long test complaints (and the sandbox's Idempotency-Keys) are kept. */
export const SANDBOX_RETENTION_DAYS = 7;
/** Cases per purge transaction. */
const PURGE_BATCH = 100;

export interface SandboxPurgeResult {
  cases: number;
  rows: number;
  blobs: number;
  idempotencyKeys: number;
}

/**
 * The partner sandbox (issue #14): a partner's test-mode key drives its own test complaints through the one door with a
 * supervisor's permissions, as the `sandbox` actor, to rehearse its callback handling; test complaints are purged after
 * SANDBOX_RETENTION_DAYS days.
 */
@Injectable()
export class SandboxService {
  private readonly logger = new Logger(SandboxService.name);

  constructor(
    private readonly caseReads: CaseReadsRepository,
    private readonly transitions: CaseTransitionsService,
    private readonly purge: CasePurge,
    private readonly idempotency: IdempotencyService,
    private readonly clock: Clock,
  ) {}

  /** Applies `{ type, payload? }` to the caller's test complaint through the one door, as the sandbox. */
  async send(actor: Actor, reference: string, body: unknown): Promise<AppliedView> {
    const caller = sandboxCallerOf(actor);
    const { type, payload } = parseSandboxEvent(body);
    const caseId = await this.caseOf(caller, reference);
    return appliedFor(false, await this.transitions.apply({ ...actor, anonymous: 'sandbox' }, caseId, type, payload, { as: 'sandbox' }));
  }

  /** The test complaint's state and the events it takes now, from the sandbox and from the complainant. */
  async offered(actor: Actor, reference: string): Promise<SandboxEventsView> {
    const caller = sandboxCallerOf(actor);
    const caseId = await this.caseOf(caller, reference);
    const o = await this.transitions.offeredTo({ ...actor, anonymous: 'sandbox' }, caseId, 'sandbox');
    if (!o) throw notFound();
    return { reference: o.reference, state: o.state, phase: o.phase, allowedEvents: o.allowedEvents, complainantEvents: o.complainantEvents };
  }

  /**
   * Deletes test complaints received more than SANDBOX_RETENTION_DAYS days before `now`, with everything hanging off
   * them (the case purge), in batches, then the sandbox's Idempotency-Keys as old. Restartable: each batch commits on its
   * own; a case another transaction holds is left for the next run.
   */
  async purgeExpired(now: Date = this.clock.now()): Promise<SandboxPurgeResult> {
    const before = new Date(now.getTime() - SANDBOX_RETENTION_DAYS * 86_400_000);
    const total: SandboxPurgeResult = { cases: 0, rows: 0, blobs: 0, idempotencyKeys: 0 };
    for (;;) {
      const ids = await this.caseReads.testCasesReceivedBefore(before, PURGE_BATCH);
      if (ids.length === 0) break;
      const r = await this.purge.purge(ids, 'sandbox');
      total.cases += r.cases;
      total.rows += r.rows;
      total.blobs += r.blobs;
      // Every case of the batch was held by another transaction: leave them for the next run rather than spin.
      if (r.cases === 0 || ids.length < PURGE_BATCH) break;
    }
    total.idempotencyKeys = await this.idempotency.purgeTestMadeBefore(before);
    if (total.cases || total.idempotencyKeys) this.logger.log(`sandbox purge: ${total.cases} test cases, ${total.blobs} blobs, ${total.idempotencyKeys} idempotency keys`);
    return total;
  }

  /** The caller's test complaint: a live one, another partner's, or an unknown reference all answer 404. */
  private async caseOf(caller: PartnerCaller, reference: string): Promise<string> {
    const id = await this.caseReads.idOfPartnerCase(caller.partnerId, true, reference.toUpperCase());
    if (!id) throw notFound();
    return id;
  }
}

const notFound = () => new ComplaintsError(ComplaintsErrorCode.COMPLAINT_NOT_FOUND, 'No test complaint of this partner has this reference');

/** The partner behind a test-mode key; a live key answers 403 SANDBOX_ONLY. */
function sandboxCallerOf(actor: Actor): PartnerCaller {
  const caller = partnerCallerOf(actor);
  if (!caller.test) throw new SandboxError(SandboxErrorCode.SANDBOX_ONLY, 'The sandbox takes a test-mode key (srk_test_…); a live key cannot drive complaints');
  return caller;
}
