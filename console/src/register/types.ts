/** The API's shapes the register and pacts pages read (the OpenAPI document has them all; these are the fields used). */
export const MEMBER_CATEGORIES = ['telecom_operator', 'government', 'ecommerce', 'enterprise_site', 'other'] as const;
export const MEMBER_STATUSES = ['active', 'suspended', 'expelled', 'lapsed'] as const;
export const MEMBER_KINDS = ['organisation', 'individual'] as const;
export const DUES_STATUSES = ['paid', 'unpaid', 'waived'] as const;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Contact {
  name: string;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface Dues {
  year: number;
  status: (typeof DUES_STATUSES)[number];
  paidOn: string | null;
  note: string;
}

export interface StatusChange {
  fromStatus: string | null;
  toStatus: string;
  reason: string;
  changedBy: string | null;
  changedAt: string;
}

export interface MemberSummary {
  id: string;
  name: string;
  kind: string;
  category: string;
  categoryLabel: { zh: string; en: string };
  creditCode: string | null;
  status: string;
  joinedOn: string;
  domains: string[];
}

export interface Member extends MemberSummary {
  icpFiling: string | null;
  contacts: Contact[];
  dues: Dues[];
  statusHistory: StatusChange[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoredFile {
  sha256: string;
  fileName: string;
  contentType: string;
  size: number;
}

export interface Signature {
  id: string;
  memberId: string;
  memberName: string;
  conventionCode: string;
  conventionTitle: string;
  version: number;
  status: 'active' | 'renewal_pending' | 'renewed' | 'withdrawn';
  method: 'online' | 'paper';
  signatoryName: string;
  signatoryTitle: string;
  signedAt: string;
  textHash: string;
  articles: number[] | null;
  validFrom: string;
  endedOn: string | null;
  renewalDueOn: string | null;
  renewalOverdue: boolean;
  bindsUntil: string | null;
  renewedBy: string | null;
  withdrawnAt: string | null;
  withdrawalReason: string | null;
  document: StoredFile | null;
}

export interface Article {
  number: number;
  title: string;
  body: string;
}

export interface VersionSummary {
  version: number;
  status: 'draft' | 'published' | 'superseded';
  effectiveDate: string | null;
  textHash: string | null;
  publishedAt: string | null;
  supersededAt: string | null;
  articleCount: number;
  notes: string;
}

export interface Convention {
  code: string;
  titleZh: string;
  titleEn: string | null;
  issuingBody: string;
  description: string;
  selfInspection: { frequency: string; dueMonths: number };
  currentVersion: number | null;
  draftVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConventionDetail extends Convention {
  versions: VersionSummary[];
}

export interface Version extends VersionSummary {
  code: string;
  articles: Article[];
}

export interface Diff {
  code: string;
  from: number;
  to: number;
  added: Article[];
  removed: Article[];
  changed: { number: number; from: Article; to: Article }[];
  unchangedCount: number;
}

export interface PublicConvention {
  code: string;
  titleZh: string;
  titleEn: string | null;
  issuingBody: string;
  description: string;
  current: { version: number; effectiveDate: string; textHash: string; publishedAt: string; notes: string; articles: Article[] };
}

export interface Filing {
  id: string | null;
  memberId: string;
  memberName: string;
  conventionCode: string;
  period: string;
  dueOn: string;
  status: 'missing' | 'submitted' | 'returned' | 'accepted';
  revision: number | null;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  late: boolean;
  overdue: boolean;
}

export interface Revision {
  revision: number;
  version: number;
  summary: string;
  items: { articleNumber: number; findings: string; correctiveActions: string }[];
  attachments: StoredFile[];
  submittedBy: string | null;
  submittedAt: string;
  decision: 'accept' | 'return' | null;
  comments: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

export interface Report extends Omit<Filing, 'id'> {
  id: string;
  revisions: Revision[];
}

/** A file as the API takes it inline: base64 in JSON. */
export interface InlineFile {
  fileName: string;
  contentType: string;
  contentBase64: string;
}

export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Reads a picked file as the API's inline file (base64 without the data: prefix). */
export function inlineFile(file: File): Promise<InlineFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = String(reader.result);
      resolve({ fileName: file.name, contentType: file.type, contentBase64: url.slice(url.indexOf(',') + 1) });
    };
    reader.readAsDataURL(file);
  });
}
