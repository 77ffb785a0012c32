import { mayCall } from '../access/permissions';
import { withQuery } from '../api/http';
import type { PageLocation } from '../areas';
import { PORTAL_PAGE_SIZE, portalQuery, viewOf } from '../portal/portal-filters';
import { listFilters, pageOf, PAGE_SIZE, queueOf } from './queue-filters';

/** The categories' URL for the role (useCategories in components/categories.ts asks for the same). */
const categoriesOf = (role: string) => (mayCall(role, 'GET /v1/complaint-categories') ? '/v1/complaint-categories' : '/v1/public/complaint-categories');

/**
 * The case list's first GETs (pages/queue.tsx): for staff the queue counts, the categories and the first page of the
 * queue; for a member rep the categories and the first page of the member portal's list (portal/cases.tsx).
 */
export function queuePrefetch({ search, role }: PageLocation): string[] {
  const urls = [categoriesOf(role)];
  // Later pages need the cursor the earlier ones gave: only the first page can be asked for ahead.
  const first = pageOf(search) === 1;
  if (role === 'member_rep') {
    if (first) urls.push(withQuery('/v1/cases', { ...portalQuery(viewOf(search), search.get('q') ?? ''), limit: PORTAL_PAGE_SIZE }));
    return urls;
  }
  const staff = mayCall(role, 'GET /v1/cases/queues');
  if (staff) urls.push('/v1/cases/queues');
  if (first) urls.push(withQuery('/v1/cases', { ...listFilters(search, queueOf(search, staff)), limit: PAGE_SIZE }));
  return urls;
}

/** The case page's first GETs (pages/case.tsx): the case, the event catalogue, the categories; staff also the history and evidence. */
export function casePrefetch({ params, role }: PageLocation): string[] {
  const base = `/v1/cases/${encodeURIComponent(params.id)}`;
  const urls = [base, '/v1/case-events', categoriesOf(role)];
  if (mayCall(role, 'GET /v1/cases/queues')) urls.push(`${base}/history`, `${base}/evidence`);
  return urls;
}
