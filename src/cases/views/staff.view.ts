import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type CaseContext, type CaseEventType, type MERGE_COUNTERPART_ENTRIES, REFUSAL_REASONS } from '../machine/case.types.js';
import { type CaseEventRow, type CaseFacts, type CaseRow, type CaseSummaryRow, iso, pick } from './case-rows.js';

/**
 * The staff (secretariat, supervisor) audience: everything a caseworker needs, built field by field. Never the contact
 * blob, its key id, the receipt hash or the machine snapshot; the decrypted contact is a separate, audited read
 * (`GET /v1/cases/:id/complainant`).
 */

export class NextDeadlineView {
  @ApiProperty({ example: 'response' }) kind: string;
  @ApiProperty() dueAt: string;
}

export class RefusedEventView {
  @ApiProperty({ example: 'APPROVE' }) type: string;
  @ApiProperty({ enum: REFUSAL_REASONS, description: 'The reason a 409 CASE_EVENT_NOT_ALLOWED would name (docs/state-machine.md, "Why an event is refused").' }) reason: string;
  @ApiPropertyOptional({ description: 'When the refusal ends or ended: the end of the right of reply (RIGHT_OF_REPLY_PENDING), of the reopen window (REOPEN_WINDOW_PASSED).' }) until?: string;
}

/** The refusals as the views show them: type, reason and (where there is one) until. */
export const refusedEventViews = (refused: CaseFacts['refusedEvents']): RefusedEventView[] =>
  refused.map((r) => ({ type: r.type, reason: r.reason, ...(r.until ? { until: r.until } : {}) }));

export class StaffCaseSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty() channel: string;
  @ApiProperty() category: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) respondentMemberId: string | null;
  @ApiProperty() respondentName: string;
  @ApiProperty({ nullable: true, type: String }) partnerId: string | null;
  @ApiProperty({ nullable: true, type: String }) assigneeId: string | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'The complainant works for the respondent: the respondent sees only staff statements.' }) isEmployeeOfRespondent: boolean;
  @ApiProperty() receivedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
  @ApiProperty({ nullable: true, type: NextDeadlineView, description: 'The running deadline that falls due first (the queue\'s countdown), or null.' }) nextDeadline: NextDeadlineView | null;
}

export class CitedArticleView {
  @ApiProperty() conventionCode: string;
  @ApiProperty() articleNumber: number;
  @ApiProperty() versionId: string;
  @ApiProperty() version: number;
}

export class StaffRespondentMatchView {
  @ApiProperty({ enum: ['member_id', 'domain', 'none', 'corrected'], description: '`corrected`: staff replaced the respondent after acceptance (CORRECT_RESPONDENT).' }) method: string;
  @ApiPropertyOptional() matchedDomain?: string;
  @ApiPropertyOptional({ description: 'Members with a similar name, for triage only.' }) suggestions?: { memberId: string; name: string; similarity: number }[];
  @ApiPropertyOptional({ description: 'For `corrected`: the new respondent\'s register name at the correction.' }) memberName?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'For `corrected`: the member it replaced.' }) previousMemberId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'For `corrected`: the staff user who corrected it.' }) correctedBy?: string | null;
  @ApiPropertyOptional({ description: 'For `corrected`: when.' }) correctedAt?: string;
}

export class ComplainantFlagsView {
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ description: 'Whether contact details are on file; read them with GET /v1/cases/:id/complainant (audited).' }) hasContact: boolean;
}

export class DeadlineView {
  @ApiProperty({ example: 'response' }) kind: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ description: 'False when the due date runs past the working-day calendar the association has loaded: it was counted on plain weekdays and may move once the official calendar for that year is loaded.' })
  calendarCovered: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Working days left before it falls due on the working-day calendar: the working days after today (Shanghai) up to and including the due date; 0 when due today or passed.' })
  workingDaysLeft: number | null;
}

export class StaffProposalView {
  @ApiProperty({ enum: ['publication', 'referral'] }) kind: string;
  @ApiProperty() proposedBy: string;
  @ApiProperty() at: string;
  @ApiPropertyOptional() agencyId?: string;
  @ApiPropertyOptional() justification?: string;
  @ApiPropertyOptional() summary?: string;
  @ApiPropertyOptional() findings?: string;
}

