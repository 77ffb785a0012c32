import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, Where } from '../../platform/sql.js';
import { Partner, type PartnerStatus } from './partner.entity.js';

/** Every `partners` query. Methods take the caller's manager (a transaction's, or `Transactions.manager`). */
@Injectable()
export class PartnersRepository {
  /** Inserts a new active partner; a taken name fails on `partners_name_key`. */
  insert(m: EntityManager, fields: Pick<Partner, 'name' | 'domains' | 'callbackUrl'>): Promise<Partner> {
    const repo = m.getRepository(Partner);
    return repo.save(repo.create({ ...fields, status: 'active', callbackLegacySignature: false }));
  }

  save(m: EntityManager, partner: Partner): Promise<Partner> {
    return m.getRepository(Partner).save(partner);
  }

  allByName(m: EntityManager): Promise<Partner[]> {
    return m.getRepository(Partner).find({ order: { name: 'ASC' } });
  }

  /** Id, name and status of the partners whose name contains `text`, or of the given ids, by name (at most `limit`). */
  namesMatching(m: EntityManager, f: { text?: string; ids?: readonly string[]; limit: number }): Promise<{ id: string; name: string; status: PartnerStatus }[]> {
    const w = new Where();
    if (f.text) w.add('p.name ILIKE ?', containsPattern(f.text));
    if (f.ids) w.add('p.id = ANY(?::uuid[])', [...new Set(f.ids)]);
    return m.query(`SELECT p.id, p.name, p.status FROM partners p ${w.sql()} ORDER BY p.name, p.id LIMIT ${w.param(f.limit)}`, w.params);
  }

  /** One partner, locked FOR UPDATE when `lock` (inside a transaction). */
  findById(m: EntityManager, id: string, lock = false): Promise<Partner | null> {
    return m.getRepository(Partner).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /**
   * Locks the partner FOR KEY SHARE until the transaction ends (it cannot be deleted meanwhile, and an update, which
   * locks it FOR UPDATE, waits) and returns its status as of the lock; undefined when absent.
   */
  async lockKeyShare(m: EntityManager, id: string): Promise<PartnerStatus | undefined> {
    const found = (await m.query('SELECT status FROM partners WHERE id = $1 FOR KEY SHARE', [id])) as { status: PartnerStatus }[];
    return found[0]?.status;
  }
}
