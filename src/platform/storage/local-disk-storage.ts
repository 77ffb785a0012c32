import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, link, mkdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobStorage, BlobTooLargeError, type StoredBlob } from './blob-storage.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Blobs under `<root>/<aa>/<bb>/<sha256>`, read-only once written; a temporary file is linked into place (never overwritten). */
export class LocalDiskStorage implements BlobStorage {
  constructor(private readonly root: string) {}

  async put(source: Buffer | Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (options.maxBytes !== undefined && size > options.maxBytes) return cb(new BlobTooLargeError(options.maxBytes));
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(Buffer.isBuffer(source) ? Readable.from([source]) : source, counter, createWriteStream(tmp, { mode: 0o600 }));
      const sha256 = hash.digest('hex');
      const final = this.pathOf(sha256);
      await mkdir(path.dirname(final), { recursive: true });
      try {
        await link(tmp, final);
        await chmod(final, 0o444);
      } catch (e) {
        // Same bytes stored before: the existing file is kept as it is.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      return { sha256, size };
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return createReadStream(this.pathOf(sha256));
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      await access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
