import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../platform/purge/case-purge-registry.js';
import { ReferralsRepository } from './referrals.repository.js';

/**
 * A purged case's referrals and their custody go with it (a test case never has one; the purge does not rely on that).
 * A packet lists its case's evidence by content hash; those blobs are the case's evidence rows', which the evidence
 * context keeps or releases.
 */
@Injectable()
export class ReferralsCasePurger implements CaseRowsPurger, OnModuleInit {
  readonly owner = 'referrals: referrals, referral_custody';

  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    return { rows: await this.referrals.deleteOfCases(m, caseIds) };
  }
}
