import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteKey } from './access/permissions';

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
];
