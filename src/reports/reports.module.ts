import { Module } from '@nestjs/common';
import { CasesExportRepository } from './cases-export.repository.js';
import { CasesExportService } from './cases-export.service.js';
import { EvaluationService } from './evaluation.service.js';
import { MemberComplianceRepository } from './member-compliance.repository.js';
import { PublicStatisticsController, ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { SummaryService } from './summary.service.js';

@Module({
  controllers: [ReportsController, PublicStatisticsController],
  providers: [ReportsRepository, MemberComplianceRepository, SummaryService, EvaluationService, CasesExportService, CasesExportRepository],
  exports: [SummaryService],
})
export class ReportsModule {}
