import { Global, Module } from '@nestjs/common';
import { BLOB_STORE, LocalBlobStore } from './blob-store.js';

@Global()
@Module({ providers: [{ provide: BLOB_STORE, useClass: LocalBlobStore }], exports: [BLOB_STORE] })
export class StorageModule {}
