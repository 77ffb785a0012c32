import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type CaseEventRow, type CaseFacts, type CaseRow, type CaseSummaryRow, iso, pick } from './case-rows.js';
import { CitedArticleView, DeadlineView, FindingView, RefusedEventView, refusedEventViews, RespondentAnswerView } from './staff.view.js';

/**
 * The respondent audience (a member_rep of the member complained about). Built field by field from what concerns the
 * respondent: what staff forwarded, the requests and deadlines addressed to it, its own answers, mediation it took part
 * in, and decisions and published text about it. Never notes, assignment, undecided proposals, approvals, internal
 * reasons, the agency, the complainant's identity, contact or added information, staff user ids, the partner, or the
 * machine's internals. For a complaint by an employee of the respondent, nothing the complainant wrote is shown.
 */

export class RespondentCaseSummaryView {
  @ApiProperty() id: string;
  @ApiProperty() reference: string;
  @ApiProperty() state: string;
  @ApiProperty({ nullable: true, type: String, description: 'Only while the case is under investigation (e.g. awaiting_response).' }) phase: string | null;
  @ApiProperty() category: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null until the association brings the complaint to the respondent (a request for its answer, mediation, or a right of reply), and always where the complainant is protected (the respondent sees staff statements only).' }) title: string | null;
  @ApiProperty() respondentName: string;
  @ApiProperty() receivedAt: string;
}

export class RespondentNextDeadlineView {
  @ApiProperty({ enum: ['response', 'right_of_reply'] }) kind: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Working days left on the working-day calendar (as DeadlineView); 0 when due today or passed.' })
  workingDaysLeft: number | null;
}

/** A row of the respondent's case list: the summary and the deadline it must meet first. */
export class RespondentCaseListItemView extends RespondentCaseSummaryView {
  @ApiProperty({
    nullable: true,
    type: RespondentNextDeadlineView,
    description: 'The running deadline addressed to the respondent (its answer, its right of reply) that falls due first, or null. The association\'s own deadlines are never shown.',
  })
  nextDeadline: RespondentNextDeadlineView | null;
}

export class RespondentComplaintView {
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ type: [String] }) urls: string[];
  @ApiProperty({ type: [CitedArticleView] }) citedArticles: CitedArticleView[];
}

export class StatementView {
  @ApiProperty() at: string;
  @ApiProperty({ description: 'What the association forwarded to the respondent.' }) text: string;
}

export class ResponseRequestView {
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the answer is due (while it is awaited).' }) dueAt: string | null;
}

export class RespondentRightOfReplyView {
  @ApiProperty() requestedAt: string;
  @ApiProperty({ nullable: true, type: String }) dueAt: string | null;
  @ApiProperty({ nullable: true, type: String }) reply: string | null;
  @ApiProperty({ nullable: true, type: String }) repliedAt: string | null;
  @ApiProperty() elapsed: boolean;
}

export class RespondentMediationView {
  @ApiProperty() sessions: number;
}

export class RespondentPublicationView {
  @ApiProperty() disclosureId: string;
  @ApiProperty() publishedAt: string;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ nullable: true, type: String }) findings: string | null;
  @ApiProperty({ nullable: true, type: String }) reply: string | null;
  @ApiProperty() retracted: boolean;
}

