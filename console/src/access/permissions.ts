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
  'GET /v1/public/complaint-categories': ['public'],
  'GET /v1/agencies': ['admin', 'secretariat'],
  'GET /v1/members': ['secretariat', 'member_rep'],
  'GET /v1/referrals': ['law_enforcement', 'secretariat'],
  'GET /v1/referrals/{id}': ['law_enforcement', 'secretariat'],
  'GET /v1/referrals/{id}/packet': ['law_enforcement', 'secretariat'],
  'GET /v1/referrals/{id}/packet.zip': ['law_enforcement', 'secretariat'],
  'GET /v1/referrals/{id}/custody': ['secretariat'],
  'POST /v1/referrals/{id}/acknowledge': ['law_enforcement'],
  'POST /v1/referrals/{id}/conclude': ['law_enforcement'],
  'POST /v1/referrals/{id}/retract': ['supervisor'],
  'GET /v1/disclosures': ['secretariat'],
  'GET /v1/disclosures/{id}': ['secretariat'],
  'POST /v1/disclosures/{id}/retract': ['supervisor'],
  'GET /v1/audit': ['admin'],
  'GET /v1/audit/verify': ['admin'],
  'GET /v1/users': ['admin'],
  // register and pacts (console/src/register, console/src/pacts)
  'POST /v1/members': ['secretariat'],
  'GET /v1/members/{id}': ['secretariat', 'member_rep'],
  'PATCH /v1/members/{id}': ['secretariat', 'member_rep'],
  'POST /v1/members/{id}/status': ['secretariat'],
  'GET /v1/members/{id}/signatures': ['secretariat', 'member_rep'],
  'POST /v1/members/{id}/self-inspections': ['member_rep', 'secretariat'],
  'GET /v1/reports/members/{id}/annual': ['secretariat', 'member_rep'],
  'GET /v1/conventions': ['secretariat'],
  'POST /v1/conventions': ['secretariat'],
  'GET /v1/conventions/{code}': ['secretariat'],
  'GET /v1/conventions/{code}/diff': ['secretariat'],
  'POST /v1/conventions/{code}/versions': ['secretariat'],
  'GET /v1/conventions/{code}/versions/{version}': ['secretariat'],
  'PATCH /v1/conventions/{code}/versions/{version}': ['secretariat'],
  'POST /v1/conventions/{code}/versions/{version}/publish': ['secretariat'],
  'POST /v1/conventions/{code}/versions/{version}/signatures': ['secretariat', 'member_rep'],
  'POST /v1/signatures/{id}/withdraw': ['secretariat', 'member_rep'],
  'GET /v1/signatures/{id}/document': ['secretariat', 'member_rep'],
  'GET /v1/self-inspections': ['secretariat', 'member_rep'],
  'GET /v1/self-inspections/{id}': ['secretariat', 'member_rep'],
  'GET /v1/self-inspections/{id}/attachments/{sha256}': ['secretariat', 'member_rep'],
  'POST /v1/self-inspections/{id}/review': ['secretariat'],
  'GET /v1/public/conventions': ['public'],
  // reports (console/src/reports)
  'GET /v1/reports/summary': ['secretariat'],
  'GET /v1/reports/cases.csv': ['secretariat'],
  'GET /v1/reports/evaluation': ['secretariat'],
  'POST /v1/reports/evaluation/{year}/finalise': ['supervisor'],
  'GET /v1/public/statistics': ['public'],
} as const satisfies Record<string, readonly string[]>;

export type RouteKey = keyof typeof ROUTE_ROLES;

/** Whether `role` may call the route (a supervisor may do everything the secretariat may). */
export function mayCall(role: string | undefined, route: RouteKey): boolean {
  if (!role) return false;
  const roles: readonly string[] = ROUTE_ROLES[route];
  return roles.includes(role) || (role === 'supervisor' && roles.includes('secretariat'));
}
