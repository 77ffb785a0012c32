/**
 * Who may call each API route the console uses: the `x-roles` of its operation in the OpenAPI document, copied here
 * so menus and buttons follow the API's rules without loading the document (test/e2e/console/permissions.e2e-spec.ts
 * fails when one differs from the service's). "secretariat" admits "supervisor", as in the API. The API stays the
 * authority: a hidden button is never the only protection.
 */
export const ROUTE_ROLES = {
  'GET /v1/auth/me': ['admin', 'supervisor', 'secretariat', 'member_rep', 'law_enforcement', 'partner'],
  'GET /v1/cases': ['secretariat', 'member_rep'],
  'GET /v1/cases/queues': ['secretariat'],
  'GET /v1/cases/{id}': ['secretariat', 'member_rep'],
  'GET /v1/cases/{id}/history': ['secretariat', 'member_rep'],
  'GET /v1/cases/{id}/complainant': ['secretariat'],
  'POST /v1/cases/{id}/events': ['secretariat', 'member_rep', 'law_enforcement'],
  'GET /v1/cases/{id}/evidence': ['secretariat', 'member_rep'],
  'GET /v1/evidence/{id}': ['secretariat', 'member_rep'],
  'GET /v1/cases/{id}/disclosure-preview': ['secretariat'],
  'GET /v1/case-events': ['secretariat', 'member_rep', 'law_enforcement'],
  'GET /v1/complaint-categories': ['secretariat', 'admin'],
  'GET /v1/agencies': ['admin', 'secretariat'],
  'GET /v1/members': ['secretariat', 'member_rep'],
  'GET /v1/referrals': ['law_enforcement', 'secretariat'],
  'GET /v1/users': ['admin'],
  'POST /v1/users': ['admin'],
  'PATCH /v1/users/{id}': ['admin'],
  'GET /v1/members/names': ['admin', 'secretariat'],
  'GET /v1/partners': ['admin'],
  'POST /v1/partners': ['admin'],
  'GET /v1/partners/{id}': ['admin'],
  'PATCH /v1/partners/{id}': ['admin'],
  'POST /v1/partners/{id}/callback-secret': ['admin'],
  'GET /v1/partners/{id}/keys': ['admin'],
  'POST /v1/partners/{id}/keys': ['admin'],
  'DELETE /v1/partners/{id}/keys/{keyId}': ['admin'],
  'GET /v1/partners/{id}/site-keys': ['admin'],
  'POST /v1/partners/{id}/site-keys': ['admin'],
  'PATCH /v1/partners/{id}/site-keys/{siteKeyId}': ['admin'],
  'DELETE /v1/partners/{id}/site-keys/{siteKeyId}': ['admin'],
  'POST /v1/agencies': ['admin'],
  'GET /v1/agencies/{id}': ['admin', 'secretariat'],
  'GET /v1/agencies/{id}/keys': ['admin'],
  'POST /v1/agencies/{id}/keys': ['admin'],
  'DELETE /v1/agencies/{id}/keys/{keyId}': ['admin'],
  'POST /v1/complaint-categories': ['admin'],
  'PATCH /v1/complaint-categories/{code}': ['admin'],
  'GET /v1/calendar': ['admin', 'secretariat'],
  'GET /v1/calendar/years/{year}': ['admin', 'secretariat'],
  'PUT /v1/calendar/years/{year}': ['admin'],
  'GET /v1/admin/callbacks/dead': ['admin'],
  'GET /v1/admin/mail': ['admin'],
  'GET /v1/admin/mail/dead': ['admin'],
  'POST /v1/admin/mail/{id}/retry': ['admin'],
} as const satisfies Record<string, readonly string[]>;

export type RouteKey = keyof typeof ROUTE_ROLES;

/** Whether `role` may call the route (a supervisor may do everything the secretariat may). */
export function mayCall(role: string | undefined, route: RouteKey): boolean {
  if (!role) return false;
  const roles: readonly string[] = ROUTE_ROLES[route];
  return roles.includes(role) || (role === 'supervisor' && roles.includes('secretariat'));
}
