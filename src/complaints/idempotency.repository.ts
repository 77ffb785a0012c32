import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Whose key space an Idempotency-Key belongs to: the partner's live one or its sandbox's. */
export interface IdempotencyOwner {
  partnerId: string;
  test: boolean;
}

/** A stored key as a replay reads it. */
export interface IdempotencyRow {
  requestHash: string;
  status: string;
  responseStatus: number;
  responseSealed: Buffer;
  responseKeyId: string;
}

/** Every query of `idempotency_keys`, by name. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims (partner, key, route) for this request unless an unexpired claim holds it (then waits on its lock): whether it was claimed. */
  async claim(m: EntityManager, owner: IdempotencyOwner, key: string, route: string, requestHash: string, ttlHours: number): Promise<boolean> {
    const claimed: unknown[] = await m.query(
      `INSERT INTO idempotency_keys (partner_id, test, key, route, request_hash, status, created_at, expires_at)
       VALUES ($1, $6, $2, $3, $4, 'in_progress', now(), now() + make_interval(hours => $5))
       ON CONFLICT (partner_id, test, key, route) DO UPDATE
         SET request_hash = excluded.request_hash, status = 'in_progress', response_status = NULL, response_sealed = NULL, response_key_id = NULL,
             created_at = excluded.created_at, expires_at = excluded.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING 1`,
      [owner.partnerId, key, route, requestHash, ttlHours, owner.test],
    );
    return claimed.length > 0;
  }

  async find(m: EntityManager, owner: IdempotencyOwner, key: string, route: string): Promise<IdempotencyRow> {
    const [prior] = await m.query(
      `SELECT request_hash AS "requestHash", status, response_status AS "responseStatus",
              response_sealed AS "responseSealed", response_key_id AS "responseKeyId"
         FROM idempotency_keys WHERE partner_id = $1 AND test = $4 AND key = $2 AND route = $3`,
      [owner.partnerId, key, route, owner.test],
    );
    return prior;
  }

  async complete(m: EntityManager, owner: IdempotencyOwner, key: string, route: string, status: number, sealed: { data: Buffer; keyId: string }): Promise<void> {
    await m.query(
      `UPDATE idempotency_keys SET status = 'completed', response_status = $4, response_sealed = $5, response_key_id = $6
        WHERE partner_id = $1 AND test = $7 AND key = $2 AND route = $3`,
      [owner.partnerId, key, route, status, sealed.data, sealed.keyId, owner.test],
    );
  }

  /** Deletes expired keys; the number deleted. */
  async purgeExpired(): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return count as number;
  }

  /**
   * Deletes the sandbox's keys made before `before` (with the test complaints they created: their stored responses hold
   * receipt codes of cases that are gone), at most `batch` rows; the number deleted.
   */
  async purgeTestMadeBefore(before: Date, batch: number): Promise<number> {
    const [, count] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE (partner_id, test, key, route) IN (
         SELECT partner_id, test, key, route FROM idempotency_keys WHERE test AND created_at < $1 LIMIT $2)`,
      [before, batch],
    );
    return count as number;
  }
}
