import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteKey } from './access/permissions';
import { casePrefetch, queuePrefetch } from './pages/prefetch';
import { pathParams } from './path-params';

/**
 * The console's areas (their menu labels are the shell's `menu.*` messages: the menu shows before any area's chunk): each a menu entry (when the signed-in role may call its route) and its pages, each page a
 * chunk of its own loaded when first opened. Add an area here; app.tsx builds the menu and the routes from this list.
 */
export interface AreaPage {
  /** Path under /console, e.g. `/cases/:id`. */
  path: string;
  element: PageComponent;
  /**
   * The GETs the page makes first, for the role and the URL: a page load starts them (and the page's chunk) while
   * React loads, and the page's own requests take their answers (api/http.ts prefetch). A URL the page does not
   * ask for costs one wasted request, nothing else.
   */
  prefetch?: (at: PageLocation) => string[];
}

/** Where a page load lands: the path's parameters, the query string and the signed-in role. */
export interface PageLocation {
  params: Record<string, string>;
  search: URLSearchParams;
  role: string;
}

/** A route's page: a lazily loaded component whose chunk can be asked for before React renders it. */
export type PageComponent = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

function page(load: () => Promise<{ default: ComponentType }>): PageComponent {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const once = () => (loading ??= load());
  return Object.assign(lazy(once), { preload: once });
}

/** The page a path under /console shows and its parameters (null: none, the home page or an unknown path). */
export function pageAt(path: string): { page: AreaPage; params: Record<string, string> } | null {
  for (const area of AREAS) {
    for (const p of area.pages) {
      const params = pathParams(p.path, path);
      if (params) return { page: p, params };
    }
  }
  return null;
}

export interface Area {
  /** Refine resource name (menu key). */
  name: string;
  /** Message key of the menu label. */
  label: string;
  /** The list page's path (the menu links to it). */
  list: string;
  /** The API route whose roles decide who sees the area. */
  route: RouteKey;
  /** Shown under another area's menu entry (Refine's `parent`). */
  parent?: string;
  pages: AreaPage[];
}

