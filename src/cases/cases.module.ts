import { Module } from '@nestjs/common';
import { ComplaintsModule } from '../complaints/complaints.module.js';
import { CallbackSender } from '../outbound/callback-sender.js';
import { PartnersModule } from '../parties/partners/partners.module.js';
import { CaseJobs } from './case-jobs.js';
import { CasesCoreModule } from './cases-core.module.js';
import { CasesController, ComplainantEventsController } from './cases.controller.js';
import { CaseSearch } from './case-search.js';
import { CaseSearchIndexer } from './case-search-indexer.js';
import { CasesQueryService } from './cases-query.service.js';

@Module({
  imports: [CasesCoreModule, ComplaintsModule, PartnersModule],
  controllers: [CasesController, ComplainantEventsController],
  providers: [CasesQueryService, CaseSearch, CaseSearchIndexer, CaseJobs, CallbackSender],
  exports: [CasesQueryService],
})
export class CasesModule {}
