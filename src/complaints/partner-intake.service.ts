import { Injectable } from '@nestjs/common';
import type { Actor, ApiKeyPrincipal } from '../platform/access/principal.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import type { BatchReceiptView, PartnerComplaintDto, PartnerReceiptView } from './dto/complaint.dto.js';
import { IdempotencyService, type IdempotentResult } from './idempotency.service.js';

/**
 * Partner writes: idempotent by key, scoped to the calling partner and to its key's mode (a test-mode key's complaints
 * are test cases, in a key space of their own).
 */
@Injectable()
export class PartnerIntakeService {
  constructor(
    private readonly intake: ComplaintIntakeService,
    private readonly idempotency: IdempotencyService,
  ) {}

  submit(actor: Actor, key: string | undefined, dto: PartnerComplaintDto): Promise<IdempotentResult<PartnerReceiptView>> {
    const caller = partnerCallerOf(actor);
    return this.idempotency.run(caller, key, 'POST /v1/partner/complaints', dto, async (m) => ({
      status: 201,
      body: (await this.intake.submitIn(m, actor, { channel: 'partner', ...caller }, dto)) as PartnerReceiptView,
    }));
  }

  submitBatch(actor: Actor, key: string | undefined, items: PartnerComplaintDto[]): Promise<IdempotentResult<BatchReceiptView>> {
    const caller = partnerCallerOf(actor);
    return this.idempotency.run(caller, key, 'POST /v1/partner/complaints/batch', items, async (m) => ({
      status: 201,
      body: { items: await this.intake.submitBatchIn(m, actor, caller, items) },
    }));
  }
}

/** The calling partner and whether its key is a test-mode (sandbox) key: what every partner read and write is scoped to. */
export interface PartnerCaller {
  partnerId: string;
  test: boolean;
}

export function partnerCallerOf(actor: Actor): PartnerCaller {
  const p = actor.principal as ApiKeyPrincipal | null;
  if (!p || p.kind !== 'api_key' || !p.partnerId) throw new Error('partner route reached without a partner key');
  return { partnerId: p.partnerId, test: p.testMode === true };
}

export function partnerOf(actor: Actor): string {
  return partnerCallerOf(actor).partnerId;
}
