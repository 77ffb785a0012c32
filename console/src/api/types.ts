/** The API's shapes the console reads (the OpenAPI document has them all; these are the fields used here). */
export const CASE_STATES = ['received', 'investigating', 'mediating', 'resolved', 'publicized', 'referred', 'closed', 'dismissed', 'withdrawn', 'merged'] as const;
export const CHANNELS = ['partner', 'web', 'phone', 'letter', 'email', 'visit'] as const;

export interface CaseSummary {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  channel?: string;
  category: string;
  title: string;
  respondentMemberId: string | null;
  respondentName: string | null;
  assigneeId?: string | null;
  overdue?: boolean;
  receivedAt: string;
  updatedAt?: string;
  version?: number;
  nextDeadline?: { kind: string; dueAt: string } | null;
}

export interface Deadline {
  kind: string;
  dueAt: string;
  calendarCovered?: boolean;
  workingDaysLeft?: number | null;
}

export interface Refused {
  type: string;
  reason: string;
  until?: string;
}

export interface CaseView extends CaseSummary {
  audience: 'staff' | 'respondent';
  description: string;
  occurredAt: string;
  urls: string[];
  /** `memberName` is the corrected respondent's register name (method `corrected`). */
  respondentMatch?: { method: string; matchedDomain: string | null; memberName?: string; suggestions?: { memberId: string; name: string }[] };
  complainant?: { anonymous: boolean; hasContact: boolean };
  lifecycle?: {
    proposal: { kind: string; proposedBy: string; at: string; agencyId?: string; justification?: string; summary?: string; findings?: string } | null;
    response: { kind: string; action?: string; by?: string; reasons?: string; note?: string } | null;
    finding: { upheld: boolean; outcome: string } | null;
    mergedInto: string | null;
    closedAt: string | null;
  };
  deadlines: Deadline[];
  allowedEvents: string[];
  refusedEvents?: Refused[];
  assigneeName?: string | null;
}

export interface HistoryEntry {
  seq?: number;
  type: string;
  actorRole: string;
  actorId?: string | null;
  fromState: string | null;
  toState: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

export interface Category {
  code: string;
  labelZh: string;
  labelEn: string;
  active: boolean;
}

export interface Evidence {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
  uploadedByKind?: string;
  sharing?: { at: string; by: string | null } | null;
}

export interface Contact {
  anonymous: boolean;
  name: string | null;
  phone: string | null;
  email: string | null;
}

/** A member rep's view of a complaint about its member (allow-listed by the API: never the complainant, notes or proposals). */
export interface RespondentView {
  audience: 'respondent';
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  category: string;
  title: string | null;
  respondentName: string;
  receivedAt: string;
  lastStepAt: string;
  complaint: { title: string; description: string; occurredAt: string; urls: string[] } | null;
  statements: { at: string; text: string }[];
  responseRequest: { requestedAt: string; dueAt: string | null } | null;
  rightOfReply: { requestedAt: string; dueAt: string | null; reply: string | null; repliedAt: string | null; elapsed: boolean } | null;
  response: { kind: string; action?: string; by?: string; reasons?: string; note?: string; at?: string } | null;
  mediation: { sessions: number } | null;
  finding: { upheld: boolean; outcome: string } | null;
  publication: { publishedAt: string; summary: string | null; findings: string | null; reply: string | null; retracted: boolean } | null;
  deadlines: Deadline[];
  allowedEvents: string[];
  refusedEvents?: Refused[];
}

export interface RespondentHistoryEntry {
  type: string;
  at: string;
  by: string | null;
  state: string;
  details?: Record<string, unknown>;
}
