import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** An evidence item with its sharing state. */
export interface EvidenceRow {
  id: string;
  caseId: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedByKind: string;
  sharedAt: Date | null;
  sharedBy: string | null;
}

/** An evidence item as a referral packet lists it (size as text: a bigint). */
export interface PacketEvidenceRow {
  id: string;
  fileName: string;
  mediaType: string;
  size: string;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
}

const COLUMNS = `e.id, e.case_id AS "caseId", e.file_name AS "fileName", e.media_type AS "mediaType", e.size::int AS size, e.sha256,
  e.created_at AS "createdAt", e.uploaded_by_kind AS "uploadedByKind", e.shared_with_respondent_at AS "sharedAt", e.shared_by AS "sharedBy"`;

/** Every query of `evidence`, by name. */
@Injectable()
export class EvidenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** How many files and bytes the case holds. */
  async totalsOf(caseId: string): Promise<{ count: number; total: number }> {
    const [{ count, total }] = await this.dataSource.query(
      'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS total FROM evidence WHERE case_id = $1',
      [caseId],
    );
    return { count, total: Number(total) };
  }

  /** Records an upload; the same bytes twice on one case are one item (the first). */
  async insert(
    m: EntityManager,
    e: { caseId: string; sha256: string; size: number; mediaType: string; fileName: string; uploadedByKind: string; uploadedBy: string | null },
  ): Promise<{ id: string; fileName: string; mediaType: string; size: number; sha256: string; createdAt: Date }> {
    const rows = await m.query(
      `INSERT INTO evidence (case_id, sha256, size, media_type, file_name, uploaded_by_kind, uploaded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (case_id, sha256) DO UPDATE SET case_id = evidence.case_id
       RETURNING id, file_name AS "fileName", media_type AS "mediaType", size::int AS size, sha256, created_at AS "createdAt"`,
      [e.caseId, e.sha256, e.size, e.mediaType, e.fileName, e.uploadedByKind, e.uploadedBy],
    );
    return rows[0];
  }

  /** Every item of a case, in upload order. */
  listOfCase(caseId: string): Promise<EvidenceRow[]> {
    return this.dataSource.query(`SELECT ${COLUMNS} FROM evidence e WHERE e.case_id = $1 ORDER BY e.created_at, e.id`, [caseId]);
  }

  /** The items of a case shared with the respondent, in sharing order. */
  sharedOfCase(caseId: string): Promise<EvidenceRow[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM evidence e WHERE e.case_id = $1 AND e.shared_with_respondent_at IS NOT NULL ORDER BY e.shared_with_respondent_at, e.id`,
      [caseId],
    );
  }

  async lock(m: EntityManager, caseId: string, evidenceId: string): Promise<EvidenceRow | undefined> {
    const rows: EvidenceRow[] = await m.query(`SELECT ${COLUMNS} FROM evidence e WHERE e.id = $1 AND e.case_id = $2 FOR UPDATE OF e`, [evidenceId, caseId]);
    return rows[0];
  }

  async findById(id: string): Promise<EvidenceRow | undefined> {
    const rows: EvidenceRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM evidence e WHERE e.id = $1`, [id]);
    return rows[0];
  }

  async markShared(m: EntityManager, evidenceId: string, by: string | null): Promise<{ sharedAt: Date; sharedBy: string | null }> {
    const [[updated]] = await m.query(
      `UPDATE evidence SET shared_with_respondent_at = now(), shared_by = $2 WHERE id = $1 RETURNING shared_with_respondent_at AS "sharedAt", shared_by AS "sharedBy"`,
      [evidenceId, by],
    );
    return updated;
  }

  async markUnshared(m: EntityManager, evidenceId: string): Promise<void> {
    await m.query('UPDATE evidence SET shared_with_respondent_at = NULL, shared_by = NULL WHERE id = $1', [evidenceId]);
  }

  /** The case's items as a referral packet lists them: upload order, then file name (bytewise), then id. */
  packetEntries(m: EntityManager, caseId: string): Promise<PacketEvidenceRow[]> {
    return m.query(
      `SELECT id, file_name AS "fileName", media_type AS "mediaType", size::bigint::text AS size, sha256, uploaded_by_kind AS "uploadedBy", created_at AS "createdAt"
         FROM evidence WHERE case_id = $1 ORDER BY created_at, file_name COLLATE "C", id`,
      [caseId],
    );
  }

  // ---- the case purge (evidence-purge.ts) ----

  /** Deletes the evidence rows of these cases; the number deleted and the content hashes they referenced. */
  async deleteOfCases(m: EntityManager, caseIds: readonly string[]): Promise<{ rows: number; sha256s: string[] }> {
    // DELETE … RETURNING answers [rows, count] through TypeORM.
    const [rows] = (await m.query('DELETE FROM evidence WHERE case_id = ANY($1::uuid[]) RETURNING sha256', [caseIds])) as [{ sha256: string }[], number];
    return { rows: rows.length, sha256s: [...new Set(rows.map((r) => r.sha256))] };
  }

  /** Of these content hashes, those some evidence row references (evidence_sha256_idx). */
  async referencedAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    const rows: { sha256: string }[] = await m.query('SELECT DISTINCT sha256 FROM evidence WHERE sha256 = ANY($1::text[])', [sha256s]);
    return rows.map((r) => r.sha256);
  }
}
