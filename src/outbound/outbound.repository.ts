import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutgoingNotification } from './notification-sender.js';

export interface CallbackAttempt {
  id: string;
  partnerId: string;
  body: Record<string, unknown>;
  attempts: number;
}

export interface DeadCallbackRow {
  id: string;
  partnerId: string;
  caseId: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  body: Record<string, unknown>;
}

/** Every `notifications` and `partner_callbacks` statement, by name; each runs on the manager it is given. */
@Injectable()
export class OutboundRepository {
  async insertNotification(
    m: EntityManager,
    n: { caseId: string | null; recipientKind: string; recipientRef: string | null; template: string; payload: Record<string, unknown> },
  ): Promise<void> {
    await m.query(
      `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload) VALUES ($1, $2, $3, $4, $5)`,
      [n.caseId, n.recipientKind, n.recipientRef, n.template, JSON.stringify(n.payload)],
    );
  }

  /** Unsent messages, oldest first, locked; rows another instance holds are skipped. */
  async claimUnsent(m: EntityManager, batch: number): Promise<OutgoingNotification[]> {
    return m.query(
      `SELECT id, case_id AS "caseId", recipient_kind AS "recipientKind", recipient_ref AS "recipientRef", template, payload
         FROM notifications WHERE sent_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
  }

  async markSent(m: EntityManager, ids: string[]): Promise<void> {
    await m.query('UPDATE notifications SET sent_at = now() WHERE id = ANY($1)', [ids]);
  }

  async insertCallback(m: EntityManager, c: { partnerId: string; caseId: string; body: object; test?: boolean }): Promise<string> {
    const [{ id }] = await m.query(`INSERT INTO partner_callbacks (partner_id, case_id, body, test) VALUES ($1, $2, $3, $4) RETURNING id`, [
      c.partnerId, c.caseId, JSON.stringify(c.body), c.test === true,
    ]);
    return id;
  }

  /** Counts one more attempt of a pending callback and returns it (null when it is delivered or dead). */
  async startAttempt(m: EntityManager, callbackId: string): Promise<CallbackAttempt | null> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [[cb]] = await m.query(
      `UPDATE partner_callbacks SET attempts = attempts + 1 WHERE id = $1 AND status = 'pending'
       RETURNING id, partner_id AS "partnerId", body, attempts`,
      [callbackId],
    );
    return cb ?? null;
  }

  async markDead(m: EntityManager, callbackId: string, reason: string): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET status = 'dead', last_error = $2 WHERE id = $1`, [callbackId, reason]);
  }

  async markDelivered(m: EntityManager, callbackId: string): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1`, [callbackId]);
  }

  /** A failed attempt: its error is kept, and the callback is dead-lettered when `dead`. */
  async recordFailure(m: EntityManager, callbackId: string, message: string, dead: boolean): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET last_error = $2, status = CASE WHEN $3 THEN 'dead' ELSE status END WHERE id = $1`, [callbackId, message, dead]);
  }

  async deadCallbacks(m: EntityManager, limit: number): Promise<DeadCallbackRow[]> {
    return m.query(
      `SELECT id, partner_id AS "partnerId", case_id AS "caseId", attempts, last_error AS "lastError", created_at AS "createdAt", body
         FROM partner_callbacks WHERE status = 'dead' AND NOT test ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
  }

  /**
   * Deletes the messages and callbacks of these cases (they are being purged); the numbers deleted, and the ids of the
   * callbacks that were still pending (their delivery jobs are still queued).
   */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<{ rows: number; pendingCallbacks: string[] }> {
    // DELETE answers [rows, count] through TypeORM.
    const [, notifications] = await m.query('DELETE FROM notifications WHERE case_id = ANY($1::uuid[])', [caseIds]);
    const [callbacks, n] = (await m.query('DELETE FROM partner_callbacks WHERE case_id = ANY($1::uuid[]) RETURNING id, status', [caseIds])) as [
      { id: string; status: string }[],
      number,
    ];
    return { rows: (notifications as number) + n, pendingCallbacks: callbacks.filter((c) => c.status === 'pending').map((c) => c.id) };
  }
}
