import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/principal.js';
import type { CasesExportQuery } from './dto/report.dto.js';
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
import { csvLine, UTF8_BOM } from './report-table.js';
import { ReportsRepository } from './reports.repository.js';
import { SummaryService } from './summary.service.js';

/** Rows fetched from the cursor per round trip: large enough to amortise the round trip, small enough to keep memory flat. */
export const EXPORT_BATCH = 2000;

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

interface ExportRow {
  reference: string;
  received: string;
  channel: string;
  partner: string | null;
  category: string;
  respondentName: string;
  memberId: string | null;
  memberCategory: string | null;
  title: string;
  state: string;
  phase: string | null;
  overdue: boolean;
}

/**
 * The cases received in a range as CSV, streamed: one server-side cursor in a read-only repeatable-read transaction
 * (one consistent snapshot), fetched in batches only as fast as the client reads (Readable.from pulls the next batch
 * when the socket has drained), so memory stays flat whatever the size of the export. No complainant data and no
 * complaint text beyond the title; staff only.
 */
@Injectable()
export class CasesExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
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
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let inTransaction = false;
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      inTransaction = true;
      await runner.query(
        `DECLARE cases_export NO SCROLL CURSOR FOR
         SELECT c.reference, to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS received, c.channel,
                p.name AS partner, c.category, c.respondent_name AS "respondentName", c.respondent_member_id AS "memberId",
                m.category AS "memberCategory", c.title, c.state, c.phase, c.overdue
           FROM cases c LEFT JOIN partners p ON p.id = c.partner_id LEFT JOIN members m ON m.id = c.respondent_member_id
          WHERE c.received_at >= $1 AND c.received_at < $2
          ORDER BY c.received_at, c.id`,
        [p.start, p.end],
      );
      yield UTF8_BOM + csvLine(COLUMNS.map((c) => c[lang]), lang);
      for (;;) {
        const rows: ExportRow[] = await runner.query(`FETCH ${EXPORT_BATCH} FROM cases_export`);
        if (rows.length === 0) break;
        let chunk = '';
        for (const r of rows) {
          chunk += csvLine(
            [
              r.reference, r.received, CHANNEL_LABELS[r.channel as keyof typeof CHANNEL_LABELS]?.[lang] ?? r.channel,
              CHANNEL_GROUP_LABELS[channelGroupOf(r.channel)][lang], r.partner, categories.get(r.category)?.[lang] ?? r.category,
              r.respondentName, r.memberId, r.memberId ? memberCategoryLabel(r.memberCategory)[lang] : null, r.title,
              STATE_LABELS[r.state]?.[lang] ?? r.state, r.phase ? (PHASE_LABELS[r.phase]?.[lang] ?? r.phase) : null, r.overdue,
            ],
            lang,
          );
        }
        yield chunk;
      }
      await runner.query('COMMIT');
      inTransaction = false;
    } finally {
      // Also reached when the client goes away mid-export (the stream is destroyed and the generator returns).
      if (inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
