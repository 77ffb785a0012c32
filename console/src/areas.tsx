import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { RouteKey } from './access/permissions';
import { en as adminMenuEn, zh as adminMenuZh } from './admin/menu/messages';
import { registerMessages } from './providers/i18n';

// Menu labels are needed before an area's chunk (with the rest of its messages) loads.
registerMessages(adminMenuZh, adminMenuEn);

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
    name: 'admin',
    label: 'adminMenu.title',
    list: '/admin',
    route: 'GET /v1/users',
    pages: [{ path: '/admin', element: lazy(() => import('./admin/index')) }],
  },
  {
    name: 'admin-users',
    label: 'adminMenu.users',
    list: '/admin/users',
    route: 'GET /v1/users',
    parent: 'admin',
    pages: [{ path: '/admin/users', element: lazy(() => import('./admin/users')) }],
  },
  {
    name: 'admin-partners',
    label: 'adminMenu.partners',
    list: '/admin/partners',
    route: 'GET /v1/partners',
    parent: 'admin',
    pages: [
      { path: '/admin/partners', element: lazy(() => import('./admin/partners')) },
      { path: '/admin/partners/:id', element: lazy(() => import('./admin/partner')) },
    ],
  },
  {
    name: 'admin-agencies',
    label: 'adminMenu.agencies',
    list: '/admin/agencies',
    route: 'POST /v1/agencies',
    parent: 'admin',
    pages: [
      { path: '/admin/agencies', element: lazy(() => import('./admin/agencies')) },
      { path: '/admin/agencies/:id', element: lazy(() => import('./admin/agency')) },
    ],
  },
  {
    name: 'admin-categories',
    label: 'adminMenu.categories',
    list: '/admin/categories',
    route: 'POST /v1/complaint-categories',
    parent: 'admin',
    pages: [{ path: '/admin/categories', element: lazy(() => import('./admin/categories')) }],
  },
  {
    name: 'admin-dead',
    label: 'adminMenu.dead',
    list: '/admin/callbacks',
    route: 'GET /v1/admin/callbacks/dead',
    parent: 'admin',
    pages: [
      { path: '/admin/callbacks', element: lazy(() => import('./admin/dead-letters')) },
      { path: '/admin/mail', element: lazy(() => import('./admin/dead-letters')) },
    ],
  },
  {
    // Its own entry, not under Administration: the secretariat reads the calendar too.
    name: 'calendar',
    label: 'adminMenu.calendar',
    list: '/calendar',
    route: 'GET /v1/calendar',
    pages: [{ path: '/calendar', element: lazy(() => import('./admin/calendar')) }],
  },
  {
    name: 'account',
    label: 'menu.account',
    list: '/account',
    route: 'GET /v1/auth/me',
    pages: [{ path: '/account', element: lazy(() => import('./pages/account')) }],
  },
];
