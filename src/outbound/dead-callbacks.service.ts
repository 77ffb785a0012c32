import { Injectable } from '@nestjs/common';
import { Transactions } from '../platform/database/transactions.js';
import { OutboundRepository } from './outbound.repository.js';

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
  ) {}

  /** Callbacks that exhausted their retries (or were refused by the SSRF guard), for the admin. */
  async deadCallbacks(): Promise<DeadCallbackView[]> {
    const rows = await this.repository.deadCallbacks(this.tx.manager, 500);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }
}
