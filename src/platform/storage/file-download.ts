import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.js';

/** What a download response says about a stored file. */
export interface StoredFileMeta {
  fileName: string;
  contentType: string;
  size: number;
  /** SHA-256 of the bytes, hex */
  sha256: string;
}

/** A stored file ready to send: its description and its opened bytes. */
export interface StoredFile {
  meta: StoredFileMeta;
  stream: Readable;
}

/**
 * The bytes of a stored file, or the route's own error when storage has none, so a missing blob answers
 * problem+json with the route's code (404/410) instead of a response that breaks after its headers.
 */
export async function openStoredFile(blobs: BlobStore, sha256: string, missing: () => Error): Promise<Readable> {
  const stream = await blobs.get(sha256);
  if (!stream) throw missing();
  return stream;
}

/** `attachment; filename*=UTF-8''…` (RFC 6266 with an RFC 8187 UTF-8 file name: only attr-chars left bare). */
export function contentDisposition(fileName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a stored file as an attachment, the one way every download route does: its type and size, a
 * UTF-8 file name, its SHA-256 (RFC 9530 Repr-Digest and hex in X-Content-SHA256, so a client can check
 * what it received), no type sniffing by the browser, never cached.
 */
export function sendStoredFile(reply: FastifyReply, { meta, stream }: StoredFile): void {
  void reply
    .header('content-type', meta.contentType)
    .header('content-length', String(meta.size))
    .header('content-disposition', contentDisposition(meta.fileName))
    .header('repr-digest', `sha-256=:${Buffer.from(meta.sha256, 'hex').toString('base64')}:`)
    .header('x-content-sha256', meta.sha256)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(stream);
}
