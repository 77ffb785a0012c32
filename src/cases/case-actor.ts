import type { Actor } from '../platform/access/principal.js';
import type { CaseActor } from './machine/case.types.js';

/** The case's machine actor as the guards see it; null when this principal never acts on cases. */
export function caseActorOf(actor: Actor, as?: 'complainant' | 'system'): CaseActor | null {
  const p = actor.principal;
  if (!p) {
    if (as === 'complainant') return { kind: 'complainant', id: null, role: 'complainant' };
    if (as === 'system') return { kind: 'system', id: null, role: 'system' };
    return null;
  }
  if (p.kind === 'api_key') {
    return p.role === 'law_enforcement' ? { kind: 'liaison', id: p.keyId, role: 'law_enforcement', agencyId: p.agencyId } : null;
  }
  switch (p.role) {
    case 'secretariat':
    case 'supervisor':
      return { kind: 'staff', id: p.id, role: p.role };
    case 'member_rep':
      return { kind: 'member_rep', id: p.id, role: 'member_rep', memberId: p.memberId };
    case 'law_enforcement':
      return { kind: 'liaison', id: p.id, role: 'law_enforcement', agencyId: p.agencyId };
    default:
      return null;
  }
}

/** What a case actor may see, as `CasesRepository.lockForTransition` scopes it: staff and the system see all. */
export function caseScopeOf(who: CaseActor): { memberId?: string | null; agencyId?: string | null } {
  if (who.role === 'member_rep') return { memberId: who.memberId ?? null };
  if (who.role === 'law_enforcement') return { agencyId: who.agencyId ?? null };
  return {};
}
