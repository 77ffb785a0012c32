import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import type { Actor } from '../../platform/access/principal.js';
import { Clock } from '../../platform/clock.js';
import { chinaDate } from '../../platform/dates.js';
import { isUniqueViolation } from '../../platform/db-errors.js';
import type { FieldError } from '../../platform/errors/app-error.js';
import { decodeCursor, type Page, pageOf } from '../../platform/pagination.js';
import { actingUserId, memberScopeOf } from '../../register/index.js';
import { memberNotFound } from '../../register/index.js';
import { MembersRepository } from '../../register/index.js';
import { ConventionsRepository } from '../conventions/conventions.repository.js';
import { conventionNotFound } from '../conventions/pacts.errors.js';
import { BLOB_STORE, type BlobStore } from '../../platform/storage/blob-store.js';
import { openStoredFile, type StoredFile } from '../../platform/storage/file-download.js';
import { decodeInline } from '../../platform/storage/uploads.js';
import { FilingView, ListSelfInspectionsQuery, ReviewDto, SelfInspectionView, SubmitSelfInspectionDto } from './dto/self-inspection.dto.js';
import { dueOn, parsePeriod, periodsBetween } from './periods.js';
import type { AttachmentRef } from './self-inspection.entity.js';
import { SelfInspectionsError, SelfInspectionsErrorCode } from './self-inspections.errors.js';
import { type ExpectedPeriod, type OverdueCursor, type OverdueRow, type ReportRow, SelfInspectionsRepository } from './self-inspections.repository.js';
import { Transactions } from '../../platform/database/transactions.js';

const isReportCursor = (v: unknown): v is { submittedAt: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { submittedAt?: unknown }).submittedAt === 'string' &&
  !Number.isNaN(Date.parse((v as { submittedAt: string }).submittedAt)) && typeof (v as { id?: unknown }).id === 'string' &&
  /^[0-9a-f-]{36}$/i.test((v as { id: string }).id);

const isOverdueCursor = (v: unknown): v is OverdueCursor =>
  typeof v === 'object' && v !== null &&
  ['dueOn', 'code', 'period', 'memberName', 'memberId'].every((k) => typeof (v as Record<string, unknown>)[k] === 'string') &&
  /^\d{4}-\d{2}-\d{2}$/.test((v as OverdueCursor).dueOn) && /^[0-9a-f-]{36}$/i.test((v as OverdueCursor).memberId);

const notFound = () => new SelfInspectionsError(SelfInspectionsErrorCode.SELF_INSPECTION_NOT_FOUND, 'Self-inspection report not found');

@Injectable()
export class SelfInspectionsService {
  constructor(
    private readonly tx: Transactions,
    private readonly reports: SelfInspectionsRepository,
    private readonly members: MembersRepository,
    private readonly conventions: ConventionsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(BLOB_STORE) private readonly storage: BlobStore,
  ) {}

