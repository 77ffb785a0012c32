/** The bulletins API's views as the console reads them (src/bulletins/dto/bulletin.dto.ts, docs/bulletins.md). */
export const BULLETIN_STATUSES = ['draft', 'submitted', 'approved', 'published'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];

export const FREQUENCIES = ['weekly', 'monthly', 'ad_hoc'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const MAIL_LOCALES = ['zh-CN', 'en'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export interface ExtraRecipient {
  address: string;
  name: string | null;
  locale: MailLocale;
}

export interface Series {
  id: string;
  code: string;
  title: string;
  frequency: Frequency;
  active: boolean;
  extraRecipients: ExtraRecipient[];
  createdAt: string;
  updatedAt: string;
}

export interface BulletinDisclosure {
  id: string;
  respondentName: string;
  category: { code: string; zh: string; en: string };
  summary: string;
  findings: string;
  publishedAt: string;
}

export interface Section {
  heading: string;
  body: string;
}

export interface Bulletin {
  id: string;
  status: BulletinStatus;
  series: { id: string; code: string; title: string };
  title: string | null;
  period: { from: string; to: string };
  figures: { received: number; decided: number; publications: number; referrals: number; openAtEnd: number; takenAt: string };
  disclosures: BulletinDisclosure[];
  sections: Section[];
  composedBy: string;
  contributors: string[];
  submittedAt: string | null;
  submittedBy: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  rejection: { reason: string; at: string; by: string } | null;
  year: number | null;
  number: number | null;
  issue: string | null;
  publishedAt: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A published disclosure the picker offers (GET /v1/disclosures, the staff view). */
export interface DisclosureOption {
  id: string;
  respondentName: string;
  category: { zh: string; en: string };
  summary: string | null;
  publishedAt: string;
}
