import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import { actorRef, type Actor } from '../../platform/access/principal.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { BLOB_STORE, type BlobStore, type StagedBlob } from '../../platform/storage/blob-store.js';
import { openStoredFile, type StoredFile } from '../../platform/storage/file-download.js';
import { notFound } from '../../platform/errors/http-error.js';
import type { RespondentEvidenceView, StaffEvidenceView } from './dto/evidence.dto.js';
import { EvidenceError, EvidenceErrorCode } from './evidence.errors.js';

export interface EvidenceView {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

/** Plain text has no magic number: valid UTF-8 without control bytes other than whitespace. */
function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  if (head.includes(0)) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const bad = [...text.slice(0, 2000)].filter((c) => c === '\uFFFD' || (c < ' ' && !'\n\r\t\f'.includes(c))).length;
  return bad <= 1; // the head may cut a multi-byte character at its end
}

/** What the sharing queries read of an item and its case. */
interface SharedRow {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  uploadedByKind: string;
  sharedAt: Date | null;
  sharedBy: string | null;
  employee: boolean;
}

const COLUMNS = `e.id, e.file_name AS "fileName", e.media_type AS "mediaType", e.size::int AS size, e.sha256, e.created_at AS "createdAt",
  e.uploaded_by_kind AS "uploadedByKind", e.shared_with_respondent_at AS "sharedAt", e.shared_by AS "sharedBy",
  c.is_employee_of_respondent AS employee`;

function staffEvidence(r: SharedRow): StaffEvidenceView {
  return {
    id: r.id,
    fileName: r.fileName,
    mediaType: r.mediaType,
    size: r.size,
    sha256: r.sha256,
    createdAt: new Date(r.createdAt).toISOString(),
    uploadedByKind: r.uploadedByKind,
    sharedWithRespondent: r.sharedAt ? { at: new Date(r.sharedAt).toISOString(), by: r.sharedBy } : null,
  };
}

/** An employee's file names are their own words: the respondent gets a neutral one. */
function respondentEvidence(r: SharedRow): RespondentEvidenceView {
  const ext = (r.mediaType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gi, '').replace(/^plain$/, 'txt').slice(0, 10) || 'bin';
  return {
    id: r.id,
    fileName: r.employee ? `evidence-${r.id.slice(0, 8)}.${ext}` : r.fileName,
    mediaType: r.mediaType,
    size: r.size,
    sha256: r.sha256,
    sharedAt: new Date(r.sharedAt ?? r.createdAt).toISOString(),
  };
}

function safeFileName(name: string | undefined): string {
  const base = (name ?? 'file').split(/[\\/]/).pop() ?? 'file';
  const clean = [...base].filter((c) => c >= ' ' && c !== '\u007f').join('').trim();
  return (clean || 'file').slice(0, 200);
}

