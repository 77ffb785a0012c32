import type { Actor } from '../platform/access/principal.js';

/**
 * The member a caller is confined to: a member_rep sees and acts for its own organisation only; staff
 * (undefined) are not confined. Queries take it as a filter, so another member's row is simply not found.
 */
export function memberScopeOf(actor: Actor): string | undefined {
  const p = actor.principal;
  if (p?.kind === 'user' && p.role === 'member_rep') {
    // users_binding_check guarantees a member_rep has a member; a missing one must never widen the scope.
    return p.memberId ?? '00000000-0000-0000-0000-000000000000';
  }
  return undefined;
}

/** The acting user's id for "who" columns (null for the system or an API key). */
export function actingUserId(actor: Actor): string | null {
  return actor.principal?.kind === 'user' ? actor.principal.id : null;
}
