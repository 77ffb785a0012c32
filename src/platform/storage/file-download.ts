import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';

/** What a download response says about a stored file. */
export interface StoredFileMeta {
  fileName: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes, hex */
  sha256: string;
}

/**
 * Streams a stored file as an attachment: its type and size, a UTF-8 file name, its SHA-256 (RFC 9530 Repr-Digest and
 * hex in X-Content-SHA256, so a client can check what it received), never cached.
 */
export function sendStoredFile(reply: FastifyReply, meta: StoredFileMeta, stream: Readable): void {
  void reply
    .header('content-type', meta.contentType)
    .header('content-length', String(meta.size))
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(meta.fileName)}`)
    .header('repr-digest', `sha-256=:${Buffer.from(meta.sha256, 'hex').toString('base64')}:`)
    .header('x-content-sha256', meta.sha256)
    .header('cache-control', 'private, no-store')
    .send(stream);
}
