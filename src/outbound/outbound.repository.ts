import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface CallbackAttempt {
  id: string;
  partnerId: string;
  caseId: string;
  body: Record<string, unknown>;
  attempts: number;
  /** A test complaint's callback (kept off the admin's dead-letter list). */
  test: boolean;
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

/** Every `partner_callbacks` statement, by name; each runs on the manager it is given. */
@Injectable()
export class OutboundRepository {
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
       RETURNING id, partner_id AS "partnerId", case_id AS "caseId", body, attempts, test`,
      [callbackId],
    );
    return cb ?? null;
  }

  /** The partner takes no callbacks (no URL or secret set): kept as `skipped`, off the dead-letter list. */
  async markSkipped(m: EntityManager, callbackId: string): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET status = 'skipped', last_error = 'no callback configured' WHERE id = $1`, [callbackId]);
  }

  async markDelivered(m: EntityManager, callbackId: string): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1`, [callbackId]);
  }

  /** A failed attempt: its error is kept, and the callback is dead-lettered when `dead`. */
  async recordFailure(m: EntityManager, callbackId: string, message: string, dead: boolean): Promise<void> {
    await m.query(`UPDATE partner_callbacks SET last_error = $2, status = CASE WHEN $3 THEN 'dead' ELSE status END WHERE id = $1`, [callbackId, message, dead]);
  }

  /** Puts a dead live callback back to pending with a fresh attempt budget (attempts 0, no error); whether it was dead. */
  async revive(m: EntityManager, callbackId: string): Promise<boolean> {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = await m.query(
      `UPDATE partner_callbacks SET status = 'pending', attempts = 0, last_error = NULL WHERE id = $1 AND status = 'dead' AND NOT test RETURNING id`,
      [callbackId],
    );
    return rows.length === 1;
  }

  /** Locks the live callback's row and returns its status and partner (undefined for an unknown id or a test complaint's callback). */
  async lockStatus(m: EntityManager, callbackId: string): Promise<{ status: string; partnerId: string } | undefined> {
    const [row] = await m.query('SELECT status, partner_id AS "partnerId" FROM partner_callbacks WHERE id = $1 AND NOT test FOR UPDATE', [callbackId]);
    return row;
  }

  async deadCallbacks(m: EntityManager, limit: number): Promise<DeadCallbackRow[]> {
    return m.query(
      `SELECT id, partner_id AS "partnerId", case_id AS "caseId", attempts, last_error AS "lastError", created_at AS "createdAt", body
         FROM partner_callbacks WHERE status = 'dead' AND NOT test ORDER BY created_at DESC LIMIT $1`,
      [limit],
    );
  }

  /** Deletes the callbacks of these cases (they are being purged); the number deleted, and the ids of those still pending (their delivery jobs are still queued). */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<{ rows: number; pendingCallbacks: string[] }> {
    // DELETE … RETURNING answers [rows, count] through TypeORM.
    const [callbacks, n] = (await m.query('DELETE FROM partner_callbacks WHERE case_id = ANY($1::uuid[]) RETURNING id, status', [caseIds])) as [
      { id: string; status: string }[],
      number,
    ];
    return { rows: n, pendingCallbacks: callbacks.filter((c) => c.status === 'pending').map((c) => c.id) };
  }
}
