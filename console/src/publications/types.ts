/** A disclosure as staff read it (`StaffDisclosureView`: the public view and its case). */
export const DISCLOSURE_STATUSES = ['published', 'retracted'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

export interface Disclosure {
  id: string;
  caseId: string;
  status: DisclosureStatus;
  respondentName: string;
  category: { code: string; zh: string; en: string };
  summary: string | null;
  findings: string | null;
  rightOfReply: { text: string; repliedAt: string | null } | null;
  publishedAt: string;
  retraction: { at: string; reason: string } | null;
}