  /**
   * Files a member's report for a period of a convention it signed (a member_rep for its own member; the
   * secretariat on a member's behalf). A returned report is filed again as a new revision; one submitted or
   * accepted cannot be filed again.
   */
  async submit(actor: Actor, memberId: string, dto: SubmitSelfInspectionDto): Promise<SelfInspectionView> {
    const scope = memberScopeOf(actor);
    const now = this.clock.now();
    const files = (dto.attachments ?? []).map((f, i) => {
      const bytes = decodeInline(f);
      if (!bytes) throw new SelfInspectionsError(SelfInspectionsErrorCode.ATTACHMENT_TOO_LARGE, `Attachment ${i + 1} is larger than 5 MB`);
      return { file: f, bytes };
    });
    return this.tx.run(async (m) => {
      const member = await this.members.findById(m, memberId, { scope, lock: true });
      if (!member) throw memberNotFound();
      const convention = await this.conventions.findByCode(m, dto.convention);
      if (!convention) throw conventionNotFound();
      if (convention.inspectionFrequency === 'none') {
        throw new SelfInspectionsError(SelfInspectionsErrorCode.SELF_INSPECTIONS_NOT_EXPECTED, 'This convention expects no self-inspection reports');
      }
      const period = parsePeriod(convention.inspectionFrequency, dto.period);
      if (!period) {
        const example = { yearly: '2026', half_yearly: '2026-H1', quarterly: '2026-Q1' }[convention.inspectionFrequency];
        throw new SelfInspectionsError(SelfInspectionsErrorCode.PERIOD_INVALID, `This convention's reports are ${convention.inspectionFrequency}: name the period like ${example}`, {
          errors: [{ field: 'period', code: 'INVALID', message: `period must look like ${example}` }],
        });
      }
      if (period.start > chinaDate(now)) {
        throw new SelfInspectionsError(SelfInspectionsErrorCode.PERIOD_NOT_STARTED, `Period ${period.label} has not started yet`, {
          errors: [{ field: 'period', code: 'NOT_STARTED', message: `period ${period.label} starts on ${period.start}` }],
        });
      }
      const signature = await this.reports.signatureCovering(m, memberId, convention.id, period.start, period.end);
      if (!signature) {
        throw new SelfInspectionsError(SelfInspectionsErrorCode.NOT_A_SIGNATORY, `The member was not bound by ${dto.convention} during ${period.label}`);
      }
      const articleNumbers = new Set((await this.conventions.articlesOf(m, signature.versionId)).map((a) => a.number));
      const errors: FieldError[] = [];
      dto.items.forEach((item, i) => {
        if (!articleNumbers.has(item.articleNumber)) errors.push({ field: `items[${i}].articleNumber`, code: 'NOT_IN_VERSION', message: `article ${item.articleNumber} is not in the version the member signed` });
        else if (dto.items.findIndex((x) => x.articleNumber === item.articleNumber) !== i) errors.push({ field: `items[${i}].articleNumber`, code: 'DUPLICATE', message: `article ${item.articleNumber} is listed twice` });
      });
      if (errors.length) throw new SelfInspectionsError(SelfInspectionsErrorCode.ARTICLE_NOT_IN_VERSION, 'Each item must check a different article of the signed version', { errors });

      const existing = await this.reports.findForPeriod(m, memberId, convention.id, period.label);
      if (existing && existing.status !== 'returned') {
        throw new SelfInspectionsError(SelfInspectionsErrorCode.SELF_INSPECTION_ALREADY_FILED, `The report for ${period.label} is already ${existing.status}`);
      }
      const attachments: AttachmentRef[] = [];
      for (const { file, bytes } of files) attachments.push({ ...(await this.storage.put(bytes)), fileName: file.fileName, contentType: file.contentType });
      let id: string;
      let revision: number;
      if (existing) {
        id = existing.id;
        revision = existing.revision + 1;
        await this.reports.markResubmitted(m, id, signature.versionId, revision, now);
      } else {
        revision = 1;
        id = await this.reports
          .insertReport(m, { memberId, conventionId: convention.id, versionId: signature.versionId, period: period.label, dueOn: dueOn(period, convention.inspectionDueMonths), at: now })
          .catch((e: unknown) => {
            if (isUniqueViolation(e, 'self_inspections_member_convention_period_key')) {
              throw new SelfInspectionsError(SelfInspectionsErrorCode.SELF_INSPECTION_ALREADY_FILED, `The report for ${period.label} was just filed`);
            }
            throw e;
          });
      }
      await this.reports.insertRevision(m, {
        reportId: id,
        revision,
        versionId: signature.versionId,
        summary: dto.summary?.trim() ?? '',
        items: dto.items.map((x) => ({ articleNumber: x.articleNumber, findings: x.findings.trim(), correctiveActions: x.correctiveActions.trim() })),
        attachments,
        by: actingUserId(actor),
        at: now,
      });
      await this.audit.record(m, actor, {
        action: revision === 1 ? 'self_inspection.submit' : 'self_inspection.resubmit',
        resourceType: 'self_inspection',
        resourceId: id,
        payload: { ...dto, attachments: attachments.map((a) => a.sha256) },
        details: { memberId, code: dto.convention, period: period.label, revision, items: dto.items.length, attachments: attachments.length },
      });
      return this.detail(m, (await this.reports.findScoped(m, id, undefined))!, now);
    });
  }

  /** Accepts a submitted report, or returns it with comments for a new revision. */
  async review(actor: Actor, id: string, dto: ReviewDto): Promise<SelfInspectionView> {
    const comments = dto.comments?.trim() || null;
    if (dto.decision === 'return' && !comments) {
      throw new SelfInspectionsError(SelfInspectionsErrorCode.REVIEW_COMMENTS_REQUIRED, 'Say what to correct when returning a report', {
        errors: [{ field: 'comments', code: 'REQUIRED', message: 'comments are required to return a report' }],
      });
    }
    const now = this.clock.now();
    return this.tx.run(async (m) => {
      const report = await this.reports.findScoped(m, id, undefined, true);
      if (!report) throw notFound();
      if (report.status !== 'submitted') {
        throw new SelfInspectionsError(SelfInspectionsErrorCode.SELF_INSPECTION_NOT_SUBMITTED, `The report is ${report.status}: only a submitted report can be reviewed`);
      }
      await this.reports.recordReview(m, id, report.revision, { decision: dto.decision, comments, by: actingUserId(actor), at: now });
      await this.audit.record(m, actor, {
        action: 'self_inspection.review',
        resourceType: 'self_inspection',
        resourceId: id,
        payload: dto,
        details: { decision: dto.decision, revision: report.revision },
      });
      return this.detail(m, (await this.reports.findScoped(m, id, undefined))!, now);
    });
  }

