import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteKey } from './access/permissions';
import './reports/menu';

/**
 * The console's areas: each a menu entry (when the signed-in role may call its route) and its pages, each page a
 * chunk of its own loaded when first opened. Add an area here; app.tsx builds the menu and the routes from this list.
 */
export interface AreaPage {
  /** Path under /console, e.g. `/cases/:id`. */
  path: string;
  element: LazyExoticComponent<ComponentType>;
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
      { path: '/cases', element: lazy(() => import('./pages/queue')) },
      { path: '/cases/:id', element: lazy(() => import('./pages/case')) },
    ],
  },
  {
    name: 'account',
    label: 'menu.account',
    list: '/account',
    route: 'GET /v1/auth/me',
    pages: [{ path: '/account', element: lazy(() => import('./pages/account')) }],
  },
  // Reports (statistics, the year-end evaluation, the public statistics preview): staff only, grouped in one menu.
  {
    name: 'reports',
    label: 'reportsMenu.reports',
    list: '/reports',
    route: 'GET /v1/reports/summary',
    pages: [{ path: '/reports', element: lazy(() => import('./reports/home')) }],
  },
  {
    name: 'reports-statistics',
    label: 'reportsMenu.statistics',
    list: '/reports/statistics',
    route: 'GET /v1/reports/summary',
    parent: 'reports',
    pages: [
      { path: '/reports/statistics', element: lazy(() => import('./reports/statistics')) },
      { path: '/reports/members/:id', element: lazy(() => import('./reports/annual')) },
    ],
  },
  {
    name: 'reports-evaluation',
    label: 'reportsMenu.evaluation',
    list: '/reports/evaluation',
    route: 'GET /v1/reports/evaluation',
    parent: 'reports',
    pages: [{ path: '/reports/evaluation', element: lazy(() => import('./reports/evaluation')) }],
  },
  {
    name: 'reports-public',
    label: 'reportsMenu.public',
    list: '/reports/public',
    // A public route, previewed by the staff who run reports.
    route: 'GET /v1/reports/summary',
    parent: 'reports',
    pages: [{ path: '/reports/public', element: lazy(() => import('./reports/public-statistics')) }],
  },
  // A member's annual report: a member_rep's own organisation; staff pick a member.
  {
    name: 'annual-report',
    label: 'reportsMenu.annual',
    list: '/annual-report',
    route: 'GET /v1/reports/members/{id}/annual',
    pages: [{ path: '/annual-report', element: lazy(() => import('./reports/annual')) }],
  },
];
