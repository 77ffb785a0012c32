import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import * as Minio from 'minio';
import { startS3, type TestS3 } from '../../../test/support/s3.js';
import { BlobNotFoundError, BlobTooLargeError, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** One backend under test: the store, what it holds under content addresses, and what its staging folder holds. */
interface Backend {
  store: BlobStore;
  storedKeys: () => Promise<string[]>;
  staging: () => Promise<string[]>;
  close: () => Promise<void>;
}

async function filesUnder(dir: string): Promise<string[]> {
  return readdir(dir, { recursive: true, withFileTypes: true }).then(
    (entries) => entries.filter((e) => e.isFile()).map((e) => e.name),
    () => [],
  );
}

const backends: [string, () => Promise<Backend>][] = [
  [
    'local disk',
    async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'blobs-'));
      return {
        store: new LocalBlobStore(root),
        storedKeys: async () => (await filesUnder(root)).filter((f) => /^[0-9a-f]{64}$/.test(f)),
        staging: () => filesUnder(path.join(root, 'tmp')),
        close: async () => rmSync(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3 (s3rver)',
    async () => {
      const s3: TestS3 = await startS3('contract-bucket');
      const spool = mkdtempSync(path.join(tmpdir(), 'spool-'));
      const store = new S3BlobStore(s3.location, spool);
      await store.checkBucket();
      const { endPoint, port, useSSL, accessKey, secretKey, pathStyle, region } = s3.location;
      const client = new Minio.Client({ endPoint, port, useSSL, accessKey, secretKey, pathStyle, region });
      return {
        store,
        storedKeys: async () => {
          const keys: string[] = [];
          for await (const o of client.listObjectsV2(s3.location.bucket, '', true)) keys.push(String((o as { name: string }).name));
          return keys;
        },
        staging: () => filesUnder(spool),
        close: async () => {
          await s3.close();
          rmSync(spool, { recursive: true, force: true });
        },
      };
    },
  ],
];

describe.each(backends)('The blob store on %s', (_name, make) => {
  let b: Backend;
  beforeEach(async () => {
    b = await make();
  });
  afterEach(() => b.close());

  it('names a blob by the SHA-256 of its bytes, computed while streaming, and gives the bytes back', async () => {
    const bytes = Buffer.from('签署文件扫描件');
    const stored = await b.store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
    expect(await text((await b.store.get(stored.sha256))!)).toBe('签署文件扫描件');
    expect(await text(await b.store.open(stored.sha256))).toBe('签署文件扫描件');
    expect(await b.store.exists(stored.sha256)).toBe(true);
  });

  it('stores the same bytes once, whether put or staged and committed again', async () => {
    const a = await b.store.put(Buffer.from('same'));
    expect(await b.store.put(Buffer.from('same'))).toEqual(a);
    const staged = await b.store.stage(Readable.from([Buffer.from('same')]), 100);
    await staged.commit();
    expect((await b.storedKeys()).map((k) => k.split('/').pop())).toEqual([a.sha256]);
    expect(await b.staging()).toEqual([]);
  });

  it('stages bytes without keeping them: hash, size and first bytes known, nothing stored until commit', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10_000, 7)]);
    const staged = await b.store.stage(Readable.from([bytes]), 1_000_000);
    expect(staged).toMatchObject({ sha256: sha(bytes), size: bytes.length, truncated: false });
    expect(staged.head.subarray(0, 9).toString()).toBe('%PDF-1.7\n');
    expect(staged.head.length).toBe(4100);
    expect(await b.store.exists(staged.sha256)).toBe(false);
    expect(await b.storedKeys()).toEqual([]);
    await staged.commit();
    expect(await b.store.exists(staged.sha256)).toBe(true);
    expect((await buffer((await b.store.get(staged.sha256))!)).equals(bytes)).toBe(true);
    expect(await b.staging()).toEqual([]);
  });

  it('a discarded stage leaves nothing behind, in storage or in the staging folder', async () => {
    const staged = await b.store.stage(Readable.from([Buffer.from('not evidence after all')]), 1000);
    await staged.discard();
    expect(await b.store.exists(staged.sha256)).toBe(false);
    expect(await b.storedKeys()).toEqual([]);
    expect(await b.staging()).toEqual([]);
  });

  it('a stage over the limit is marked truncated; a put over the limit is refused and leaves nothing', async () => {
    const staged = await b.store.stage(Readable.from([Buffer.alloc(6), Buffer.alloc(6)]), 10);
    expect(staged.truncated).toBe(true);
    await staged.discard();
    await expect(b.store.put(Buffer.alloc(11), 10)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await b.storedKeys()).toEqual([]);
    expect(await b.staging()).toEqual([]);
  });

  it('answers a missing or malformed hash with null, false or BlobNotFoundError, never reading elsewhere', async () => {
    expect(await b.store.get('0'.repeat(64))).toBeNull();
    expect(await b.store.get('../secret')).toBeNull();
    expect(await b.store.exists('../../etc/passwd')).toBe(false);
    expect(await b.store.exists('0'.repeat(64))).toBe(false);
    await expect(b.store.open('0'.repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('deletes a blob (and only that one); deleting a missing blob is harmless', async () => {
    const keep = await b.store.put(Buffer.from('keep'));
    const gone = await b.store.put(Buffer.from('gone'));
    await b.store.delete(gone.sha256);
    expect(await b.store.exists(gone.sha256)).toBe(false);
    expect(await b.store.get(gone.sha256)).toBeNull();
    expect(await b.store.exists(keep.sha256)).toBe(true);
    await b.store.delete(gone.sha256);
    await b.store.delete('not-a-hash');
    // Deleted bytes can be stored again.
    expect(await b.store.put(Buffer.from('gone'))).toEqual(gone);
    expect(await b.store.exists(gone.sha256)).toBe(true);
  });
});

describe('The local blob store on disk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'blobs-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a blob read-only at <aa>/<bb>/<sha256>, and the same bytes again leave that file untouched', async () => {
    const store = new LocalBlobStore(root);
    const a = await store.put(Buffer.from('same'));
    const file = path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256);
    const before = statSync(file);
    expect(before.mode & 0o777).toBe(0o444);
    await store.put(Buffer.from('same'));
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('does not read a file outside its folder through a crafted hash', async () => {
    writeFileSync(path.join(root, 'secret'), 'x');
    const store = new LocalBlobStore(path.join(root, 'blobs'));
    expect(await store.get('../secret')).toBeNull();
  });
});
