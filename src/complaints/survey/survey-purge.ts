import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CasePurgeRegistry, type CaseRowsPurger, type PurgedRows } from '../../platform/purge/case-purge-registry.js';
import { SurveyRepository } from './survey.repository.js';

/** The complainant's survey answer goes with its case. */
@Injectable()
export class SurveyCasePurger implements CaseRowsPurger, OnModuleInit {
  readonly owner = 'complaints: satisfaction_surveys';

  constructor(
    private readonly surveys: SurveyRepository,
    private readonly registry: CasePurgeRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerRows(this);
  }

  async deleteCaseRows(m: EntityManager, caseIds: readonly string[]): Promise<PurgedRows> {
    return { rows: await this.surveys.deleteOfCases(m, caseIds) };
  }
}
