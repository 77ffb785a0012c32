import { StreamableFile } from '@nestjs/common';
import type { ReportFormat } from './dto/report.dto.js';
import type { Lang } from './report-labels.js';
import { type ReportTable, toCsv, toXlsx } from './report-table.js';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`;

/** The report as JSON (the view itself), or as a CSV / XLSX download built from its tables. */
export async function render<T extends object>(view: T, tables: () => ReportTable[], format: ReportFormat | undefined, lang: Lang | undefined, baseName: string): Promise<T | StreamableFile> {
  const l = lang ?? 'zh';
  switch (format ?? 'json') {
    case 'json':
      return view;
    case 'csv': {
      const body = toCsv(tables(), l);
      return new StreamableFile(body, { type: CSV_TYPE, disposition: attachment(`${baseName}.csv`), length: body.length });
    }
    case 'xlsx': {
      const body = await toXlsx(tables(), l);
      return new StreamableFile(body, { type: XLSX_TYPE, disposition: attachment(`${baseName}.xlsx`), length: body.length });
    }
  }
}
