import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRules, searchSubstances } from '../api/client.js';
import type { ApiProblem, ListInfo, SearchHit } from '../api/types.js';
import { Depiction } from '../components/Depiction.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { useJurisdictions } from '../jurisdictions.js';
import { saltCasText, structureKind, thresholdText } from '../registry-view.js';
import { Link } from '../router.js';

type State = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; hits: SearchHit[]; total: number };

const PAGE_LIMIT = 200;

export function RegistryPage() {
  const { t, i18n } = useTranslation();
  const { list: jurisdictions, name: jName } = useJurisdictions();
  const initial = new URLSearchParams(location.search);
  const [q, setQ] = useState(initial.get('q') ?? '');
  const [jurisdiction, setJurisdiction] = useState(initial.get('jurisdiction') ?? '');
  const [list, setList] = useState(initial.get('list') ?? '');
  const [category, setCategory] = useState(initial.get('category') ?? '');
  const [lists, setLists] = useState<ListInfo[]>([]);
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void getRules().then((r) => r.ok && setLists(r.value.lists));
  }, []);

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState({ phase: 'loading' });
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ q, jurisdiction, list, category })) if (v) params.set(k, v);
      history.replaceState(null, '', `/registry${params.size ? `?${params}` : ''}`);
      const r = await searchSubstances({ q: q.trim(), jurisdiction, list, limit: PAGE_LIMIT }, controller.signal);
      if (controller.signal.aborted) return;
      setState(r.ok ? { phase: 'done', hits: r.value.hits, total: r.value.total } : { phase: 'error', problem: r.problem });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [q, jurisdiction, list, category]);

  const visibleLists = lists.filter((l) => !jurisdiction || l.jurisdiction === jurisdiction);
  const selectedList = lists.find((l) => l.id === list);
  // Category (drug or precursor) is filtered here: the API filters by jurisdiction and list.
  const hits = useMemo(() => {
    if (state.phase !== 'done') return [];
    return state.hits.filter(
      (h) => !category || h.substance.listings.some((l) => l.category === category && (!jurisdiction || l.jurisdiction === jurisdiction)),
    );
  }, [state, category, jurisdiction]);
  const zh = i18n.language === 'zh';

  return (
    <div className="registry-page">
      <section className="panel">
        <h1>{t('registry.title')}</h1>
        <p className="lead">{t('registry.intro')}</p>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <div className="field grow">
            <label htmlFor="registry-q" className="field-label">{t('registry.search')}</label>
            <input id="registry-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('registry.searchPlaceholder')} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="registry-j" className="field-label">{t('registry.jurisdiction')}</label>
            <select id="registry-j" value={jurisdiction} onChange={(e) => { setJurisdiction(e.target.value); setList(''); }}>
              <option value="">{t('registry.all')}</option>
              {jurisdictions.map((j) => <option key={j.id} value={j.id}>{jName(j.id)}</option>)}
              {jurisdiction && !jurisdictions.some((j) => j.id === jurisdiction) && <option value={jurisdiction}>{jurisdiction}</option>}
            </select>
          </div>
          <div className="field">
            <label htmlFor="registry-list" className="field-label">{t('registry.list')}</label>
            <select id="registry-list" value={list} onChange={(e) => setList(e.target.value)}>
              <option value="">{t('registry.all')}</option>
              {visibleLists.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.id} · {zh || l.title.language !== 'zh' ? l.title.original : l.title.en}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="registry-cat" className="field-label">{t('registry.category')}</label>
            <select id="registry-cat" value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">{t('registry.all')}</option>
              <option value="drug">{t('finding.categoryDrug')}</option>
              <option value="precursor">{t('finding.categoryPrecursor')}</option>
            </select>
          </div>
        </form>
      </section>
      {selectedList?.gaps && selectedList.gaps.length > 0 && (
        <details className="panel list-gaps" data-testid="list-gaps">
          <summary>{t('registry.gaps', { count: selectedList.gaps.length, list: selectedList.id })}</summary>
          <p className="muted small">{t('registry.gapsIntro')}</p>
          <ul lang="en">
            {selectedList.gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </details>
      )}
      <div aria-live="polite">
        {state.phase === 'loading' && <Loading />}
        {state.phase === 'error' && <ErrorBox problem={state.problem} />}
        {state.phase === 'done' && (
          <p className="muted" data-testid="registry-count">
            {t('registry.count', { count: hits.length })}
            {state.total > state.hits.length && ` · ${t('registry.truncated', { shown: state.hits.length, total: state.total })}`}
          </p>
        )}
      </div>
      {state.phase === 'done' && hits.length > 0 && (
        <div className="table-wrap">
          <table className="registry-table">
            <thead>
              <tr>
                <th scope="col">{t('registry.structure')}</th>
                <th scope="col">{t('registry.name')}</th>
                <th scope="col">{t('registry.cas')}</th>
                <th scope="col">{t('registry.formula')}</th>
                <th scope="col">{t('registry.listings')}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map(({ substance: s, matchedBy }) => (
                <tr key={s.id}>
                  <td className="thumb-cell">
                    {structureKind(s) === 'none' ? (
                      <span className="muted small" data-testid="no-structure-thumb" title={s.noStructure}>{t('registry.noStructure')}</span>
                    ) : (
                      <Depiction smiles={s.smiles} label={s.names.en} size="thumb" />
                    )}
                  </td>
                  <td>
                    <Link href={`/registry/${encodeURIComponent(s.id)}`} className="strong">{zh && s.names.zh ? s.names.zh : s.names.en}</Link>
                    <div className="muted small">{zh ? s.names.en : s.names.zh}</div>
                    {q && matchedBy && <div className="muted small">{t('registry.matchedBy', { how: t(`matchedBy.${matchedBy}`, { defaultValue: matchedBy }) })}</div>}
                  </td>
                  <td>
                    {s.cas.join(', ') || '—'}
                    {s.saltCas?.length ? <div className="muted small">{t('substance.saltCas')}: {saltCasText(s)}</div> : null}
                  </td>
                  <td>{s.formula || '—'}</td>
                  <td>
                    <ul className="listing-chips">
                      {s.listings.map((l) => (
                        <li
                          key={`${l.list}:${l.effective}`}
                          className={`chip chip-${l.jurisdiction}${l.until ? ' chip-ended' : ''}`}
                          title={[l.citation, ...(l.threshold ?? []).map((th) => `${t('substance.threshold')}: ${thresholdText(th, t)}`)].join('\n')}
                        >
                          <span className="chip-j">{l.jurisdiction}</span> {zh || !l.statusEn ? l.status : l.statusEn}
                          {l.threshold?.length ? <span className="chip-threshold"> · {t('substance.threshold')}</span> : null}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
