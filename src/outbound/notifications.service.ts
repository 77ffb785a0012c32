import { Inject, Injectable } from '@nestjs/common';
import { Transactions } from '../platform/database/transactions.js';
import { NOTIFICATION_SENDER, type NotificationSender, type OutgoingNotification } from './notification-sender.js';
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
export class NotificationsService {
  constructor(
    private readonly tx: Transactions,
    private readonly repository: OutboundRepository,
    @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender,
  ) {}

  /** Hands unsent outbox messages to the sender; several instances share the work (SKIP LOCKED). */
  async dispatch(batch = 200): Promise<number> {
    return this.tx.run(async (m) => {
      const rows = await this.repository.claimUnsent(m, batch);
      for (const n of rows) await this.sender.send(n);
      if (rows.length) await this.repository.markSent(m, rows.map((r) => r.id));
      return rows.length;
    });
  }

  /** Callbacks that exhausted their retries (or were refused by the SSRF guard), for the admin. */
  async deadCallbacks(): Promise<DeadCallbackView[]> {
    const rows = await this.repository.deadCallbacks(this.tx.manager, 500);
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }
}
