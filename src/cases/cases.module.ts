import { Module } from '@nestjs/common';
import { CaseJobs } from './case-jobs.js';
import { CasesCoreModule } from './cases-core.module.js';
import { CasesController } from './cases.controller.js';
import { CaseSearch } from './case-search.js';
import { CaseSearchIndexer } from './case-search-indexer.js';
import { CasesQueryService } from './cases-query.service.js';

@Module({
  imports: [CasesCoreModule],
  controllers: [CasesController],
  providers: [CasesQueryService, CaseSearch, CaseSearchIndexer, CaseJobs],
  exports: [CasesQueryService],
})
export class CasesModule {}
