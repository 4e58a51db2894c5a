import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types.js';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh.json' with { type: 'json' };
import { loginHref, parseRoute, safeNext } from '../router.js';
import { matchPath, mayOpen, navPages, pageHref, PAGES, type PageDef } from './index.js';

type Tree = { [key: string]: string | Tree };
function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function me(permissions: string[], operator = false): Me {
  return { id: 1, username: 'u', displayName: 'U', role: 'analyst', agency: { id: 1, name: 'Lab', kind: 'laboratory', operator }, permissions };
}
const ANALYST = me(['history:read', 'jobs:read', 'jobs:submit', 'jobs:cancel', 'tokens:own', 'spectra:read', 'exchange:read', 'screening:read', 'attribution:read']);
const NO_JOBS = me(['tokens:own']);
const ADMIN = me([...ANALYST.permissions, 'users:manage']);
const OPERATOR_ADMIN = me([...ADMIN.permissions, 'agencies:manage'], true);

const ids = (pages: PageDef[]) => pages.map((p) => p.id);

describe('routing from the page registry', () => {
  it.each([
    ['/', 'classify', {}],
    ['/classify', 'classify', {}],
    ['/registry', 'registry', {}],
    ['/registry/', 'registry', {}],
    ['/registry/fentanyl', 'substance', { id: 'fentanyl' }],
    ['/registry/4-ANPP%20base', 'substance', { id: '4-ANPP base' }],
    ['/rules', 'rules', { id: undefined }],
    ['/rules/US-FRS', 'rules', { id: 'US-FRS' }],
    ['/login', 'login', {}],
    ['/account', 'account', {}],
    ['/jobs', 'jobs', {}],
    ['/admin', 'admin', {}],
    ['/screening', 'screening', { id: undefined }],
    ['/screening/12', 'screening', { id: '12' }],
    ['/attribution', 'attribution', {}],
  ])('%s opens %s', (path, page, params) => {
    const route = parseRoute(path);
    expect(route.page?.id).toBe(page);
    expect(route.params).toEqual(params);
  });

  it.each(['/nowhere', '/registry/a/b', '/rules/a/b', '/classify/x', '/registry/%E0%A4%A'])('%s is not found', (path) => {
    expect(parseRoute(path).page).toBeUndefined();
  });

  it('links every nav page to a path that opens it', () => {
    for (const page of PAGES.filter((p) => p.nav)) expect(parseRoute(pageHref(page)).page?.id).toBe(page.id);
  });

  it('matches optional and named segments', () => {
    expect(matchPath('/rules/:id?', '/rules')).toEqual({ id: undefined });
    expect(matchPath('/rules/:id?', '/rules/x')).toEqual({ id: 'x' });
    expect(matchPath('/a/:b', '/a')).toBeUndefined();
    expect(matchPath('/', '/')).toEqual({});
  });
});

describe('the page registry', () => {
  it('has unique ids', () => {
    expect(new Set(PAGES.map((p) => p.id)).size).toBe(PAGES.length);
  });

  it('names every page in both catalogues', () => {
    const missing = PAGES.flatMap((p) => [
      ...(lookup(en as Tree, p.label) ? [] : [`en:${p.label}`]),
      ...(lookup(zh as Tree, p.label) ? [] : [`zh:${p.label}`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('has no two path patterns that could match the same path', () => {
    // Two patterns overlap when some length fits both and, segment by segment, a literal meets the
    // same literal or a parameter.
    const shape = (pattern: string) => pattern.split('/').filter(Boolean);
    const lengths = (segs: string[]) => (segs.at(-1)?.endsWith('?') ? [segs.length - 1, segs.length] : [segs.length]);
    const overlap = (a: string, b: string) => {
      const x = shape(a);
      const y = shape(b);
      return lengths(x).some((n) => lengths(y).includes(n) && x.slice(0, n).every((s, i) => s.startsWith(':') || y[i].startsWith(':') || s === y[i]));
    };
    const patterns = PAGES.flatMap((p) => p.paths.map((path) => ({ page: p.id, path })));
    const clashes: string[] = [];
    for (let i = 0; i < patterns.length; i++)
      for (let j = i + 1; j < patterns.length; j++)
        if (overlap(patterns[i].path, patterns[j].path)) clashes.push(`${patterns[i].page} ${patterns[i].path} ~ ${patterns[j].page} ${patterns[j].path}`);
    expect(clashes).toEqual([]);
  });

  it('keeps every path pattern well formed', () => {
    for (const p of PAGES)
      for (const path of p.paths) {
        expect(path.startsWith('/'), path).toBe(true);
        const segs = path.split('/').filter(Boolean);
        // Only the last segment may be optional.
        expect(segs.slice(0, -1).some((s) => s.endsWith('?')), path).toBe(false);
      }
  });

  it('keeps classification, the registry and the rules open to everyone', () => {
    for (const id of ['classify', 'registry', 'substance', 'rules', 'login']) expect(PAGES.find((p) => p.id === id)?.access).toBe('public');
  });
});

describe('access', () => {
  const page = (id: string) => PAGES.find((p) => p.id === id)!;

  it('shows sign-in pages to anonymous visitors (they lead to /login) and admin pages only to admins', () => {
    expect(ids(navPages(null))).toEqual(['classify', 'registry', 'rules', 'jobs', 'spectra', 'exchange', 'attribution', 'screening', 'warning']);
    expect(ids(navPages(ANALYST))).toEqual(['classify', 'registry', 'rules', 'jobs', 'spectra', 'exchange', 'attribution', 'screening', 'warning']);
    expect(ids(navPages(NO_JOBS))).toEqual(['classify', 'registry', 'rules', 'warning']);
    expect(ids(navPages(ADMIN))).toEqual(['classify', 'registry', 'rules', 'jobs', 'spectra', 'exchange', 'attribution', 'screening', 'warning', 'admin']);
    expect(ids(navPages(OPERATOR_ADMIN))).toContain('admin');
  });

  it('decides from permissions, not from the role name', () => {
    const adminByName = { ...ANALYST, role: 'admin' as const };
    expect(mayOpen(page('admin'), adminByName)).toBe(false);
    expect(mayOpen(page('admin'), ADMIN)).toBe(true);
  });

  it('lets anyone open public pages and only signed-in users the others', () => {
    expect(mayOpen(page('classify'), null)).toBe(true);
    expect(mayOpen(page('account'), null)).toBe(false);
    expect(mayOpen(page('account'), NO_JOBS)).toBe(true);
    expect(mayOpen(page('jobs'), NO_JOBS)).toBe(false);
    expect(mayOpen(page('jobs'), ANALYST)).toBe(true);
  });

  it('sends anonymous visitors to /login with where they were headed', () => {
    expect(loginHref('/jobs')).toBe('/login?next=%2Fjobs');
    expect(loginHref('/rules?x=1')).toBe('/login?next=%2Frules%3Fx%3D1');
    expect(loginHref('/')).toBe('/login');
  });

  it('only follows ?next= to a path on this site', () => {
    expect(safeNext('/jobs')).toBe('/jobs');
    expect(safeNext('/registry?q=a')).toBe('/registry?q=a');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://example.org/')).toBe('/');
    expect(safeNext('//example.org/')).toBe('/');
    expect(safeNext('/\\example.org')).toBe('/');
    expect(safeNext('javascript:alert(1)')).toBe('/');
    expect(safeNext('/login?next=/jobs')).toBe('/');
  });
});