export class RespondentCaseView extends RespondentCaseSummaryView {
  @ApiProperty({ enum: ['respondent'] }) audience: 'respondent';
  @ApiProperty({
    description:
      'When the last step the respondent sees happened. (No row version or update time: they change with steps the respondent does not see; If-Match is for staff.)',
  })
  lastStepAt: string;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: RespondentComplaintView, description: 'The complaint as filed, once the association has brought it to the respondent; null before that and where the complainant is protected.' })
  complaint: RespondentComplaintView | null;
  @ApiProperty({ type: [StatementView], description: 'Statements the association forwarded with its requests for a response.' }) statements: StatementView[];
  @ApiProperty({ nullable: true, type: ResponseRequestView }) responseRequest: ResponseRequestView | null;
  @ApiProperty({ nullable: true, type: RespondentRightOfReplyView }) rightOfReply: RespondentRightOfReplyView | null;
  @ApiProperty({ nullable: true, type: RespondentAnswerView, description: 'The respondent\'s own answer.' }) response: RespondentAnswerView | null;
  @ApiProperty({ nullable: true, type: RespondentMediationView }) mediation: RespondentMediationView | null;
  @ApiProperty({ nullable: true, type: FindingView }) finding: FindingView | null;
  @ApiProperty({ nullable: true, type: RespondentPublicationView }) publication: RespondentPublicationView | null;
  @ApiProperty({ type: [DeadlineView], description: 'The deadlines addressed to the respondent.' }) deadlines: DeadlineView[];
  @ApiProperty({ type: [String] }) allowedEvents: string[];
  @ApiProperty({ type: [RefusedEventView], description: 'The respondent\'s own events (RESPOND, RIGHT_OF_REPLY) that the case refuses now, with why.' })
  refusedEvents: RefusedEventView[];
}

export class RespondentHistoryEntryView {
  @ApiProperty({
    description:
      'The event, or for steps the respondent sees only the outcome of: RIGHT_OF_REPLY_REQUESTED, PUBLISHED, PUBLICATION_DROPPED, REFERRED, STATE_CHANGED. After a CORRECT_RESPONDENT (shown without details), the history before it is only RECEIVED, ACCEPT and REQUEST_RESPONSE.',
  })
  type: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, enum: ['association', 'respondent', 'complainant', 'system'], type: String }) by: string | null;
  @ApiProperty({ description: 'The case\'s state after this step.' }) state: string;
  @ApiPropertyOptional({ description: 'Only what concerns the respondent: a forwarded statement, its own answers, a decision.' })
  details: Record<string, unknown>;
}

const ANSWER_FIELDS = ['kind', 'action', 'by', 'reasons', 'note', 'at'] as const;

/**
 * The steps by which the association brings a complaint to the respondent: a request for its answer, mediation, or a
 * right of reply before publication. Until one of them, the respondent sees that the case exists (category, dates,
 * state), not what the complainant wrote.
 */
export const FORWARDING_EVENTS = ['REQUEST_RESPONSE', 'START_MEDIATION', 'PROPOSE_PUBLICATION'] as const;
/** The deadlines addressed to the respondent: the only ones it is shown, and what its list's `sort=deadline` orders by. */
export const RESPONDENT_DEADLINES = ['response', 'right_of_reply'] as const;
const isRespondentDeadline = (kind: string) => (RESPONDENT_DEADLINES as readonly string[]).includes(kind);

/** What a corrected respondent sees of the history before the correction: the complaint's intake, acceptance and what was forwarded with it. */
const BEFORE_CORRECTION = ['RECEIVED', 'ACCEPT', 'REQUEST_RESPONSE'];

/**
 * The history as the current respondent may see it: after a CORRECT_RESPONDENT, what passed between the association and
 * the previous respondent (its answers, a mediation, a proposal and its reply) is not this respondent's to see.
 */
function ownHistory(events: CaseEventRow[]): CaseEventRow[] {
  const last = events.findLastIndex((e) => e.type === 'CORRECT_RESPONDENT');
  return last < 0 ? events : events.filter((e, i) => i >= last || BEFORE_CORRECTION.includes(e.type));
}

/** A request for the respondent's answer: REQUEST_RESPONSE, or a correction that asked the new respondent (in awaiting_response). */
const isRequest = (e: CaseEventRow) => e.type === 'REQUEST_RESPONSE' || (e.type === 'CORRECT_RESPONDENT' && e.payload.phase === 'awaiting_response');

const byOf = (role: string): string | null =>
  role === 'secretariat' || role === 'supervisor' ? 'association' : role === 'member_rep' ? 'respondent' : role === 'complainant' ? 'complainant' : role === 'system' ? 'system' : null;

