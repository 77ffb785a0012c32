import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../platform/purge/case-purge-registry.js';
import { DisclosuresRepository } from './disclosures.repository.js';

/** A purged case's disclosures go with it (a test case never has one; the purge does not rely on that). */
@Injectable()
export class DisclosuresCasePurger implements CaseRowsPurger, OnModuleInit {
  readonly owner = 'publications: disclosures';

  constructor(
    private readonly disclosures: DisclosuresRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    return { rows: await this.disclosures.deleteOfCases(m, caseIds) };
  }
}
