import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiKey, type ApiKeyOwnerKind } from './api-key.entity.js';

/** Every `api_keys` query. Methods take the caller's manager (a transaction's, or `Transactions.manager`). */
@Injectable()
export class ApiKeysRepository {
  insert(m: EntityManager, fields: Omit<ApiKey, 'id' | 'createdAt'>): Promise<ApiKey> {
    const repo = m.getRepository(ApiKey);
    return repo.save(repo.create(fields));
  }

  save(m: EntityManager, key: ApiKey): Promise<ApiKey> {
    return m.getRepository(ApiKey).save(key);
  }

  /** The key, locked FOR UPDATE, when it exists (and belongs to `owner`, when given). */
  lockOwned(m: EntityManager, id: string, owner?: { ownerKind: ApiKeyOwnerKind; ownerId: string }): Promise<ApiKey | null> {
    return m.getRepository(ApiKey).findOne({ where: { id, ...(owner ?? {}) }, lock: { mode: 'pessimistic_write' } });
  }

  /** The newest 500 keys, of one owner kind and/or owner when given. */
  newestFirst(m: EntityManager, filter: { ownerKind?: ApiKeyOwnerKind; ownerId?: string }): Promise<ApiKey[]> {
    return m.getRepository(ApiKey).find({
      where: { ...(filter.ownerKind ? { ownerKind: filter.ownerKind } : {}), ...(filter.ownerId ? { ownerId: filter.ownerId } : {}) },
      order: { createdAt: 'DESC' },
      take: 500,
    });
  }

  /** What authentication needs of the key with this secret hash; `refused` when revoked or its owner is suspended. */
  async findBySecretHash(
    m: EntityManager,
    hash: string,
  ): Promise<{ id: string; ownerKind: ApiKeyOwnerKind; ownerId: string; expiresAt: Date | null; refused: boolean; testMode: boolean } | undefined> {
    const rows = await m.query(
      `SELECT id, owner_kind AS "ownerKind", owner_id AS "ownerId", expires_at AS "expiresAt",
              (revoked_at IS NOT NULL OR owner_suspended) AS refused, test_mode AS "testMode"
         FROM api_keys WHERE secret_hash = $1`,
      [hash],
    );
    return rows[0];
  }

  /** Sets `owner_suspended` on every key of the owner. */
  async markOwnerSuspended(m: EntityManager, owner: { ownerKind: ApiKeyOwnerKind; ownerId: string }, suspended: boolean): Promise<void> {
    await m.query('UPDATE api_keys SET owner_suspended = $3 WHERE owner_kind = $1 AND owner_id = $2 AND owner_suspended <> $3', [
      owner.ownerKind,
      owner.ownerId,
      suspended,
    ]);
  }
}