export function respondentCaseSummary(r: CaseSummaryRow): RespondentCaseSummaryView {
  return {
    id: r.id,
    reference: r.reference,
    state: r.state,
    phase: r.state === 'investigating' ? r.phase : null,
    category: r.category,
    title: r.isEmployeeOfRespondent || !r.forwarded ? null : r.title,
    respondentName: r.respondentName,
    receivedAt: r.receivedAt.toISOString(),
  };
}

/** A row of the respondent's list; `next` is its first running respondent deadline (anything else is dropped here too). */
export function respondentCaseListItem(
  r: CaseSummaryRow,
  next: { kind: string; dueAt: Date } | undefined,
  workingDaysLeft: ((dueAt: Date) => number) | null,
): RespondentCaseListItemView {
  const due = next && isRespondentDeadline(next.kind) ? next : undefined;
  return {
    ...respondentCaseSummary(r),
    nextDeadline: due ? { kind: due.kind, dueAt: due.dueAt.toISOString(), workingDaysLeft: workingDaysLeft ? workingDaysLeft(due.dueAt) : null } : null,
  };
}

/** The statements staff forwarded with REQUEST_RESPONSE (the `note` beside them stays internal). */
function statementsOf(events: CaseEventRow[]): StatementView[] {
  return events
    .filter((e) => e.type === 'REQUEST_RESPONSE' && typeof e.payload.statement === 'string')
    .map((e) => ({ at: e.occurredAt.toISOString(), text: e.payload.statement as string }));
}

export function respondentCase(r: CaseRow, facts: CaseFacts, allEvents: CaseEventRow[]): RespondentCaseView {
  const ctx = facts.context;
  const events = ownHistory(allEvents);
  const due = (kind: string) => iso(r.deadlines.find((d) => d.kind === kind)?.dueAt ?? null);
  const lastRequest = [...events].reverse().find(isRequest);
  const mediated = events.some((e) => e.type === 'START_MEDIATION');
  const d = facts.disclosure;
  // The right of reply is the respondent's while a publication is pending or once it is published, never after it was dropped.
  const replyOpen = ctx.rightOfReply && (ctx.proposal?.kind === 'publication' || d !== null);
  const steps = respondentHistory(events);
  const forwarded = events.some((e) => (FORWARDING_EVENTS as readonly string[]).includes(e.type));
  return {
    audience: 'respondent',
    ...respondentCaseSummary({ ...r, forwarded }),
    lastStepAt: steps.at(-1)?.at ?? r.receivedAt.toISOString(),
    occurredAt: iso(r.occurredAt)!,
    complaint: r.isEmployeeOfRespondent || !forwarded
      ? null
      : {
          title: r.title,
          description: r.description,
          occurredAt: iso(r.occurredAt)!,
          urls: [...r.urls],
          citedArticles: r.citedArticles.map((a) => ({ conventionCode: a.conventionCode, articleNumber: a.articleNumber, versionId: a.versionId, version: a.version })),
        },
    statements: statementsOf(events),
    responseRequest: lastRequest ? { requestedAt: lastRequest.occurredAt.toISOString(), dueAt: due('response') } : null,
    rightOfReply:
      replyOpen && ctx.rightOfReply
        ? { requestedAt: ctx.rightOfReply.requestedAt, dueAt: due('right_of_reply'), reply: ctx.rightOfReply.reply, repliedAt: ctx.rightOfReply.repliedAt, elapsed: ctx.rightOfReply.elapsed }
        : null,
    response: ctx.response ? (pick(ctx.response as unknown as Record<string, unknown>, ANSWER_FIELDS) as unknown as RespondentAnswerView) : null,
    mediation: mediated ? { sessions: ctx.mediationSessions } : null,
    finding: ctx.finding ? { upheld: ctx.finding.upheld, outcome: ctx.finding.outcome } : null,
    publication: d
      ? {
          disclosureId: d.id,
          publishedAt: d.publishedAt.toISOString(),
          summary: d.retractedAt ? null : d.summary,
          findings: d.retractedAt ? null : d.findings,
          reply: d.retractedAt ? null : d.reply,
          retracted: d.retractedAt !== null,
        }
      : null,
    deadlines: r.deadlines.filter((x) => isRespondentDeadline(x.kind)).map((x) => ({ kind: x.kind, dueAt: iso(x.dueAt)!, calendarCovered: x.calendarCovered, workingDaysLeft: facts.workingDaysLeft?.(new Date(x.dueAt)) ?? null })),
    allowedEvents: facts.allowedEvents,
    refusedEvents: refusedEventViews(facts.refusedEvents),
  };
}

