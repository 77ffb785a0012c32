import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type BlobReferences, CasePurgeRegistry } from '../../platform/purge/case-purge-registry.js';
import { SignaturesRepository } from './signatures.repository.js';

/** Scanned signature documents share the content-addressed store with evidence: a purged case's file stays if a signature holds the same bytes. */
@Injectable()
export class SignatureBlobReferences implements BlobReferences, OnModuleInit {
  readonly owner = 'pacts: signatures';

  constructor(
    private readonly signatures: SignaturesRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerBlobReferences(this);
  }

  referencedAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    return this.signatures.documentsAmong(m, sha256s);
  }
}