export class RightOfReplyView {
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) reply: string | null;
  @ApiProperty({ nullable: true, type: String }) repliedAt: string | null;
  @ApiProperty() elapsed: boolean;
}

export class RespondentAnswerView {
  @ApiProperty({ enum: ['action_promised', 'unfounded', 'not_concerned'] }) kind: string;
  @ApiPropertyOptional() action?: string;
  @ApiPropertyOptional() by?: string;
  @ApiPropertyOptional() reasons?: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty() at: string;
}

export class FindingView {
  @ApiProperty() upheld: boolean;
  @ApiProperty() outcome: string;
}

export class StaffReferralStateView {
  @ApiProperty() agencyId: string;
  @ApiProperty({ nullable: true, type: String }) referenceNumber: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
}

export class OverdueFlagsView {
  @ApiProperty() triage: boolean;
  @ApiProperty() response: boolean;
  @ApiProperty() resolution: boolean;
}

export class FollowUpView {
  @ApiProperty() asked: boolean;
  @ApiProperty({ nullable: true, type: Boolean }) happened: boolean | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
}

export class StaffLifecycleView {
  @ApiProperty({ nullable: true, type: StaffProposalView }) proposal: StaffProposalView | null;
  @ApiProperty({ nullable: true, type: RightOfReplyView }) rightOfReply: RightOfReplyView | null;
  @ApiProperty({ nullable: true, type: RespondentAnswerView }) response: RespondentAnswerView | null;
  @ApiProperty({ nullable: true, type: FindingView }) finding: FindingView | null;
  @ApiProperty({ nullable: true, type: StaffReferralStateView }) referral: StaffReferralStateView | null;
  @ApiProperty({ type: OverdueFlagsView }) overdue: OverdueFlagsView;
  @ApiProperty() mediationSessions: number;
  @ApiProperty({ nullable: true, type: FollowUpView }) followUp: FollowUpView | null;
  @ApiProperty({ nullable: true, type: String, description: 'The case this one was merged into.' }) mergedInto: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
}

export class StaffCaseView extends StaffCaseSummaryView {
  @ApiProperty({ enum: ['staff'] }) audience: 'staff';
  @ApiProperty() description: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ type: [String] }) urls: string[];
  @ApiProperty({ type: [CitedArticleView] }) citedArticles: CitedArticleView[];
  @ApiProperty({ type: StaffRespondentMatchView }) respondentMatch: StaffRespondentMatchView;
  @ApiProperty({ type: ComplainantFlagsView }) complainant: ComplainantFlagsView;
  @ApiProperty({ type: StaffLifecycleView }) lifecycle: StaffLifecycleView;
  @ApiProperty({ type: [DeadlineView], description: 'Active deadlines.' }) deadlines: DeadlineView[];
  @ApiProperty({ type: [String], description: 'The events the caller may send now.' }) allowedEvents: string[];
  @ApiProperty({ type: [RefusedEventView], description: 'The events the caller\'s role may send that the case refuses now, with why (STATE_REFUSES: not in this state at all).' })
  refusedEvents: RefusedEventView[];
  @ApiProperty({ nullable: true, type: String, description: 'The assignee\'s display name (null when unassigned).' }) assigneeName: string | null;
}

export class QueueCountView {
  @ApiProperty({ description: 'Cases in the queue, counted up to the cap.' }) count: number;
  @ApiProperty({ description: 'True when there are more than `count` (the count stopped at the cap, 1000).' }) capped: boolean;
  @ApiProperty({ example: 'state=received', description: 'The GET /v1/cases query string that lists exactly these cases.' }) query: string;
}

