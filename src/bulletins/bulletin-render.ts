import { createHash } from 'node:crypto';
import { xmlEscape } from '../publications/index.js';
import type { BulletinFigures, FigureCount } from './bulletin-figures.js';

/** A chosen disclosure as the bulletin froze it: the public fields only. */
export interface BulletinDisclosure {
  id: string;
  respondentName: string;
  category: { code: string; zh: string; en: string };
  summary: string;
  findings: string;
  rightOfReply: { text: string; repliedAt: string | null } | null;
  publishedAt: string;
}

export interface BulletinSection {
  heading: string;
  body: string;
}

/** Everything a rendering is made of. `issue` null: a draft's preview (no number yet). */
export interface BulletinContent {
  seriesTitle: string;
  issue: { year: number; number: number } | null;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  publishedAt: Date | null;
  figures: BulletinFigures;
  disclosures: BulletinDisclosure[];
  sections: BulletinSection[];
}

/** "2026年第33期". */
export const issueLabel = (year: number, number: number): string => `${year}年第${number}期`;

/** "舆情简报 2026年第33期": the mail's subject and the document's title line. */
export function headline(c: Pick<BulletinContent, 'seriesTitle' | 'issue'>): string {
  return `${c.seriesTitle} ${c.issue ? issueLabel(c.issue.year, c.issue.number) : '（草稿，未编号）'}`;
}

/** Characters neither XML nor a mail body should carry (C0 controls but tab and line feed, lone surrogates, U+FFFE/F). */
const INVALID_TEXT = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Staff text with CRLF/CR as LF and the characters above dropped. */
const clean = (s: string): string => s.replace(/\r\n?/g, '\n').replace(INVALID_TEXT, '');

const esc = (s: string): string => xmlEscape(clean(s));

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99: section headings). */
export function chineseNumeral(n: number): string {
  if (n < 10) return CN_DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** 2026-08-10 → 2026年8月10日. */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The Asia/Shanghai calendar date of an instant. */
const shanghaiDate = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const percent = (v: number | null): string => (v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)}%`);
const num = (v: number | null): string => (v === null ? '—' : String(v));

/** The key figures as label → value lines, in the order every rendering shows them. */
function keyFigures(f: BulletinFigures): [string, string][] {
  return [
    ['收到投诉', num(f.received)],
    ['作出处理决定', num(f.decided)],
    ['处理用时中位数（天）', num(f.medianDaysToDecision)],
    ['被投诉方答复', num(f.respondentAnswers.answered)],
    ['按期答复', num(f.respondentAnswers.answeredOnTime)],
    ['逾期未答复', num(f.respondentAnswers.deadlinesMissed)],
    ['按期答复率', percent(f.respondentAnswers.onTimeShare)],
    ['投诉成立', num(f.outcomes.resolvedUpheld)],
    ['调解成功', num(f.outcomes.mediatedAgreements)],
    ['办结', num(f.outcomes.closed)],
    ['公开曝光', num(f.publications)],
    ['移送执法部门', num(f.referrals)],
    ['期末未结案件', num(f.openAtEnd)],
    ['平均满意度（1–5分）', num(f.satisfaction.meanRating)],
  ];
}

const countLabel = (c: FigureCount): string => c.label ?? c.key;

function periodLine(c: BulletinContent): string {
  return `统计期间：${chineseDate(c.periodFrom)}至${chineseDate(c.periodTo)}`;
}

function dateLine(c: BulletinContent): string {
  return c.publishedAt ? `发布日期：${chineseDate(shanghaiDate(c.publishedAt))}` : '尚未发布';
}

/** The parts in order, each with its numbered heading (一、二、…): the figures, the disclosures if any, then the sections. */
function parts(c: BulletinContent): { heading: string; kind: 'figures' | 'disclosures' | 'section'; section?: BulletinSection }[] {
  const out: { heading: string; kind: 'figures' | 'disclosures' | 'section'; section?: BulletinSection }[] = [{ heading: '本期数据', kind: 'figures' }];
  if (c.disclosures.length) out.push({ heading: '公开曝光', kind: 'disclosures' });
  for (const s of c.sections) out.push({ heading: s.heading, kind: 'section', section: s });
  return out.map((p, i) => ({ ...p, heading: `${chineseNumeral(i + 1)}、${clean(p.heading)}` }));
}

/** Paragraphs of staff text: blank lines separate paragraphs, a single line break stays a line break. */
function paragraphs(body: string, open = '<p>'): string {
  return clean(body)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `${open}${p.split('\n').map(xmlEscape).join('<br>')}</p>`)
    .join('\n');
}

// ---------------------------------------------------------------------------------------------------------------------
// The public document: one self-contained HTML page, no script, no external resource; its stylesheet prints on A4.

const DOCUMENT_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f3f3; color: #1a1a1a; font: 16px/1.75 "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; }
.sheet { max-width: 210mm; margin: 24px auto; padding: 20mm 18mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
.masthead { text-align: center; border-bottom: 3px solid #c00; padding-bottom: 10px; margin-bottom: 20px; }
.series { margin: 0; color: #c00; font-size: 34px; font-weight: bold; letter-spacing: .3em; }
.issue { margin: 4px 0 0; font-size: 18px; }
.meta { display: flex; justify-content: space-between; flex-wrap: wrap; gap: 4px 16px; margin: 12px 0 0; font-size: 14px; }
h1 { font-size: 22px; text-align: center; margin: 24px 0 16px; }
h2 { font-size: 18px; margin: 28px 0 10px; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
h3 { font-size: 16px; margin: 18px 0 6px; }
p { margin: 0 0 10px; text-indent: 2em; }
p.reply { text-indent: 0; padding-left: 1em; border-left: 3px solid #ccc; color: #444; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid #999; padding: 4px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
caption { text-align: left; font-weight: bold; margin-bottom: 4px; }
footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid #999; font-size: 12px; color: #555; }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .sheet { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .series { font-size: 26pt; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, tr, .disclosure { break-inside: avoid; page-break-inside: avoid; }
  p { orphans: 3; widows: 3; }
}
`;

