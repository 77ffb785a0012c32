import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobTooLargeError } from './blob-storage.js';
import { LocalDiskStorage } from './local-disk-storage.js';

describe('Local disk blob storage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'blobs-'));
    storage = new LocalDiskStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('names a blob by the SHA-256 of its bytes, computed while streaming', async () => {
    const bytes = Buffer.from('签署文件扫描件');
    const stored = await storage.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]));
    expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    expect(await text((await storage.get(stored.sha256))!)).toBe('签署文件扫描件');
  });

  it('is write-once: the same bytes again keep the first file untouched and read-only', async () => {
    const a = await storage.put(Buffer.from('same'));
    const file = path.join(root, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256);
    const before = statSync(file);
    expect(before.mode & 0o777).toBe(0o444);
    const b = await storage.put(Buffer.from('same'));
    expect(b).toEqual(a);
    expect(statSync(file).ino).toBe(before.ino);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses more bytes than allowed and leaves nothing behind', async () => {
    await expect(storage.put(Buffer.alloc(11), { maxBytes: 10 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    expect((await readdir(root)).filter((d) => d !== 'tmp')).toEqual([]);
  });

  it('answers null for an unknown or malformed hash instead of reading outside its folder', async () => {
    writeFileSync(path.join(root, 'secret'), 'x');
    expect(await storage.get('0'.repeat(64))).toBeNull();
    expect(await storage.get('../secret')).toBeNull();
    expect(await storage.has('../../etc/passwd')).toBe(false);
  });
});