export class CaseQueuesView {
  @ApiProperty({ type: QueueCountView, description: 'Waiting for triage: state received.' }) triage: QueueCountView;
  @ApiProperty({ type: QueueCountView, description: 'Open cases assigned to the caller.' }) mine: QueueCountView;
  @ApiProperty({ type: QueueCountView, description: 'Investigating, awaiting the respondent\'s answer.' }) awaitingRespondent: QueueCountView;
  @ApiProperty({ type: QueueCountView, description: 'Open cases with a running deadline due within 2 working days.' }) dueSoon: QueueCountView;
  @ApiProperty({ type: QueueCountView, description: 'Open cases marked overdue.' }) overdue: QueueCountView;
  @ApiProperty({ type: QueueCountView, description: 'Proposals the caller may decide (supervisors; never their own): 0 for a caseworker.' }) approvals: QueueCountView;
}

export class StaffHistoryEntryView {
  @ApiProperty({ description: 'Per-case sequence number, no gaps.' }) seq: number;
  @ApiProperty() type: string;
  @ApiProperty() actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty() actorRole: string;
  @ApiProperty({ nullable: true, type: String }) fromState: string | null;
  @ApiProperty() toState: string;
  @ApiProperty({ nullable: true, type: String }) phase: string | null;
  @ApiProperty({ description: 'The event\'s payload fields (see docs/state-machine.md).' }) payload: Record<string, unknown>;
  @ApiProperty() occurredAt: string;
}

export class ComplainantContactView {
  @ApiProperty() anonymous: boolean;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ description: 'The complainant agreed to mail about the complaint at `email` (the receipt, questions, the outcome, the closing).' }) mailConsent: boolean;
  @ApiProperty({ nullable: true, enum: ['zh-CN', 'en'], type: String, description: "The complainant's language (the form's), for mail; null when not given." }) locale: string | null;
}

/** History entry types: the machine's events, the first entry, and the entries a merge writes on its target. */
type HistoryEntryType = CaseEventType | 'RECEIVED' | (typeof MERGE_COUNTERPART_ENTRIES)[keyof typeof MERGE_COUNTERPART_ENTRIES];

/** The payload fields staff see per entry type (a new type fails to compile until listed); no machine bookkeeping. */
const STAFF_PAYLOAD: Record<HistoryEntryType, readonly string[]> = {
  RECEIVED: ['channel', 'respondentMemberId'],
  ACCEPT: ['respondentMemberId'],
  DISMISS: ['reason'],
  MERGE: ['targetCaseId', 'targetReference'],
  UNMERGE: ['reason', 'targetCaseId', 'targetReference'],
  MERGED_IN: ['sourceCaseId', 'sourceReference'],
  MERGE_UNDONE: ['sourceCaseId', 'sourceReference', 'reason'],
  REQUEST_RESPONSE: ['note', 'statement'],
  RESPOND: ['response'],
  START_MEDIATION: ['note'],
  RECORD_MEDIATION_SESSION: ['summary', 'heldAt'],
  AGREEMENT: ['terms'],
  MEDIATION_FAILED: ['reason'],
  RESOLVE: ['upheld', 'outcome'],
  PROPOSE_PUBLICATION: ['summary', 'findings'],
  PROPOSE_REFERRAL: ['agencyId', 'justification'],
  APPROVE: ['note'],
  REJECT_PROPOSAL: ['reason'],
  RIGHT_OF_REPLY: ['reply'],
  LE_ACKNOWLEDGE: ['referenceNumber'],
  LE_CONCLUDE: ['outcome'],
  RETRACT_REFERRAL: ['reason'],
  CONFIRM: ['note'],
  DISPUTE: ['reason'],
  WITHDRAW: ['reason'],
  ADD_INFORMATION: ['text'],
  ASSIGN: ['assigneeId'],
  ADD_NOTE: ['text'],
  CORRECT_RESPONDENT: ['respondentMemberId', 'previousRespondentMemberId', 'reason'],
  CLOSE: ['reason'],
  REOPEN: ['reason'],
  ACTION_FOLLOW_UP: ['happened', 'note'],
  DEADLINE_ELAPSED: ['deadline'],
};

const ANSWER_FIELDS = ['kind', 'action', 'by', 'reasons', 'note', 'at'] as const;

