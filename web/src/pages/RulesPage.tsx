import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRules } from '../api/client.js';
import type { ApiProblem, ClassRule, RuleExample, RulesResponse } from '../api/types.js';
import { Depiction } from '../components/Depiction.js';
import { LegalText } from '../components/LegalText.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { useJurisdictions } from '../jurisdictions.js';
import { Link } from '../router.js';

type State = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; data: RulesResponse };

export function RulesPage({ focus }: { focus?: string }) {
  const { t, i18n } = useTranslation();
  const { name: jName } = useJurisdictions();
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void getRules().then((r) => setState(r.ok ? { phase: 'done', data: r.value } : { phase: 'error', problem: r.problem }));
  }, []);

  useEffect(() => {
    if (state.phase === 'done' && focus) document.getElementById(`rule-${focus}`)?.scrollIntoView();
  }, [state.phase, focus]);

  if (state.phase === 'loading') return <Loading />;
  if (state.phase === 'error') return <ErrorBox problem={state.problem} />;
  const { rules, lists } = state.data;
  const zh = i18n.language === 'zh';
  return (
    <div className="rules-page">
      <section className="panel">
        <h1>{t('rules.title')}</h1>
        <p className="lead">{t('rules.intro')}</p>
        {rules.length > 0 && (
          <nav aria-label={t('rules.contents')}>
            <ul className="toc">
              {rules.map((r) => (
                <li key={r.id}>
                  <a href={`#rule-${r.id}`}>
                    <span className="chip-j">{r.jurisdiction}</span> {zh || r.title.language !== 'zh' ? r.title.original : r.title.en}
                  </a>
                </li>
              ))}
              <li><a href="#lists">{t('rules.lists')}</a></li>
            </ul>
          </nav>
        )}
        {rules.length === 0 && <p className="muted">{t('rules.none')}</p>}
      </section>
      {rules.map((r) => <RuleView key={r.id} rule={r} />)}
      <section className="panel" id="lists">
        <h2>{t('rules.lists')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('rules.listId')}</th>
                <th scope="col">{t('registry.jurisdiction')}</th>
                <th scope="col">{t('registry.category')}</th>
                <th scope="col">{t('rules.listTitle')}</th>
                <th scope="col">{t('finding.citation')}</th>
                <th scope="col">{t('rules.count')}</th>
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr key={l.id}>
                  <td><Link href={`/registry?list=${encodeURIComponent(l.id)}`}><code>{l.id}</code></Link></td>
                  <td>{jName(l.jurisdiction)}</td>
                  <td>{l.category === 'drug' ? t('finding.categoryDrug') : t('finding.categoryPrecursor')}</td>
                  <td>
                    <span lang={l.title.language === 'zh' ? 'zh-CN' : undefined}>{l.title.original}</span>
                    {l.title.en !== l.title.original && <div className="small muted">{l.title.en}</div>}
                  </td>
                  <td className="citation">{l.citation}</td>
                  <td>{l.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

function asExample(x: RuleExample | string): RuleExample {
  return typeof x === 'string' ? { smiles: x } : x;
}

function RuleView({ rule: r }: { rule: ClassRule }) {
  const { t, i18n } = useTranslation();
  const { name: jName } = useJurisdictions();
  const zh = i18n.language === 'zh';
  const examples = (r.examples ?? []).map(asExample).filter((e) => e.smiles);
  return (
    <section className="panel rule" id={`rule-${r.id}`} aria-labelledby={`rule-title-${r.id}`} data-testid={`rule-${r.id}`}>
      <header>
        <div className="finding-tags">
          <span className="tag">{jName(r.jurisdiction)}</span>
          <span className="tag">{r.category === 'drug' ? t('finding.categoryDrug') : t('finding.categoryPrecursor')}</span>
          <span className="tag tag-rule">{r.id}</span>
        </div>
        <h2 id={`rule-title-${r.id}`} lang={r.title.language === 'zh' ? 'zh-CN' : undefined}>{r.title.original}</h2>
        {r.title.en !== r.title.original && <p className="subtitle">{r.title.en}</p>}
      </header>
      <dl className="facts">
        <dt>{t('rules.instrument')}</dt>
        <dd>{r.instrument}</dd>
        <dt>{t('substance.status')}</dt>
        <dd>{r.status}{r.statusEn && r.statusEn !== r.status ? ` (${r.statusEn})` : ''}</dd>
        <dt>{t('finding.citation')}</dt>
        <dd className="citation">{r.citation}</dd>
        <dt>{t('rules.effective')}</dt>
        <dd>
          <ul className="plain">
            {r.effective.map((e) => (
              <li key={e.from}>
                <time dateTime={e.from}>{e.from}</time>
                {e.until ? <> – <time dateTime={e.until}>{e.until}</time></> : ` – ${t('rules.present')}`}
                <span className="muted small"> · {e.citation}</span>
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <h3>{t('rules.text')}</h3>
      <LegalText original={r.text.original} english={r.text.en} language={r.text.language} />
      {r.clauses.length > 0 && (
        <>
          <h3>{t('rules.clauses')}</h3>
          {r.clauses.map((c) => (
            <LegalText
              key={c.id}
              heading={`${t('finding.clause', { id: c.id })}${c.effective ? ` · ${t('finding.effective')} ${c.effective}` : ''}`}
              original={c.text.original}
              english={c.text.en}
              language={r.text.language}
            />
          ))}
        </>
      )}
      {examples.length > 0 && (
        <>
          <h3>{t('rules.examples')}</h3>
          <ul className="examples-grid">
            {examples.map((e) => {
              const name = (zh && e.nameZh) || e.name || e.smiles;
              return (
                <li key={e.smiles} className="example">
                  <Depiction smiles={e.smiles} label={name} size="thumb" />
                  <p className="strong">{name}</p>
                  {e.clauses?.length ? <p className="small">{e.clauses.map((id) => t('finding.clause', { id })).join(', ')}</p> : null}
                  {e.expect && <p className={`small example-${e.expect}`}>{t(`rules.expect.${e.expect}`)}</p>}
                  {e.note && <p className="small muted">{e.note}</p>}
                  <Link href={`/?${new URLSearchParams({ structure: e.smiles })}`} className="small">{t('rules.classifyExample')}</Link>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
