import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { Loading } from './components/Status.js';
import { UserMenu } from './components/UserMenu.js';
import { mayOpen, navPages, pageHref, type Route } from './pages/index.js';
import { Link, loginHref, navigate, parseRoute, useLocation } from './router.js';

/** The header's nav and the page shown both come from the page registry (pages/index.tsx). */
export function App() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const loc = useLocation();
  const route = parseRoute(loc.pathname);
  const section = route.page?.section ?? route.page?.id;

  return (
    <>
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="app-header">
        <div className="header-inner">
          <div className="brand-wrap">
            <Link href="/" className="brand" aria-label={t('app.title')}>
              <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                <polygon points="16,2 28,9 28,23 16,30 4,23 4,9" />
                <circle cx="16" cy="16" r="5" />
              </svg>
              <span className="brand-name">Narcotrace</span>
              <span className="brand-tag">{t('app.tagline')}</span>
            </Link>
          </div>
          <nav aria-label={t('nav.label')} className="main-nav">
            {navPages(me).map((p) => (
              <Link key={p.id} href={pageHref(p)} data-testid={`nav-${p.id}`} aria-current={section === p.id ? 'page' : undefined}>
                {t(p.label)}
              </Link>
            ))}
          </nav>
          <LanguageSwitch />
          <UserMenu currentPage={route.page} />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <PageView route={route} pathname={loc.pathname} search={loc.search} />
      </main>
      <footer className="app-footer">
        <p>{t('app.disclaimer')}</p>
      </footer>
    </>
  );
}

function PageView({ route, pathname, search }: { route: Route; pathname: string; search: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const page = route.page;
  const needsSignIn = !!page && page.access !== 'public' && me === null;

  // The tab title names the page, so history and screen readers tell pages apart.
  useEffect(() => {
    document.title = page ? `${t(page.label)} · ${t('app.title')}` : t('app.title');
  }, [page, t]);

  // An anonymous visitor to a page that needs an account signs in first, then comes back here.
  useEffect(() => {
    if (needsSignIn) navigate(loginHref(pathname + search), { replace: true });
  }, [needsSignIn, pathname, search]);

  if (!page) {
    return (
      <section className="panel">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <Link href="/">{t('nav.classify')}</Link>
      </section>
    );
  }
  if (page.access !== 'public' && (me === undefined || needsSignIn)) return <Loading />;
  if (!mayOpen(page, me)) {
    return (
      <section className="panel" data-testid="forbidden">
        <h1>{t('forbidden.title')}</h1>
        <p>{t('forbidden.body')}</p>
        <Link href="/">{t('nav.classify')}</Link>
      </section>
    );
  }
  const Page = page.component;
  return (
    <Suspense fallback={<Loading />}>
      <Page key={page.id} params={route.params} search={search} />
    </Suspense>
  );
}
