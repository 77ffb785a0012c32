import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MembersRepository } from '../../register/index.js';
import type { SignatureMethod, SignatureStatus } from './signature.entity.js';

/** A signature with what its views need from the member, the convention and the version. */
export interface SignatureRow {
  id: string;
  memberId: string;
  memberName: string;
  conventionId: string;
  conventionCode: string;
  conventionTitle: string;
  versionId: string;
  version: number;
  versionEffectiveDate: string;
  status: SignatureStatus;
  method: SignatureMethod;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: Date;
  textHash: string;
  articles: number[] | null;
  validFrom: string;
  endedOn: string | null;
  renewalDueOn: string | null;
  /** First day no longer bound: the earlier of ended_on and the day after renewal_due_on (null: open-ended). */
  bindingEnd: string | null;
  renewedBy: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  documentSha256: string | null;
  documentFileName: string | null;
  documentContentType: string | null;
  documentSize: number | null;
  recordedBy: string | null;
  createdAt: Date;
}

const ROW = `s.id, s.member_id AS "memberId", s.convention_id AS "conventionId", c.code AS "conventionCode",
  c.title_zh AS "conventionTitle", s.version_id AS "versionId", v.version, v.effective_date::text AS "versionEffectiveDate", s.status, s.method,
  s.signatory_name AS "signatoryName", s.signatory_title AS "signatoryTitle", s.signed_at AS "signedAt", s.text_hash AS "textHash", s.articles,
  s.valid_from::text AS "validFrom", s.ended_on::text AS "endedOn", s.renewal_due_on::text AS "renewalDueOn",
  LEAST(s.ended_on, s.renewal_due_on + 1)::text AS "bindingEnd", s.renewed_by AS "renewedBy", s.withdrawn_at AS "withdrawnAt",
  s.withdrawal_reason AS "withdrawalReason", s.document_sha256 AS "documentSha256", s.document_file_name AS "documentFileName",
  s.document_content_type AS "documentContentType", s.document_size AS "documentSize", s.recorded_by AS "recordedBy", s.created_at AS "createdAt"`;
const FROM = `signatures s JOIN conventions c ON c.id = s.convention_id JOIN convention_versions v ON v.id = s.version_id`;

export interface NewSignature {
  memberId: string;
  conventionId: string;
  versionId: string;
  method: SignatureMethod;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: Date;
  textHash: string;
  articles: number[] | null;
  validFrom: string;
  document: { sha256: string; fileName: string; contentType: string; size: number } | null;
  recordedBy: string | null;
}

