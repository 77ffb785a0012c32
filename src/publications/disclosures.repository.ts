import { keysetCursor } from '../platform/pagination.js';
import { Where } from '../platform/sql.js';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PublishedDisclosures } from '../cases/index.js';

/** Only these columns are ever read for a public view (the category's labels come from the cases context's taxonomy). */
const PUBLIC_SELECT = `
  SELECT d.id, d.respondent_name AS "respondentName", d.category,
         d.summary, d.findings, d.reply, d.replied_at AS "repliedAt", d.published_at AS "publishedAt",
         d.retracted_at AS "retractedAt", d.retraction_reason AS "retractionReason", d.updated_at AS "updatedAt"
    FROM disclosures d`;

/** Staff also see which case a disclosure belongs to (nothing else of the case: its reference is the cases context's). */
const STAFF_SELECT = `
  SELECT d.id, d.case_id AS "caseId", d.respondent_name AS "respondentName", d.category,
         d.summary, d.findings, d.reply, d.replied_at AS "repliedAt", d.published_at AS "publishedAt",
         d.retracted_at AS "retractedAt", d.retraction_reason AS "retractionReason", d.updated_at AS "updatedAt"
    FROM disclosures d`;

/** A disclosure row as the public views are made of it, before the category labels are added. */
export interface PublicDisclosureRow {
  id: string;
  respondentName: string;
  category: string;
  summary: string;
  findings: string;
  reply: string | null;
  repliedAt: Date | null;
  publishedAt: Date;
  retractedAt: Date | null;
  retractionReason: string | null;
  updatedAt: Date;
}

/** A disclosure row as staff see it: the public columns and the case it was published for. */
export interface StaffDisclosureRow extends PublicDisclosureRow {
  caseId: string;
}

/** A case's disclosure as a referral packet lists it. */
export interface CaseDisclosureRow {
  id: string;
  summary: string;
  findings: string;
  publishedAt: Date;
  retractedAt: Date | null;
}

/** Every query of `disclosures`, by name. Also the cases context's PublishedDisclosures port. */

/** The public list's order: newest published first (its cursor is [published_at, id]). */
export const PUBLIC_NEWEST_FIRST = keysetCursor('desc', ['d.published_at', 'timestamp'], ['d.id', 'uuid']);
@Injectable()
export class DisclosuresRepository implements PublishedDisclosures {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    m: EntityManager,
    d: {
      caseId: string;
      respondentMemberId: string | null;
      respondentName: string;
      category: string;
      summary: string;
      findings: string;
      reply: string | null;
      repliedAt: string | null | undefined;
      proposedBy: string;
      approvedBy: string | null;
      publishedAt: Date;
    },
  ): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO disclosures (case_id, respondent_member_id, respondent_name, category, summary, findings, reply, replied_at,
                                proposed_by, approved_by, published_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
       RETURNING id`,
      [d.caseId, d.respondentMemberId, d.respondentName, d.category, d.summary, d.findings, d.reply, d.repliedAt, d.proposedBy, d.approvedBy, d.publishedAt],
    );
    return row.id;
  }

  async lock(m: EntityManager, id: string): Promise<{ id: string; caseId: string; retractedAt: Date | null } | undefined> {
    const [row] = await m.query('SELECT id, case_id AS "caseId", retracted_at AS "retractedAt" FROM disclosures WHERE id = $1 FOR UPDATE', [id]);
    return row;
  }

  async markRetracted(m: EntityManager, id: string, at: Date, by: string | null, reason: string): Promise<void> {
    await m.query('UPDATE disclosures SET retracted_at = $2, retracted_by = $3, retraction_reason = $4, updated_at = $2 WHERE id = $1', [id, at, by, reason]);
  }

  async publicById(id: string, m: EntityManager = this.dataSource.manager): Promise<PublicDisclosureRow | undefined> {
    const [row] = await m.query(`${PUBLIC_SELECT} WHERE d.id = $1`, [id]);
    return row;
  }

  /**
   * The published, not retracted, disclosures among these ids (a bulletin quotes them). With `lock` the rows are held
   * FOR SHARE until the caller's transaction ends, so a retraction waits for it (and it for the retraction).
   */
  publishedByIds(m: EntityManager, ids: readonly string[], lock = false): Promise<PublicDisclosureRow[]> {
    return m.query(`${PUBLIC_SELECT} WHERE d.id = ANY($1::uuid[]) AND d.retracted_at IS NULL${lock ? ' FOR SHARE OF d' : ''}`, [ids]);
  }

  /** Newest first, keyset on (published_at, id). */
  publicPage(limit: number, after?: readonly [string, string]): Promise<PublicDisclosureRow[]> {
    const w = new Where();
    if (after) w.add(PUBLIC_NEWEST_FIRST.clause, ...after);
    return this.dataSource.query(`${PUBLIC_SELECT} ${w.sql()} ORDER BY ${PUBLIC_NEWEST_FIRST.orderBy} LIMIT ${w.param(limit)}`, w.params);
  }

  /** Staff's list, newest first (the public order and cursor), optionally only published or only retracted ones. */
  staffPage(limit: number, o: { status?: 'published' | 'retracted'; after?: readonly [string, string] } = {}): Promise<StaffDisclosureRow[]> {
    const w = new Where();
    if (o.status === 'published') w.addRaw('d.retracted_at IS NULL');
    if (o.status === 'retracted') w.addRaw('d.retracted_at IS NOT NULL');
    if (o.after) w.add(PUBLIC_NEWEST_FIRST.clause, ...o.after);
    return this.dataSource.query(`${STAFF_SELECT} ${w.sql()} ORDER BY ${PUBLIC_NEWEST_FIRST.orderBy} LIMIT ${w.param(limit)}`, w.params);
  }

  async staffById(id: string): Promise<StaffDisclosureRow | undefined> {
    const [row] = await this.dataSource.query(`${STAFF_SELECT} WHERE d.id = $1`, [id]);
    return row;
  }

  /** The disclosures of a case in publication order (a referral packet lists them). */
  ofCase(m: EntityManager, caseId: string): Promise<CaseDisclosureRow[]> {
    return m.query(
      `SELECT id, summary, findings, published_at AS "publishedAt", retracted_at AS "retractedAt" FROM disclosures WHERE case_id = $1 ORDER BY published_at`,
      [caseId],
    );
  }

  /** The disclosure published for this case (the newest), if a publication was approved. */
  async newestOfCase(caseId: string): Promise<{ id: string; summary: string; findings: string; reply: string | null; publishedAt: Date; retractedAt: Date | null } | null> {
    const rows = await this.dataSource.query(
      `SELECT id, summary, findings, reply, published_at AS "publishedAt", retracted_at AS "retractedAt"
         FROM disclosures WHERE case_id = $1 ORDER BY published_at DESC LIMIT 1`,
      [caseId],
    );
    return rows[0] ?? null;
  }

  /** Deletes the disclosures of these cases (the case purge: a test case never has one, but the purge does not rely on it); the number deleted. */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<number> {
    // DELETE answers [rows, count] through TypeORM.
    const [, n] = await m.query('DELETE FROM disclosures WHERE case_id = ANY($1::uuid[])', [caseIds]);
    return n as number;
  }
}
