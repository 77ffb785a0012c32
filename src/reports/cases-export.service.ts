import { Injectable, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuditService } from '../audit/index.js';
import type { Actor } from '../platform/access/principal.js';
import type { CasesExportQuery } from './dto/report.dto.js';
import { MEMBER_CATEGORIES } from '../register/index.js';
import {
  CHANNEL_GROUP_LABELS,
  CHANNEL_LABELS,
  channelGroupOf,
  type Label,
  type Lang,
  memberCategoryLabel,
  PHASE_LABELS,
  STATE_LABELS,
} from './report-labels.js';
import { attachment, CSV_TYPE } from './report-output.js';
import type { ReportPeriod } from './report-period.js';
import { csvCell, csvLine, UTF8_BOM } from './report-table.js';
import { CasesExportRepository } from './cases-export.repository.js';
import { ReportsRepository } from './reports.repository.js';
import { SummaryService } from './summary.service.js';

const COLUMNS: Label[] = [
  { zh: '编号', en: 'Reference' },
  { zh: '收到时间（北京时间）', en: 'Received (Asia/Shanghai)' },
  { zh: '渠道', en: 'Channel' },
  { zh: '来源', en: 'Source' },
  { zh: '合作网站', en: 'Partner' },
  { zh: '类别', en: 'Category' },
  { zh: '被投诉方', en: 'Respondent' },
  { zh: '会员ID', en: 'Member id' },
  { zh: '会员类别', en: 'Member category' },
  { zh: '标题', en: 'Title' },
  { zh: '当前状态', en: 'Current state' },
  { zh: '当前阶段', en: 'Current phase' },
  { zh: '逾期', en: 'Overdue' },
];

/** Labels in one language, already escaped as CSV fields, for PostgreSQL to look up. */
const labelMap = (labels: Record<string, Label>, lang: Lang): string =>
  JSON.stringify(Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, csvCell(v[lang], lang)])));

/**
 * The cases received in a range as CSV, streamed: keyset batches in one read-only repeatable-read transaction (one
 * consistent snapshot), fetched only as fast as the client reads (Readable.from pulls the next batch when the socket
 * has drained), so memory stays flat whatever the size of the export. No complainant data and no complaint text
 * beyond the title; staff only.
 */
@Injectable()
export class CasesExportService {
  constructor(
    private readonly exportRows: CasesExportRepository,
    private readonly summaries: SummaryService,
    private readonly repo: ReportsRepository,
    private readonly audit: AuditService,
  ) {}

  async exportCsv(actor: Actor, q: CasesExportQuery): Promise<StreamableFile> {
    const period = this.summaries.period({ from: q.from, to: q.to });
    const lang = q.lang ?? 'zh';
    const categories = new Map((await this.repo.categoryLabels()).map((c) => [c.code, { zh: c.labelZh, en: c.labelEn }]));
    await this.audit.recordNow(actor, { action: 'report.cases.export', resourceType: 'report', resourceId: 'cases', details: { from: period.from, to: period.to } });
    const stream = Readable.from(this.lines(period, lang, categories), { objectMode: false, highWaterMark: 256 * 1024 });
    return new StreamableFile(stream, { type: CSV_TYPE, disposition: attachment(`cases-${period.from}_${period.to}.csv`) });
  }

  private async *lines(p: ReportPeriod, lang: Lang, categories: Map<string, Label>): AsyncGenerator<string> {
    const groupOfChannel = Object.fromEntries(Object.keys(CHANNEL_LABELS).map((c) => [c, CHANNEL_GROUP_LABELS[channelGroupOf(c)]]));
    const memberCategories = Object.fromEntries(MEMBER_CATEGORIES.map((c) => [c, memberCategoryLabel(c)]));
    const labels = [
      labelMap(CHANNEL_LABELS, lang), labelMap(groupOfChannel, lang), labelMap(Object.fromEntries(categories), lang), labelMap(memberCategories, lang),
      labelMap(STATE_LABELS, lang), labelMap(PHASE_LABELS, lang), lang === 'zh' ? '是' : 'yes', lang === 'zh' ? '否' : 'no',
    ];
    yield* this.exportRows.lines(p, labels, UTF8_BOM + csvLine(COLUMNS.map((c) => c[lang]), lang));
  }
}
