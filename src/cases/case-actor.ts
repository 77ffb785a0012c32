import { randomUUID } from 'node:crypto';
import type { Actor } from '../platform/access/principal.js';
import type { LockScope } from './cases.repository.js';
import type { CaseActor } from './machine/case.types.js';

/** Who acts without a principal of its own, as the caller of the one door names it. */
export type NamedCaseActor = 'complainant' | 'system' | 'sandbox';

/**
 * The case's machine actor as the guards see it; null when this principal never acts on cases. `sandbox`: a partner's
 * test-mode key driving its own test complaint with a supervisor's permissions; each event gets an id of its own, so a
 * proposal made in the sandbox can be approved there too (four eyes are staff's rule, not what a partner rehearses).
 */
export function caseActorOf(actor: Actor, as?: NamedCaseActor): CaseActor | null {
  const p = actor.principal;
  if (as === 'sandbox') {
    if (p?.kind !== 'api_key' || p.role !== 'partner' || !p.testMode || !p.partnerId) return null;
    return { kind: 'sandbox', id: randomUUID(), role: 'supervisor', partnerId: p.partnerId };
  }
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

/**
 * What a case actor may see, as `CasesRepository.lockForTransition` scopes it: staff see every live case, a member_rep
 * its member's and a liaison its agency's (never a test case); the sandbox only its partner's test cases; the
 * complainant (proven by a receipt code) and the system (deadlines) either kind.
 */
export function caseScopeOf(who: CaseActor): LockScope {
  switch (who.kind) {
    case 'sandbox':
      return { test: true, partnerId: who.partnerId ?? null };
    case 'complainant':
    case 'system':
      return { test: null };
    case 'member_rep':
      return { memberId: who.memberId ?? null, test: false };
    case 'liaison':
      return { agencyId: who.agencyId ?? null, test: false };
    case 'staff':
      return { test: false };
  }
}
