import type { CaseActor, CaseContext, CaseEventType } from './case.types.js';

/**
 * Who may send each event (pure). The machine decides whether the case's state accepts an event
 * (409 otherwise); this table decides whether this actor may send it at all (403 otherwise).
 */
export const EVENT_ROLES: Record<CaseEventType, CaseActor['role'][]> = {
  ACCEPT: ['secretariat', 'supervisor'],
  DISMISS: ['secretariat', 'supervisor'],
  MERGE: ['secretariat', 'supervisor'],
  REQUEST_RESPONSE: ['secretariat', 'supervisor'],
  RESPOND: ['member_rep'],
  START_MEDIATION: ['secretariat', 'supervisor'],
  RECORD_MEDIATION_SESSION: ['secretariat', 'supervisor'],
  AGREEMENT: ['secretariat', 'supervisor'],
  MEDIATION_FAILED: ['secretariat', 'supervisor'],
  RESOLVE: ['secretariat', 'supervisor'],
  PROPOSE_PUBLICATION: ['secretariat', 'supervisor'],
  PROPOSE_REFERRAL: ['secretariat', 'supervisor'],
  APPROVE: ['supervisor'],
  REJECT_PROPOSAL: ['supervisor'],
  RIGHT_OF_REPLY: ['member_rep'],
  LE_ACKNOWLEDGE: ['law_enforcement'],
  LE_CONCLUDE: ['law_enforcement'],
  RETRACT_REFERRAL: ['supervisor'],
  CONFIRM: ['complainant'],
  DISPUTE: ['complainant'],
  WITHDRAW: ['complainant'],
  ADD_INFORMATION: ['complainant', 'secretariat', 'supervisor'],
  ASSIGN: ['secretariat', 'supervisor'],
  ADD_NOTE: ['secretariat', 'supervisor'],
  CLOSE: ['secretariat', 'supervisor'],
  REOPEN: ['supervisor'],
  UNMERGE: ['supervisor'],
  ACTION_FOLLOW_UP: ['complainant'],
  DEADLINE_ELAPSED: ['system'],
};

export type PermissionDenial = 'role' | 'not_own_member' | 'not_own_agency';

/** Null when the actor may send the event on this case; otherwise why not. */
export function denyReason(actor: CaseActor, type: CaseEventType, context: CaseContext): PermissionDenial | null {
  if (!EVENT_ROLES[type].includes(actor.role)) return 'role';
  if (actor.role === 'member_rep' && (!actor.memberId || actor.memberId !== context.respondentMemberId)) return 'not_own_member';
  if (actor.role === 'law_enforcement' && (!actor.agencyId || actor.agencyId !== context.referral?.agencyId)) return 'not_own_agency';
  return null;
}

/** The event types this actor's role may ever send. */
export function eventsForRole(role: CaseActor['role']): CaseEventType[] {
  return (Object.keys(EVENT_ROLES) as CaseEventType[]).filter((t) => EVENT_ROLES[t].includes(role));
}
