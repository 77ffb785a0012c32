import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MembersRepository } from '../../register/index.js';
import type { AttachmentRef, InspectionItem, ReportStatus, ReviewDecision } from './self-inspection.entity.js';

export interface ReportRow {
  id: string;
  memberId: string;
  memberName: string;
  conventionId: string;
  conventionCode: string;
  period: string;
  dueOn: string;
  status: ReportStatus;
  revision: number;
  firstSubmittedAt: Date;
  submittedAt: Date;
}

export interface RevisionRow {
  revision: number;
  version: number;
  summary: string;
  items: InspectionItem[];
  attachments: AttachmentRef[];
  submittedBy: string | null;
  submittedAt: Date;
  decision: ReviewDecision | null;
  comments: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

/** A row of the overdue listing: an expected report that is missing (id null) or returned. */
export interface OverdueRow {
  id: string | null;
  memberId: string;
  memberName: string;
  conventionCode: string;
  period: string;
  dueOn: string;
  status: 'missing' | 'returned';
  revision: number | null;
  firstSubmittedAt: Date | null;
  submittedAt: Date | null;
}

/** A filing a member still owes (see `pendingFilings`). */
export interface PendingFiling {
  memberId: string;
  conventionId: string;
  period: string;
  dueOn: string;
}

export interface ExpectedPeriod {
  conventionId: string;
  code: string;
  period: string;
  end: string;
  dueOn: string;
}

const REPORT = `r.id, r.member_id AS "memberId", r.convention_id AS "conventionId", c.code AS "conventionCode",
  r.period, r.due_on::text AS "dueOn", r.status, r.revision, r.first_submitted_at AS "firstSubmittedAt", r.submitted_at AS "submittedAt"`;
const REPORT_FROM = `self_inspections r JOIN conventions c ON c.id = r.convention_id`;

@Injectable()
export class SelfInspectionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
  ) {}

  /** Adds each report's member name from the register (one query for all rows; members own their names). */
  private async named(m: EntityManager, rows: Omit<ReportRow, 'memberName'>[]): Promise<ReportRow[]> {
    const names = await this.members.namesByIds(m, rows.map((r) => r.memberId));
    return rows.map((r) => ({ ...r, memberName: names.get(r.memberId)! }));
  }

  async findScoped(m: EntityManager, id: string, scope: string | undefined, lock = false): Promise<ReportRow | null> {
    const rows = await m.query(`SELECT ${REPORT} FROM ${REPORT_FROM} WHERE r.id = $1 AND ($2::uuid IS NULL OR r.member_id = $2) ${lock ? 'FOR UPDATE OF r' : ''}`, [
      id,
      scope ?? null,
    ]);
    return (await this.named(m, rows))[0] ?? null;
  }

  async findForPeriod(m: EntityManager, memberId: string, conventionId: string, period: string): Promise<ReportRow | null> {
    const rows = await m.query(
      `SELECT ${REPORT} FROM ${REPORT_FROM} WHERE r.member_id = $1 AND r.convention_id = $2 AND r.period = $3 FOR UPDATE OF r`,
      [memberId, conventionId, period],
    );
    return (await this.named(m, rows))[0] ?? null;
  }

  /** The member's latest signature of the convention that bound it at some time in [start, end]; its version's articles are the ones to check. */
  async signatureCovering(m: EntityManager, memberId: string, conventionId: string, start: string, end: string): Promise<{ versionId: string } | null> {
    const rows = await m.query(
      `SELECT s.version_id AS "versionId" FROM signatures s
        WHERE s.member_id = $1 AND s.convention_id = $2 AND s.valid_from <= $4::date
          AND $3::date < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date)
        ORDER BY s.valid_from DESC, s.created_at DESC LIMIT 1`,
      [memberId, conventionId, start, end],
    );
    return rows[0] ?? null;
  }

  async insertReport(
    m: EntityManager,
    r: { memberId: string; conventionId: string; versionId: string; period: string; dueOn: string; at: Date },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO self_inspections (member_id, convention_id, version_id, period, due_on, status, revision, first_submitted_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 'submitted', 1, $6, $6) RETURNING id`,
      [r.memberId, r.conventionId, r.versionId, r.period, r.dueOn, r.at],
    );
    return id;
  }

  async markResubmitted(m: EntityManager, id: string, versionId: string, revision: number, at: Date): Promise<void> {
    await m.query(`UPDATE self_inspections SET status = 'submitted', revision = $2, version_id = $3, submitted_at = $4, updated_at = now() WHERE id = $1`, [
      id,
      revision,
      versionId,
      at,
    ]);
  }

  async insertRevision(
    m: EntityManager,
    r: { reportId: string; revision: number; versionId: string; summary: string; items: InspectionItem[]; attachments: AttachmentRef[]; by: string | null; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO self_inspection_revisions (report_id, revision, version_id, summary, items, attachments, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.reportId, r.revision, r.versionId, r.summary, JSON.stringify(r.items), JSON.stringify(r.attachments), r.by, r.at],
    );
  }

  async recordReview(m: EntityManager, id: string, revision: number, review: { decision: ReviewDecision; comments: string | null; by: string | null; at: Date }): Promise<void> {
    await m.query(
      `UPDATE self_inspection_revisions SET decision = $3, comments = $4, reviewed_by = $5, reviewed_at = $6 WHERE report_id = $1 AND revision = $2`,
      [id, revision, review.decision, review.comments, review.by, review.at],
    );
    await m.query(`UPDATE self_inspections SET status = $2, updated_at = now() WHERE id = $1`, [id, review.decision === 'accept' ? 'accepted' : 'returned']);
  }

  async revisionsOf(m: EntityManager, reportId: string): Promise<RevisionRow[]> {
    return m.query(
      `SELECT x.revision, v.version, x.summary, x.items, x.attachments, x.submitted_by AS "submittedBy", x.submitted_at AS "submittedAt",
              x.decision, x.comments, x.reviewed_by AS "reviewedBy", x.reviewed_at AS "reviewedAt"
         FROM self_inspection_revisions x JOIN convention_versions v ON v.id = x.version_id
        WHERE x.report_id = $1 ORDER BY x.revision`,
      [reportId],
    );
  }

  /** Named query: the file with this SHA-256 (any case of hex) attached to any revision of the report, or null. */
  async attachmentOf(m: EntityManager, reportId: string, sha256: string): Promise<AttachmentRef | null> {
    const [row] = (await m.query(
      `SELECT a.value AS attachment
         FROM self_inspection_revisions x CROSS JOIN LATERAL jsonb_array_elements(x.attachments) a
        WHERE x.report_id = $1 AND a.value->>'sha256' = lower($2)
        ORDER BY x.revision DESC LIMIT 1`,
      [reportId, sha256],
    )) as { attachment: AttachmentRef }[];
    return row?.attachment ?? null;
  }

  /** Reports on file, most recently submitted first; keyset on (submitted_at, id). */
  async listReports(f: {
    scope?: string;
    memberId?: string;
    conventionCode?: string;
    period?: string;
    status?: ReportStatus;
    after?: { submittedAt: string; id: string };
    limit: number;
  }): Promise<ReportRow[]> {
    const params: unknown[] = [];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const where: string[] = [];
    if (f.scope) where.push(`r.member_id = ${p(f.scope)}`);
    if (f.memberId) where.push(`r.member_id = ${p(f.memberId)}`);
    if (f.conventionCode) where.push(`c.code = ${p(f.conventionCode)}`);
    if (f.period) where.push(`r.period = ${p(f.period)}`);
    if (f.status) where.push(`r.status = ${p(f.status)}`);
    if (f.after) where.push(`(r.submitted_at, r.id) < (${p(f.after.submittedAt)}::timestamptz, ${p(f.after.id)}::uuid)`);
    const rows = await this.dataSource.query(
      `SELECT ${REPORT} FROM ${REPORT_FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    return this.named(this.dataSource.manager, rows);
  }

  /**
   * Overdue filings: for each expected period (already due), every member still in the association that a
   * signature bound on the period's last day, with no report submitted or accepted for it.
   * Ordered by due date, convention, period, member name; keyset on those. The members still in the association
   * (and their names, for the order) come from the register, for the signers of these conventions only.
   */
  async listOverdue(
    expected: ExpectedPeriod[],
    f: { scope?: string; memberId?: string; status?: ReportStatus; after?: OverdueCursor; limit: number },
  ): Promise<OverdueRow[]> {
    if (expected.length === 0) return [];
    const m = this.dataSource.manager;
    const only = f.scope ?? f.memberId;
    const signers: { memberId: string }[] = await m.query(
      `SELECT DISTINCT member_id AS "memberId" FROM signatures WHERE convention_id = ANY($1::uuid[]) AND ($2::uuid IS NULL OR member_id = $2)`,
      [[...new Set(expected.map((e) => e.conventionId))], only ?? null],
    );
    const inAssociation = await this.members.namesInStatus(m, signers.map((s) => s.memberId), ['active', 'suspended']);
    if (inAssociation.length === 0) return [];
    const params: unknown[] = [
      expected.map((e) => e.conventionId),
      expected.map((e) => e.code),
      expected.map((e) => e.period),
      expected.map((e) => e.end),
      expected.map((e) => e.dueOn),
      inAssociation.map((x) => x.id),
      inAssociation.map((x) => x.name),
    ];
    const p = (v: unknown) => (params.push(v), `$${params.length}`);
    const where: string[] = [`(r.status IS NULL OR r.status = 'returned')`];
    if (f.scope) where.push(`e.member_id = ${p(f.scope)}`);
    if (f.memberId) where.push(`e.member_id = ${p(f.memberId)}`);
    if (f.status) where.push(`r.status = ${p(f.status)}`);
    if (f.after) {
      where.push(
        `(e.due_on, e.code, e.period, m.name, e.member_id) > (${p(f.after.dueOn)}::date, ${p(f.after.code)}, ${p(f.after.period)}, ${p(f.after.memberName)}, ${p(f.after.memberId)}::uuid)`,
      );
    }
    return this.dataSource.query(
      `WITH p AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::date[]) AS p(convention_id, code, period, period_end, due_on)
       ), e AS (
         SELECT DISTINCT p.convention_id, p.code, p.period, p.due_on, s.member_id
           FROM p JOIN signatures s ON s.convention_id = p.convention_id AND s.valid_from <= p.period_end
            AND p.period_end < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date)
       )
       SELECT r.id, e.member_id AS "memberId", m.name AS "memberName", e.code AS "conventionCode", e.period, e.due_on::text AS "dueOn",
              COALESCE(r.status, 'missing') AS status, r.revision, r.first_submitted_at AS "firstSubmittedAt", r.submitted_at AS "submittedAt"
         FROM e JOIN unnest($6::uuid[], $7::text[]) AS m(id, name) ON m.id = e.member_id
         LEFT JOIN self_inspections r ON r.member_id = e.member_id AND r.convention_id = e.convention_id AND r.period = e.period
        WHERE ${where.join(' AND ')}
        ORDER BY e.due_on, e.code, e.period, m.name, e.member_id
        LIMIT ${p(f.limit + 1)}`,
      params,
    );
  }

  /**
   * The filings still owed for these expected periods, in `m`'s transaction: every member among `memberIds` that a
   * signature binds on the period's last day, with no report submitted or accepted for it (none, or one returned).
   */
  pendingFilings(m: EntityManager, expected: ExpectedPeriod[], memberIds: readonly string[]): Promise<PendingFiling[]> {
    if (expected.length === 0 || memberIds.length === 0) return Promise.resolve([]);
    return m.query(
      `WITH p AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::date[], $4::date[]) AS p(convention_id, period, period_end, due_on)
       ), e AS (
         SELECT DISTINCT p.convention_id, p.period, p.due_on, s.member_id
           FROM p JOIN signatures s ON s.convention_id = p.convention_id AND s.valid_from <= p.period_end
            AND p.period_end < COALESCE(LEAST(s.ended_on, s.renewal_due_on + 1), 'infinity'::date)
          WHERE s.member_id = ANY($5::uuid[])
       )
       SELECT e.member_id AS "memberId", e.convention_id AS "conventionId", e.period, e.due_on::text AS "dueOn"
         FROM e LEFT JOIN self_inspections r ON r.member_id = e.member_id AND r.convention_id = e.convention_id AND r.period = e.period
        WHERE r.status IS NULL OR r.status = 'returned'
        ORDER BY e.due_on, e.convention_id, e.period, e.member_id`,
      [expected.map((e) => e.conventionId), expected.map((e) => e.period), expected.map((e) => e.end), expected.map((e) => e.dueOn), memberIds],
    );
  }

  /** The members who signed any of these conventions (whatever the signature's state). */
  async signersOf(m: EntityManager, conventionIds: readonly string[]): Promise<string[]> {
    const rows: { memberId: string }[] = await m.query(`SELECT DISTINCT member_id AS "memberId" FROM signatures WHERE convention_id = ANY($1::uuid[])`, [conventionIds]);
    return rows.map((r) => r.memberId);
  }

  /** How many reports per convention code and status, as `'<code> <status>'`. */
  countByConventionAndStatus(m: EntityManager): Promise<{ k: string; n: number }[]> {
    return m.query(`SELECT c.code || ' ' || r.status AS k, count(*)::int AS n FROM self_inspections r JOIN conventions c ON c.id = r.convention_id GROUP BY 1 ORDER BY 1`);
  }

  /** Of these content hashes, those a self-inspection revision attaches (before a blob is deleted). */
  async attachmentsAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    const rows: { sha256: string }[] = await m.query(
      `SELECT DISTINCT a->>'sha256' AS sha256 FROM self_inspection_revisions x CROSS JOIN LATERAL jsonb_array_elements(x.attachments) a
        WHERE a->>'sha256' = ANY($1::text[])`,
      [sha256s],
    );
    return rows.map((r) => r.sha256);
  }
}

export interface OverdueCursor {
  dueOn: string;
  code: string;
  period: string;
  memberName: string;
  memberId: string;
}
