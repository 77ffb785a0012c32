import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { digestOf } from '../audit/index.js';
import { FieldCipher } from '../platform/crypto/field-cipher.js';
import { APP_CONFIG, type AppConfig } from '../platform/config/config.js';
import { Transactions } from '../platform/database/transactions.js';
import { ComplaintsError, ComplaintsErrorCode } from './complaints.errors.js';
import { type IdempotencyOwner, IdempotencyRepository } from './idempotency.repository.js';

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
    private readonly tx: Transactions,
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: FieldCipher,
  ) {}

  async run<T>(
    owner: IdempotencyOwner,
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
    return this.tx.run(async (m) => {
      if (!(await this.keys.claim(m, owner, key, route, requestHash, ttlHours))) {
        const prior = await this.keys.find(m, owner, key, route);
        if (prior.requestHash !== requestHash) {
          throw new ComplaintsError(ComplaintsErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with a different body');
        }
        if (prior.status !== 'completed') {
          throw new ComplaintsError(ComplaintsErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still being processed; retry shortly', {
            headers: { 'retry-after': '1' },
          });
        }
        const body = JSON.parse(this.cipher.open(prior.responseSealed, prior.responseKeyId, aadOf(owner, route, key))) as T;
        return { status: prior.responseStatus, body, replayed: true };
      }
      const result = await work(m);
      const sealed = this.cipher.seal(JSON.stringify(result.body), aadOf(owner, route, key));
      await this.keys.complete(m, owner, key, route, result.status, sealed);
      return { ...result, replayed: false };
    });
  }

  purgeExpired(): Promise<number> {
    return this.keys.purgeExpired();
  }

  /** Deletes sandbox keys made before `before`, in bounded batches; the number deleted. */
  async purgeTestMadeBefore(before: Date, batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.keys.purgeTestMadeBefore(before, batch);
      total += n;
      if (n < batch) return total;
    }
  }
}

/** Binds a stored response to its key space too: a sandbox row copied into the live space (or back) does not open. */
function aadOf(owner: IdempotencyOwner, route: string, key: string): string {
  return JSON.stringify([owner.test ? 'idempotency-test' : 'idempotency', owner.partnerId, route, key]);
}
