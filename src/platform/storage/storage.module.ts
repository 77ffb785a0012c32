import { Global, Module } from '@nestjs/common';
import path from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { BLOB_STORAGE } from './blob-storage.js';
import { BLOB_STORE, LocalBlobStore } from './blob-store.js';
import { LocalDiskStorage } from './local-disk-storage.js';

/** Blob storage for every feature: local disk under DATA_DIR/blobs, content-addressed by SHA-256. */
@Global()
@Module({
  providers: [
    { provide: BLOB_STORE, useClass: LocalBlobStore },
    {
      provide: BLOB_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new LocalDiskStorage(path.resolve(config.dataDir, 'blobs')),
    },
  ],
  exports: [BLOB_STORE, BLOB_STORAGE],
})
export class StorageModule {}