@Injectable()
export class EvidenceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Streams every file part of a multipart request into storage (hashing as it goes), decides each
   * file's type from its bytes, enforces per-file and per-case limits, then records the metadata and
   * the audit entry in one transaction. A rejected file leaves nothing behind.
   */
  async upload(actor: Actor, caseId: string, request: FastifyRequest, uploaderKind: 'partner' | 'complainant' | 'staff'): Promise<EvidenceView[]> {
    if (!request.isMultipart()) {
      throw new EvidenceError(EvidenceErrorCode.MALFORMED_MULTIPART, 'Send the files as multipart/form-data');
    }
    const limits = this.config.evidence;
    const [{ count, total }] = await this.dataSource.query(
      'SELECT count(*)::int AS count, coalesce(sum(size), 0)::bigint AS total FROM evidence WHERE case_id = $1',
      [caseId],
    );
    let files = count as number;
    let bytes = Number(total);
    const staged: { blob: StagedBlob; fileName: string; mediaType: string }[] = [];
    try {
      let parts: AsyncIterableIterator<MultipartFile>;
      try {
        parts = request.files({ limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 0, parts: limits.maxFiles } });
      } catch {
        throw new EvidenceError(EvidenceErrorCode.MALFORMED_MULTIPART, 'The multipart body could not be read');
      }
      try {
        for await (const part of parts) {
          const index = staged.length;
          if (files + 1 > limits.maxFiles) {
            part.file.resume();
            throw new EvidenceError(EvidenceErrorCode.EVIDENCE_LIMIT_REACHED, `A complaint holds at most ${limits.maxFiles} files`);
          }
          const blob = await this.blobs.stage(part.file as Readable, limits.maxFileBytes);
          staged.push({ blob, fileName: safeFileName(part.filename), mediaType: '' });
          if (blob.truncated || part.file.truncated) {
            throw new EvidenceError(EvidenceErrorCode.EVIDENCE_TOO_LARGE, `Each file may be at most ${limits.maxFileBytes} bytes`, {
              errors: [{ field: `files[${index}]`, code: 'TOO_LARGE', message: `${part.filename} is over the limit` }],
            });
          }
          if (blob.size === 0) {
            throw new EvidenceError(EvidenceErrorCode.EVIDENCE_INVALID, 'Empty files are not evidence', {
              errors: [{ field: `files[${index}]`, code: 'EMPTY', message: `${part.filename} is empty` }],
            });
          }
          if (bytes + blob.size > limits.maxCaseBytes) {
            throw new EvidenceError(EvidenceErrorCode.EVIDENCE_LIMIT_REACHED, `A complaint holds at most ${limits.maxCaseBytes} bytes of evidence`);
          }
          const sniffed = await fileTypeFromBuffer(blob.head);
          const mediaType = sniffed?.mime ?? (looksLikeText(blob.head) ? 'text/plain' : 'application/octet-stream');
          if (!limits.allowedTypes.includes(mediaType)) {
            throw new EvidenceError(EvidenceErrorCode.EVIDENCE_TYPE_NOT_ALLOWED, `Files of type ${mediaType} are not accepted as evidence`, {
              errors: [{ field: `files[${index}]`, code: 'TYPE_NOT_ALLOWED', message: `${part.filename}: content is ${mediaType}, whatever its name says` }],
            });
          }
          staged[index].mediaType = mediaType;
          files += 1;
          bytes += blob.size;
        }
      } catch (e) {
        if (e instanceof EvidenceError) throw e;
        const code = (e as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new EvidenceError(EvidenceErrorCode.EVIDENCE_TOO_LARGE, `Each file may be at most ${limits.maxFileBytes} bytes`);
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
          throw new EvidenceError(EvidenceErrorCode.EVIDENCE_LIMIT_REACHED, `At most ${limits.maxFiles} files per complaint`);
        }
        if (code === 'FST_FIELDS_LIMIT') throw new EvidenceError(EvidenceErrorCode.MALFORMED_MULTIPART, 'Only file parts are accepted');
        throw new EvidenceError(EvidenceErrorCode.MALFORMED_MULTIPART, 'The multipart body is malformed');
      }
      if (staged.length === 0) throw new EvidenceError(EvidenceErrorCode.EVIDENCE_INVALID, 'No file was sent');
      for (const s of staged) await s.blob.commit();
    } catch (e) {
      await Promise.all(staged.map((s) => s.blob.discard()));
      throw e;
    }
    const ref = actorRef(actor);
    return this.dataSource.transaction(async (m) => {
      const out: EvidenceView[] = [];
      for (const s of staged) {
        const rows = await m.query(
          `INSERT INTO evidence (case_id, sha256, size, media_type, file_name, uploaded_by_kind, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (case_id, sha256) DO UPDATE SET case_id = evidence.case_id
           RETURNING id, file_name AS "fileName", media_type AS "mediaType", size::int AS size, sha256, created_at AS "createdAt"`,
          [caseId, s.blob.sha256, s.blob.size, s.mediaType, s.fileName, uploaderKind, ref.id],
        );
        out.push({ ...rows[0], createdAt: new Date(rows[0].createdAt).toISOString() });
        await this.audit.record(m, actor, {
          action: 'evidence.upload',
          resourceType: 'case',
          resourceId: caseId,
          details: { evidenceId: rows[0].id, sha256: s.blob.sha256, size: s.blob.size, mediaType: s.mediaType },
        });
      }
      return out;
    });
  }

  /** Every item of a case with its sharing state, for staff. */
  async listForStaff(caseId: string): Promise<StaffEvidenceView[]> {
    const rows: SharedRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM evidence e JOIN cases c ON c.id = e.case_id WHERE e.case_id = $1 ORDER BY e.created_at, e.id`,
      [caseId],
    );
    return rows.map(staffEvidence);
  }

  /** The items staff shared with the respondent, for a rep of the respondent member (another member's case answers 404). */
  async listForRespondent(memberId: string | null, caseId: string): Promise<RespondentEvidenceView[]> {
    const cases = await this.dataSource.query('SELECT 1 FROM cases WHERE id = $1 AND respondent_member_id = $2', [caseId, memberId]);
    if (!cases[0]) throw notFound('Case');
    const rows: SharedRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM evidence e JOIN cases c ON c.id = e.case_id
        WHERE e.case_id = $1 AND e.shared_with_respondent_at IS NOT NULL ORDER BY e.shared_with_respondent_at, e.id`,
      [caseId],
    );
    return rows.map(respondentEvidence);
  }

  /**
   * Shares an item with the respondent (audited). For a complaint by an employee of the respondent the staff must confirm
   * that the item does not identify the complainant. Sharing a shared item changes nothing.
   */
  async share(actor: Actor, caseId: string, evidenceId: string, confirmNotIdentifying: boolean): Promise<StaffEvidenceView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockItem(m, caseId, evidenceId);
      if (row.sharedAt) return staffEvidence(row);
      if (row.employee && !confirmNotIdentifying) {
        throw new EvidenceError(EvidenceErrorCode.EVIDENCE_SHARE_CONFIRMATION_REQUIRED, 'The complainant works for the respondent: confirm that this item does not identify them', {
          errors: [{ field: 'confirmNotIdentifying', code: 'CONFIRMATION_REQUIRED', message: 'confirmNotIdentifying must be true to share evidence of an employee\'s complaint' }],
        });
      }
      const by = actor.principal?.kind === 'user' ? actor.principal.id : null;
      const [[updated]] = await m.query(
        `UPDATE evidence SET shared_with_respondent_at = now(), shared_by = $2 WHERE id = $1 RETURNING shared_with_respondent_at AS "sharedAt", shared_by AS "sharedBy"`,
        [evidenceId, by],
      );
      await this.audit.record(m, actor, {
        action: 'evidence.share',
        resourceType: 'case',
        resourceId: caseId,
        details: { evidenceId, sha256: row.sha256, confirmedNotIdentifying: row.employee ? true : undefined },
      });
      return staffEvidence({ ...row, ...updated });
    });
  }

  /** Stops sharing an item (audited); the respondent can no longer list or download it. */
  async unshare(actor: Actor, caseId: string, evidenceId: string): Promise<StaffEvidenceView> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.lockItem(m, caseId, evidenceId);
      if (!row.sharedAt) return staffEvidence(row);
      await m.query('UPDATE evidence SET shared_with_respondent_at = NULL, shared_by = NULL WHERE id = $1', [evidenceId]);
      await this.audit.record(m, actor, { action: 'evidence.unshare', resourceType: 'case', resourceId: caseId, details: { evidenceId, sha256: row.sha256 } });
      return staffEvidence({ ...row, sharedAt: null, sharedBy: null });
    });
  }

  private async lockItem(m: EntityManager, caseId: string, evidenceId: string): Promise<SharedRow> {
    const rows: SharedRow[] = await m.query(
      `SELECT ${COLUMNS} FROM evidence e JOIN cases c ON c.id = e.case_id WHERE e.id = $1 AND e.case_id = $2 FOR UPDATE OF e`,
      [evidenceId, caseId],
    );
    if (!rows[0]) throw new EvidenceError(EvidenceErrorCode.EVIDENCE_NOT_FOUND, 'Evidence not found');
    return rows[0];
  }

  /**
   * Opens a file for download; every download is audited with the caller's role (a sensitive read). Staff reach every
   * item; a member_rep only items shared with it on its own member's cases (any other answers 404).
   */
  async download(actor: Actor, id: string): Promise<StoredFile> {
    const p = actor.principal;
    const rep = p?.kind === 'user' && p.role === 'member_rep';
    const rows: (SharedRow & { caseId: string })[] = await this.dataSource.query(
      `SELECT ${COLUMNS}, e.case_id AS "caseId" FROM evidence e JOIN cases c ON c.id = e.case_id
        WHERE e.id = $1 AND ($2::boolean = false OR (e.shared_with_respondent_at IS NOT NULL AND c.respondent_member_id = $3::uuid))`,
      [id, rep, rep && p?.kind === 'user' ? p.memberId : null],
    );
    const row = rows[0];
    const notFound = () => new EvidenceError(EvidenceErrorCode.EVIDENCE_NOT_FOUND, 'Evidence not found');
    if (!row) throw notFound();
    // Opened before the audit entry (a missing blob answers 404 unaudited), closed again when the entry cannot be written.
    const stream = await openStoredFile(this.blobs, row.sha256, notFound);
    try {
      await this.audit.recordNow(actor, {
        action: 'evidence.download',
        resourceType: 'evidence',
        resourceId: id,
        details: { caseId: row.caseId, sha256: row.sha256, role: p?.role ?? null },
      });
    } catch (e) {
      stream.destroy();
      throw e;
    }
    const fileName = rep ? respondentEvidence(row).fileName : row.fileName;
    return { stream, meta: { fileName, contentType: row.mediaType, size: row.size, sha256: row.sha256 } };
  }
}
