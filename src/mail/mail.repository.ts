import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MailStatus } from './mail-message.entity.js';
import type { MailMode } from './mail-preference.entity.js';

export interface NewMailMessage {
  notificationId: string | null;
  caseId: string | null;
  kind: string;
  address: string;
  addressHash: string;
  userId: string | null;
  locale: 'zh-CN' | 'en';
  subject: string;
  textBody: string;
  htmlBody: string;
  headers: Record<string, string>;
  status: MailStatus;
  /** When what it tells of happened (its outbox row's time; now when absent): the message's Date header. */
  occurredAt?: Date;
}

export interface DeliverableMessage {
  id: string;
  address: string;
  addressHash: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  headers: Record<string, string>;
  attempts: number;
  createdAt: Date;
}

export interface DeadMailRow {
  id: string;
  kind: string;
  caseId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  status: MailStatus;
  sentAt: Date | null;
}

export interface DigestItem {
  id: string;
  kind: string;
  caseId: string | null;
  subject: string;
  createdAt: Date;
}

/** Every `mail_messages`, `mail_preferences`, `mail_unsubscribes` and `mail_digests` statement, by name; each on the manager it is given. */
@Injectable()
export class MailRepository {
  /** Inserts the message unless this outbox row already produced one for this address; its id, or null when it existed. */
  async insertMessage(m: EntityManager, n: NewMailMessage): Promise<string | null> {
    const rows = await m.query(
      `INSERT INTO mail_messages (notification_id, case_id, kind, address, address_hash, user_id, locale, subject, text_body, html_body, headers, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, now()))
       ON CONFLICT (notification_id, address_hash) DO NOTHING RETURNING id`,
      [n.notificationId, n.caseId, n.kind, n.address, n.addressHash, n.userId, n.locale, n.subject, n.textBody, n.htmlBody, JSON.stringify(n.headers), n.status, n.occurredAt ?? null],
    );
    return rows[0]?.id ?? null;
  }

  /** The accounts' choices for this kind (accounts without one are absent). */
  async modesOf(m: EntityManager, userIds: readonly string[], kind: string): Promise<Map<string, MailMode>> {
    if (userIds.length === 0) return new Map();
    const rows: { userId: string; mode: MailMode }[] = await m.query(
      `SELECT user_id AS "userId", mode FROM mail_preferences WHERE user_id = ANY($1::uuid[]) AND kind = $2`,
      [userIds, kind],
    );
    return new Map(rows.map((r) => [r.userId, r.mode]));
  }

  async preferencesOf(m: EntityManager, userId: string): Promise<Map<string, MailMode>> {
    const rows: { kind: string; mode: MailMode }[] = await m.query(`SELECT kind, mode FROM mail_preferences WHERE user_id = $1`, [userId]);
    return new Map(rows.map((r) => [r.kind, r.mode]));
  }

  async setPreference(m: EntityManager, userId: string, kind: string, mode: MailMode): Promise<void> {
    await m.query(
      `INSERT INTO mail_preferences (user_id, kind, mode, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (user_id, kind) DO UPDATE SET mode = EXCLUDED.mode, updated_at = now()`,
      [userId, kind, mode],
    );
  }

  /** Of these address hashes, those unsubscribed from the topic. */
  async unsubscribedAmong(m: EntityManager, addressHashes: readonly string[], topic: string): Promise<Set<string>> {
    if (addressHashes.length === 0) return new Set();
    const rows: { h: string }[] = await m.query(`SELECT address_hash AS h FROM mail_unsubscribes WHERE address_hash = ANY($1::text[]) AND topic = $2`, [addressHashes, topic]);
    return new Set(rows.map((r) => r.h));
  }

  async unsubscribe(m: EntityManager, addressHash: string, topic: string): Promise<void> {
    await m.query(`INSERT INTO mail_unsubscribes (address_hash, topic) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [addressHash, topic]);
  }

  /** The message, locked, if it still waits for delivery; null when it is sent, dead, or another worker holds it. */
  async lockQueued(m: EntityManager, id: string): Promise<DeliverableMessage | null> {
    const rows = await m.query(
      `SELECT id, address, address_hash AS "addressHash", subject, text_body AS "textBody", html_body AS "htmlBody", headers, attempts,
              created_at AS "createdAt"
         FROM mail_messages WHERE id = $1 AND status = 'queued' FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** How many messages this address was sent since the given time (the rate cap). */
  async sentToSince(m: EntityManager, addressHash: string, since: Date): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM mail_messages WHERE address_hash = $1 AND sent_at >= $2`, [addressHash, since]);
    return n;
  }

  async markSent(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE mail_messages SET status = 'sent', sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id]);
  }

  async confirm(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE mail_messages SET confirmed_at = now() WHERE id = $1`, [id]);
  }

  /**
   * This transaction's commit does not wait for the disk: for writes whose loss in a database crash is harmless (a
   * dispatch is redone, a confirmation only informs).
   */
  async relaxDurability(m: EntityManager): Promise<void> {
    await m.query(`SET LOCAL synchronous_commit = off`);
  }