@Injectable()
export class SignaturesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
  ) {}

  /** Adds each row's member name from the register (one query for all rows; members own their names). */
  private async named(m: EntityManager, rows: Omit<SignatureRow, 'memberName'>[]): Promise<SignatureRow[]> {
    const names = await this.members.namesByIds(m, rows.map((r) => r.memberId));
    return rows.map((r) => ({ ...r, memberName: names.get(r.memberId)! }));
  }

  /** A signature, if it exists and (for a member_rep) belongs to its member; optionally locked. */
  async findScoped(m: EntityManager, id: string, scope: string | undefined, lock = false): Promise<SignatureRow | null> {
    const rows = await m.query(
      `SELECT ${ROW} FROM ${FROM} WHERE s.id = $1 AND ($2::uuid IS NULL OR s.member_id = $2) ${lock ? 'FOR UPDATE OF s' : ''}`,
      [id, scope ?? null],
    );
    return (await this.named(m, rows))[0] ?? null;
  }

  /** The member's current (active or renewal-pending) signature on the convention, locked. */
  async findCurrentForUpdate(m: EntityManager, memberId: string, conventionId: string): Promise<SignatureRow | null> {
    const rows = await m.query(
      `SELECT ${ROW} FROM ${FROM} WHERE s.member_id = $1 AND s.convention_id = $2 AND s.status IN ('active','renewal_pending') FOR UPDATE OF s`,
      [memberId, conventionId],
    );
    return (await this.named(m, rows))[0] ?? null;
  }

  async insert(m: EntityManager, s: NewSignature): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO signatures (member_id, convention_id, version_id, status, method, signatory_name, signatory_title, signed_at, text_hash, articles,
         valid_from, document_sha256, document_file_name, document_content_type, document_size, recorded_by)
       VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
      [
        s.memberId, s.conventionId, s.versionId, s.method, s.signatoryName, s.signatoryTitle, s.signedAt, s.textHash, s.articles, s.validFrom,
        s.document?.sha256 ?? null, s.document?.fileName ?? null, s.document?.contentType ?? null, s.document?.size ?? null, s.recordedBy,
      ],
    );
    return id;
  }

  /** Ends a signature because a newer version was signed: it stops binding on `endedOn`. */
  async markRenewed(m: EntityManager, id: string, endedOn: string): Promise<void> {
    await m.query(`UPDATE signatures SET status = 'renewed', ended_on = $2 WHERE id = $1`, [id, endedOn]);
  }

  async linkRenewal(m: EntityManager, oldId: string, newId: string): Promise<void> {
    await m.query(`UPDATE signatures SET renewed_by = $2 WHERE id = $1`, [oldId, newId]);
  }

  async markWithdrawn(m: EntityManager, id: string, w: { endedOn: string; at: Date; reason: string; by: string | null }): Promise<void> {
    await m.query(
      `UPDATE signatures SET status = 'withdrawn', ended_on = $2, withdrawn_at = $3, withdrawal_reason = $4, withdrawn_by = $5 WHERE id = $1`,
      [id, w.endedOn, w.at, w.reason, w.by],
    );
  }

  /** Every signature of a member, newest first. */
  async listForMember(m: EntityManager, memberId: string): Promise<SignatureRow[]> {
    return this.named(m, await m.query(`SELECT ${ROW} FROM ${FROM} WHERE s.member_id = $1 ORDER BY s.created_at DESC, s.id DESC`, [memberId]));
  }

  /**
   * The signature that bound the member to the convention on the date: a range check on the validity
   * interval [valid_from, least(ended_on, renewal_due_on + 1)). The latest one wins if intervals overlap.
   */
  async findBindingOn(memberId: string, conventionId: string, on: string): Promise<SignatureRow | null> {
    const rows = await this.dataSource.query(
      `SELECT ${ROW} FROM ${FROM}
        WHERE s.member_id = $1 AND s.convention_id = $2 AND s.valid_from <= $3::date
          AND $3::date < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date)
        ORDER BY s.valid_from DESC, s.created_at DESC LIMIT 1`,
      [memberId, conventionId, on],
    );
    return (await this.named(this.dataSource.manager, rows))[0] ?? null;
  }

  /** All signatures of the member on the convention, oldest first (to explain why none binds). */
  async historyFor(memberId: string, conventionId: string): Promise<SignatureRow[]> {
    const rows = await this.dataSource.query(`SELECT ${ROW} FROM ${FROM} WHERE s.member_id = $1 AND s.convention_id = $2 ORDER BY s.valid_from, s.created_at`, [
      memberId,
      conventionId,
    ]);
    return this.named(this.dataSource.manager, rows);
  }

  /** How many signatures per convention code and status, as `'<code> <status>'`. */
  countByConventionAndStatus(m: EntityManager): Promise<{ k: string; n: number }[]> {
    return m.query(`SELECT c.code || ' ' || s.status AS k, count(*)::int AS n FROM signatures s JOIN conventions c ON c.id = s.convention_id GROUP BY 1 ORDER BY 1`);
  }

  /** Of these content hashes, those a signature's scanned document is (before a blob is deleted). */
  async documentsAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    const rows: { sha256: string }[] = await m.query(
      'SELECT DISTINCT document_sha256 AS sha256 FROM signatures WHERE document_sha256 = ANY($1::text[])',
      [sha256s],
    );
    return rows.map((r) => r.sha256);
  }
}
