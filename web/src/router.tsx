/**
 * A minimal history-API router: the pages and their path patterns are in one list, the page registry
 * (./pages/index.tsx), and `parseRoute` matches against it. The server's SPA fallback serves
 * index.html for every non-/api path, so deep links work on reload.
 *
 * (pages/index.tsx imports the pages, which import Link from here: the cycle is harmless because
 * neither side uses the other while its module is being evaluated.)
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { matchRoute, PAGES, type Route } from './pages/index.js';

export type { Route } from './pages/index.js';

export function parseRoute(pathname: string): Route {
  return matchRoute(PAGES, pathname);
}

/** Where an anonymous visitor is sent from a page that needs a sign-in. */
export function loginHref(next: string): string {
  return next && next !== '/' ? `/login?${new URLSearchParams({ next })}` : '/login';
}

/** A `next` target that stays on this site (an absolute URL or protocol-relative `//host` is ignored). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next.startsWith('/login') ? '/' : next;
}

const NAVIGATE = 'narcotrace:navigate';

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE));
}

/** Current location; re-renders on back/forward and on navigate(). */
export function useLocation(): { pathname: string; search: string } {
  const read = () => ({ pathname: location.pathname, search: location.search });
  const [loc, setLoc] = useState(read);
  useEffect(() => {
    const update = () => setLoc(read());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE, update);
    };
  }, []);
  return loc;
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    // Let the browser handle new-tab clicks and modified clicks.
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