export const AREAS: Area[] = [
  {
    name: 'cases',
    label: 'menu.cases',
    list: '/cases',
    route: 'GET /v1/cases',
    pages: [
      { path: '/cases', element: page(() => import('./pages/queue')), prefetch: queuePrefetch },
      { path: '/cases/:id', element: page(() => import('./pages/case')), prefetch: casePrefetch },
    ],
  },
  {
    name: 'publications',
    label: 'menu.publications',
    list: '/publications',
    route: 'GET /v1/disclosures',
    pages: [
      { path: '/publications', element: page(() => import('./publications/list')) },
      { path: '/publications/:id', element: page(() => import('./publications/show')) },
    ],
  },
  {
    // Mail to liaisons links to /console/referrals (src/mail/mail-dispatcher.ts): keep these paths.
    name: 'referrals',
    label: 'menu.referrals',
    list: '/referrals',
    route: 'GET /v1/referrals',
    pages: [
      { path: '/referrals', element: page(() => import('./referrals/list')) },
      { path: '/referrals/:id', element: page(() => import('./referrals/show')) },
    ],
  },
  {
    // Mail about a failed chain verification links to /console/admin/audit (src/mail/mail-dispatcher.ts).
    name: 'audit',
    label: 'menu.audit',
    list: '/admin/audit',
    route: 'GET /v1/audit',
    parent: 'admin',
    pages: [{ path: '/admin/audit', element: page(() => import('./audit/log')) }],
  },
  {
    name: 'members',
    label: 'menu.members',
    list: '/members',
    route: 'POST /v1/members',
    pages: [
      { path: '/members', element: page(() => import('./register/members')) },
      { path: '/members/:id', element: page(() => import('./register/member')) },
    ],
  },
  {
    name: 'conventions',
    label: 'menu.conventions',
    list: '/conventions',
    route: 'GET /v1/conventions',
    pages: [
      { path: '/conventions', element: page(() => import('./pacts/conventions')) },
      { path: '/conventions/:code', element: page(() => import('./pacts/convention')) },
    ],
  },
  {
    // A member rep's own signatures (and signing online); the secretariat's view picks a member.
    name: 'signatures',
    label: 'menu.signatures',
    list: '/signatures',
    route: 'GET /v1/members/{id}/signatures',
    pages: [{ path: '/signatures', element: page(() => import('./pacts/signatures-page')) }],
  },
  {
    // The secretariat's review queue; a member rep's own reports (and filing one).
    name: 'self-inspections',
    label: 'menu.selfInspections',
    list: '/self-inspections',
    route: 'GET /v1/self-inspections',
    pages: [
      { path: '/self-inspections', element: page(() => import('./pacts/inspections')) },
      { path: '/self-inspections/:id', element: page(() => import('./pacts/inspection')) },
    ],
  },
  {
    name: 'admin',
    label: 'menu.admin',
    list: '/admin',
    route: 'GET /v1/users',
    pages: [{ path: '/admin', element: page(() => import('./admin/index')) }],
  },
  {
    name: 'admin-users',
    label: 'menu.adminUsers',
    list: '/admin/users',
    route: 'GET /v1/users',
    parent: 'admin',
    pages: [{ path: '/admin/users', element: page(() => import('./admin/users')) }],
  },
  {
    name: 'admin-partners',
    label: 'menu.adminPartners',
    list: '/admin/partners',
    route: 'GET /v1/partners',
    parent: 'admin',
    pages: [
      { path: '/admin/partners', element: page(() => import('./admin/partners')) },
      { path: '/admin/partners/:id', element: page(() => import('./admin/partner')) },
    ],
  },
  {
    name: 'admin-agencies',
    label: 'menu.adminAgencies',
    list: '/admin/agencies',
    route: 'POST /v1/agencies',
    parent: 'admin',
    pages: [
      { path: '/admin/agencies', element: page(() => import('./admin/agencies')) },
      { path: '/admin/agencies/:id', element: page(() => import('./admin/agency')) },
    ],
  },
  {
    name: 'admin-categories',
    label: 'menu.adminCategories',
    list: '/admin/categories',
    route: 'POST /v1/complaint-categories',
    parent: 'admin',
    pages: [{ path: '/admin/categories', element: page(() => import('./admin/categories')) }],
  },
  {
    name: 'admin-dead',
    label: 'menu.adminDead',
    list: '/admin/callbacks',
    route: 'GET /v1/admin/callbacks/dead',
    parent: 'admin',
    pages: [
      { path: '/admin/callbacks', element: page(() => import('./admin/dead-letters')) },
      { path: '/admin/mail', element: page(() => import('./admin/dead-letters')) },
    ],
  },
  {
    // Its own entry, not under Administration: the secretariat reads the calendar too.
    name: 'calendar',
    label: 'menu.calendar',
    list: '/calendar',
    route: 'GET /v1/calendar',
    // Mail about the calendar running out links to /console/admin/calendar (src/mail/mail-dispatcher.ts).
    pages: [
      { path: '/calendar', element: page(() => import('./admin/calendar')) },
      { path: '/admin/calendar', element: page(() => import('./admin/calendar')) },
    ],
  },
  {
    name: 'account',
    label: 'menu.account',
    list: '/account',
    route: 'GET /v1/auth/me',
    pages: [{ path: '/account', element: page(() => import('./pages/account')) }],
  },
  // Reports (statistics, the year-end evaluation, the public statistics preview): staff only, grouped in one menu.
  {
    name: 'reports',
    label: 'menu.reports',
    list: '/reports',
    route: 'GET /v1/reports/summary',
    pages: [{ path: '/reports', element: page(() => import('./reports/home')) }],
  },
  {
    name: 'reports-statistics',
    label: 'menu.statistics',
    list: '/reports/statistics',
    route: 'GET /v1/reports/summary',
    parent: 'reports',
    pages: [
      { path: '/reports/statistics', element: page(() => import('./reports/statistics')) },
      { path: '/reports/members/:id', element: page(() => import('./reports/annual')) },
    ],
  },
  {
    name: 'reports-evaluation',
    label: 'menu.evaluation',
    list: '/reports/evaluation',
    route: 'GET /v1/reports/evaluation',
    parent: 'reports',
    pages: [{ path: '/reports/evaluation', element: page(() => import('./reports/evaluation')) }],
  },
  {
    name: 'reports-public',
    label: 'menu.publicStatistics',
    list: '/reports/public',
    // A public route, previewed by the staff who run reports.
    route: 'GET /v1/reports/summary',
    parent: 'reports',
    pages: [{ path: '/reports/public', element: page(() => import('./reports/public-statistics')) }],
  },
  // Bulletins (简报): the secretariat composes, a second supervisor approves, the secretariat publishes.
  {
    name: 'bulletins',
    label: 'menu.bulletins',
    list: '/bulletins',
    route: 'GET /v1/bulletins',
    pages: [
      { path: '/bulletins', element: page(() => import('./bulletins/list')) },
      { path: '/bulletins/new', element: page(() => import('./bulletins/new')) },
      { path: '/bulletins/:id', element: page(() => import('./bulletins/show')) },
    ],
  },
  {
    // Its own entry: the administrator keeps the series (and their recipients) but reads no bulletins.
    name: 'bulletin-series',
    label: 'menu.bulletinSeries',
    list: '/bulletin-series',
    route: 'GET /v1/bulletin-series',
    pages: [
      { path: '/bulletin-series', element: page(() => import('./bulletins/series-list')) },
      { path: '/bulletin-series/:id', element: page(() => import('./bulletins/series-show')) },
    ],
  },
  // A member's annual report: a member_rep's own organisation; staff pick a member.
  {
    name: 'annual-report',
    label: 'menu.annual',
    list: '/annual-report',
    route: 'GET /v1/reports/members/{id}/annual',
    pages: [{ path: '/annual-report', element: page(() => import('./reports/annual')) }],
  },
];
