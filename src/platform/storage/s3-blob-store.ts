import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import * as Minio from 'minio';
import { ContentAddressedStore, isSha256, type SpooledFile } from './blob-store.js';

/** Where the bucket is and how to reach it (from `S3_*`; the secret key is never logged). */
export interface S3Location {
  endPoint: string;
  port: number;
  useSSL: boolean;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  pathStyle: boolean;
}

const MISSING = new Set(['NoSuchKey', 'NotFound', 'NoSuchObject']);
const isMissing = (e: unknown): boolean => MISSING.has((e as { code?: string }).code ?? '');

/**
 * Blobs in an S3-compatible bucket under `blobs/<aa>/<bb>/<sha256>`. Staged bytes are spooled to a
 * private local file while hashed (the hash, size and first bytes must be known before the caller
 * decides), and uploaded under their content address only on commit. A PUT becomes visible only
 * whole, so a crash or a discard leaves no object whose name does not match its bytes (an aborted
 * multipart upload leaves invisible parts, which a bucket lifecycle rule removes).
 */
export class S3BlobStore extends ContentAddressedStore {
  private readonly client: Minio.Client;
  private readonly bucket: string;

  constructor(
    location: S3Location,
    /** A local folder for staged bytes (per instance). */
    protected readonly spoolDir: string,
  ) {
    super();
    this.bucket = location.bucket;
    this.client = new Minio.Client({
      endPoint: location.endPoint,
      port: location.port,
      useSSL: location.useSSL,
      accessKey: location.accessKey,
      secretKey: location.secretKey,
      pathStyle: location.pathStyle,
      region: location.region,
    });
  }

  /** Fails at boot, not at the first upload, when the bucket is missing or the credentials are wrong. */
  async checkBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) throw new Error(`S3 bucket ${this.bucket} does not exist`);
  }

  /** Uploads the staged file under its content address unless an object is there (write-once); a PUT appears whole or not at all. */
  protected async keep(s: SpooledFile): Promise<void> {
    if (await this.exists(s.sha256)) return;
    await this.client.putObject(this.bucket, this.keyOf(s.sha256), createReadStream(s.file), s.size, { 'Content-Type': 'application/octet-stream' });
  }

  async get(sha256: string): Promise<Readable | null> {
    if (!isSha256(sha256)) return null;
    try {
      return await this.client.getObject(this.bucket, this.keyOf(sha256));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async exists(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false;
    try {
      await this.client.statObject(this.bucket, this.keyOf(sha256));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async delete(sha256: string): Promise<void> {
    if (!isSha256(sha256)) return;
    await this.client.removeObject(this.bucket, this.keyOf(sha256));
  }

  private keyOf(sha256: string): string {
    return `blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }
}
