import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getRules, getSubstance } from '../api/client.js';
import type { ApiProblem, ListInfo, Substance } from '../api/types.js';
import { Depiction } from '../components/Depiction.js';
import { ErrorBox, Loading } from '../components/Status.js';
import { useJurisdictions } from '../jurisdictions.js';
import { saltCasText, structureKind, thresholdText } from '../registry-view.js';
import { Link } from '../router.js';
import { EffectiveDate } from '../components/EffectiveDate.js';

type State = { phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; substance: Substance };

export function SubstancePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { name: jName } = useJurisdictions();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [lists, setLists] = useState<ListInfo[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    setState({ phase: 'loading' });
    void getSubstance(id, controller.signal).then((r) => {
      if (!controller.signal.aborted) setState(r.ok ? { phase: 'done', substance: r.value } : { phase: 'error', problem: r.problem });
    });
    void getRules().then((r) => r.ok && setLists(r.value.lists));
    return () => controller.abort();
  }, [id]);

  if (state.phase === 'loading') return <Loading />;
  if (state.phase === 'error')
    return (
      <>
        <ErrorBox problem={state.problem} />
        <Link href="/registry">{t('substance.back')}</Link>
      </>
    );
  const s = state.substance;
  const zh = i18n.language === 'zh';
  const kind = structureKind(s);
  const hasThreshold = s.listings.some((l) => l.threshold?.length);
  return (
    <article className="substance-page">
      <Link href="/registry" className="back-link">← {t('substance.back')}</Link>
      <div className="panel structure-panel">
        {kind === 'none' ? (
          // Nothing to draw: an empty SMILES would only show a broken picture.
          <figure className="depiction depiction-large no-structure" data-testid="no-structure">
            <div className="depiction-failed">
              <strong>{t('substance.noStructure')}</strong>
              <p className="small muted">{t('substance.noStructureHint')}</p>
              {s.noStructure && <p className="small muted" lang="en">{s.noStructure}</p>}
            </div>
          </figure>
        ) : (
          <Depiction smiles={s.smiles} label={s.names.en} />
        )}
        <div className="structure-facts">
          <h1>
            {zh && s.names.zh ? s.names.zh : s.names.en}
            {(zh ? s.names.en : s.names.zh) && <span className="subtitle">{zh ? s.names.en : s.names.zh}</span>}
          </h1>
          <dl className="facts">
            <dt>{t('substance.nameEn')}</dt>
            <dd>{s.names.en}</dd>
            <dt>{t('substance.nameZh')}</dt>
            <dd lang="zh-CN">{s.names.zh ?? '—'}</dd>
            <dt>{t('substance.synonyms')}</dt>
            <dd>{s.synonyms.length ? s.synonyms.join('; ') : '—'}</dd>
            <dt>{t('registry.cas')}</dt>
            <dd>{s.cas.length ? s.cas.join(', ') : '—'}</dd>
            {s.saltCas?.length ? (
              <>
                <dt>{t('substance.saltCas')}</dt>
                <dd data-testid="salt-cas">{saltCasText(s)}</dd>
              </>
            ) : null}
            {kind !== 'structure' && (
              <>
                <dt>{t('substance.form')}</dt>
                <dd data-testid="substance-form">{t(kind === 'none' ? 'substance.formNone' : 'substance.formInorganic')}</dd>
              </>
            )}
            {kind !== 'none' && (
              <>
                <dt>{t('result.inchikey')}</dt>
                <dd><code>{s.inchikey}</code></dd>
                <dt>{t('result.formula')}</dt>
                <dd>{s.formula}</dd>
                <dt>{t('result.smiles')}</dt>
                <dd><code className="break">{s.smiles}</code></dd>
              </>
            )}
            {s.stereo === 'exact' && (
              <>
                <dt>{t('substance.stereo')}</dt>
                <dd>{t('substance.stereoExact')}</dd>
              </>
            )}
          </dl>
          {kind !== 'none' && <Link href={`/?${new URLSearchParams({ structure: s.smiles })}`} className="button-primary">{t('substance.classify')}</Link>}
        </div>
      </div>
      <section className="panel">
        <h2>{t('substance.listings')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('registry.jurisdiction')}</th>
                <th scope="col">{t('registry.list')}</th>
                <th scope="col">{t('substance.status')}</th>
                <th scope="col">{t('finding.citation')}</th>
                <th scope="col">{t('finding.effective')}</th>
                <th scope="col">{t('substance.until')}</th>
                <th scope="col">{t('substance.covers')}</th>
                {hasThreshold && <th scope="col">{t('substance.threshold')}</th>}
              </tr>
            </thead>
            <tbody>
              {s.listings.map((l) => {
                const info = lists.find((x) => x.id === l.list);
                return (
                  <tr key={`${l.list}:${l.effective}`}>
                    <td>{jName(l.jurisdiction)}</td>
                    <td>
                      <code>{l.list}</code>
                      {info && <div className="small muted">{zh || info.title.language !== 'zh' ? info.title.original : info.title.en}</div>}
                    </td>
                    <td>
                      {l.status}
                      {l.statusEn && l.statusEn !== l.status && <div className="small muted">{l.statusEn}</div>}
                    </td>
                    <td className="citation">{l.citation}{l.note && <div className="small muted">{l.note}</div>}</td>
                    <td><EffectiveDate value={l.effective} /></td>
                    <td>{l.until ? <time dateTime={l.until}>{l.until}</time> : '—'}</td>
                    <td>{l.covers?.length ? l.covers.map((c) => t(`covers.${c}`, { defaultValue: c })).join(', ') : '—'}</td>
                    {hasThreshold && (
                      <td data-testid="listing-threshold">
                        {l.threshold?.length
                          ? l.threshold.map((th) => (
                              <div key={`${th.basis}:${th.quantity}:${th.unit}`} title={th.citation}>
                                {thresholdText(th, t)}
                                <div className="small muted">{th.citation}</div>
                              </div>
                            ))
                          : '—'}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}
