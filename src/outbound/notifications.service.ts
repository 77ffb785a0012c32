import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NOTIFICATION_SENDER, type NotificationSender, type OutgoingNotification } from './notification-sender.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NOTIFICATION_SENDER) private readonly sender: NotificationSender,
  ) {}

  /** Hands unsent outbox messages to the sender; several instances share the work (SKIP LOCKED). */
  async dispatch(batch = 200): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: OutgoingNotification[] = await m.query(
        `SELECT id, case_id AS "caseId", recipient_kind AS "recipientKind", recipient_ref AS "recipientRef", template, payload
           FROM notifications WHERE sent_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      for (const n of rows) await this.sender.send(n);
      if (rows.length) await m.query('UPDATE notifications SET sent_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Callbacks that exhausted their retries (or were refused by the SSRF guard), for the admin. */
  async deadCallbacks(): Promise<DeadCallbackView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, partner_id AS "partnerId", case_id AS "caseId", attempts, last_error AS "lastError", created_at AS "createdAt", body
         FROM partner_callbacks WHERE status = 'dead' ORDER BY created_at DESC LIMIT 500`,
    );
    return rows.map((r: DeadCallbackView & { createdAt: Date }) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }
}
