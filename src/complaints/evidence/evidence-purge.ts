import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type BlobReferences, CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../../platform/purge/case-purge-registry.js';
import { EvidenceRepository } from './evidence.repository.js';

/** Evidence in a case purge: its rows go with the case, and their blobs once no row of any case references them. */
@Injectable()
export class EvidenceCasePurger implements CaseRowsPurger, BlobReferences, OnModuleInit {
  readonly owner = 'complaints: evidence';

  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
    this.registry.registerBlobReferences(this);
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    const { rows, sha256s } = await this.evidence.deleteOfCases(m, caseIds);
    return { rows, blobs: sha256s };
  }

  referencedAmong(m: EntityManager, sha256s: readonly string[]): Promise<string[]> {
    return this.evidence.referencedAmong(m, sha256s);
  }
}
