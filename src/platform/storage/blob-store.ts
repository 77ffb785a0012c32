import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/** Bytes received and hashed but not yet kept: the caller checks them, then commits or discards. */
export interface StagedBlob {
  sha256: string;
  size: number;
  /** The first bytes, for deciding the type by content. */
  head: Buffer;
  /** The stream ended early because it went over the limit. */
  truncated: boolean;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Write-once, content-addressed storage. Local disk now; an S3-compatible store can implement the same interface. */
export interface BlobStore {
  stage(source: Readable, maxBytes: number): Promise<StagedBlob>;
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
const HEAD_BYTES = 4100;

/** Files under DATA_DIR/blobs/ab/cd/<sha256>, read-only once written; identical content is kept once. */
@Injectable()
export class LocalBlobStore implements BlobStore {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = path.resolve(config.dataDir, 'blobs');
  }

  async stage(source: Readable, maxBytes: number): Promise<StagedBlob> {
    const tmpDir = path.join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    const out = createWriteStream(tmp, { mode: 0o600 });
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
      if ((source as Readable & { truncated?: boolean }).truncated) truncated = true;
    } catch (e) {
      out.destroy();
      await rm(tmp, { force: true });
      throw e;
    }
    await new Promise<void>((resolve, reject) => {
      out.once('error', reject);
      out.end(() => resolve());
    });
    if (truncated) source.resume();
    const sha256 = hash.digest('hex');
    const final = this.pathOf(sha256);
    return {
      sha256,
      size,
      head: Buffer.concat(headParts),
      truncated,
      commit: async () => {
        if (existsSync(final)) {
          await rm(tmp, { force: true });
          return;
        }
        await mkdir(path.dirname(final), { recursive: true });
        await chmod(tmp, 0o444);
        await rename(tmp, final);
      },
      discard: () => rm(tmp, { force: true }),
    };
  }

  async open(sha256: string): Promise<Readable> {
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
