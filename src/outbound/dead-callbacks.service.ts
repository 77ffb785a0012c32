import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import { Transactions } from '../platform/database/transactions.js';
import { PartnersService } from '../parties/index.js';
import { OutboundError, OutboundErrorCode } from './outbound.errors.js';
import { OutboundRepository } from './outbound.repository.js';
import { PartnerCallbacks } from './partner-callbacks.js';

export interface DeadCallbackView {
  id: string;
  partnerId: string;
  caseId: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  body: Record<string, unknown>;
}

@Injectable()
export class DeadCallbacksService {
  constructor(
    private readonly tx: Transactions,
    private readonly repository: OutboundRepository,
    private readonly callbacks: PartnerCallbacks,
    private readonly partners: PartnersService,
    private readonly audit: AuditService,
  ) {}

  /** Callbacks that exhausted their retries (or were refused by the SSRF guard), for the admin. */
  async deadCallbacks(): Promise<DeadCallbackView[]> {
    const rows = await this.repository.deadCallbacks(this.tx.manager, 500);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  /**
   * Sends a dead callback again: back to pending with a fresh attempt budget and its delivery job queued, in one
   * transaction with the audit entry (the id only, never the body). The row is locked first, so of two retries at once
   * the second finds it pending (409) and nothing is sent twice. A refusal writes nothing.
   */
  async retry(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async (m) => {
      const cb = await this.repository.lockStatus(m, id);
      if (!cb) throw new OutboundError(OutboundErrorCode.CALLBACK_NOT_FOUND, 'Callback not found');
      if (cb.status !== 'dead') throw new OutboundError(OutboundErrorCode.CALLBACK_NOT_RETRYABLE, `Only a dead callback can be retried (this one is ${cb.status})`);
      const readiness = await this.partners.callbackReadiness(m, cb.partnerId);
      if (readiness === 'suspended') throw new OutboundError(OutboundErrorCode.CALLBACK_PARTNER_SUSPENDED, 'The partner is suspended: its callbacks are not sent');
      if (readiness === 'missing') throw new OutboundError(OutboundErrorCode.CALLBACK_TARGET_MISSING, 'The partner has no callback URL or secret');
      await this.repository.revive(m, id);
      await this.callbacks.queueDelivery(m, id);
      await this.audit.record(m, actor, { action: 'callback.retry', resourceType: 'partner_callback', resourceId: id, details: { partnerId: cb.partnerId } });
    });
  }
}