  /**
   * A failed attempt: counted, its error kept; `dead` ends the retries. `wasMarkedSent`: the server refused the message at
   * its final dot after the row said sent, so the row goes back to queued (or dead).
   */
  async recordFailure(m: EntityManager, id: string, error: string, dead: boolean, wasMarkedSent: boolean): Promise<void> {
    await m.query(
      `UPDATE mail_messages SET status = $3, last_error = $2, attempts = attempts + CASE WHEN $4 THEN 0 ELSE 1 END,
              sent_at = CASE WHEN $4 THEN NULL ELSE sent_at END
        WHERE id = $1 AND status IN ('queued', 'sent')`,
      [id, error.slice(0, 500), dead ? 'dead' : 'queued', wasMarkedSent],
    );
  }

  /** Dead messages, and sent ones the server never confirmed (the process stopped between "sent" and the server's answer). */
  async deadOrUnconfirmed(m: EntityManager, unconfirmedBefore: Date, limit: number): Promise<DeadMailRow[]> {
    return m.query(
      `SELECT id, kind, case_id AS "caseId", attempts, last_error AS "lastError", created_at AS "createdAt", status, sent_at AS "sentAt"
         FROM mail_messages
        WHERE status = 'dead' OR (status = 'sent' AND confirmed_at IS NULL AND sent_at < $1)
        ORDER BY created_at DESC LIMIT $2`,
      [unconfirmedBefore, limit],
    );
  }

  /** Puts a dead (or unconfirmed) message back in the queue; false when it is neither. */
  async requeue(m: EntityManager, id: string, unconfirmedBefore: Date): Promise<boolean> {
    const [, n] = await m.query(
      `UPDATE mail_messages SET status = 'queued', attempts = 0, last_error = NULL, sent_at = NULL
        WHERE id = $1 AND (status = 'dead' OR (status = 'sent' AND confirmed_at IS NULL AND sent_at < $2))`,
      [id, unconfirmedBefore],
    );
    return n === 1;
  }

  async exists(m: EntityManager, id: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM mail_messages WHERE id = $1`, [id])).length > 0;
  }

  /** Held messages (kept while no SMTP server was configured), oldest first, now queued; their ids. */
  async releaseHeld(m: EntityManager, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `UPDATE mail_messages SET status = 'queued' WHERE id IN (
         SELECT id FROM mail_messages WHERE status = 'held' ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED) RETURNING id`,
      [limit],
    );
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    return (Array.isArray(rows[0]) ? (rows[0] as unknown as { id: string }[]) : rows).map((r) => r.id);
  }

  async countsByStatus(m: EntityManager): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await m.query(`SELECT status, count(*)::int AS n FROM mail_messages GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** The messages an account chose to receive in its digest and has not received yet, oldest first, locked. */
  async claimDigestItems(m: EntityManager, userId: string): Promise<DigestItem[]> {
    return m.query(
      `SELECT id, kind, case_id AS "caseId", subject, created_at AS "createdAt" FROM mail_messages
        WHERE user_id = $1 AND status = 'digest' ORDER BY created_at FOR UPDATE SKIP LOCKED`,
      [userId],
    );
  }

  async markDigested(m: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length) await m.query(`UPDATE mail_messages SET status = 'digested' WHERE id = ANY($1::uuid[])`, [ids]);
  }

  // ---- the daily digest (mail_digests) ----

  /** Of these accounts, those who turned their daily digest off (a message kept for it would never go out). */
  async digestOffAmong(m: EntityManager, userIds: readonly string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const rows: { userId: string }[] = await m.query(
      `SELECT user_id AS "userId" FROM mail_preferences WHERE user_id = ANY($1::uuid[]) AND kind = 'daily_digest' AND mode = 'off'`,
      [userIds],
    );
    return new Set(rows.map((r) => r.userId));
  }

  /** Where the account's latest digest before `day` ended (sent or empty); null when it has none. */
  async lastDigestCoverage(m: EntityManager, userId: string, day: string): Promise<Date | null> {
    const rows: { coveredUntil: Date }[] = await m.query(
      `SELECT covered_until AS "coveredUntil" FROM mail_digests WHERE user_id = $1 AND day < $2::date ORDER BY day DESC LIMIT 1`,
      [userId, day],
    );
    return rows[0]?.coveredUntil ?? null;
  }

  /**
   * Takes the account's digest for the day; false when a run already took it. A concurrent run waits on the key until
   * the first commits, then finds it taken.
   */
  async takeDigestDay(m: EntityManager, userId: string, day: string, coveredUntil: Date): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO mail_digests (user_id, day, covered_until) VALUES ($1, $2::date, $3) ON CONFLICT (user_id, day) DO NOTHING RETURNING user_id`,
      [userId, day, coveredUntil],
    );
    return rows.length === 1;
  }

  async setDigestMessage(m: EntityManager, userId: string, day: string, messageId: string): Promise<void> {
    await m.query(`UPDATE mail_digests SET message_id = $3 WHERE user_id = $1 AND day = $2::date`, [userId, day, messageId]);
  }

  /** Forgets digest runs before `day` (only the latest one of an account is ever read). */
  async pruneDigestRuns(m: EntityManager, day: string): Promise<void> {
    await m.query(`DELETE FROM mail_digests WHERE day < $1::date`, [day]);
  }

  /** Accounts with messages waiting for their digest. */
  async usersWithDigestItems(m: EntityManager): Promise<string[]> {
    const rows: { userId: string }[] = await m.query(`SELECT DISTINCT user_id AS "userId" FROM mail_messages WHERE status = 'digest' AND user_id IS NOT NULL`);
    return rows.map((r) => r.userId);
  }
}
