import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { actorRef, type Actor } from '../auth/principal.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { BLOB_STORE, type BlobStore } from '../storage/blob-store.js';
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
    const staged: { blob: Awaited<ReturnType<BlobStore['stage']>>; fileName: string; mediaType: string }[] = [];
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

  async list(caseId: string): Promise<EvidenceView[]> {
    const rows = await this.dataSource.query(
      `SELECT id, file_name AS "fileName", media_type AS "mediaType", size::int AS size, sha256, created_at AS "createdAt"
         FROM evidence WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return rows.map((r: EvidenceView & { createdAt: Date }) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Opens a file for download; every download is audited (a sensitive read). */
  async download(actor: Actor, id: string): Promise<{ stream: Readable; meta: EvidenceView & { caseId: string } }> {
    const rows = await this.dataSource.query(
      `SELECT id, case_id AS "caseId", file_name AS "fileName", media_type AS "mediaType", size::int AS size, sha256, created_at AS "createdAt"
         FROM evidence WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw new EvidenceError(EvidenceErrorCode.EVIDENCE_NOT_FOUND, 'Evidence not found');
    await this.audit.recordNow(actor, {
      action: 'evidence.download',
      resourceType: 'evidence',
      resourceId: id,
      details: { caseId: rows[0].caseId, sha256: rows[0].sha256 },
    });
    return { stream: await this.blobs.open(rows[0].sha256), meta: rows[0] };
  }
}
