import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Location } from '../../src/platform/storage/s3-blob-store.js';

export interface TestS3 {
  location: S3Location;
  /** The service's environment for this bucket (BLOB_BACKEND=s3 and S3_*). */
  env: Record<string, string>;
  close: () => Promise<void>;
}

/** A real S3-protocol server (s3rver) on the loopback, on a free port, with one empty bucket; its files in a temporary folder. */
export async function startS3(bucket = 'selfreg-blobs'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const location: S3Location = { endPoint: '127.0.0.1', port, useSSL: false, bucket, region: 'us-east-1', accessKey: 'S3RVER', secretKey: 'S3RVER', pathStyle: true };
  return {
    location,
    env: { BLOB_BACKEND: 's3', S3_ENDPOINT: `http://127.0.0.1:${port}`, S3_BUCKET: bucket, S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER' },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
