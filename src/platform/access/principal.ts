/** The roles of user accounts (people); machine clients are `partner` or `law_enforcement` by their key. */
export const USER_ROLES = ['admin', 'supervisor', 'secretariat', 'member_rep', 'law_enforcement'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Every role a route can declare. `partner` is only ever an API key; agencies' keys act as `law_enforcement`. */
export const ROLES = ['admin', 'supervisor', 'secretariat', 'member_rep', 'law_enforcement', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export interface UserPrincipal {
  kind: 'user';
  id: string;
  email: string;
  role: UserRole;
  memberId: string | null;
  agencyId: string | null;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  keyId: string;
  role: 'partner' | 'law_enforcement';
  partnerId: string | null;
  agencyId: string | null;
  /**
   * A partner's sandbox key (issue #14): its complaints are test cases, it reads only test cases, and it may drive them
   * through `/v1/partner/sandbox`. Always false for an agency's key.
   */
  testMode: boolean;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

/** Who is acting, as services and the audit log see it. */
export interface Actor {
  principal: Principal | null;
  requestId?: string;
  ip?: string;
  /**
   * Who acts without a principal: a complainant proven by a receipt code, or the system (scheduler, jobs); `sandbox`: a
   * partner's test-mode key (the principal) acting as the association's staff on its own test complaint.
   */
  anonymous?: 'complainant' | 'system' | 'public' | 'sandbox';
}

export const SYSTEM_ACTOR: Actor = { principal: null, anonymous: 'system' };

/** A supervisor is also a caseworker: it may call what the secretariat may. */
export function effectiveRoles(role: Role): Role[] {
  return role === 'supervisor' ? ['supervisor', 'secretariat'] : [role];
}

export function actorRef(actor: Actor): { type: string; id: string | null } {
  const p = actor.principal;
  // The partner's sandbox drives a test complaint on behalf of its test-mode key: recorded as `sandbox` with the key's id.
  if (actor.anonymous === 'sandbox') return { type: 'sandbox', id: p?.kind === 'api_key' ? p.keyId : null };
  if (!p) return { type: actor.anonymous ?? 'system', id: null };
  return p.kind === 'user' ? { type: 'user', id: p.id } : { type: 'api_key', id: p.keyId };
}
