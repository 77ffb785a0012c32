import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../purge/case-purge-registry.js';

/**
 * Who a message is for, by reference (resolved to addresses only when it is sent, so an address erased or changed in
 * between is honoured): `respondent` (member id), `complainant` (case id), `supervisors` (null; `payload.exceptUserId`
 * leaves out the proposer), `agency` (agency id), `user` (user id), `admins` (null), `bulletin_list` (bulletin id).
 */
export type RecipientKind = 'respondent' | 'complainant' | 'supervisors' | 'agency' | 'user' | 'admins' | 'bulletin_list';

/** A message for the outbox; no personal data in it (the recipient is a reference, the payload references and dates). */
export interface OutboxMessage {
  caseId: string | null;
  recipientKind: RecipientKind;
  recipientRef: string | null;
  template: string;
  payload: Record<string, unknown>;
  /**
   * Set by a source that must not tell twice (a daily job that runs again, a retried job): a message with a key already
   * in the outbox is not written again, and `enqueue` answers false. Names what it is about, never a person
   * (`self_inspection_due:<member id>:<convention id>:<period>`).
   */
  dedupeKey?: string;
}

/** An outbox row as the dispatcher claims it. */
export interface OutboxRow extends Omit<OutboxMessage, 'dedupeKey'> {
  id: string;
  createdAt: Date;
}

/**
 * Queues a message in the caller's transaction: it exists if and only if the transaction commits. Answers whether it
 * was written (false only for a `dedupeKey` already in the outbox).
 */
export interface OutboxPort {
  enqueue(m: EntityManager, message: OutboxMessage): Promise<boolean>;
}
export const OUTBOX_PORT = Symbol('OutboxPort');

/** The PostgreSQL channel an insert into the outbox notifies at commit (statement trigger `notifications_notify`). */
export const OUTBOX_CHANNEL = 'outbox';

/** Every `notifications` statement, by name; each runs on the manager it is given. */
@Injectable()
export class Outbox implements OutboxPort, CaseRowsPurger, OnModuleInit {
  readonly owner = 'platform: notifications';

  constructor(private readonly registry: CasePurgeRegistry) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
  }

  async enqueue(m: EntityManager, n: OutboxMessage): Promise<boolean> {
    if (n.dedupeKey === undefined) {
      await m.query(
        `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload) VALUES ($1, $2, $3, $4, $5)`,
        [n.caseId, n.recipientKind, n.recipientRef, n.template, JSON.stringify(n.payload)],
      );
      return true;
    }
    // ON CONFLICT on the partial unique index: a concurrent writer of the same key waits, then writes nothing.
    const rows: unknown[] = await m.query(
      `INSERT INTO notifications (case_id, recipient_kind, recipient_ref, template, payload, dedupe_key) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id`,
      [n.caseId, n.recipientKind, n.recipientRef, n.template, JSON.stringify(n.payload), n.dedupeKey],
    );
    return rows.length === 1;
  }

  /** Rows not yet dispatched, oldest first, locked; rows another instance holds are skipped. */
  async claimUndispatched(m: EntityManager, batch: number): Promise<OutboxRow[]> {
    return m.query(
      `SELECT id, case_id AS "caseId", recipient_kind AS "recipientKind", recipient_ref AS "recipientRef", template, payload, created_at AS "createdAt"
         FROM notifications WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batch],
    );
  }

  async markDispatched(m: EntityManager, ids: readonly string[]): Promise<void> {
    await m.query('UPDATE notifications SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [ids]);
  }

  /** How many rows wait for dispatch (for readiness details and metrics). */
  async undispatchedCount(m: EntityManager): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM notifications WHERE dispatched_at IS NULL');
    return n;
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    // DELETE answers [rows, count] through TypeORM.
    const [, rows] = await m.query('DELETE FROM notifications WHERE case_id = ANY($1::uuid[])', [caseIds]);
    return { rows: rows as number };
  }
}
