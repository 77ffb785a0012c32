/**
 * The member portal list's views and query as the URL carries them: shared by the list (portal/cases.tsx) and the
 * page-load prefetch (pages/prefetch.ts). No React, no Ant Design: the console's first script imports it.
 */

/** What the list shows: open complaints nearest deadline first (the default), all of them, or the closed ones. */
export const VIEWS = ['open', 'all', 'closed'] as const;
export type View = (typeof VIEWS)[number];
const VIEW_QUERY: Record<View, Record<string, string>> = {
  open: { open: 'true', sort: 'deadline' },
  all: { sort: 'deadline' },
  closed: { open: 'false' },
};
export const PORTAL_PAGE_SIZE = 20;

export function viewOf(params: URLSearchParams): View {
  const v = params.get('view') ?? '';
  return (VIEWS as readonly string[]).includes(v) ? (v as View) : 'open';
}

/** GET /v1/cases's query for the view and the text search (a search is listed newest first: the API does not sort it by deadline). */
export function portalQuery(view: View, q: string): Record<string, string> {
  const f = { ...VIEW_QUERY[view] };
  if (q) {
    delete f.sort;
    f.q = q;
  }
  return f;
}
