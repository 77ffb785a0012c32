import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { keysetCursor } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';

export interface EntryRow {
  id: string;
  stream: string;
  streamSeq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  requestId: string | null;
  payloadDigest: string | null;
  details: Record<string, unknown> | null;
  prevHash: string | null;
  hash: string;
}

const CHECKPOINT_LOCK = 7345012002;
// Ids are selected as text (bigint exceeds a JS number), so every ORDER BY names the table's column: a bare `id` would
// sort by the text alias (1, 10, 107, …, 9).
const ENTRY_COLUMNS = `id::text AS id, stream, stream_seq AS "streamSeq", occurred_at AS "occurredAt", actor_type AS "actorType",
  actor_id AS "actorId", action, resource_type AS "resourceType", resource_id AS "resourceId", request_id AS "requestId",
  payload_digest AS "payloadDigest", details, prev_hash AS "prevHash", hash`;

export interface AuditListFilter {
  resourceType?: string;
  resourceId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
  limit: number;
}

/** Audit entries newest first, keyset on the id (a bigint, carried as a decimal string). */
export const AUDIT_NEWEST_FIRST = keysetCursor('desc', ['audit_log.id', 'bigint']);

/** The audit log's SQL, by intent. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Serialises writers of one stream (one resource) only; other resources proceed in parallel. */
  async lockStreamHead(m: EntityManager, stream: string): Promise<{ streamSeq: number; hash: string } | undefined> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [stream]);
    const rows: { streamSeq: number; hash: string }[] = await m.query(
      'SELECT stream_seq AS "streamSeq", hash FROM audit_log WHERE stream = $1 ORDER BY stream_seq DESC LIMIT 1',
      [stream],
    );
    return rows[0];
  }

  async insertEntry(m: EntityManager, e: Omit<EntryRow, 'id' | 'occurredAt'> & { occurredAt: string }): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (stream, stream_seq, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
         request_id, payload_digest, details, prev_hash, hash, xid)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13, pg_current_xact_id()::text::bigint)`,
      [e.stream, e.streamSeq, e.occurredAt, e.actorType, e.actorId, e.action, e.resourceType, e.resourceId, e.requestId,
        e.payloadDigest, e.details === null ? null : JSON.stringify(e.details), e.prevHash, e.hash],
    );
  }

  async lockCheckpoints(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
  }

  async lastCheckpoint(m: EntityManager): Promise<{ xidTo: string; hash: string } | undefined> {
    const rows = await m.query('SELECT xid_to::text AS "xidTo", hash FROM audit_checkpoints ORDER BY audit_checkpoints.id DESC LIMIT 1');
    return rows[0];
  }

  /** Every transaction older than this has finished: its entries can no longer appear. */
  async snapshotXmin(m: EntityManager): Promise<string> {
    const rows = await m.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin');
    return rows[0].xmin;
  }

  async entryHashesInXidRange(m: EntityManager, xidFrom: string, xidTo: string): Promise<string[]> {
    const rows: { hash: string }[] = await m.query(
      'SELECT hash FROM audit_log WHERE xid >= $1 AND xid < $2 ORDER BY audit_log.id',
      [xidFrom, xidTo],
    );
    return rows.map((r) => r.hash);
  }

  async insertCheckpoint(
    m: EntityManager,
    c: { xidFrom: string; xidTo: string; entryCount: number; batchHash: string; prevHash: string | null; hash: string; createdAt: Date },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO audit_checkpoints (xid_from, xid_to, entry_count, batch_hash, prev_hash, hash, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id::text AS id`,
      [c.xidFrom, c.xidTo, c.entryCount, c.batchHash, c.prevHash, c.hash, c.createdAt],
    );
    return rows[0].id;
  }

  async allCheckpoints(): Promise<
    { id: string; xidFrom: string; xidTo: string; entryCount: number; batchHash: string; prevHash: string | null; hash: string }[]
  > {
    return this.dataSource.query(
      `SELECT id::text AS id, xid_from::text AS "xidFrom", xid_to::text AS "xidTo", entry_count AS "entryCount",
              batch_hash AS "batchHash", prev_hash AS "prevHash", hash
         FROM audit_checkpoints ORDER BY audit_checkpoints.id`,
    );
  }

  async countEntriesFromXid(xidFrom: string): Promise<number> {
    const rows = await this.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE xid >= $1', [xidFrom]);
    return rows[0].n;
  }

  /** All entries in (stream, seq) order, in keyset batches, for verification. */
  async *entriesByStream(batchSize = 5000): AsyncGenerator<EntryRow[]> {
    let after: { stream: string; seq: number } | undefined;
    for (;;) {
      const rows: EntryRow[] = after
        ? await this.dataSource.query(
            `SELECT ${ENTRY_COLUMNS} FROM audit_log WHERE (stream, stream_seq) > ($1, $2) ORDER BY stream, stream_seq LIMIT $3`,
            [after.stream, after.seq, batchSize],
          )
        : await this.dataSource.query(`SELECT ${ENTRY_COLUMNS} FROM audit_log ORDER BY stream, stream_seq LIMIT $1`, [batchSize]);
      if (rows.length === 0) return;
      yield rows;
      const last = rows[rows.length - 1];
      after = { stream: last.stream, seq: last.streamSeq };
    }
  }

  /** Newest first, keyset on id. */
  async list(f: AuditListFilter): Promise<EntryRow[]> {
    const w = new Where();
    if (f.resourceType) w.add('resource_type = ?', f.resourceType);
    if (f.resourceId) w.add('resource_id = ?', f.resourceId);
    if (f.actorId) w.add('actor_id = ?', f.actorId);
    if (f.action) w.add('action = ?', f.action);
    if (f.from) w.add('occurred_at >= ?', f.from);
    if (f.to) w.add('occurred_at < ?', f.to);
    if (f.beforeId) w.add(AUDIT_NEWEST_FIRST.clause, f.beforeId);
    return this.dataSource.query(
      `SELECT ${ENTRY_COLUMNS} FROM audit_log ${w.sql()} ORDER BY ${AUDIT_NEWEST_FIRST.orderBy} LIMIT ${w.param(f.limit)}`,
      w.params,
    );
  }

  /** The entries about one resource in stream order, as a referral packet's audit excerpt shows them. */
  entriesFor(m: EntityManager, resourceType: string, resourceId: string): Promise<AuditExcerptRow[]> {
    return m.query(
      `SELECT id::text, stream_seq AS "streamSeq", action, occurred_at AS "occurredAt", actor_type AS "actorType", hash, prev_hash AS "prevHash"
         FROM audit_log WHERE resource_type = $1 AND resource_id = $2 ORDER BY stream_seq`,
      [resourceType, resourceId],
    );
  }
}

/** An audit entry without its details: what may leave the association in a referral packet. */
export interface AuditExcerptRow {
  id: string;
  streamSeq: number;
  action: string;
  occurredAt: Date;
  actorType: string;
  hash: string;
  prevHash: string | null;
}
