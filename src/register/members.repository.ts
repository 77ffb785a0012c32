import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { keysetCursor } from '../platform/pagination.js';
import { containsPattern, Where } from '../platform/sql.js';
import {
  type DuesStatus,
  Member,
  MemberDues,
  MemberStatusChange,
  type MemberCategory,
  type MemberKind,
  type MemberStatus,
} from './member.entity.js';

export interface MemberSummaryRow {
  id: string;
  name: string;
  kind: MemberKind;
  category: MemberCategory;
  creditCode: string | null;
  status: MemberStatus;
  joinedOn: string;
  domains: string[];
}

export interface MemberListFilter {
  category?: MemberCategory;
  status?: MemberStatus;
  /** Part of the name or a whole credit code. */
  text?: string;
  /** Candidate domains (a host and its parents): members owning any of them. */
  domains?: string[];
  /** A member_rep's own member. */
  scope?: string;
  after?: readonly [name: string, id: string];
  limit: number;
}

export interface DomainMatchRow {
  memberId: string;
  memberName: string;
  memberStatus: MemberStatus;
  domain: string;
}

/** The register in alphabetical order, keyset on (name, id). */
export const MEMBERS_BY_NAME = keysetCursor('asc', ['m.name', 'text'], ['m.id', 'uuid']);

/** Statuses in which a member holds its domains (member_domains.member_active). */
export const holdsDomains = (status: MemberStatus): boolean => status === 'active';

const SUMMARY_COLUMNS = `m.id, m.name, m.kind, m.category, m.credit_code AS "creditCode", m.status, m.joined_on::text AS "joinedOn",
  COALESCE((SELECT array_agg(d.domain ORDER BY d.domain) FROM member_domains d WHERE d.member_id = m.id), '{}') AS domains`;

