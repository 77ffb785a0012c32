import type { Readable } from 'node:stream';

/** What a stored blob is known by: the SHA-256 of its bytes (hex) and its size. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/**
 * Content-addressed, write-once storage for files (scanned signature documents, report attachments,
 * later complaint evidence). Bytes are never altered: a blob is named by its SHA-256, and putting the
 * same bytes twice stores them once. Local disk by default; an S3-compatible store can implement it.
 */
export interface BlobStorage {
  /** Stores the bytes, computing their SHA-256 while streaming; refuses more than `maxBytes`. */
  put(source: Buffer | Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** The bytes of a stored blob, or null when there is none with this hash. */
  get(sha256: string): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob larger than ${maxBytes} bytes`);
  }
}
