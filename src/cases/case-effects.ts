import type { DeadlineSettings } from './deadlines/deadline-policy.js';
import type { MachineAction, CaseContext, CaseEvent, DeadlineKind } from './machine/case.types.js';

export type Recipient = 'respondent' | 'complainant' | 'supervisors' | 'agency';

/**
 * What a transition makes happen outside the case row and its history: one typed union, computed by the pure
 * `effectsOf` and carried out by `CaseEffectDispatcher` (one exhaustive switch over typed ports, in the transition's
 * transaction).
 */
export type CaseEffect =
  | { kind: 'deadline.start'; caseId: string; deadline: DeadlineKind; overrides: Partial<DeadlineSettings> | null; promisedBy?: string }
  | { kind: 'deadline.cancel'; caseId: string; deadline: DeadlineKind }
  | { kind: 'notify'; caseId: string; to: Recipient; recipientRef: string | null; template: string; payload: Record<string, string> }
  | { kind: 'callback'; partnerId: string; caseId: string; body: CallbackBody }
  | { kind: 'disclosure.publish'; caseId: string; proposal: CaseContext['proposal']; rightOfReply: CaseContext['rightOfReply']; approvedBy: string | null; at: string }
  | { kind: 'referral.packet'; caseId: string; agencyId: string | null; proposal: CaseContext['proposal']; approvedBy: string | null; approvedAt: string; context: CaseContext }
  | { kind: 'referral.retract'; caseId: string; reason: string | null; retractedBy: string | null; at: string }
  | { kind: 'referral.acknowledge'; caseId: string; referenceNumber: string; at: string }
  | { kind: 'referral.conclude'; caseId: string; outcome: string; at: string };

export type CaseEffectKind = CaseEffect['kind'];

/** What a partner's callback says about a change of state. */
export interface CallbackBody {
  reference: string;
  externalId: string | null;
  state: string;
  phase: string | null;
  previousState: string;
  event: string;
  occurredAt: string;
  /** A test complaint of the partner's sandbox: the partner's live and sandbox callbacks share its callback URL. */
  test: boolean;
}

/** A machine action as `transition()` returns it (named actions carry params). */
export interface ActionLike {
  type: string;
  params?: unknown;
}

/** The case as the transition found it. */
export interface EffectCase {
  id: string;
  reference: string;
  state: string;
  phase: string | null;
  partnerId: string | null;
  externalId: string | null;
  deadlines: Partial<DeadlineSettings> | null;
  /** A test complaint: nobody is notified and nothing is published or referred; deadlines and the partner's callback stay. */
  test: boolean;
}

export interface TransitionFacts {
  case: EffectCase;
  actions: readonly ActionLike[];
  before: CaseContext;
  after: CaseContext;
  event: CaseEvent;
  toState: string;
  toPhase: string | null;
  /** For MERGE: the reference of the case it went to (the complainant's message names it). */
  mergedIntoReference?: string;
}

const asMachineAction = (a: ActionLike) => a as MachineAction;

/** What a decision message tells the respondent, in neutral words (never who complained or why it was decided). */
export type CaseDecision = 'upheld' | 'not_upheld' | 'mediated' | 'dismissed' | 'published';

/** The decision the transition into `toState` made (a `case_decided` message names it). */
export function decisionOf(toState: string, event: CaseEvent, after: CaseContext): CaseDecision | null {
  if (toState === 'dismissed') return 'dismissed';
  if (toState === 'publicized') return 'published';
  if (toState === 'resolved') return event.type === 'AGREEMENT' ? 'mediated' : after.finding?.upheld ? 'upheld' : 'not_upheld';
  return null;
}

/** The payload of a message: the case reference, and what the template needs besides (all references, no personal data). */
function notifyPayload(t: TransitionFacts, to: Recipient, template: string): Record<string, string> {
  const payload: Record<string, string> = { reference: t.case.reference };
  if (to === 'complainant' && t.mergedIntoReference !== undefined) payload.mergedIntoReference = t.mergedIntoReference;
  if (template === 'case_decided') {
    const decision = decisionOf(t.toState, t.event, t.after);
    if (decision) payload.decision = decision;
  }
  // Supervisors are not asked to approve (or told of) what one of them just did: four eyes.
  if (to === 'supervisors' && t.event.actor.kind === 'staff' && t.event.actor.id) payload.exceptUserId = t.event.actor.id;
  return payload;
}

