import { CASE_EVENT_TYPES, CLIENT_EVENT_TYPES, type ClientEventType, mapEvents } from '../events/case-events.js';
import type { CaseActor, CaseContext, CaseEventType } from './case.types.js';

/**
 * Who may send each event (pure), derived from `CASE_EVENTS`. The machine decides whether the case's state accepts an
 * event (409 otherwise); this table decides whether this actor may send it at all (403 otherwise).
 */
export const EVENT_ROLES: Record<CaseEventType, readonly CaseActor['role'][]> = mapEvents((spec) => spec.roles);

export type PermissionDenial = 'role' | 'not_own_member' | 'not_own_agency';

/**
 * What the sandbox may not send although a supervisor may: a merge involves another case, and a correction of the
 * respondent names a member of the register, which a test case never does.
 */
export const SANDBOX_EXCLUDED_EVENTS: readonly CaseEventType[] = ['MERGE', 'UNMERGE', 'CORRECT_RESPONDENT'];

/** What the partner's sandbox may send: a supervisor's events but the excluded ones (what the staff case route takes of them). */
export const SANDBOX_EVENTS: readonly ClientEventType[] = CLIENT_EVENT_TYPES.filter(
  (t) => EVENT_ROLES[t].includes('supervisor') && !SANDBOX_EXCLUDED_EVENTS.includes(t),
);

/** Null when the actor may send the event on this case; otherwise why not. */
export function denyReason(actor: CaseActor, type: CaseEventType, context: CaseContext): PermissionDenial | null {
  if (!EVENT_ROLES[type].includes(actor.role)) return 'role';
  if (actor.kind === 'sandbox' && SANDBOX_EXCLUDED_EVENTS.includes(type)) return 'role';
  if (actor.role === 'member_rep' && (!actor.memberId || actor.memberId !== context.respondentMemberId)) return 'not_own_member';
  if (actor.role === 'law_enforcement' && (!actor.agencyId || actor.agencyId !== context.referral?.agencyId)) return 'not_own_agency';
  return null;
}

/** The event types this actor's role may ever send. */
export function eventsForRole(role: CaseActor['role']): CaseEventType[] {
  return CASE_EVENT_TYPES.filter((t) => EVENT_ROLES[t].includes(role));
}
