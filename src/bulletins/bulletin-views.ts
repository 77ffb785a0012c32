import type { DisclosureView } from '../publications/index.js';
import type { BulletinDisclosure, BulletinContent } from './bulletin-render.js';
import { headline, issueLabel } from './bulletin-render.js';
import type { BulletinRow, PublicBulletinRow, SeriesRow } from './bulletins.repository.js';
import type { BulletinView, PublicBulletinView, SeriesView } from './dto/bulletin.dto.js';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A chosen disclosure frozen into a bulletin: its public fields, named one by one. */
export function disclosureSnapshot(v: DisclosureView): BulletinDisclosure {
  return {
    id: v.id!,
    respondentName: v.respondentName,
    category: { code: v.category.code, zh: v.category.zh, en: v.category.en },
    summary: v.summary ?? '',
    findings: v.findings ?? '',
    rightOfReply: v.rightOfReply ? { text: v.rightOfReply.text, repliedAt: v.rightOfReply.repliedAt } : null,
    publishedAt: v.publishedAt!,
  };
}

export function seriesView(s: SeriesRow): SeriesView {
  return {
    id: s.id,
    code: s.code,
    title: s.title,
    frequency: s.frequency,
    active: s.active,
    extraRecipients: s.extraRecipients.map((r) => ({ address: r.address, name: r.name, locale: r.locale })),
    createdAt: iso(s.createdAt)!,
    updatedAt: iso(s.updatedAt)!,
  };
}

/** Staff view of a bulletin at any stage. */
export function bulletinView(b: BulletinRow): BulletinView {
  return {
    id: b.id,
    status: b.status,
    series: { id: b.seriesId, code: b.seriesCode, title: b.frozenSeriesTitle ?? b.seriesTitle },
    title: b.title,
    period: { from: b.periodFrom, to: b.periodTo },
    figures: b.figures,
    disclosures: b.disclosures,
    sections: b.sections.map((s) => ({ heading: s.heading, body: s.body })),
    composedBy: b.composedBy,
    contributors: b.contributors,
    submittedAt: iso(b.submittedAt),
    submittedBy: b.submittedBy,
    approvedAt: iso(b.approvedAt),
    approvedBy: b.approvedBy,
    rejection: b.rejectionReason && b.rejectedAt && b.rejectedBy ? { reason: b.rejectionReason, at: iso(b.rejectedAt)!, by: b.rejectedBy } : null,
    year: b.year,
    number: b.number,
    issue: b.year !== null && b.number !== null ? issueLabel(b.year, b.number) : null,
    publishedAt: iso(b.publishedAt),
    publishedBy: b.publishedBy,
    createdAt: iso(b.createdAt)!,
    updatedAt: iso(b.updatedAt)!,
  };
}

/** The public view: what was published, never who composed, approved or rejected it. */
export function publicBulletinView(b: PublicBulletinRow): PublicBulletinView {
  return {
    id: b.id,
    series: { code: b.seriesCode, title: b.seriesTitle },
    year: b.year,
    number: b.number,
    issue: issueLabel(b.year, b.number),
    headline: headline({ seriesTitle: b.seriesTitle, issue: { year: b.year, number: b.number } }),
    title: b.title,
    period: { from: b.periodFrom, to: b.periodTo },
    publishedAt: iso(b.publishedAt)!,
    figures: b.figures,
    disclosures: b.disclosures,
    sections: b.sections.map((s) => ({ heading: s.heading, body: s.body })),
    htmlUrl: `/v1/public/bulletins/${b.id}/html`,
  };
}

/** What a rendering of this bulletin is made of (a draft's preview: no number, no date). */
export function contentOf(b: BulletinRow, publication?: { seriesTitle: string; year: number; number: number; at: Date }): BulletinContent {
  return {
    seriesTitle: publication?.seriesTitle ?? b.frozenSeriesTitle ?? b.seriesTitle,
    issue: publication ? { year: publication.year, number: publication.number } : b.year !== null && b.number !== null ? { year: b.year, number: b.number } : null,
    title: b.title,
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    publishedAt: publication?.at ?? (b.publishedAt ? new Date(b.publishedAt) : null),
    figures: b.figures,
    disclosures: b.disclosures,
    sections: b.sections,
  };
}