@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Alphabetical register; keyset on (name, id). */
  async listSummaries(f: MemberListFilter): Promise<MemberSummaryRow[]> {
    const w = new Where();
    if (f.scope) w.add('m.id = ?', f.scope);
    if (f.category) w.add('m.category = ?', f.category);
    if (f.status) w.add('m.status = ?', f.status);
    if (f.text) w.add('(m.name ILIKE ? OR m.credit_code = ?)', containsPattern(f.text), f.text.trim().toUpperCase());
    if (f.domains) w.add('EXISTS (SELECT 1 FROM member_domains d WHERE d.member_id = m.id AND d.domain = ANY(?))', f.domains);
    if (f.after) w.add(MEMBERS_BY_NAME.clause, ...f.after);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM members m ${w.sql()} ORDER BY ${MEMBERS_BY_NAME.orderBy} LIMIT ${w.param(f.limit + 1)}`;
    return this.dataSource.query(sql, w.params);
  }

  async findSummary(m: EntityManager, id: string, scope?: string): Promise<MemberSummaryRow | null> {
    const rows = await m.query(`SELECT ${SUMMARY_COLUMNS} FROM members m WHERE m.id = $1 AND ($2::uuid IS NULL OR m.id = $2)`, [id, scope ?? null]);
    return rows[0] ?? null;
  }

  /** The member row, optionally locked for an update; null when unknown or outside the caller's scope. */
  findById(m: EntityManager, id: string, opts: { scope?: string; lock?: boolean } = {}): Promise<Member | null> {
    const qb = m.getRepository(Member).createQueryBuilder('m').where('m.id = :id', { id });
    if (opts.scope) qb.andWhere('m.id = :scope', { scope: opts.scope });
    if (opts.lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  /** Writes the given member columns and raises the version (also when only related rows changed). */
  async updateMember(m: EntityManager, id: string, fields: Partial<Pick<Member, 'name' | 'kind' | 'creditCode' | 'category' | 'icpFiling' | 'contacts' | 'joinedOn' | 'status'>>): Promise<void> {
    await m
      .getRepository(Member)
      .createQueryBuilder()
      .update()
      .set({ ...fields, version: () => 'version + 1' })
      .where('id = :id', { id })
      .execute();
  }

  async exists(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM members WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async findDues(m: EntityManager, memberId: string): Promise<MemberDues[]> {
    return m.getRepository(MemberDues).find({ where: { memberId }, order: { year: 'ASC' } });
  }

  async findStatusHistory(m: EntityManager, memberId: string): Promise<MemberStatusChange[]> {
    return m.getRepository(MemberStatusChange).find({ where: { memberId }, order: { changedAt: 'ASC', id: 'ASC' } });
  }

  async creditCodeTaken(m: EntityManager, code: string, exceptMemberId?: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM members WHERE credit_code = $1 AND ($2::uuid IS NULL OR id <> $2) LIMIT 1`, [code, exceptMemberId ?? null]);
    return rows.length > 0;
  }

  /** Which of these domains another active member already holds. */
  async domainsHeldByOthers(m: EntityManager, domains: string[], exceptMemberId: string | null): Promise<string[]> {
    if (domains.length === 0) return [];
    const rows: { domain: string }[] = await m.query(
      `SELECT domain FROM member_domains WHERE member_active AND domain = ANY($1) AND ($2::uuid IS NULL OR member_id <> $2)`,
      [domains, exceptMemberId],
    );
    return rows.map((r) => r.domain);
  }

  /** Makes the member's domain list exactly `domains` (order irrelevant), keeping rows that stay. */
  async replaceDomains(m: EntityManager, memberId: string, domains: string[], active: boolean): Promise<void> {
    await m.query(`DELETE FROM member_domains WHERE member_id = $1 AND NOT (domain = ANY($2))`, [memberId, domains]);
    await m.query(
      `INSERT INTO member_domains (member_id, domain, member_active)
       SELECT $1, d, $3 FROM unnest($2::text[]) AS d
       WHERE NOT EXISTS (SELECT 1 FROM member_domains x WHERE x.member_id = $1 AND x.domain = d)`,
      [memberId, domains, active],
    );
  }

  async setDomainsActive(m: EntityManager, memberId: string, active: boolean): Promise<void> {
    await m.query(`UPDATE member_domains SET member_active = $2 WHERE member_id = $1 AND member_active <> $2`, [memberId, active]);
  }

  async domainsOf(m: EntityManager, memberId: string): Promise<string[]> {
    const rows: { domain: string }[] = await m.query(`SELECT domain FROM member_domains WHERE member_id = $1 ORDER BY domain`, [memberId]);
    return rows.map((r) => r.domain);
  }

  async upsertDues(
    m: EntityManager,
    memberId: string,
    dues: { year: number; status: DuesStatus; paidOn?: string; note?: string }[],
    userId: string | null,
  ): Promise<void> {
    for (const d of dues) {
      await m.query(
        `INSERT INTO member_dues (member_id, year, status, paid_on, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (member_id, year) DO UPDATE SET status = EXCLUDED.status, paid_on = EXCLUDED.paid_on, note = EXCLUDED.note,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [memberId, d.year, d.status, d.status === 'paid' ? (d.paidOn ?? null) : null, d.note ?? '', userId],
      );
    }
  }

  async insertStatusChange(m: EntityManager, row: Omit<MemberStatusChange, 'id' | 'member'>): Promise<void> {
    await m.getRepository(MemberStatusChange).insert(row);
  }

  /** The active member holding the most specific of these candidate domains (the one domain-match query). */
  async matchDomain(candidates: string[], m: EntityManager = this.dataSource.manager): Promise<DomainMatchRow | null> {
    if (candidates.length === 0) return null;
    const rows = await m.query(
      `SELECT m.id AS "memberId", m.name AS "memberName", m.status AS "memberStatus", d.domain
         FROM member_domains d JOIN members m ON m.id = d.member_id
        WHERE d.member_active AND d.domain = ANY($1)
        ORDER BY length(d.domain) DESC LIMIT 1`,
      [candidates],
    );
    return rows[0] ?? null;
  }

  /** Up to three active members whose name contains `core` (a LIKE-escaped name core) or is contained in `name`, shortest first. */
  nameSuggestions(m: EntityManager, core: string, name: string): Promise<{ id: string; name: string }[]> {
    return m.query(
      `SELECT id, name FROM members WHERE status = 'active' AND (name ILIKE '%' || $1 || '%' OR $2 ILIKE '%' || name || '%') ORDER BY length(name) LIMIT 3`,
      [core, name],
    );
  }

  /** The names of these members, by id (for other contexts' views; one query for a whole page). */
  async namesByIds(m: EntityManager, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await m.query(`SELECT id, name FROM members WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Id, name and status of the members whose name contains `text`, or of the given ids, by name (at most `limit`). */
  namesMatching(f: { text?: string; ids?: readonly string[]; limit: number }): Promise<{ id: string; name: string; status: MemberStatus }[]> {
    const w = new Where();
    if (f.text) w.add('m.name ILIKE ?', containsPattern(f.text));
    if (f.ids) w.add('m.id = ANY(?::uuid[])', [...new Set(f.ids)]);
    return this.dataSource.query(`SELECT m.id, m.name, m.status FROM members m ${w.sql()} ORDER BY m.name, m.id LIMIT ${w.param(f.limit)}`, w.params);
  }

  /** Of these members, the ones in one of `statuses`: id and name, in no particular order. */
  namesInStatus(m: EntityManager, ids: readonly string[], statuses: readonly MemberStatus[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(`SELECT id, name FROM members WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`, [[...new Set(ids)], statuses]);
  }

  /** Of these members, a page in (name, id) order after the cursor: id, name and category. */
  pageByName(
    m: EntityManager,
    ids: readonly string[],
    after: { name: string; id: string } | undefined,
    limit: number,
  ): Promise<{ id: string; name: string; category: MemberCategory }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return m.query(
      `SELECT id, name, category FROM members
        WHERE id = ANY($1::uuid[]) AND ($2::text IS NULL OR (name, id) > ($2, $3::uuid))
        ORDER BY name, id LIMIT $4`,
      [[...new Set(ids)], after?.name ?? null, after?.id ?? null, limit],
    );
  }

  /** The organisation with this credit code, or the individual with this exact name (the demo seed's idempotence). */
  async idByCreditCodeOrIndividualName(m: EntityManager, key: { creditCode: string } | { individualName: string }): Promise<string | undefined> {
    const [row] = (await ('creditCode' in key
      ? m.query(`SELECT id FROM members WHERE credit_code = $1`, [key.creditCode])
      : m.query(`SELECT id FROM members WHERE kind = 'individual' AND name = $1`, [key.individualName]))) as { id: string }[];
    return row?.id;
  }

  /** How many members in each category, by category. */
  countByCategory(m: EntityManager): Promise<{ k: string; n: number }[]> {
    return m.query(`SELECT category AS k, count(*)::int AS n FROM members GROUP BY 1 ORDER BY 1`);
  }

  /** The contact people of a member that have an email address (name and address only), for mail. */
  async mailContacts(m: EntityManager, memberId: string): Promise<{ name: string; email: string }[]> {
    return m.query(
      `SELECT c->>'name' AS name, c->>'email' AS email FROM members, jsonb_array_elements(contacts) c
        WHERE id = $1 AND coalesce(c->>'email', '') <> ''`,
      [memberId],
    );
  }

  /**
   * The contact people with an email address of every active member (a bulletin's distribution list): name and address as
   * registered, in register order (member name, id, then the contact's place in the list). Not de-duplicated.
   */
  activeMemberContactEmails(m: EntityManager): Promise<{ memberId: string; name: string | null; email: string }[]> {
    return m.query(
      `SELECT mb.id AS "memberId", NULLIF(btrim(c.contact->>'name'), '') AS name, btrim(c.contact->>'email') AS email
         FROM members mb CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(mb.contacts) = 'array' THEN mb.contacts ELSE '[]'::jsonb END)
              WITH ORDINALITY AS c(contact, place)
        WHERE mb.status = 'active' AND jsonb_typeof(c.contact) = 'object' AND jsonb_typeof(c.contact->'email') = 'string'
          AND btrim(c.contact->>'email') <> ''
        ORDER BY mb.name, mb.id, c.place`,
    );
  }
}