/**
 * The history as the respondent sees it: an allow-list of steps, in order, without sequence numbers (the gaps would
 * show that hidden steps exist). Proposals appear only once decided, as their outcome; referrals never name the agency.
 */
export function respondentHistory(allEvents: CaseEventRow[]): RespondentHistoryEntryView[] {
  const out: RespondentHistoryEntryView[] = [];
  let pending: 'publication' | 'referral' | null = null;
  for (const e of ownHistory(allEvents)) {
    const entry = (type: string, details: Record<string, unknown> = {}, by: string | null = byOf(e.actorRole)) =>
      out.push({ type, at: e.occurredAt.toISOString(), by, state: e.toState, details });
    const stateChanged = e.fromState !== null && e.fromState !== e.toState;
    switch (e.type) {
      case 'RECEIVED':
        entry('RECEIVED', {}, null);
        break;
      case 'ACCEPT':
      case 'START_MEDIATION':
      case 'MEDIATION_FAILED':
      case 'CONFIRM':
      case 'DISPUTE':
      case 'WITHDRAW':
      case 'DISMISS':
      case 'CLOSE':
      case 'REOPEN':
      case 'MERGE':
      // That the case came to this respondent by a correction; never the reason nor the member it replaced.
      case 'CORRECT_RESPONDENT':
        entry(e.type);
        break;
      case 'REQUEST_RESPONSE':
        entry(e.type, pick(e.payload, ['statement']));
        break;
      case 'RESPOND':
        entry(e.type, { response: pick(e.payload.response as Record<string, unknown>, ANSWER_FIELDS) });
        break;
      case 'RIGHT_OF_REPLY':
        entry(e.type, pick(e.payload, ['reply']));
        break;
      case 'RECORD_MEDIATION_SESSION':
        entry(e.type, pick(e.payload, ['heldAt']));
        break;
      case 'AGREEMENT':
        entry(e.type, pick(e.payload, ['terms']));
        break;
      case 'RESOLVE':
        entry(e.type, pick(e.payload, ['upheld', 'outcome']));
        break;
      case 'PROPOSE_PUBLICATION':
        pending = 'publication';
        entry('RIGHT_OF_REPLY_REQUESTED');
        break;
      case 'PROPOSE_REFERRAL':
        pending = 'referral';
        break;
      case 'APPROVE':
        if (pending === 'publication') entry('PUBLISHED', {}, 'association');
        else if (stateChanged) entry('REFERRED', {}, 'association');
        pending = null;
        break;
      case 'REJECT_PROPOSAL':
        if (pending === 'publication') entry('PUBLICATION_DROPPED', {}, 'association');
        pending = null;
        break;
      case 'DEADLINE_ELAPSED':
        if (isRespondentDeadline(String(e.payload.deadline))) entry(e.type, { deadline: e.payload.deadline }, 'system');
        else if (stateChanged) entry('STATE_CHANGED', {}, null);
        break;
      default:
        // Notes, assignment, added information, the agency's steps and anything new: at most the state change they caused.
        if (stateChanged) entry('STATE_CHANGED', {}, null);
    }
  }
  return out;
}
