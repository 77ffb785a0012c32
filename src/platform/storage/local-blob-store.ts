import { createReadStream } from 'node:fs';
import { access, chmod, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ContentAddressedStore, isSha256, type SpooledFile } from './blob-store.js';

/**
 * Blobs under `<root>/<aa>/<bb>/<sha256>`, read-only (0444) once written. Bytes are staged in
 * `<root>/tmp` and hard-linked into place on commit, so a blob appears whole or not at all and an
 * existing one is never overwritten. Every instance must see the same `<root>` (one host or a shared
 * volume); several hosts use the S3 backend.
 */
export class LocalBlobStore extends ContentAddressedStore {
  protected readonly spoolDir: string;

  constructor(private readonly root: string) {
    super();
    this.spoolDir = path.join(root, 'tmp');
  }

  /** Hard-links the staged file into place (read-only), so the blob appears whole or not at all. */
  protected async keep(s: SpooledFile): Promise<void> {
    const final = this.pathOf(s.sha256);
    try {
      await mkdir(path.dirname(final), { recursive: true });
      await chmod(s.file, 0o444);
      await link(s.file, final);
    } catch (e) {
      // The same bytes stored before: the existing file is kept as it is.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!(await this.exists(sha256))) return null;
    return createReadStream(this.pathOf(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    return access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await rm(this.pathOf(sha256), { force: true });
  }

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}
