import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { ClassifyPage } from './pages/ClassifyPage.js';
import { RegistryPage } from './pages/RegistryPage.js';
import { RulesPage } from './pages/RulesPage.js';
import { SubstancePage } from './pages/SubstancePage.js';
import { Link, parseRoute, useLocation } from './router.js';

export function App() {
  const { t } = useTranslation();
  const loc = useLocation();
  const route = parseRoute(loc.pathname);
  const section = route.page === 'substance' ? 'registry' : route.page;

  return (
    <>
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <header className="app-header">
        <div className="header-inner">
          <Link href="/" className="brand" aria-label={t('app.title')}>
            <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
              <polygon points="16,2 28,9 28,23 16,30 4,23 4,9" />
              <circle cx="16" cy="16" r="5" />
            </svg>
            <span className="brand-name">Narcotrace</span>
            <span className="brand-tag">{t('app.tagline')}</span>
          </Link>
          <nav aria-label={t('nav.label')} className="main-nav">
            <Link href="/" aria-current={section === 'classify' ? 'page' : undefined}>{t('nav.classify')}</Link>
            <Link href="/registry" aria-current={section === 'registry' ? 'page' : undefined}>{t('nav.registry')}</Link>
            <Link href="/rules" aria-current={section === 'rules' ? 'page' : undefined}>{t('nav.rules')}</Link>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {route.page === 'classify' && <ClassifyPage search={loc.search} />}
        {route.page === 'registry' && <RegistryPage />}
        {route.page === 'substance' && <SubstancePage id={route.id} />}
        {route.page === 'rules' && <RulesPage focus={route.id} />}
        {route.page === 'not-found' && (
          <section className="panel">
            <h1>{t('notFound.title')}</h1>
            <p>{t('notFound.body')}</p>
            <Link href="/">{t('nav.classify')}</Link>
          </section>
        )}
      </main>
      <footer className="app-footer">
        <p>{t('app.disclaimer')}</p>
      </footer>
    </>
  );
}
