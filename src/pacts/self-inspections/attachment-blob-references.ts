import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type BlobReferences, CasePurgeRegistry } from '../../platform/purge/case-purge-registry.js';
import { SelfInspectionsRepository } from './self-inspections.repository.js';

/** Self-inspection attachments share the content-addressed store with evidence: a purged case's file stays if a report attaches the same bytes. */
@Injectable()
export class AttachmentBlobReferences implements BlobReferences, OnModuleInit {
  readonly owner = 'pacts: self_inspection_revisions';

  constructor(
    private readonly inspections: SelfInspectionsRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerBlobReferences(this);
  }

  referencedAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    return this.inspections.attachmentsAmong(m, sha256s);
  }
}
