import { scopeOf } from '../identity/index.js';
import type { Actor } from '../platform/access/principal.js';

/**
 * The member a caller is confined to: a member_rep sees and acts for its own organisation only; staff
 * (undefined) are not confined. Queries take it as a filter, so another member's row is simply not found.
 */
export function memberScopeOf(actor: Actor): string | undefined {
  const scope = scopeOf(actor);
  return scope.kind === 'member' ? scope.memberId : undefined;
}

/** The acting user's id for "who" columns (null for the system or an API key). */
export function actingUserId(actor: Actor): string | null {
  return actor.principal?.kind === 'user' ? actor.principal.id : null;
}
