import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { digestOf } from '../audit/index.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { ComplaintsError, ComplaintsErrorCode } from './complaints.errors.js';

const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Makes partner writes safe to retry. The key is claimed, the work done and the response stored in
 * one transaction: a concurrent request with the same key waits on the claim and then replays the
 * stored response; a failed attempt stores nothing, so the retry runs again. The stored body holds receipt codes, so
 * it is sealed with the data key, bound to (partner, route, key): a row copied onto another key does not open.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {}

  async run<T>(
    partnerId: string,
    key: string | undefined,
    route: string,
    body: unknown,
    work: (m: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResult<T>> {
    if (!key || !KEY_FORMAT.test(key)) {
      throw new ComplaintsError(ComplaintsErrorCode.IDEMPOTENCY_KEY_REQUIRED, 'Send an Idempotency-Key header (1-255 printable characters) with every partner write', {
        errors: [{ field: 'Idempotency-Key', code: 'REQUIRED', message: 'header Idempotency-Key is required' }],
      });
    }
    const requestHash = digestOf(body);
    const ttlHours = this.config.intake.idempotencyTtlHours;
    return this.dataSource.transaction(async (m) => {
      const claimed: unknown[] = await m.query(
        `INSERT INTO idempotency_keys (partner_id, key, route, request_hash, status, created_at, expires_at)
         VALUES ($1, $2, $3, $4, 'in_progress', now(), now() + make_interval(hours => $5))
         ON CONFLICT (partner_id, key, route) DO UPDATE
           SET request_hash = excluded.request_hash, status = 'in_progress', response_status = NULL, response_sealed = NULL, response_key_id = NULL,
               created_at = excluded.created_at, expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= now()
         RETURNING 1`,
        [partnerId, key, route, requestHash, ttlHours],
      );
      if (claimed.length === 0) {
        const [prior] = await m.query(
          `SELECT request_hash AS "requestHash", status, response_status AS "responseStatus",
                  response_sealed AS "responseSealed", response_key_id AS "responseKeyId"
             FROM idempotency_keys WHERE partner_id = $1 AND key = $2 AND route = $3`,
          [partnerId, key, route],
        );
        if (prior.requestHash !== requestHash) {
          throw new ComplaintsError(ComplaintsErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different body');
        }
        if (prior.status !== 'completed') {
          throw new ComplaintsError(ComplaintsErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still being processed; retry shortly', {
            headers: { 'retry-after': '1' },
          });
        }
        const body = JSON.parse(this.cipher.open(prior.responseSealed, prior.responseKeyId, aadOf(partnerId, route, key))) as T;
        return { status: prior.responseStatus, body, replayed: true };
      }
      const result = await work(m);
      const sealed = this.cipher.seal(JSON.stringify(result.body), aadOf(partnerId, route, key));
      await m.query(
        `UPDATE idempotency_keys SET status = 'completed', response_status = $4, response_sealed = $5, response_key_id = $6
          WHERE partner_id = $1 AND key = $2 AND route = $3`,
        [partnerId, key, route, result.status, sealed.data, sealed.keyId],
      );
      return { ...result, replayed: false };
    });
  }

  async purgeExpired(): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, count] = await this.dataSource.query('DELETE FROM idempotency_keys WHERE expires_at <= now()');
    return count as number;
  }
}

function aadOf(partnerId: string, route: string, key: string): string {
  return JSON.stringify(['idempotency', partnerId, route, key]);
}
