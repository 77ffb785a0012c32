import { Inject, Injectable } from '@nestjs/common';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/index.js';
import { CaseReadsRepository } from '../../cases/index.js';
import { actorRef, type Actor } from '../../platform/access/principal.js';
import { APP_CONFIG, type AppConfig } from '../../platform/config/config.js';
import { Transactions } from '../../platform/database/transactions.js';
import { BLOB_STORE, type BlobStore, type StagedBlob } from '../../platform/storage/blob-store.js';
import { openStoredFile, type StoredFile } from '../../platform/storage/file-download.js';
import { notFound } from '../../platform/errors/http-error.js';
import type { RespondentEvidenceView, StaffEvidenceView } from './dto/evidence.dto.js';
import { EvidenceError, EvidenceErrorCode } from './evidence.errors.js';
import { EvidenceRepository, type EvidenceRow } from './evidence.repository.js';

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

/** An item with what sharing depends on: whether its case's complainant works for the respondent. */
type SharedRow = EvidenceRow & { employee: boolean };

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
    private readonly tx: Transactions,
    private readonly items: EvidenceRepository,
    private readonly cases: CaseReadsRepository,
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
    const { count, total } = await this.items.totalsOf(caseId);
    let files = count;
    let bytes = total;
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
    return this.tx.run(async (m) => {
      const out: EvidenceView[] = [];
      for (const s of staged) {
        const row = await this.items.insert(m, {
          caseId,
          sha256: s.blob.sha256,
          size: s.blob.size,
          mediaType: s.mediaType,
          fileName: s.fileName,
          uploadedByKind: uploaderKind,
          uploadedBy: ref.id,
        });
        out.push({ ...row, createdAt: new Date(row.createdAt).toISOString() });
        await this.audit.record(m, actor, {
          action: 'evidence.upload',
          resourceType: 'case',
          resourceId: caseId,
          details: { evidenceId: row.id, sha256: s.blob.sha256, size: s.blob.size, mediaType: s.mediaType },
        });
      }
      return out;
    });
  }

  /** Every item of a case with its sharing state, for staff. */
  async listForStaff(caseId: string): Promise<StaffEvidenceView[]> {
    const facts = await this.cases.sharingFacts(caseId);
    if (!facts) return [];
    return (await this.items.listOfCase(caseId)).map((r) => staffEvidence({ ...r, employee: facts.employee }));
  }

  /** The items staff shared with the respondent, for a rep of the respondent member (another member's case answers 404). */
  async listForRespondent(memberId: string | null, caseId: string): Promise<RespondentEvidenceView[]> {
    if (!(await this.cases.isRespondent(caseId, memberId))) throw notFound('Case');
    const facts = await this.cases.sharingFacts(caseId);
    return (await this.items.sharedOfCase(caseId)).map((r) => respondentEvidence({ ...r, employee: facts?.employee ?? false }));
  }

  /**
   * Shares an item with the respondent (audited). For a complaint by an employee of the respondent the staff must confirm
   * that the item does not identify the complainant. Sharing a shared item changes nothing.
   */
  async share(actor: Actor, caseId: string, evidenceId: string, confirmNotIdentifying: boolean): Promise<StaffEvidenceView> {
    return this.tx.run(async (m) => {
      const row = await this.lockItem(m, caseId, evidenceId);
      if (row.sharedAt) return staffEvidence(row);
      if (row.employee && !confirmNotIdentifying) {
        throw new EvidenceError(EvidenceErrorCode.EVIDENCE_SHARE_CONFIRMATION_REQUIRED, 'The complainant works for the respondent: confirm that this item does not identify them', {
          errors: [{ field: 'confirmNotIdentifying', code: 'CONFIRMATION_REQUIRED', message: 'confirmNotIdentifying must be true to share evidence of an employee\'s complaint' }],
        });
      }
      const by = actor.principal?.kind === 'user' ? actor.principal.id : null;
      const updated = await this.items.markShared(m, evidenceId, by);
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
    return this.tx.run(async (m) => {
      const row = await this.lockItem(m, caseId, evidenceId);
      if (!row.sharedAt) return staffEvidence(row);
      await this.items.markUnshared(m, evidenceId);
      await this.audit.record(m, actor, { action: 'evidence.unshare', resourceType: 'case', resourceId: caseId, details: { evidenceId, sha256: row.sha256 } });
      return staffEvidence({ ...row, sharedAt: null, sharedBy: null });
    });
  }

  private async lockItem(m: EntityManager, caseId: string, evidenceId: string): Promise<SharedRow> {
    const row = await this.items.lock(m, caseId, evidenceId);
    const facts = row && (await this.cases.sharingFacts(caseId, m));
    if (!row || !facts) throw new EvidenceError(EvidenceErrorCode.EVIDENCE_NOT_FOUND, 'Evidence not found');
    return { ...row, employee: facts.employee };
  }

  /**
   * Opens a file for download; every download is audited with the caller's role (a sensitive read). Staff reach every
   * item; a member_rep only items shared with it on its own member's cases (any other answers 404).
   */
  async download(actor: Actor, id: string): Promise<StoredFile> {
    const p = actor.principal;
    const rep = p?.kind === 'user' && p.role === 'member_rep';
    const item = await this.items.findById(id);
    const facts = item && (await this.cases.sharingFacts(item.caseId));
    const memberId = rep && p?.kind === 'user' ? p.memberId : null;
    // A member_rep reaches only items shared with it, on its own member's cases.
    const reachable = facts && (!rep || (item.sharedAt !== null && facts.respondentMemberId !== null && facts.respondentMemberId === memberId));
    const row: SharedRow | undefined = reachable ? { ...item, employee: facts.employee } : undefined;
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