/** The deadline effects of the machine's actions, in their order (also what a new case's entry actions start). */
export function deadlineEffectsOf(c: Pick<EffectCase, 'id' | 'deadlines'>, actions: readonly ActionLike[], after: CaseContext): CaseEffect[] {
  const out: CaseEffect[] = [];
  for (const a of actions.map(asMachineAction)) {
    if (a.type === 'cancelDeadline') out.push({ kind: 'deadline.cancel', caseId: c.id, deadline: a.params.kind });
    if (a.type !== 'scheduleDeadline') continue;
    const deadline = a.params.kind;
    if (deadline !== 'promised_action') {
      out.push({ kind: 'deadline.start', caseId: c.id, deadline, overrides: c.deadlines });
    } else if (after.response?.kind === 'action_promised') {
      // The date the respondent promised: given, not counted on the calendar.
      out.push({ kind: 'deadline.start', caseId: c.id, deadline, overrides: c.deadlines, promisedBy: after.response.by });
    }
  }
  return out;
}

/** What a transition of a test complaint still does: its deadlines (so it moves as in production) and the partner's callback. */
const TEST_CASE_EFFECTS: ReadonlySet<CaseEffect['kind']> = new Set(['deadline.start', 'deadline.cancel', 'callback']);

/**
 * Pure: the effects of one transition. Deadlines first (in action order), then messages, disclosures and referral packets
 * (in action order), then the agency's referral milestones, then the partner's callback when the state or phase changed.
 * A test complaint keeps only its deadlines and the callback: it never reaches a respondent, a complainant's inbox, the
 * supervisors, an agency or the public register.
 */
export function effectsOf(t: TransitionFacts): CaseEffect[] {
  const out = allEffectsOf(t);
  return t.case.test ? out.filter((e) => TEST_CASE_EFFECTS.has(e.kind)) : out;
}

function allEffectsOf(t: TransitionFacts): CaseEffect[] {
  const { case: c, after, before, event } = t;
  const out = deadlineEffectsOf(c, t.actions, after);
  for (const a of t.actions.map(asMachineAction)) {
    switch (a.type) {
      case 'notify': {
        const to = a.params.to;
        const recipientRef = to === 'respondent' ? after.respondentMemberId : to === 'agency' ? (after.referral?.agencyId ?? null) : to === 'complainant' ? c.id : null;
        // A complaint about a non-member has no respondent to tell.
        if (to === 'respondent' && !recipientRef) break;
        out.push({ kind: 'notify', caseId: c.id, to, recipientRef, template: a.params.template, payload: notifyPayload(t, to, a.params.template) });
        break;
      }
      case 'createDisclosure':
        out.push({ kind: 'disclosure.publish', caseId: c.id, proposal: before.proposal, rightOfReply: after.rightOfReply, approvedBy: event.actor.id, at: event.at });
        break;
      case 'buildReferralPacket':
        out.push({
          kind: 'referral.packet', caseId: c.id, agencyId: after.referral?.agencyId ?? before.proposal?.agencyId ?? null, proposal: before.proposal,
          approvedBy: event.actor.id, approvedAt: event.at, context: after,
        });
        break;
      case 'retractReferral':
        out.push({ kind: 'referral.retract', caseId: c.id, reason: event.type === 'RETRACT_REFERRAL' ? event.reason : null, retractedBy: event.actor.id, at: event.at });
        break;
      default:
        break;
    }
  }
  // The agency's milestones are assignments to the referral in the context (xstate does not return assign actions):
  // a reference number or an outcome the referral did not have before is the agency acknowledging or concluding.
  const [was, now] = [before.referral, after.referral];
  if (now?.referenceNumber && now.referenceNumber !== was?.referenceNumber) {
    out.push({ kind: 'referral.acknowledge', caseId: c.id, referenceNumber: now.referenceNumber, at: event.at });
  }
  if (now?.outcome && now.outcome !== was?.outcome) out.push({ kind: 'referral.conclude', caseId: c.id, outcome: now.outcome, at: event.at });
  if (c.partnerId && (t.toState !== c.state || t.toPhase !== c.phase)) {
    out.push({
      kind: 'callback', partnerId: c.partnerId, caseId: c.id,
      body: {
        reference: c.reference, externalId: c.externalId, state: t.toState, phase: t.toPhase, previousState: c.state, event: event.type, occurredAt: event.at,
        test: c.test,
      },
    });
  }
  return out;
}
