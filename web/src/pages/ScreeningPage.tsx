/**
 * Precursor "know your customer" screening (src/screening, docs/screening.md): enter or load an
 * order, screen it (products per side, designer precursors, parties against the imported lists, red
 * flags, score and decision), print the report; the agency's past screenings with the reviewers'
 * decisions; the sanctions lists and their import. /screening/:id opens a stored screening.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { can, useAuth } from '../auth.js';
import { navigate } from '../router.js';
import { getScreening, listScreenings, listVersions, screenOrder, type ListVersion, type ScreeningResult, type ScreeningSummary, type StoredScreening } from '../components/ScreeningApi.js';
import { ReviewDecisions, ScreeningHistory } from '../components/ScreeningHistory.js';
import { ScreeningLists } from '../components/ScreeningLists.js';
import { draftOf, emptyOrderDraft, ScreeningOrderForm, type OrderDraft } from '../components/ScreeningOrderForm.js';
import { ScreeningResultView } from '../components/ScreeningResult.js';
import { ErrorBox, Loading } from '../components/Status.js';

export function ScreeningPage({ id }: { id?: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [draft, setDraft] = useState<OrderDraft>(emptyOrderDraft);
  const [fresh, setFresh] = useState<{ id?: number; result: ScreeningResult } | undefined>();
  const [screenings, setScreenings] = useState<ScreeningSummary[] | undefined>();
  const [versions, setVersions] = useState<ListVersion[] | undefined>();
  const [problem, setProblem] = useState<ApiProblem | undefined>();
  const [opened, setOpened] = useState<{ phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; screening: StoredScreening } | undefined>();
  const openId = id !== undefined && /^\d+$/.test(id) ? Number(id) : undefined;

  const reloadList = useCallback(async () => {
    const [s, v] = await Promise.all([listScreenings(), listVersions()]);
    if (s.ok) setScreenings(s.value);
    if (v.ok) setVersions(v.value);
    setProblem(!s.ok ? s.problem : !v.ok ? v.problem : undefined);
  }, []);

  const reloadOpened = useCallback(async () => {
    if (openId === undefined) return setOpened(undefined);
    const r = await getScreening(openId);
    setOpened(r.ok ? { phase: 'done', screening: r.value } : { phase: 'error', problem: r.problem });
  }, [openId]);

  useEffect(() => {
    void reloadList();
  }, [reloadList]);
  useEffect(() => {
    if (openId !== undefined) setOpened({ phase: 'loading' });
    void reloadOpened();
  }, [reloadOpened, openId]);

  async function submit(order: unknown, store: boolean): Promise<ApiProblem | undefined> {
    const r = await screenOrder(order, store);
    if (!r.ok) return r.problem;
    setFresh(r.value);
    if (r.value.id !== undefined) void reloadList();
    // Bring the result into view (and to screen readers' attention through its role="status").
    requestAnimationFrame(() => document.getElementById('scr-result-title')?.scrollIntoView({ block: 'start' }));
    return undefined;
  }

  return (
    <div className="screening-page">
      <section className="panel" aria-labelledby="screening-title">
        <h1 id="screening-title">{t('screening.title')}</h1>
        <p className="lead">{t('screening.intro')}</p>
      </section>
      {problem && <ErrorBox problem={problem} />}

      {id !== undefined && (
        <div className="scr-opened" data-testid="screening-opened">
          <p className="no-print">
            <button type="button" className="link-button" onClick={() => navigate('/screening')}>
              {t('screening.history.back')}
            </button>
          </p>
          {openId === undefined ? (
            <ErrorBox problem={{ code: 'SCREENING_NOT_FOUND', message: t('screening.history.badId', { id }) }} />
          ) : opened?.phase === 'loading' || opened === undefined ? (
            <Loading />
          ) : opened.phase === 'error' ? (
            <ErrorBox problem={opened.problem} />
          ) : (
            <>
              <ScreeningResultView result={opened.screening.result} id={opened.screening.id} />
              <ReviewDecisions
                key={opened.screening.id}
                screening={opened.screening}
                mayDecide={can(me, 'screening:decide')}
                onDecided={() => {
                  void reloadOpened();
                  void reloadList();
                }}
              />
              <p className="no-print">
                <button
                  type="button"
                  className="button-secondary"
                  onClick={() => {
                    setDraft(draftOf(opened.screening.order));
                    setFresh(undefined);
                    navigate('/screening');
                  }}
                  data-testid="screening-rescreen"
                >
                  {t('screening.history.loadIntoForm')}
                </button>
              </p>
            </>
          )}
        </div>
      )}

      {id === undefined && (
        <>
          <section className="panel no-print" aria-labelledby="scr-form-title">
            <h2 id="scr-form-title">{t('screening.form.title')}</h2>
            <p className="help">{t('screening.form.intro')}</p>
            <ScreeningOrderForm draft={draft} onChange={setDraft} onSubmit={submit} mayRun={can(me, 'screening:run')} />
          </section>
          {fresh && <ScreeningResultView result={fresh.result} id={fresh.id} />}
        </>
      )}

      <div className="no-print">
        <ScreeningHistory screenings={screenings} openId={openId} />
      </div>
      <div className="no-print">
        <ScreeningLists versions={versions} mayImport={can(me, 'screening:run')} onImported={() => void reloadList()} />
      </div>
    </div>
  );
}
