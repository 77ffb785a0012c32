import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SiteKey } from './site-key.entity.js';

/** A usable site key as intake and the window pages see it. */
export interface ResolvedSiteKey {
  siteKeyId: string;
  partnerId: string;
  partnerName: string;
  allowedOrigins: string[];
  /** A test-mode key: its window's complaints are test complaints. */
  testMode: boolean;
}

/** Every `site_keys` query, by name. Methods take the caller's manager (a transaction's, or `Transactions.manager`). */
@Injectable()
export class SiteKeysRepository {
  insert(m: EntityManager, fields: Pick<SiteKey, 'partnerId' | 'key' | 'name' | 'allowedOrigins' | 'createdBy' | 'testMode'>): Promise<SiteKey> {
    const repo = m.getRepository(SiteKey);
    return repo.save(repo.create({ ...fields, revokedAt: null }));
  }

  save(m: EntityManager, key: SiteKey): Promise<SiteKey> {
    return m.getRepository(SiteKey).save(key);
  }

  /** A partner's keys, newest first (revoked ones included). */
  newestFirstOfPartner(m: EntityManager, partnerId: string): Promise<SiteKey[]> {
    return m.getRepository(SiteKey).find({ where: { partnerId }, order: { createdAt: 'DESC', id: 'DESC' } });
  }

  /** One key of this partner (another partner's key is not found), locked FOR UPDATE when `lock`. */
  findOfPartner(m: EntityManager, partnerId: string, id: string, lock = false): Promise<SiteKey | null> {
    return m.getRepository(SiteKey).findOne({ where: { id, partnerId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** The key when it is not revoked and its partner is active; one indexed lookup joined to its partner row. */
  async usable(m: EntityManager, key: string): Promise<ResolvedSiteKey | null> {
    const rows: ResolvedSiteKey[] = await m.query(
      `SELECT s.id AS "siteKeyId", s.partner_id AS "partnerId", p.name AS "partnerName", s.allowed_origins AS "allowedOrigins",
              s.test_mode AS "testMode"
         FROM site_keys s JOIN partners p ON p.id = s.partner_id
        WHERE s.key = $1 AND s.revoked_at IS NULL AND p.status = 'active'`,
      [key],
    );
    return rows[0] ?? null;
  }
}