function documentTable(caption: string, rows: [string, string][]): string {
  return [
    '<table>',
    `<caption>${xmlEscape(caption)}</caption>`,
    '<tbody>',
    ...rows.map(([k, v]) => `<tr><th scope="row">${xmlEscape(k)}</th><td class="n">${xmlEscape(v)}</td></tr>`),
    '</tbody>',
    '</table>',
  ].join('\n');
}

const countRows = (items: FigureCount[]): [string, string][] => items.map((c) => [countLabel(c), String(c.count)]);

/** The three tables of the period's figures (key figures, by source, by category), each drawn by `table`. */
function figureTables(f: BulletinContent['figures'], table: (caption: string, rows: [string, string][]) => string): string[] {
  return [table('主要数据', keyFigures(f)), table('按来源收到投诉', countRows(f.receivedBySource)), table('按类别收到投诉', countRows(f.receivedByCategory))];
}

/** The public HTML document (also the staff preview of a draft). Everything staff typed is escaped. */
export function renderDocument(c: BulletinContent): string {
  const body: string[] = [];
  for (const p of parts(c)) {
    body.push('<section>', `<h2>${xmlEscape(p.heading)}</h2>`);
    if (p.kind === 'figures') {
      body.push(
        ...figureTables(c.figures, documentTable),
      );
    } else if (p.kind === 'disclosures') {
      for (const d of c.disclosures) {
        body.push(
          '<div class="disclosure">',
          `<h3>${esc(d.respondentName)}（${esc(d.category.zh)}）</h3>`,
          paragraphs(d.summary),
          paragraphs(d.findings),
          ...(d.rightOfReply ? [paragraphs(`被投诉方回复：${d.rightOfReply.text}`, '<p class="reply">')] : []),
          '</div>',
        );
      }
    } else body.push(paragraphs(p.section!.body));
    body.push('</section>');
  }
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(headline(c))}${c.title ? ` ${esc(c.title)}` : ''}</title>`,
    `<style>${DOCUMENT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<article class="sheet">',
    '<header class="masthead">',
    `<p class="series">${esc(c.seriesTitle)}</p>`,
    `<p class="issue">${c.issue ? issueLabel(c.issue.year, c.issue.number) : '（草稿，未编号）'}</p>`,
    `<p class="meta"><span>${xmlEscape(periodLine(c))}</span><span>${xmlEscape(dateLine(c))}</span></p>`,
    '</header>',
    ...(c.title ? [`<h1>${esc(c.title)}</h1>`] : []),
    ...body,
    `<footer>${xmlEscape(`${headline(c)} · ${periodLine(c)}`)}</footer>`,
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * The Content-Security-Policy of a rendered document: nothing may load, no script may run, and only the document's own
 * style blocks apply (by their SHA-256, computed from the document itself, so a document frozen under an older
 * stylesheet keeps its style).
 */
export function documentCsp(html: string): string {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
  return [
    "default-src 'none'",
    `style-src ${hashes.length ? hashes.join(' ') : "'none'"}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

// ---------------------------------------------------------------------------------------------------------------------
// The mail's HTML part: inline styles only (mail clients drop <style> blocks and external sheets), tables for layout.

const FONT = 'font-family:&quot;PingFang SC&quot;,&quot;Microsoft YaHei&quot;,&quot;Noto Sans CJK SC&quot;,sans-serif';
const S = {
  body: `margin:0;padding:0;background:#f3f3f3;${FONT};color:#1a1a1a`,
  sheet: 'max-width:640px;margin:0 auto;background:#ffffff;padding:24px',
  series: 'margin:0;text-align:center;color:#cc0000;font-size:28px;font-weight:bold;letter-spacing:4px',
  issue: 'margin:4px 0 0;text-align:center;font-size:16px',
  meta: 'margin:8px 0 16px;padding-bottom:8px;border-bottom:3px solid #cc0000;text-align:center;font-size:13px;color:#444444',
  h1: 'margin:16px 0;text-align:center;font-size:20px',
  h2: 'margin:24px 0 8px;font-size:17px',
  h3: 'margin:16px 0 4px;font-size:15px',
  p: 'margin:0 0 10px;font-size:15px;line-height:1.7',
  reply: 'margin:0 0 10px;padding-left:10px;border-left:3px solid #cccccc;color:#444444;font-size:14px;line-height:1.7',
  table: 'width:100%;border-collapse:collapse;margin:6px 0 14px;font-size:14px',
  caption: 'text-align:left;font-weight:bold;padding-bottom:4px',
  th: 'border:1px solid #999999;padding:4px 8px;text-align:left;font-weight:normal',
  td: 'border:1px solid #999999;padding:4px 8px;text-align:right;white-space:nowrap',
  footer: 'margin-top:24px;padding-top:8px;border-top:1px solid #999999;font-size:12px;color:#555555',
};

function emailTable(caption: string, rows: [string, string][]): string {
  return [
    `<table role="presentation" style="${S.table}">`,
    `<caption style="${S.caption}">${xmlEscape(caption)}</caption>`,
    ...rows.map(([k, v]) => `<tr><td style="${S.th}">${xmlEscape(k)}</td><td style="${S.td}">${xmlEscape(v)}</td></tr>`),
    '</table>',
  ].join('\n');
}

/** The mail's HTML part. The mail context adds its own footer (unsubscribe); this has none. */
export function renderEmailHtml(c: BulletinContent): string {
  const body: string[] = [];
  for (const p of parts(c)) {
    body.push(`<h2 style="${S.h2}">${xmlEscape(p.heading)}</h2>`);
    if (p.kind === 'figures') {
      body.push(
        ...figureTables(c.figures, emailTable),
      );
    } else if (p.kind === 'disclosures') {
      for (const d of c.disclosures) {
        body.push(
          `<h3 style="${S.h3}">${esc(d.respondentName)}（${esc(d.category.zh)}）</h3>`,
          paragraphs(d.summary, `<p style="${S.p}">`),
          paragraphs(d.findings, `<p style="${S.p}">`),
          ...(d.rightOfReply ? [paragraphs(`被投诉方回复：${d.rightOfReply.text}`, `<p style="${S.reply}">`)] : []),
        );
      }
    } else body.push(paragraphs(p.section!.body, `<p style="${S.p}">`));
  }
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(headline(c))}</title>`,
    '</head>',
    `<body style="${S.body}">`,
    `<div style="${S.sheet}">`,
    `<p style="${S.series}">${esc(c.seriesTitle)}</p>`,
    `<p style="${S.issue}">${c.issue ? issueLabel(c.issue.year, c.issue.number) : '（草稿，未编号）'}</p>`,
    `<p style="${S.meta}">${xmlEscape(periodLine(c))}　${xmlEscape(dateLine(c))}</p>`,
    ...(c.title ? [`<h1 style="${S.h1}">${esc(c.title)}</h1>`] : []),
    ...body,
    `<p style="${S.footer}">${xmlEscape(`${headline(c)} · ${periodLine(c)}`)}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------------

/** The mail's plain-text part (and the Atom entry's content). */
export function renderText(c: BulletinContent): string {
  const out: string[] = [clean(c.seriesTitle), c.issue ? issueLabel(c.issue.year, c.issue.number) : '（草稿，未编号）', periodLine(c), dateLine(c), ''];
  if (c.title) out.push(clean(c.title), '');
  const text = (s: string) => clean(s).split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  for (const p of parts(c)) {
    out.push(p.heading, '');
    if (p.kind === 'figures') {
      for (const [k, v] of keyFigures(c.figures)) out.push(`${k}：${v}`);
      out.push('', '按来源收到投诉：', ...countRows(c.figures.receivedBySource).map(([k, v]) => `  ${k}：${v}`));
      out.push('', '按类别收到投诉：', ...countRows(c.figures.receivedByCategory).map(([k, v]) => `  ${k}：${v}`));
      out.push('');
    } else if (p.kind === 'disclosures') {
      for (const d of c.disclosures) {
        out.push(`${clean(d.respondentName)}（${clean(d.category.zh)}）`, ...text(d.summary), ...text(d.findings));
        if (d.rightOfReply) out.push(...text(`被投诉方回复：${d.rightOfReply.text}`));
        out.push('');
      }
    } else out.push(...text(p.section!.body).flatMap((para) => [para, '']));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
