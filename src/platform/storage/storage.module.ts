import { Global, Module } from '@nestjs/common';
import path from 'node:path';
import { APP_CONFIG, type AppConfig, s3LocationOf } from '../config/config.js';
import { BLOB_STORE, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

/** The one blob store for every feature, backed by local disk (DATA_DIR/blobs) or an S3-compatible bucket (BLOB_BACKEND). */
@Global()
@Module({
  providers: [
    {
      provide: BLOB_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<BlobStore> => {
        const root = path.resolve(config.dataDir, 'blobs');
        if (config.storage.backend === 'local') return new LocalBlobStore(root);
        const store = new S3BlobStore(s3LocationOf(config.storage.s3), path.join(root, 'tmp'));
        await store.checkBucket();
        return store;
      },
    },
  ],
  exports: [BLOB_STORE],
})
export class StorageModule {}
