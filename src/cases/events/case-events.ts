import type { CaseActor, CaseEventType } from '../machine/case.types.js';
import {
  AcceptDto,
  AckDto,
  AgreementDto,
  AssignDto,
  CloseDto,
  ConcludeDto,
  CorrectRespondentDto,
  FollowUpDto,
  InfoDto,
  MergeDto,
  NoteDto,
  OptionalNote,
  ProposePublicationDto,
  ProposeReferralDto,
  Reason,
  ReplyDto,
  RequestResponseDto,
  ResolveDto,
  RespondDto,
  SessionDto,
  WithdrawDto,
} from './case-event.payloads.js';

/** A class-validator class: what a client sends with an event besides `type`. */
export type PayloadClass = new () => object;

/** Everything the service knows about one case event, apart from what the machine does with it. */
export interface EventSpec {
  /** Who may send it (403 otherwise); a member_rep only on its own member's cases, a liaison only on its agency's referrals. */
  readonly roles: readonly CaseActor['role'][];
  /** The client's body besides `type`, validated and documented in OpenAPI; null for an event no client sends. */
  readonly payload: PayloadClass | null;
  /**
   * A payload that satisfies the guards reading the payload (a named member for ACCEPT, a justification for
   * PROPOSE_REFERRAL), to ask the machine which events the caller could send now. Guards that read the case or
   * the time are not satisfied by it. Omitted: the empty payload.
   */
  readonly probe?: Readonly<Record<string, unknown>>;
  /** The server adds `windowDays` (the configured reopen window) before the machine sees the event. */
  readonly reopenWindow?: true;
  /** One line: what the event does (OpenAPI description of its body, the state-machine document). */
  readonly summary: string;
}

const STAFF = ['secretariat', 'supervisor'] as const;

/**
 * The case events: one entry each, in the order reports list them. Permissions, payload validation, the refusal
 * probes and the OpenAPI body schemas are all derived from here; what each event does to a case is the machine's.
 */
