import type { DisclosureView } from './dto/disclosure.dto.js';

/** The columns a public view is made of: nothing else can reach the public. */
export interface DisclosureSource {
  id: string | null;
  respondentName: string;
  category: string;
  categoryZh: string;
  categoryEn: string;
  summary: string;
  findings: string;
  reply: string | null;
  repliedAt: Date | string | null;
  publishedAt: Date | string | null;
  retractedAt: Date | string | null;
  retractionReason: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The one mapping to public form, used by the list, the detail, the feed and the staff preview alike. */
export function disclosureView(s: DisclosureSource): DisclosureView {
  const retracted = s.retractedAt !== null;
  return {
    id: s.id,
    status: s.id === null ? 'preview' : retracted ? 'retracted' : 'published',
    respondentName: s.respondentName,
    category: { code: s.category, zh: s.categoryZh, en: s.categoryEn },
    // A retraction withdraws the text: the entry stays listed so the record of what happened is public.
    summary: retracted ? null : s.summary,
    findings: retracted ? null : s.findings,
    rightOfReply: !retracted && s.reply ? { text: s.reply, repliedAt: iso(s.repliedAt) } : null,
    publishedAt: iso(s.publishedAt),
    retraction: retracted ? { at: iso(s.retractedAt)!, reason: s.retractionReason ?? '' } : null,
  };
}
