import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';

/** What a stored blob is known by: the SHA-256 of its bytes (hex) and its size. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Bytes received and hashed but not yet kept: the caller checks them, then commits or discards. */
export interface StagedBlob extends StoredBlob {
  /** The first bytes, for deciding the type by content. */
  head: Buffer;
  /** The stream ended early because it went over the limit (nothing past the limit was kept). */
  truncated: boolean;
  /** Keeps the bytes under their SHA-256; the same bytes already stored are left as they are. */
  commit(): Promise<void>;
  /** Forgets the bytes; nothing is left behind. */
  discard(): Promise<void>;
}

/**
 * Write-once, content-addressed storage for every file the service keeps (evidence, scanned signature
 * documents, self-inspection attachments). A blob is named by the SHA-256 of its bytes, never altered,
 * and the same bytes are stored once. Backends: local disk (`LocalBlobStore`) or an S3-compatible
 * bucket (`S3BlobStore`), chosen by `BLOB_BACKEND`.
 */
export interface BlobStore {
  /** Receives and hashes the bytes (at most `maxBytes`), keeping nothing until `commit()`. */
  stage(source: Readable, maxBytes: number): Promise<StagedBlob>;
  /** Stage and commit in one step; more than `maxBytes` is refused with `BlobTooLargeError` and leaves nothing. */
  put(source: Buffer | Readable, maxBytes?: number): Promise<StoredBlob>;
  /** The bytes of a stored blob, or null when there is none with this hash (or it is not a SHA-256). */
  get(sha256: string): Promise<Readable | null>;
  /** The bytes of a stored blob; `BlobNotFoundError` when there is none (callers that checked `exists` first). */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
  /**
   * Removes the blob (only the bytes: metadata rows are the caller's); a missing blob is not an error. Identical
   * bytes are stored once, so the caller first makes sure no row anywhere still references this SHA-256.
   */
  delete(sha256: string): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`blob larger than ${maxBytes} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`no blob ${sha256}`);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const isSha256 = (s: string): boolean => SHA256_HEX.test(s);

/**
 * What is the same for every backend: staging spools the bytes to a local file (hashing them) and
 * commit hands that file to the backend's `keep`, then removes it; `put` is stage + commit; `open`
 * is get-or-throw.
 */
export abstract class ContentAddressedStore implements BlobStore {
  /** A local folder for staged bytes (per instance). */
  protected abstract readonly spoolDir: string;
  /** Stores the spooled file under its content address; bytes already stored there are left as they are. */
  protected abstract keep(s: SpooledFile): Promise<void>;
  abstract get(sha256: string): Promise<Readable | null>;
  abstract exists(sha256: string): Promise<boolean>;
  abstract delete(sha256: string): Promise<void>;

  async stage(source: Readable, maxBytes: number): Promise<StagedBlob> {
    const s = await spool(source, maxBytes, this.spoolDir);
    return {
      sha256: s.sha256,
      size: s.size,
      head: s.head,
      truncated: s.truncated,
      commit: async () => {
        if (s.truncated) throw new Error('a truncated blob cannot be committed');
        try {
          await this.keep(s);
        } finally {
          await rm(s.file, { force: true });
        }
      },
      discard: () => rm(s.file, { force: true }),
    };
  }

  async put(source: Buffer | Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<StoredBlob> {
    const staged = await this.stage(Buffer.isBuffer(source) ? Readable.from([source]) : source, maxBytes);
    if (staged.truncated) {
      await staged.discard();
      throw new BlobTooLargeError(maxBytes);
    }
    await staged.commit();
    return { sha256: staged.sha256, size: staged.size };
  }

  async open(sha256: string): Promise<Readable> {
    const stream = await this.get(sha256);
    if (!stream) throw new BlobNotFoundError(sha256);
    return stream;
  }
}

/** A local file holding staged bytes, with what was learnt while writing it. */
export interface SpooledFile {
  file: string;
  sha256: string;
  size: number;
  head: Buffer;
  truncated: boolean;
}

const HEAD_BYTES = 4100;

/**
 * Writes the stream to a new private file in `dir` while hashing it; stops at `maxBytes` (truncated,
 * the rest of the source drained). The file holds exactly the hashed bytes.
 */
export async function spool(source: Readable, maxBytes: number, dir: string): Promise<SpooledFile> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${randomUUID()}`);
  const hash = createHash('sha256');
  const out = createWriteStream(file, { mode: 0o600 });
  const headParts: Buffer[] = [];
  let headLen = 0;
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > maxBytes) {
        truncated = true;
        break;
      }
      if (headLen < HEAD_BYTES) {
        headParts.push(buf.subarray(0, HEAD_BYTES - headLen));
        headLen += Math.min(buf.length, HEAD_BYTES - headLen);
      }
      hash.update(buf);
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    // A multipart part cut by its own limit says so on the stream.
    if ((source as Readable & { truncated?: boolean }).truncated) truncated = true;
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
  } catch (e) {
    out.destroy();
    await rm(file, { force: true });
    throw e;
  }
  if (truncated) source.resume();
  return { file, sha256: hash.digest('hex'), size, head: Buffer.concat(headParts), truncated };
}