export const CASE_EVENTS = {
  ACCEPT: {
    roles: STAFF,
    payload: AcceptDto,
    probe: { respondentMemberId: 'probe' },
    summary: 'Accept the complaint for investigation; names the respondent member when intake matched none.',
  },
  DISMISS: { roles: STAFF, payload: Reason, probe: { reason: 'probe' }, summary: 'Dismiss the complaint (it can be reopened within the reopen window).' },
  MERGE: {
    roles: STAFF,
    payload: MergeDto,
    probe: { targetCaseId: 'probe' },
    summary: "Merge the case into another open case; recorded on the target's history too.",
  },
  REQUEST_RESPONSE: {
    roles: STAFF,
    payload: RequestResponseDto,
    summary: 'Forward the complaint to the respondent member and ask for its answer (starts the response deadline).',
  },
  RESPOND: {
    roles: ['member_rep'],
    payload: RespondDto,
    probe: { response: { kind: 'not_concerned' } },
    summary: "The respondent member's answer: an action promised, unfounded, or not concerned.",
  },
  START_MEDIATION: { roles: STAFF, payload: OptionalNote, summary: 'Start mediation between the complainant and the respondent.' },
  RECORD_MEDIATION_SESSION: { roles: STAFF, payload: SessionDto, probe: { summary: 'probe' }, summary: 'Record a mediation session.' },
  AGREEMENT: { roles: STAFF, payload: AgreementDto, probe: { terms: 'probe' }, summary: 'Mediation reached an agreement: the case is resolved on its terms.' },
  MEDIATION_FAILED: { roles: STAFF, payload: Reason, probe: { reason: 'probe' }, summary: 'Mediation failed: the case goes back to investigation.' },
  RESOLVE: {
    roles: STAFF,
    payload: ResolveDto,
    probe: { upheld: true, outcome: 'probe' },
    summary: 'Resolve the case with a finding and its outcome; the complainant confirms or disputes it.',
  },
  PROPOSE_PUBLICATION: {
    roles: STAFF,
    payload: ProposePublicationDto,
    probe: { summary: 'probe', findings: 'probe' },
    summary: "Propose publishing the case; opens the respondent's right of reply; another supervisor approves.",
  },
  PROPOSE_REFERRAL: {
    roles: STAFF,
    payload: ProposeReferralDto,
    probe: { agencyId: 'probe', justification: 'probe', evidenceCount: 0 },
    summary: 'Propose referring the case to an agency (needs evidence or a written justification); another supervisor approves.',
  },
  APPROVE: {
    roles: ['supervisor'],
    payload: OptionalNote,
    summary: 'Approve the pending proposal (a supervisor other than the proposer): the case is publicized or referred.',
  },
  REJECT_PROPOSAL: { roles: ['supervisor'], payload: Reason, probe: { reason: 'probe' }, summary: 'Reject the pending publication or referral proposal.' },
  RIGHT_OF_REPLY: { roles: ['member_rep'], payload: ReplyDto, probe: { reply: 'probe' }, summary: "The respondent member's reply to a proposed publication." },
  LE_ACKNOWLEDGE: {
    roles: ['law_enforcement'],
    payload: AckDto,
    probe: { referenceNumber: 'probe' },
    summary: 'The agency acknowledges the referral with its reference number.',
  },
  LE_CONCLUDE: { roles: ['law_enforcement'], payload: ConcludeDto, probe: { outcome: 'probe' }, summary: 'The agency concludes the referral; the case closes.' },
  RETRACT_REFERRAL: {
    roles: ['supervisor'],
    payload: Reason,
    probe: { reason: 'probe' },
    summary: 'Retract a referral the agency has not acknowledged; the case goes back to investigation.',
  },
  CONFIRM: { roles: ['complainant'], payload: OptionalNote, summary: 'The complainant accepts the resolution; the case closes.' },
  DISPUTE: { roles: ['complainant'], payload: Reason, probe: { reason: 'probe' }, summary: 'The complainant disputes the resolution; the case goes back to investigation.' },
  WITHDRAW: { roles: ['complainant'], payload: WithdrawDto, summary: 'The complainant withdraws the complaint (final).' },
  ADD_INFORMATION: {
    roles: ['complainant', ...STAFF],
    payload: InfoDto,
    probe: { text: 'probe' },
    summary: 'Add information to the complaint; the supervisors are notified.',
  },
  ASSIGN: { roles: STAFF, payload: AssignDto, probe: { assigneeId: null }, summary: 'Assign the case to a staff member, or unassign it with null.' },
  ADD_NOTE: { roles: STAFF, payload: NoteDto, probe: { text: 'probe' }, summary: "Add a staff note to the case's history." },
  CORRECT_RESPONDENT: {
    roles: STAFF,
    payload: CorrectRespondentDto,
    probe: { respondentMemberId: 'probe', reason: 'probe' },
    summary:
      "Correct a wrong respondent match (another active member, with an internal reason) while the case is investigated and no proposal is pending; a running response deadline restarts for the new respondent.",
  },
  CLOSE: { roles: STAFF, payload: CloseDto, summary: 'Close a publicized case.' },
  REOPEN: {
    roles: ['supervisor'],
    payload: Reason,
    probe: { reason: 'probe' },
    reopenWindow: true,
    summary: 'Reopen a closed or dismissed case within the reopen window.',
  },
  UNMERGE: {
    roles: ['supervisor'],
    payload: Reason,
    probe: { reason: 'probe' },
    reopenWindow: true,
    summary: 'Undo a merge within the reopen window: the case returns to where it was merged from.',
  },
  ACTION_FOLLOW_UP: {
    roles: ['complainant'],
    payload: FollowUpDto,
    probe: { happened: true },
    summary: "The complainant answers whether the respondent's promised action happened.",
  },
  DEADLINE_ELAPSED: { roles: ['system'], payload: null, summary: 'A deadline of the case elapsed (sent by the scheduler, never by a client).' },
} as const satisfies Record<CaseEventType, EventSpec>;

/** Every event type, in the catalogue's order. */
export const CASE_EVENT_TYPES = Object.keys(CASE_EVENTS) as CaseEventType[];

/** The spec of an event, seen through the common shape. */
export const eventSpec = (type: CaseEventType): EventSpec => CASE_EVENTS[type];

/** One value per event type, computed from its spec (the catalogue's derived tables). */
export function mapEvents<T>(f: (spec: EventSpec, type: CaseEventType) => T): Record<CaseEventType, T> {
  return Object.fromEntries(CASE_EVENT_TYPES.map((t) => [t, f(eventSpec(t), t)])) as Record<CaseEventType, T>;
}

/** The events a client may send (those with a payload class). */
export type ClientEventType = { [K in CaseEventType]: (typeof CASE_EVENTS)[K]['payload'] extends null ? never : K }[CaseEventType];
export const CLIENT_EVENT_TYPES = CASE_EVENT_TYPES.filter((t): t is ClientEventType => eventSpec(t).payload !== null);

/** The events sent by staff, respondents and liaisons on `POST /v1/cases/:id/events`. */
export const CASE_ROUTE_EVENTS = CLIENT_EVENT_TYPES.filter((t) => eventSpec(t).roles.some((r) => r !== 'complainant'));
/** The complainant's events on `POST /v1/public/complaints/events`. */
export const COMPLAINANT_EVENTS = CLIENT_EVENT_TYPES.filter((t) => eventSpec(t).roles.includes('complainant'));