export function staffCaseSummary(r: CaseSummaryRow): StaffCaseSummaryView {
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    phase: r.phase,
    channel: r.channel,
    category: r.category,
    title: r.title,
    respondentMemberId: r.respondentMemberId,
    respondentName: r.respondentName,
    partnerId: r.partnerId,
    assigneeId: r.assigneeId,
    overdue: r.overdue,
    isEmployeeOfRespondent: r.isEmployeeOfRespondent,
    receivedAt: r.receivedAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
    nextDeadline: r.nextDeadline ? { kind: r.nextDeadline.kind, dueAt: iso(r.nextDeadline.dueAt)! } : null,
  };
}

function staffLifecycle(ctx: CaseContext): StaffLifecycleView {
  const p = ctx.proposal;
  return {
    proposal: p ? (pick(p as unknown as Record<string, unknown>, ['kind', 'proposedBy', 'at', 'agencyId', 'justification', 'summary', 'findings']) as unknown as StaffProposalView) : null,
    rightOfReply: ctx.rightOfReply
      ? { requestedAt: ctx.rightOfReply.requestedAt, reply: ctx.rightOfReply.reply, repliedAt: ctx.rightOfReply.repliedAt, elapsed: ctx.rightOfReply.elapsed }
      : null,
    response: ctx.response ? (pick(ctx.response as unknown as Record<string, unknown>, ANSWER_FIELDS) as unknown as RespondentAnswerView) : null,
    finding: ctx.finding ? { upheld: ctx.finding.upheld, outcome: ctx.finding.outcome } : null,
    referral: ctx.referral ? { agencyId: ctx.referral.agencyId, referenceNumber: ctx.referral.referenceNumber, outcome: ctx.referral.outcome } : null,
    overdue: { triage: ctx.overdue.triage, response: ctx.overdue.response, resolution: ctx.overdue.resolution },
    mediationSessions: ctx.mediationSessions,
    followUp: ctx.followUp ? { asked: ctx.followUp.asked, happened: ctx.followUp.happened, note: ctx.followUp.note } : null,
    mergedInto: ctx.mergedInto,
    closedAt: ctx.closedAt,
  };
}

export function staffCase(r: CaseRow, facts: CaseFacts): StaffCaseView {
  const next = r.deadlines[0];
  return {
    audience: 'staff',
    ...staffCaseSummary({ ...r, nextDeadline: next ? { kind: next.kind, dueAt: next.dueAt } : null }),
    description: r.description,
    occurredAt: iso(r.occurredAt)!,
    urls: [...r.urls],
    citedArticles: r.citedArticles.map((a) => ({ conventionCode: a.conventionCode, articleNumber: a.articleNumber, versionId: a.versionId, version: a.version })),
    respondentMatch: pick(r.respondentMatch as unknown as Record<string, unknown>, ['method', 'matchedDomain', 'suggestions', 'memberName', 'previousMemberId', 'correctedBy', 'correctedAt']) as unknown as StaffRespondentMatchView,
    complainant: { anonymous: r.complainantAnonymous, hasContact: r.hasContact },
    lifecycle: staffLifecycle(facts.context),
    deadlines: r.deadlines.map((d) => ({ kind: d.kind, dueAt: iso(d.dueAt)!, calendarCovered: d.calendarCovered, workingDaysLeft: facts.workingDaysLeft?.(new Date(d.dueAt)) ?? null })),
    allowedEvents: facts.allowedEvents,
    refusedEvents: refusedEventViews(facts.refusedEvents),
    assigneeName: facts.assigneeName ?? null,
  };
}

export function staffHistoryEntry(e: CaseEventRow): StaffHistoryEntryView {
  const payload = pick(e.payload, STAFF_PAYLOAD[e.type as HistoryEntryType] ?? []);
  if (e.type === 'RESPOND' && payload.response) payload.response = pick(payload.response as Record<string, unknown>, ANSWER_FIELDS);
  return {
    seq: e.seq,
    type: e.type,
    actorType: e.actorType,
    actorId: e.actorId,
    actorRole: e.actorRole,
    fromState: e.fromState,
    toState: e.toState,
    phase: typeof e.payload.phase === 'string' ? e.payload.phase : null,
    payload,
    occurredAt: e.occurredAt.toISOString(),
  };
}
