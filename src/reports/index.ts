/** The public surface of the reports context: what other contexts may import. */
export { ReportEvaluation } from './report-evaluation.entity.js';
export { ReportsModule } from './reports.module.js';
export { SummaryService } from './summary.service.js';
export type { SummaryView } from './dto/report.dto.js';
