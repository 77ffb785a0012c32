import { xmlEscape } from '../publications/index.js';
import { chineseDate, headline } from './bulletin-render.js';

/** A stable id for the bulletins feed (RFC 4287 atom:id must never change). */
const FEED_ID = 'urn:uuid:0b6f2d4e-7c1a-4e58-9d3b-5a2c8e41f7b3';

export interface BulletinFeedEntry {
  id: string;
  seriesCode: string;
  seriesTitle: string;
  title: string | null;
  periodFrom: string;
  periodTo: string;
  year: number;
  number: number;
  publishedAt: Date | string;
  /** The frozen plain-text rendering. */
  text: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/**
 * Atom 1.0 (RFC 4287) feed of published bulletins, newest first, the same way as the disclosures feed: text content
 * only (XML-escaped), links relative to the feed's own URL, the rendered document as the alternate link.
 */
export function bulletinAtomFeed(entries: BulletinFeedEntry[]): string {
  const updated = entries.reduce((max, e) => (new Date(e.publishedAt) > max ? new Date(e.publishedAt) : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${FEED_ID}</id>`,
    '  <title>简报 / Bulletins</title>',
    '  <subtitle>协会定期简报存档 / The association\'s numbered bulletins</subtitle>',
    `  <updated>${updated.toISOString()}</updated>`,
    '  <link rel="self" type="application/atom+xml" href="/v1/public/bulletins.atom"/>',
    '  <link rel="alternate" type="application/json" href="/v1/public/bulletins"/>',
    '  <author><name>秘书处 / Secretariat</name></author>',
  ];
  for (const e of entries) {
    const head = headline({ seriesTitle: e.seriesTitle, issue: { year: e.year, number: e.number } });
    lines.push(
      '  <entry>',
      `    <id>urn:uuid:${e.id}</id>`,
      `    <title type="text">${xmlEscape(e.title ? `${head} ${e.title}` : head)}</title>`,
      `    <updated>${iso(e.publishedAt)}</updated>`,
      `    <published>${iso(e.publishedAt)}</published>`,
      `    <link rel="alternate" type="text/html" href="/v1/public/bulletins/${e.id}/html"/>`,
      `    <link rel="alternate" type="application/json" href="/v1/public/bulletins/${e.id}"/>`,
      `    <category term="${xmlEscape(e.seriesCode)}" label="${xmlEscape(e.seriesTitle)}"/>`,
      `    <summary type="text">${xmlEscape(`统计期间：${chineseDate(e.periodFrom)}至${chineseDate(e.periodTo)}`)}</summary>`,
      `    <content type="text">${xmlEscape(e.text)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
