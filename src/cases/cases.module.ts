import { Module } from '@nestjs/common';
import { CasesCoreModule } from './cases-core.module.js';
import { CaseEventsController, CasesController } from './cases.controller.js';
import { CaseSearch } from './case-search.js';
import { CaseSearchIndexJob } from './case-search-index.job.js';
import { CaseSearchIndexer } from './case-search-indexer.js';
import { CasesQueryService } from './cases-query.service.js';
import { DeadlineJob } from './deadlines/deadline.job.js';
import { ReminderJob } from './deadlines/reminder.job.js';

@Module({
  imports: [CasesCoreModule],
  controllers: [CasesController, CaseEventsController],
  providers: [CasesQueryService, CaseSearch, CaseSearchIndexer, CaseSearchIndexJob, DeadlineJob, ReminderJob],
  exports: [CasesQueryService],
})
export class CasesModule {}
