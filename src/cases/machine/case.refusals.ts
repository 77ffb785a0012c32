import { eventSpec } from '../events/case-events.js';
import { accepts, caseMachine } from './case.machine.js';
import { denyReason, eventsForRole } from './case.permissions.js';
import type { CaseActor, CaseEvent, CaseEventType, RefusalReason } from './case.types.js';

/**
 * Why the machine refuses an event, and what it would accept: pure functions of the snapshot and the event
 * (no I/O, no clock). The service adds what only the database knows (the right-of-reply deadline's end date).
 */

type Snapshot = ReturnType<typeof caseMachine.resolveState>;

const DAY_MS = 86_400_000;

export interface Refusal {
  reason: RefusalReason;
  /** When the refusal ends or ended: the end of the reopen window (REOPEN_WINDOW_PASSED). */
  until?: string;
}

/** Whether some active state node defines a transition for this event (guards aside). */
function stateTakes(snapshot: Snapshot, type: CaseEventType): boolean {
  if (snapshot.status === 'done') return false;
  // The root's bookkeeping events (ASSIGN, ADD_NOTE) are refused in merged by their guard: that is the state refusing.
  if (snapshot.value === 'merged' && type !== 'UNMERGE') return false;
  return [...snapshot._nodes].some((node) => (node.on[type]?.length ?? 0) > 0);
}

const windowEnd = (from: string, days: number) => new Date(Date.parse(from) + days * DAY_MS).toISOString();

/** Null when the machine accepts the event; otherwise the reason it refuses it, most specific first. */
export function refusalOf(snapshot: Snapshot, event: CaseEvent): Refusal | null {
  if (accepts(snapshot, event)) return null;
  if (!stateTakes(snapshot, event.type)) return { reason: 'STATE_REFUSES' };
  const ctx = snapshot.context;
  switch (event.type) {
    case 'ACCEPT':
      if (!event.respondentMemberId && !ctx.respondentMemberId) return { reason: 'NO_RESPONDENT_MEMBER' };
      break;
    case 'PROPOSE_PUBLICATION':
    case 'MERGE':
      // A case with a publication or referral awaiting its decision is decided (approved or rejected) before it merges.
      if (ctx.proposal) return { reason: 'PROPOSAL_PENDING' };
      break;
    case 'PROPOSE_REFERRAL':
      if (ctx.proposal) return { reason: 'PROPOSAL_PENDING' };
      // In received only a complaint about a non-member can be referred; a member's case is accepted first.
      if (snapshot.value === 'received' && ctx.respondentMemberId) return { reason: 'STATE_REFUSES' };
      if (!(event.evidenceCount > 0 || event.justification?.trim())) return { reason: 'REFERRAL_NEEDS_EVIDENCE_OR_JUSTIFICATION' };
      break;
    case 'APPROVE':
      if (!ctx.proposal) return { reason: 'NO_PENDING_PROPOSAL' };
      if (event.actor.id === null || event.actor.id === ctx.proposal.proposedBy) return { reason: 'OWN_PROPOSAL' };
      if (ctx.proposal.kind === 'publication' && !(ctx.rightOfReply && (ctx.rightOfReply.reply !== null || ctx.rightOfReply.elapsed))) {
        return { reason: 'RIGHT_OF_REPLY_PENDING' };
      }
      break;
    case 'CORRECT_RESPONDENT':
      if (ctx.proposal) return { reason: 'PROPOSAL_PENDING' };
      if (event.respondentMemberId === ctx.respondentMemberId) return { reason: 'RESPONDENT_UNCHANGED' };
      break;
    case 'REJECT_PROPOSAL':
      if (!ctx.proposal) return { reason: 'NO_PENDING_PROPOSAL' };
      break;
    case 'RIGHT_OF_REPLY':
      if (ctx.proposal?.kind !== 'publication') return { reason: 'NO_PENDING_PROPOSAL' };
      break;
    case 'REOPEN':
      if (ctx.closedAt) return { reason: 'REOPEN_WINDOW_PASSED', until: windowEnd(ctx.closedAt, event.windowDays) };
      break;
    case 'UNMERGE':
      return ctx.mergedAt ? { reason: 'REOPEN_WINDOW_PASSED', until: windowEnd(ctx.mergedAt, event.windowDays) } : { reason: 'REOPEN_WINDOW_PASSED' };
    case 'ACTION_FOLLOW_UP':
      return { reason: 'NOT_AWAITING_FOLLOW_UP' };
    default:
      break;
  }
  return { reason: 'STATE_REFUSES' };
}

/**
 * A payload that makes the event's shape complete, to ask the machine what the caller could send now: the catalogue's
 * probe, plus the reopen window the server adds (see `EventSpec.probe`).
 */
export function probeFor(type: CaseEventType, reopenWindowDays: number): Record<string, unknown> {
  const spec = eventSpec(type);
  return { ...spec.probe, ...(spec.reopenWindow ? { windowDays: reopenWindowDays } : {}) };
}

/** The events this actor could send on this case at `at` (DEADLINE_ELAPSED is the scheduler's, never offered). */
export function offeredEvents(snapshot: Snapshot, who: CaseActor, at: string, reopenWindowDays: number): CaseEventType[] {
  return eventsForRole(who.role).filter((t) => {
    if (t === 'DEADLINE_ELAPSED' || denyReason(who, t, snapshot.context)) return false;
    return accepts(snapshot, { type: t, actor: who, at, ...probeFor(t, reopenWindowDays) } as CaseEvent);
  });
}

/** An event the actor's role may send but the case refuses now, and the machine's reason (as a 409 would name it). */
export interface RefusedEvent extends Refusal {
  type: CaseEventType;
}

/**
 * The events this actor's role may send that the case refuses at `at`, each with `refusalOf`'s reason for the probe
 * payload (what `offeredEvents` asks about): together with `offeredEvents`, every event of the role but the scheduler's.
 */
export function refusedEvents(snapshot: Snapshot, who: CaseActor, at: string, reopenWindowDays: number): RefusedEvent[] {
  return eventsForRole(who.role).flatMap((type): RefusedEvent[] => {
    if (type === 'DEADLINE_ELAPSED' || denyReason(who, type, snapshot.context)) return [];
    const refusal = refusalOf(snapshot, { type, actor: who, at, ...probeFor(type, reopenWindowDays) } as CaseEvent);
    return refusal ? [{ type, ...refusal }] : [];
  });
}