  async get(actor: Actor, id: string): Promise<SelfInspectionView> {
    const now = this.clock.now();
    return this.tx.run('REPEATABLE READ', async (m) => {
      const report = await this.reports.findScoped(m, id, memberScopeOf(actor));
      if (!report) throw notFound();
      return this.detail(m, report, now);
    });
  }

  /**
   * A file attached to any revision of a report, by its SHA-256, for the secretariat or the member's representative
   * (another member's report answers 404 as an unknown one). Every read is audited.
   */
  async attachment(actor: Actor, id: string, sha256: string): Promise<StoredFile> {
    return this.tx.run(async (m) => {
      const report = await this.reports.findScoped(m, id, memberScopeOf(actor));
      if (!report) throw notFound();
      const file = await this.reports.attachmentOf(m, id, sha256);
      const missing = () => new SelfInspectionsError(SelfInspectionsErrorCode.ATTACHMENT_NOT_FOUND, 'No attachment with this SHA-256 in this report');
      if (!file) throw missing();
      await this.audit.record(m, actor, {
        action: 'self_inspection.attachment.read',
        resourceType: 'self_inspection',
        resourceId: id,
        details: { sha256: file.sha256 },
      });
      // Opened last: nothing is left open when the audit entry cannot be written (a missing blob rolls it back).
      const stream = await openStoredFile(this.storage, file.sha256, missing);
      return { stream, meta: { fileName: file.fileName, contentType: file.contentType, size: file.size, sha256: file.sha256 } };
    });
  }

  /** Reports on file (newest first), or with overdue=true the overdue filings (oldest due date first). */
  async list(actor: Actor, q: ListSelfInspectionsQuery): Promise<Page<FilingView>> {
    const limit = q.limit ?? 50;
    const today = chinaDate(this.clock.now());
    const scope = memberScopeOf(actor);
    if (q.overdue) {
      const after = decodeCursor(q.cursor, isOverdueCursor);
      const expected: ExpectedPeriod[] = [];
      for (const c of await this.conventions.inspectionSchedules(q.convention)) {
        for (const p of periodsBetween(c.frequency, c.since, today)) {
          const due = dueOn(p, c.dueMonths);
          if (due < today && (!q.period || q.period === p.label)) expected.push({ conventionId: c.id, code: c.code, period: p.label, end: p.end, dueOn: due });
        }
      }
      const rows = await this.reports.listOverdue(expected, { scope, memberId: q.member, status: q.status, after, limit });
      return pageOf(rows, limit, (r) => ({ dueOn: r.dueOn, code: r.conventionCode, period: r.period, memberName: r.memberName, memberId: r.memberId }), (r) => filingView(r, today));
    }
    const after = decodeCursor(q.cursor, isReportCursor);
    const rows = await this.reports.listReports({ scope, memberId: q.member, conventionCode: q.convention, period: q.period, status: q.status, after, limit });
    return pageOf(rows, limit, (r) => ({ submittedAt: r.submittedAt.toISOString(), id: r.id }), (r) => filingView(r, today));
  }

  private async detail(m: EntityManager, r: ReportRow, now: Date): Promise<SelfInspectionView> {
    const revisions = await this.reports.revisionsOf(m, r.id);
    return {
      ...filingView(r, chinaDate(now)),
      revisions: revisions.map((x) => ({
        revision: x.revision,
        version: x.version,
        summary: x.summary,
        items: x.items,
        attachments: x.attachments,
        submittedBy: x.submittedBy,
        submittedAt: x.submittedAt.toISOString(),
        decision: x.decision,
        comments: x.comments,
        reviewedBy: x.reviewedBy,
        reviewedAt: x.reviewedAt?.toISOString() ?? null,
      })),
    };
  }
}

function filingView(r: ReportRow | OverdueRow, today: string): FilingView {
  const filed = r.status === 'submitted' || r.status === 'accepted';
  return {
    id: r.id,
    memberId: r.memberId,
    memberName: r.memberName,
    conventionCode: r.conventionCode,
    period: r.period,
    dueOn: r.dueOn,
    status: r.status,
    revision: r.revision,
    firstSubmittedAt: r.firstSubmittedAt?.toISOString() ?? null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    late: r.firstSubmittedAt ? chinaDate(r.firstSubmittedAt) > r.dueOn : false,
    overdue: !filed && r.dueOn < today,
  };
}
