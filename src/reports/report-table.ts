import ExcelJS from 'exceljs';
import type { Label, Lang } from './report-labels.js';

/** A cell; a label cell shows the text of the chosen language. */
export type Cell = string | number | boolean | null | Label;

/** One section of a report as rows and columns: a CSV block, or one worksheet of the XLSX file. */
export interface ReportTable {
  key: string;
  title: Label;
  columns: (Label & { key: string })[];
  rows: Record<string, Cell>[];
}

export const UTF8_BOM = '\uFEFF';

/** Cells that a spreadsheet would run as a formula get a leading apostrophe (CSV injection). */
/** The plain value of a cell in a language: text, number or null. */
export function plain(value: Cell, lang: Lang): string | number | null {
  if (value === null) return null;
  if (typeof value === 'boolean') return value ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no';
  if (typeof value === 'object') return value[lang];
  return value;
}

export function csvCell(cell: Cell, lang: Lang): string {
  const value = plain(cell, lang);
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: Cell[], lang: Lang): string => `${cells.map((c) => csvCell(c, lang)).join(',')}\r\n`;

/**
 * CSV (RFC 4180, CRLF) in UTF-8 with a byte-order mark, so Excel opens Chinese text correctly. One table: a header
 * row and its rows. Several: each block starts with its title on a line of its own and ends with an empty line.
 */
export function toCsv(tables: ReportTable[], lang: Lang): Buffer {
  const parts: string[] = [UTF8_BOM];
  for (const t of tables) {
    if (tables.length > 1) parts.push(csvLine([t.title[lang]], lang));
    parts.push(csvLine(t.columns.map((c) => c[lang]), lang));
    for (const r of t.rows) parts.push(csvLine(t.columns.map((c) => r[c.key] ?? null), lang));
    if (tables.length > 1) parts.push('\r\n');
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** Worksheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** An XLSX workbook with one worksheet per table, headers in the chosen language, header row frozen. */
export async function toXlsx(tables: ReportTable[], lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'selfreg-cases';
  const used = new Set<string>();
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.title[lang], used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({ header: c[lang], key: c.key, width: Math.min(60, Math.max(12, c[lang].length * 2 + 4)) }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) {
      ws.addRow(Object.fromEntries(t.columns.map((c) => [c.key, plain(r[c.key] ?? null, lang)])));
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
