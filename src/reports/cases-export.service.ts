import { Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
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
import { ReportsRepository } from './reports.repository.js';
import { SummaryService } from './summary.service.js';

/** Cases per batch: large enough to amortise a round trip, small enough to keep memory flat (about 1 MB of text). */
export const EXPORT_BATCH = 5000;

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

/**
 * A free-text CSV field built by PostgreSQL with the value csvCell() gives: plain text as it is; text that starts like a
 * formula gets an apostrophe and is quoted, like text with a quote, comma or line break (RFC 4180). One regular
 * expression per field keeps the common case cheap.
 */
function csvText(expr: string): string {
  return `CASE WHEN ${expr} IS NULL THEN '' WHEN ${expr} ~ '^[=+\\-@\\t\\r]|[",\\r\\n]'
    THEN '"' || replace(CASE WHEN ${expr} ~ '^[=+\\-@\\t\\r]' THEN '''' || ${expr} ELSE ${expr} END, '"', '""') || '"' ELSE ${expr} END`;
}

/** Labels in one language, already escaped as CSV fields, for PostgreSQL to look up. */
interface Batch {
  text: string | null;
  n: number;
  lastAt: string;
  lastId: string;
}

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
    const groupOfChannel = Object.fromEntries(Object.keys(CHANNEL_LABELS).map((c) => [c, CHANNEL_GROUP_LABELS[channelGroupOf(c)]]));
    const memberCategories = Object.fromEntries(MEMBER_CATEGORIES.map((c) => [c, memberCategoryLabel(c)]));
    const labels = [
      labelMap(CHANNEL_LABELS, lang), labelMap(groupOfChannel, lang), labelMap(Object.fromEntries(categories), lang), labelMap(memberCategories, lang),
      labelMap(STATE_LABELS, lang), labelMap(PHASE_LABELS, lang), lang === 'zh' ? '是' : 'yes', lang === 'zh' ? '否' : 'no',
    ];
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let inTransaction = false;
    let next: Promise<Batch[]> | undefined;
    // One batch: the next EXPORT_BATCH cases after the last one sent (keyset on received_at, id), as one text that
    // PostgreSQL builds (labels from the maps passed in, free text escaped), with the key of its last case.
    const batch = (after: { at: string; id: string } | null): Promise<Batch[]> =>
      runner.query(
        `WITH b AS (
           SELECT c.received_at, c.id, concat_ws(',',
                    c.reference,
                    to_char(c.received_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'),
                    $3::jsonb ->> c.channel,
                    $4::jsonb ->> c.channel,
                    ${csvText('p.name')},
                    coalesce($5::jsonb ->> c.category, ${csvText('c.category')}),
                    ${csvText('c.respondent_name')},
                    coalesce(c.respondent_member_id::text, ''),
                    CASE WHEN c.respondent_member_id IS NOT NULL THEN $6::jsonb ->> m.category ELSE '' END,
                    ${csvText('c.title')},
                    $7::jsonb ->> c.state,
                    coalesce($8::jsonb ->> c.phase, ${csvText('c.phase')}),
                    CASE WHEN c.overdue THEN $9 ELSE $10 END) || E'\\r\\n' AS line
             FROM cases c LEFT JOIN partners p ON p.id = c.partner_id LEFT JOIN members m ON m.id = c.respondent_member_id
            WHERE c.received_at >= coalesce($11::timestamptz, $1) AND c.received_at < $2
              AND ($11::timestamptz IS NULL OR (c.received_at, c.id) > ($11::timestamptz, $12::uuid))
            ORDER BY c.received_at, c.id
            LIMIT ${EXPORT_BATCH})
         SELECT string_agg(line, '' ORDER BY received_at, id) AS text, count(*)::int AS n,
                max(received_at)::text AS "lastAt",
                (array_agg(id ORDER BY received_at DESC, id DESC))[1] AS "lastId"
           FROM b`,
        [p.start, p.end, ...labels, after?.at ?? null, after?.id ?? null],
      );
    try {
      // One snapshot for the whole export, however long the download takes.
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      inTransaction = true;
      yield UTF8_BOM + csvLine(COLUMNS.map((c) => c[lang]), lang);
      let pending: Promise<Batch[]> = batch(null);
      next = pending;
      for (;;) {
        const [b] = await pending;
        // The next batch is fetched while this one is written out.
        if (b.n < EXPORT_BATCH) {
          next = undefined;
          if (b.n > 0) yield b.text as string;
          break;
        }
        pending = batch({ at: b.lastAt, id: b.lastId });
        next = pending;
        yield b.text as string;
      }
      await runner.query('COMMIT');
      inTransaction = false;
    } finally {
      // Also reached when the client goes away mid-export (the stream is destroyed and the generator returns).
      await next?.catch(() => undefined);
      if (inTransaction) await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
