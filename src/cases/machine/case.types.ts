/** Types shared by the case machine, its permission table and the service. Pure: no imports. */

export const MACHINE_VERSION = 1;

/** `sandbox`: a partner's test-mode key driving its own test complaint, with a supervisor's permissions (issue #14). */
export type CaseActorKind = 'staff' | 'member_rep' | 'liaison' | 'complainant' | 'system' | 'sandbox';

/** Who sends an event, as the machine's guards see it (set by the service, never by the client). */
export interface CaseActor {
  kind: CaseActorKind;
  id: string | null;
  /** For staff: 'secretariat' or 'supervisor'. */
  role: 'secretariat' | 'supervisor' | 'member_rep' | 'law_enforcement' | 'complainant' | 'system';
  memberId?: string | null;
  agencyId?: string | null;
  /** For the sandbox: the partner whose test complaints it may drive. */
  partnerId?: string | null;
}

export type DeadlineKind = 'triage' | 'response' | 'mediation' | 'resolution' | 'right_of_reply' | 'confirmation' | 'promised_action';

export type RespondentResponse =
  | { kind: 'action_promised'; action: string; by: string }
  | { kind: 'unfounded'; reasons: string }
  | { kind: 'not_concerned'; note?: string };

export interface Proposal {
  kind: 'publication' | 'referral';
  proposedBy: string;
  at: string;
  agencyId?: string;
  justification?: string;
  summary?: string;
  findings?: string;
}

export interface CaseContext {
  respondentMemberId: string | null;
  assigneeId: string | null;
  proposal: Proposal | null;
  rightOfReply: { requestedAt: string; reply: string | null; repliedAt: string | null; elapsed: boolean } | null;
  overdue: { triage: boolean; response: boolean; resolution: boolean };
  response: (RespondentResponse & { at: string }) | null;
  finding: { upheld: boolean; outcome: string } | null;
  mediationSessions: number;
  referral: { agencyId: string; referenceNumber: string | null; outcome: string | null } | null;
  /** When the case last entered closed or dismissed: REOPEN is allowed within a window from here. */
  closedAt: string | null;
  /** The case this one was merged into, when, and from which state (UNMERGE returns there within the reopen window). */
  mergedInto: string | null;
  mergedAt: string | null;
  mergedFrom: 'received' | 'investigating' | null;
  /** Set when a promised action falls due: the complainant is asked whether it happened. */
  followUp: { asked: boolean; happened: boolean | null; note: string | null } | null;
}

export interface CaseInput {
  respondentMemberId: string | null;
}

/** Fields the service adds to every event: who and when (the machine has no clock). */
interface Base {
  actor: CaseActor;
  at: string;
}

export type CaseEvent =
  | (Base & { type: 'ACCEPT'; respondentMemberId?: string })
  | (Base & { type: 'DISMISS'; reason: string })
  | (Base & { type: 'MERGE'; targetCaseId: string })
  | (Base & { type: 'UNMERGE'; reason: string; windowDays: number })
  | (Base & { type: 'REQUEST_RESPONSE'; note?: string })
  | (Base & { type: 'RESPOND'; response: RespondentResponse })
  | (Base & { type: 'START_MEDIATION'; note?: string })
  | (Base & { type: 'RECORD_MEDIATION_SESSION'; summary: string; heldAt?: string })
  | (Base & { type: 'AGREEMENT'; terms: string })
  | (Base & { type: 'MEDIATION_FAILED'; reason: string })
  | (Base & { type: 'RESOLVE'; upheld: boolean; outcome: string })
  | (Base & { type: 'PROPOSE_PUBLICATION'; summary: string; findings: string })
  | (Base & { type: 'PROPOSE_REFERRAL'; agencyId: string; justification?: string; evidenceCount: number })
  | (Base & { type: 'APPROVE'; note?: string })
  | (Base & { type: 'REJECT_PROPOSAL'; reason: string })
  | (Base & { type: 'RIGHT_OF_REPLY'; reply: string })
  | (Base & { type: 'LE_ACKNOWLEDGE'; referenceNumber: string })
  | (Base & { type: 'LE_CONCLUDE'; outcome: string })
  | (Base & { type: 'RETRACT_REFERRAL'; reason: string })
  | (Base & { type: 'CONFIRM'; note?: string })
  | (Base & { type: 'DISPUTE'; reason: string })
  | (Base & { type: 'WITHDRAW'; reason?: string })
  | (Base & { type: 'ADD_INFORMATION'; text: string })
  | (Base & { type: 'ASSIGN'; assigneeId: string | null })
  | (Base & { type: 'ADD_NOTE'; text: string })
  | (Base & { type: 'CORRECT_RESPONDENT'; respondentMemberId: string; reason: string })
  | (Base & { type: 'CLOSE'; reason?: string })
  | (Base & { type: 'REOPEN'; reason: string; windowDays: number })
  | (Base & { type: 'ACTION_FOLLOW_UP'; happened: boolean; note?: string })
  | (Base & { type: 'DEADLINE_ELAPSED'; deadline: DeadlineKind });

export type CaseEventType = CaseEvent['type'];

/** History-only entries the one door writes on the other case of a merge (never sent by a client, never seen by the machine). */
export const MERGE_COUNTERPART_ENTRIES = { MERGE: 'MERGED_IN', UNMERGE: 'MERGE_UNDONE' } as const;

/** The machine's actions with their params, as the door's effect mapping (`case-effects.ts`) reads them. */
export type MachineAction =
  | { type: 'scheduleDeadline'; params: { kind: DeadlineKind } }
  | { type: 'cancelDeadline'; params: { kind: DeadlineKind } }
  | { type: 'notify'; params: { to: 'respondent' | 'complainant' | 'supervisors' | 'agency'; template: string } }
  | { type: 'createDisclosure'; params: Record<string, never> }
  | { type: 'buildReferralPacket'; params: Record<string, never> }
  | { type: 'retractReferral'; params: Record<string, never> }
  | { type: 'recordOnly'; params: Record<string, never> };

/**
 * Why the machine refuses an event in a state (409 CASE_EVENT_NOT_ALLOWED names it in `reason`): a stable code clients
 * may switch on. STATE_REFUSES: the state does not take this event at all.
 */
export const REFUSAL_REASONS = [
  'STATE_REFUSES', 'NO_RESPONDENT_MEMBER', 'PROPOSAL_PENDING', 'NO_PENDING_PROPOSAL', 'OWN_PROPOSAL', 'RIGHT_OF_REPLY_PENDING',
  'REOPEN_WINDOW_PASSED', 'REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION', 'NOT_AWAITING_FOLLOW_UP', 'RESPONDENT_UNCHANGED',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** The state names users see, flattened ("investigating.awaiting_response" → state investigating, phase awaiting_response). */
export const CASE_STATES = ['received', 'investigating', 'mediating', 'resolved', 'publicized', 'referred', 'closed', 'dismissed', 'withdrawn', 'merged'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The sub-states (`phase`): investigating.reviewing / awaiting_response, referred.pending / acknowledged. */
export const CASE_PHASES = ['reviewing', 'awaiting_response', 'pending', 'acknowledged'] as const;
