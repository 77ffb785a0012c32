import { Injectable } from '@nestjs/common';
import type { Actor, ApiKeyPrincipal } from '../platform/access/principal.js';
import { ComplaintIntakeService } from './complaint-intake.service.js';
import type { BatchReceiptView, PartnerComplaintDto, PartnerReceiptView } from './dto/complaint.dto.js';
import { IdempotencyService, type IdempotentResult } from './idempotency.service.js';

/** Partner writes: idempotent by key, scoped to the calling partner. */
@Injectable()
export class PartnerIntakeService {
  constructor(
    private readonly intake: ComplaintIntakeService,
    private readonly idempotency: IdempotencyService,
  ) {}

  submit(actor: Actor, key: string | undefined, dto: PartnerComplaintDto): Promise<IdempotentResult<PartnerReceiptView>> {
    const partnerId = partnerOf(actor);
    return this.idempotency.run(partnerId, key, 'POST /v1/partner/complaints', dto, async (m) => ({
      status: 201,
      body: (await this.intake.submitIn(m, actor, { channel: 'partner', partnerId }, dto)) as PartnerReceiptView,
    }));
  }

  submitBatch(actor: Actor, key: string | undefined, items: PartnerComplaintDto[]): Promise<IdempotentResult<BatchReceiptView>> {
    const partnerId = partnerOf(actor);
    return this.idempotency.run(partnerId, key, 'POST /v1/partner/complaints/batch', items, async (m) => ({
      status: 201,
      body: { items: await this.intake.submitBatchIn(m, actor, partnerId, items) },
    }));
  }
}

export function partnerOf(actor: Actor): string {
  const p = actor.principal as ApiKeyPrincipal | null;
  if (!p || p.kind !== 'api_key' || !p.partnerId) throw new Error('partner route reached without a partner key');
  return p.partnerId;
}
