import type { DisclosureView } from './dto/disclosure.dto.js';

/** A stable id for the feed (RFC 4287 atom:id must never change). */
const FEED_ID = 'urn:uuid:5d1f3c2e-8f4b-4c36-9a55-2f0b8c6a7e11';

/** Characters XML 1.0 cannot carry at all (controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF) are dropped. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface FeedEntry {
  view: DisclosureView;
  updatedAt: Date;
}

/** Atom 1.0 (RFC 4287) feed of disclosures, newest first; links are relative to the feed's own URL. */
export function atomFeed(entries: FeedEntry[]): string {
  const updated = entries.reduce((max, e) => (e.updatedAt > max ? e.updatedAt : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${FEED_ID}</id>`,
    '  <title>公开曝光 / Public disclosures</title>',
    '  <subtitle>经核实的违规行为公开通报 / Findings of the self-regulation secretariat</subtitle>',
    `  <updated>${updated.toISOString()}</updated>`,
    '  <link rel="self" type="application/atom+xml" href="/v1/public/disclosures.atom"/>',
    '  <link rel="alternate" type="application/json" href="/v1/public/disclosures"/>',
    '  <author><name>秘书处 / Secretariat</name></author>',
  ];
  for (const { view: v, updatedAt } of entries) {
    const title = `${v.retraction ? '[已撤回 Retracted] ' : ''}${v.respondentName}（${v.category.zh}）`;
    const content = v.retraction
      ? `本通报已于 ${v.retraction.at} 撤回 / Retracted on ${v.retraction.at}: ${v.retraction.reason}`
      : [v.summary, v.findings, v.rightOfReply ? `被投诉方回复 / Reply: ${v.rightOfReply.text}` : null].filter(Boolean).join('\n\n');
    lines.push(
      '  <entry>',
      `    <id>urn:uuid:${v.id}</id>`,
      `    <title type="text">${xmlEscape(title)}</title>`,
      `    <updated>${updatedAt.toISOString()}</updated>`,
      `    <published>${v.publishedAt}</published>`,
      `    <link rel="alternate" type="application/json" href="/v1/public/disclosures/${v.id}"/>`,
      `    <category term="${xmlEscape(v.category.code)}" label="${xmlEscape(v.category.zh)}"/>`,
      `    <summary type="text">${xmlEscape(v.retraction ? content : (v.summary ?? ''))}</summary>`,
      `    <content type="text">${xmlEscape(content)}</content>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
