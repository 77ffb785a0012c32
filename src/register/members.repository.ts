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

  /** The active member holding the most specific of these candidate domains. */
  async matchDomain(candidates: string[]): Promise<DomainMatchRow | null> {
    if (candidates.length === 0) return null;
    const rows = await this.dataSource.query(
      `SELECT m.id AS "memberId", m.name AS "memberName", m.status AS "memberStatus", d.domain
         FROM member_domains d JOIN members m ON m.id = d.member_id
        WHERE d.member_active AND d.domain = ANY($1)
        ORDER BY length(d.domain) DESC LIMIT 1`,
      [candidates],
    );
    return rows[0] ?? null;
  }
}
