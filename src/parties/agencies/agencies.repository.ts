import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Agency } from './agency.entity.js';

/** Every `agencies` query. Methods take the caller's manager (a transaction's, or `Transactions.manager`). */
@Injectable()
export class AgenciesRepository {
  /** Inserts an agency; a taken name fails on `agencies_name_key`. */
  insert(m: EntityManager, fields: Pick<Agency, 'name' | 'jurisdiction' | 'contact'>): Promise<Agency> {
    const repo = m.getRepository(Agency);
    return repo.save(repo.create(fields));
  }

  allByName(m: EntityManager): Promise<Agency[]> {
    return m.getRepository(Agency).find({ order: { name: 'ASC' } });
  }

  findById(m: EntityManager, id: string): Promise<Agency | null> {
    return m.getRepository(Agency).findOne({ where: { id } });
  }

  /** Agency id → name, for a page of other contexts' rows (one query). */
  async namesOf(m: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await m.query('SELECT id, name FROM agencies WHERE id = ANY($1::uuid[])', [[...new Set(ids)]]);
    return new Map(rows.map((a) => [a.id, a.name]));
  }

  /** Locks the agency FOR KEY SHARE until the transaction ends (it cannot be deleted meanwhile); false when absent. */
  async lockKeyShare(m: EntityManager, id: string): Promise<boolean> {
    const found = (await m.query('SELECT 1 FROM agencies WHERE id = $1 FOR KEY SHARE', [id])) as unknown[];
    return found.length > 0;
  }

  /** Inserts the agency with this id unless it exists (the demo seed's fixed agency). */
  async insertIfAbsent(m: EntityManager, a: Pick<Agency, 'id' | 'name' | 'jurisdiction'> & { contact: Record<string, string> }): Promise<void> {
    await m.query(`INSERT INTO agencies (id, name, jurisdiction, contact) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      a.id,
      a.name,
      a.jurisdiction,
      JSON.stringify(a.contact),
    ]);
  }

  /** The agency's liaison desk address, for mail (null when it has none). */
  async contactEmail(m: EntityManager, id: string): Promise<string | null> {
    const rows = await m.query(`SELECT nullif(contact->>'email', '') AS email FROM agencies WHERE id = $1`, [id]);
    return rows[0]?.email ?? null;
  }
}
