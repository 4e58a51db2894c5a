/**
 * The page registry: every page of the UI, in nav order. The top nav, the routes and the access
 * checks all come from this one list, so a module adds its page here and nowhere else (see
 * docs/ui.md, "Adding a page").
 *
 * A path pattern is a list of segments: literals, `:name` (one segment, becomes params.name) and a
 * last `:name?` (optional). Segments are URI-decoded. Patterns of different pages must not overlap
 * (index.test.ts checks it).
 */
import { lazy, type ComponentType } from 'react';
import type { Me, Permission } from '../api/types.js';
import { can, isAdmin } from '../auth.js';
import { ClassifyPage } from './ClassifyPage.js';
import { LoginPage } from './LoginPage.js';
import { RegistryPage } from './RegistryPage.js';
import { RulesPage } from './RulesPage.js';
import { SubstancePage } from './SubstancePage.js';

// Pages only signed-in users see are loaded on first use, so the first page stays small.
const AccountPage = lazy(() => import('./AccountPage.js').then((m) => ({ default: m.AccountPage })));
const AdminPage = lazy(() => import('./AdminPage.js').then((m) => ({ default: m.AdminPage })));
const JobsPage = lazy(() => import('./JobsPage.js').then((m) => ({ default: m.JobsPage })));
const SpectraPage = lazy(() => import('./SpectraPage.js').then((m) => ({ default: m.SpectraPage })));
const ExchangePage = lazy(() => import('./ExchangePage.js').then((m) => ({ default: m.ExchangePage })));
const ScreeningPage = lazy(() => import('./ScreeningPage.js').then((m) => ({ default: m.ScreeningPage })));
const WarningPage = lazy(() => import('./WarningPage.js').then((m) => ({ default: m.WarningPage })));
const AttributionPage = lazy(() => import('./AttributionPage.js').then((m) => ({ default: m.AttributionPage })));

/** Who may open a page: anyone; a signed-in user (anonymous visitors are sent to /login?next=…); an administrator. */
export type Access = 'public' | 'signed-in' | 'admin';

export interface PageProps {
  /** The `:name` segments of the matched path, decoded. */
  params: Readonly<Record<string, string | undefined>>;
  /** location.search, e.g. "?structure=CCO". */
  search: string;
}

export interface PageDef {
  /** Stable id, also used as the nav item's test id (`nav-<id>`). */
  id: string;
  /** Path patterns, e.g. '/registry/:id', '/rules/:id?'. The first one without a required parameter is the nav link. */
  paths: readonly string[];
  /** i18n key of its name in the nav (and for the page title). */
  label: string;
  /** Shown in the top nav (to whoever may open it). */
  nav: boolean;
  /** The nav item that is marked current on this page, when it is not its own (a substance is part of the registry). */
  section?: string;
  access: Access;
  /** A permission needed beyond `access` (Me.permissions), e.g. 'jobs:read'. */
  permission?: Permission;
  component: ComponentType<PageProps>;
}

export const PAGES: readonly PageDef[] = [
  {
    id: 'classify',
    paths: ['/', '/classify'],
    label: 'nav.classify',
    nav: true,
    access: 'public',
    component: ({ search }) => <ClassifyPage search={search} />,
  },
  { id: 'registry', paths: ['/registry'], label: 'nav.registry', nav: true, access: 'public', component: () => <RegistryPage /> },
  {
    id: 'substance',
    paths: ['/registry/:id'],
    label: 'nav.substance',
    nav: false,
    section: 'registry',
    access: 'public',
    component: ({ params }) => <SubstancePage id={params.id ?? ''} />,
  },
  { id: 'rules', paths: ['/rules/:id?'], label: 'nav.rules', nav: true, access: 'public', component: ({ params }) => <RulesPage focus={params.id} /> },
  { id: 'jobs', paths: ['/jobs'], label: 'nav.jobs', nav: true, access: 'signed-in', permission: 'jobs:read', component: () => <JobsPage /> },
  { id: 'spectra', paths: ['/spectra'], label: 'spectra.nav', nav: true, access: 'signed-in', permission: 'spectra:read', component: () => <SpectraPage /> },
  { id: 'exchange', paths: ['/exchange/:uid?'], label: 'exchange.nav', nav: true, access: 'signed-in', permission: 'exchange:read', component: ({ params }) => <ExchangePage uid={params.uid} /> },
  { id: 'attribution', paths: ['/attribution'], label: 'attribution.nav', nav: true, access: 'signed-in', permission: 'attribution:read', component: () => <AttributionPage /> },
  { id: 'screening', paths: ['/screening/:id?'], label: 'screening.nav', nav: true, access: 'signed-in', permission: 'screening:read', component: ({ params }) => <ScreeningPage id={params.id} /> },
  { id: 'warning', paths: ['/warning'], label: 'warning.nav', nav: true, access: 'public', component: ({ search }) => <WarningPage search={search} /> },
  { id: 'admin', paths: ['/admin'], label: 'nav.admin', nav: true, access: 'admin', component: () => <AdminPage /> },
  { id: 'account', paths: ['/account'], label: 'nav.account', nav: false, access: 'signed-in', component: () => <AccountPage /> },
  { id: 'login', paths: ['/login'], label: 'nav.login', nav: false, access: 'public', component: ({ search }) => <LoginPage search={search} /> },
];

// --- Matching ---

export interface Route {
  /** undefined: no page has this path (the app shows "not found"). */
  page: PageDef | undefined;
  params: Record<string, string | undefined>;
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** The params of `pathname` under `pattern`, or undefined when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string | undefined> | undefined {
  const want = segments(pattern);
  let got: string[];
  try {
    got = segments(pathname).map(decodeURIComponent);
  } catch {
    return undefined; // A malformed %-escape matches nothing.
  }
  const optional = want.length > 0 && want[want.length - 1].endsWith('?') ? 1 : 0;
  if (got.length > want.length || got.length < want.length - optional) return undefined;
  const params: Record<string, string | undefined> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w.startsWith(':')) params[w.slice(1).replace(/\?$/, '')] = got[i];
    else if (w !== got[i]) return undefined;
  }
  return params;
}

export function matchRoute(pages: readonly PageDef[], pathname: string): Route {
  for (const page of pages) {
    for (const pattern of page.paths) {
      const params = matchPath(pattern, pathname);
      if (params) return { page, params };
    }
  }
  return { page: undefined, params: {} };
}

/** The link of a page: its first path pattern without parameters (an optional one is dropped). */
export function pageHref(page: PageDef): string {
  const plain = page.paths.find((p) => !segments(p).some((s) => s.startsWith(':') && !s.endsWith('?')));
  if (plain === undefined) throw new Error(`page ${page.id} has no path without parameters to link to`);
  return `/${segments(plain).filter((s) => !s.startsWith(':')).join('/')}`;
}

// --- Access ---

/** Whether `me` may open the page (undefined: not known yet). */
export function mayOpen(page: PageDef, me: Me | null | undefined): boolean {
  if (page.permission && !can(me, page.permission)) return false;
  if (page.access === 'public') return true;
  if (page.access === 'signed-in') return !!me;
  return isAdmin(me);
}

/**
 * The pages in the top nav for `me`. Public pages always; sign-in pages also for anonymous visitors
 * (following one leads to the sign-in page) but not for a user who lacks their permission; admin
 * pages only for administrators.
 */
export function navPages(me: Me | null | undefined, pages: readonly PageDef[] = PAGES): PageDef[] {
  return pages.filter((p) => {
    if (!p.nav) return false;
    if (p.access === 'signed-in' && !me) return true;
    return mayOpen(p, me);
  });
}
