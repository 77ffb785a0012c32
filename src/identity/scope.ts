import type { Actor } from '../platform/access/principal.js';

/**
 * The id a scoped query binds when a principal lacks the member, agency or partner its role is bound
 * to (the users_binding_check forbids it; it must never widen the scope): it matches no row.
 */
export const UNBOUND_SCOPE_ID = '00000000-0000-0000-0000-000000000000';

/** Which objects a caller may see: everything, one member's, one agency's, one partner's, or none. */
export type ObjectScope =
  | { kind: 'all' }
  | { kind: 'member'; memberId: string }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'partner'; partnerId: string }
  | { kind: 'none' };

/**
 * The one place object scope is decided from a principal. Staff, admins and the system see all; a
 * member_rep its member's objects; a liaison (or an agency key) its agency's; a partner key its
 * partner's; a complainant or the public none (they reach single objects by receipt code or publication).
 * Routes still declare who may call them: `all` for an admin does not open a route to admins.
 */
export function scopeOf(actor: Actor): ObjectScope {
  const p = actor.principal;
  if (!p) return actor.anonymous === 'system' ? { kind: 'all' } : { kind: 'none' };
  switch (p.role) {
    case 'admin':
    case 'supervisor':
    case 'secretariat':
      return { kind: 'all' };
    case 'member_rep':
      return { kind: 'member', memberId: (p.kind === 'user' ? p.memberId : null) ?? UNBOUND_SCOPE_ID };
    case 'law_enforcement':
      return { kind: 'agency', agencyId: p.agencyId ?? UNBOUND_SCOPE_ID };
    case 'partner':
      return { kind: 'partner', partnerId: (p.kind === 'api_key' ? p.partnerId : null) ?? UNBOUND_SCOPE_ID };
  }
}
