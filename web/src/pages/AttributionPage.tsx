/**
 * Chemical attribution (src/attribution, docs/attribution.md): import impurity profiles, calibrate
 * linkage on the samples of known source (every pretreatment × metric by ROC AUC, the threshold at a
 * chosen false-positive rate, TPR and FPR with bootstrap intervals), then compare a pair (distance,
 * score-based likelihood ratio and its verbal scale), see the link graph and its clusters, and a
 * profile's route indicators. Intelligence, never identification: the page says so where it matters.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/types.js';
import { can, useAuth } from '../auth.js';
import {
  calibrate,
  getCalibration,
  getProfile,
  getReference,
  linkGraph,
  linkMatches,
  linkPair,
  listCalibrations,
  listProfiles,
  type Calibration,
  type CalibrationSummary,
  type LinkGraph,
  type Match,
  type PairComparison,
  type ProfileSummary,
  type Reference,
  type RouteIndicator,
} from '../components/AttributionApi.js';
import { DistanceHistograms, ProfileComparison, RocCurve } from '../components/AttributionCharts.js';
import { AttributionGraph } from '../components/AttributionGraph.js';
import { AttributionImport } from '../components/AttributionImport.js';
import { AttributionIndicators, MarkerFacts } from '../components/AttributionIndicators.js';
import { formatDistance, formatLr, percent, verbalScale } from '../components/attribution-scale.js';

function ProblemBox({ problem, testId }: { problem: ApiProblem; testId: string }) {
  return (
    <p className="error-box" role="alert" data-testid={testId}>
      <span className="error-code">{problem.code}</span> {problem.message}
    </p>
  );
}

export function AttributionPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const mayWrite = can(me, 'attribution:write');
  const [reference, setReference] = useState<Reference | undefined>();
  const [profiles, setProfiles] = useState<ProfileSummary[] | undefined>();
  const [calibrations, setCalibrations] = useState<CalibrationSummary[]>([]);
  const [selectedId, setSelectedId] = useState<number | undefined>();
  const [calibration, setCalibration] = useState<Calibration | undefined>();
  const [graph, setGraph] = useState<LinkGraph | undefined>();
  const [loadProblem, setLoadProblem] = useState<ApiProblem | undefined>();

  const loadProfiles = useCallback(async () => {
    const r = await listProfiles();
    if (r.ok) setProfiles(r.value);
    else setLoadProblem(r.problem);
  }, []);
  const loadCalibrations = useCallback(async (select?: number) => {
    const r = await listCalibrations();
    if (!r.ok) return setLoadProblem(r.problem);
    setCalibrations(r.value);
    setSelectedId((cur) => select ?? cur ?? r.value[0]?.id);
  }, []);

  useEffect(() => {
    void loadProfiles();
    void loadCalibrations();
    void getReference().then((r) => (r.ok ? setReference(r.value) : setLoadProblem(r.problem)));
  }, [loadProfiles, loadCalibrations]);

  useEffect(() => {
    if (selectedId === undefined) return;
    if (calibration?.id === selectedId) return;
    let live = true;
    setGraph(undefined);
    void getCalibration(selectedId).then((r) => {
      if (!live) return;
      if (r.ok) setCalibration(r.value);
      else setLoadProblem(r.problem);
    });
    return () => {
      live = false;
    };
  }, [selectedId, calibration?.id]);

  useEffect(() => {
    if (!calibration) return;
    let live = true;
    void linkGraph(calibration.id).then((r) => {
      if (!live) return;
      if (r.ok) setGraph(r.value);
      else setLoadProblem(r.problem);
    });
    return () => {
      live = false;
    };
  }, [calibration, profiles]);

  const samples = (profiles ?? []).map((p) => p.sample);
  return (
    <div className="attribution-page">
      <section className="panel" aria-labelledby="attribution-title">
        <h1 id="attribution-title">{t('attribution.title')}</h1>
        <p className="lead">{t('attribution.intro')}</p>
        <p className="review-note" data-testid="attribution-intelligence">
          {t('attribution.intelligence')}
        </p>
        {loadProblem && <ProblemBox problem={loadProblem} testId="attribution-error" />}
      </section>

      <section className="panel" aria-labelledby="attribution-profiles">
        <h2 id="attribution-profiles">{t('attribution.profiles.title')}</h2>
        {mayWrite ? <AttributionImport onImported={() => void loadProfiles()} /> : <p className="muted">{t('attribution.noWrite')}</p>}
        <ProfileTable profiles={profiles} />
      </section>

      <section className="panel" aria-labelledby="attribution-calibration">
        <h2 id="attribution-calibration">{t('attribution.calibration.title')}</h2>
        <p className="help">{t('attribution.calibration.intro')}</p>
        {mayWrite && (
          <CalibrateForm
            panels={reference?.panels.filter((p) => p.compounds !== null) ?? []}
            onDone={(c) => {
              setCalibration(c);
              void loadCalibrations(c.id);
            }}
          />
        )}
        {calibrations.length > 0 && (
          <div className="field attribution-choose">
            <label className="field-label" htmlFor="attribution-calibration-select">
              {t('attribution.calibration.choose')}
            </label>
            <select id="attribution-calibration-select" value={selectedId ?? ''} onChange={(e) => setSelectedId(Number(e.target.value))} data-testid="attribution-calibration-select">
              {calibrations.map((c) => (
                <option key={c.id} value={c.id}>
                  {t('attribution.calibration.option', { name: c.name, pretreatment: c.pretreatment, metric: t(`attribution.metric.${c.metric}`), auc: c.auc.toFixed(4), date: c.createdAt.slice(0, 10) })}
                </option>
              ))}
            </select>
          </div>
        )}
        {calibrations.length === 0 && <p className="muted">{t('attribution.calibration.none')}</p>}
        {calibration && calibration.id === selectedId && <CalibrationView calibration={calibration} />}
      </section>

      {calibration && (
        <section className="panel" aria-labelledby="attribution-pair">
          <h2 id="attribution-pair">{t('attribution.pair.title')}</h2>
          <PairQuery calibration={calibration} samples={samples} />
        </section>
      )}

      {calibration && (
        <section className="panel" aria-labelledby="attribution-graph-title">
          <h2 id="attribution-graph-title">{t('attribution.graph.title')}</h2>
          {graph ? <AttributionGraph graph={graph} /> : <p className="loading">{t('attribution.loading')}</p>}
        </section>
      )}

      <section className="panel" aria-labelledby="attribution-indicators-title">
        <h2 id="attribution-indicators-title">{t('attribution.indicators.title')}</h2>
        <IndicatorsView profiles={profiles ?? []} reference={reference} />
      </section>
    </div>
  );
}

function ProfileTable({ profiles }: { profiles: ProfileSummary[] | undefined }) {
  const { t } = useTranslation();
  if (!profiles) return <p className="loading">{t('attribution.loading')}</p>;
  if (!profiles.length) return <p className="muted">{t('attribution.profiles.none')}</p>;
  const batches = new Set(profiles.flatMap((p) => (p.batch ? [p.batch] : []))).size;
  return (
    <>
      <p className="note" data-testid="attribution-profile-count">
        {t('attribution.profiles.count', { count: profiles.length, batches })}
      </p>
      <div className="table-wrap attribution-scroll">
        <table data-testid="attribution-profiles">
          <thead>
            <tr>
              <th>{t('attribution.profiles.sample')}</th>
              <th>{t('attribution.profiles.batch')}</th>
              <th>{t('attribution.profiles.incident')}</th>
              <th>{t('attribution.profiles.drug')}</th>
              <th>{t('attribution.profiles.peaks')}</th>
              <th>{t('attribution.profiles.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={p.id}>
                <td>{p.sample}</td>
                <td>{p.batch ?? '—'}</td>
                <td>{p.incident ?? '—'}</td>
                <td>{p.drug ?? '—'}</td>
                <td>{p.peaks}</td>
                <td>{p.updatedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CalibrateForm({ panels, onDone }: { panels: Reference['panels']; onDone: (c: Calibration) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [fpr, setFpr] = useState('0.5');
  const [panel, setPanel] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiProblem | undefined>();

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const targetFpr = Number(fpr) / 100;
    if (!(targetFpr > 0 && targetFpr <= 0.5)) return setFailure({ code: 'INVALID_REQUEST', message: t('attribution.calibration.badFpr') });
    setBusy(true);
    setFailure(undefined);
    const r = await calibrate({ name: name.trim() || t('attribution.calibration.defaultName'), targetFpr, ...(panel ? { panel } : {}) });
    setBusy(false);
    if (!r.ok) return setFailure(r.problem);
    setName('');
    onDone(r.value);
  }

  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="attribution-calibrate-form">
      <div className="field">
        <label className="field-label" htmlFor="attribution-cal-name">
          {t('attribution.calibration.name')}
        </label>
        <input id="attribution-cal-name" type="text" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('attribution.calibration.defaultName')} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="attribution-cal-fpr">
          {t('attribution.calibration.fpr')}
        </label>
        <input id="attribution-cal-fpr" type="number" min="0.01" max="50" step="0.01" value={fpr} onChange={(e) => setFpr(e.target.value)} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="attribution-cal-panel">
          {t('attribution.calibration.panel')}
        </label>
        <select id="attribution-cal-panel" value={panel} onChange={(e) => setPanel(e.target.value)}>
          <option value="">{t('attribution.calibration.allVariables')}</option>
          {panels.map((p) => (
            <option key={p.id} value={p.id}>
              {p.title}
              {p.illustrative ? ` (${t('attribution.calibration.illustrative')})` : ''}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button-primary" disabled={busy} data-testid="attribution-calibrate">
        {busy ? t('attribution.calibration.busy') : t('attribution.calibration.submit')}
      </button>
      {failure && (
        <div className="jurisdictions-error">
          <ProblemBox problem={failure} testId="attribution-calibrate-error" />
        </div>
      )}
    </form>
  );
}

function Interval({ estimate }: { estimate: { value: number; ci: [number, number] } }) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{percent(estimate.value)}</strong> <span className="muted">{t('attribution.calibration.ci', { lo: percent(estimate.ci[0]), hi: percent(estimate.ci[1]) })}</span>
    </>
  );
}

function CalibrationView({ calibration }: { calibration: Calibration }) {
  const { t } = useTranslation();
  const r = calibration.result;
  const pretreatments = [...new Set(r.candidates.map((c) => c.pretreatment))];
  const metrics = [...new Set(r.candidates.map((c) => c.metric))];
  const auc = new Map(r.candidates.map((c) => [`${c.pretreatment}|${c.metric}`, c.auc]));
  const ranked = [...r.candidates].filter((c) => Number.isFinite(c.auc)).sort((a, b) => b.auc - a.auc);
  const rank = new Map(ranked.map((c, i) => [`${c.pretreatment}|${c.metric}`, i + 1]));
  const lowest = ranked.length ? ranked[ranked.length - 1].auc : 0;
  return (
    <div className="attribution-calibration" data-testid="attribution-calibration-view">
      <dl className="facts" data-testid="attribution-rates">
        <dt>{t('attribution.calibration.chosen')}</dt>
        <dd data-testid="attribution-chosen">
          <strong>
            {r.chosen.pretreatment} × {t(`attribution.metric.${r.chosen.metric}`)}
          </strong>{' '}
          (AUC {r.chosen.auc.toFixed(4)})
        </dd>
        <dt>{t('attribution.calibration.pairs')}</dt>
        <dd>{t('attribution.calibration.pairCounts', { linked: r.linkedPairs, unlinked: r.unlinkedPairs })}</dd>
        <dt>{t('attribution.calibration.threshold')}</dt>
        <dd>{t('attribution.calibration.thresholdText', { threshold: formatDistance(r.model.threshold), target: percent(r.targetFpr, 2) })}</dd>
        <dt>{t('attribution.calibration.tpr')}</dt>
        <dd data-testid="attribution-tpr">
          <Interval estimate={r.tpr} />
        </dd>
        <dt>{t('attribution.calibration.fprLabel')}</dt>
        <dd data-testid="attribution-fpr">
          <Interval estimate={r.fpr} />
        </dd>
        <dt>Cllr</dt>
        <dd>
          {r.cllr.toFixed(3)} <span className="muted">{t('attribution.calibration.cllr')}</span>
        </dd>
        <dt>{t('attribution.calibration.variables')}</dt>
        <dd>{r.model.variables.length}</dd>
      </dl>
      <p className="help">{t('attribution.calibration.bootstrap', { replicates: r.bootstrap.replicates })}</p>
      {r.warnings.length > 0 && (
        <ul className="review-note attribution-warnings" data-testid="attribution-warnings">
          {r.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      <div className="attribution-charts">
        <RocCurve result={r} />
        <DistanceHistograms result={r} />
      </div>
      <h3>{t('attribution.calibration.candidates')}</h3>
      <div className="table-wrap">
        <table className="attribution-auc" data-testid="attribution-candidates">
          <caption className="help">{t('attribution.calibration.candidatesCaption', { count: r.candidates.length })}</caption>
          <thead>
            <tr>
              <th>{t('attribution.calibration.pretreatment')}</th>
              {metrics.map((m) => (
                <th key={m}>{t(`attribution.metric.${m}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pretreatments.map((p) => (
              <tr key={p}>
                <th scope="row">{p}</th>
                {metrics.map((m) => {
                  const key = `${p}|${m}`;
                  const v = auc.get(key);
                  const chosen = p === r.chosen.pretreatment && m === r.chosen.metric;
                  const shade = v === undefined || !Number.isFinite(v) || ranked[0].auc === lowest ? 0 : (v - lowest) / (ranked[0].auc - lowest);
                  return (
                    <td
                      key={m}
                      className={chosen ? 'auc-chosen' : undefined}
                      style={{ background: chosen ? undefined : `rgb(31 78 121 / ${(0.04 + 0.22 * shade).toFixed(3)})` }}
                      title={rank.has(key) ? t('attribution.calibration.rank', { rank: rank.get(key), of: ranked.length }) : undefined}
                      data-chosen={chosen || undefined}
                    >
                      {v === undefined ? '' : Number.isFinite(v) ? v.toFixed(4) : '—'}
                      {chosen && <span className="visually-hidden"> {t('attribution.calibration.chosenMark')}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">{t('attribution.calibration.optimism')}</p>
    </div>
  );
}

function PairQuery({ calibration, samples }: { calibration: Calibration; samples: string[] }) {
  const { t } = useTranslation();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [pair, setPair] = useState<(PairComparison & { nameA: string; nameB: string }) | undefined>();
  const [matches, setMatches] = useState<{ sample: string; list: Match[] } | undefined>();
  const [failure, setFailure] = useState<ApiProblem | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Defaults: the first sample, and the next one.
    if (!a && samples.length) setA(samples[0]);
    if (!b && samples.length > 1) setB(samples[1]);
  }, [samples, a, b]);
  useEffect(() => {
    setPair(undefined);
    setMatches(undefined);
  }, [calibration.id]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!a || !b) return;
    setBusy(true);
    setFailure(undefined);
    const [p, m] = await Promise.all([linkPair(calibration.id, a, b), linkMatches(calibration.id, a)]);
    setBusy(false);
    if (!p.ok) return setFailure(p.problem);
    setPair({ ...p.value, nameA: a, nameB: b });
    if (m.ok) setMatches({ sample: a, list: m.value.slice(0, 10) });
  }

  const scale = pair ? verbalScale(pair.log10Lr) : undefined;
  return (
    <div data-testid="attribution-pair-query">
      <form className="inline-form" onSubmit={onSubmit}>
        <div className="field">
          <label className="field-label" htmlFor="attribution-pair-a">
            {t('attribution.pair.a')}
          </label>
          <select id="attribution-pair-a" value={a} onChange={(e) => setA(e.target.value)} data-testid="attribution-pair-a">
            {samples.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor="attribution-pair-b">
            {t('attribution.pair.b')}
          </label>
          <select id="attribution-pair-b" value={b} onChange={(e) => setB(e.target.value)} data-testid="attribution-pair-b">
            {samples.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-primary" disabled={busy || !a || !b || a === b} data-testid="attribution-pair-submit">
          {t('attribution.pair.submit')}
        </button>
      </form>
      {failure && <ProblemBox problem={failure} testId="attribution-pair-error" />}
      {pair && scale && (
        <div className="attribution-pair-result" data-testid="attribution-pair-result">
          <dl className="facts">
            <dt>{t('attribution.pair.distance')}</dt>
            <dd>
              {formatDistance(pair.distance)}{' '}
              <span className={pair.linked ? 'state state-running' : 'state'} data-testid="attribution-pair-linked">
                {pair.linked ? t('attribution.pair.linked') : t('attribution.pair.notLinked')}
              </span>{' '}
              <span className="muted">{t('attribution.pair.thresholdIs', { threshold: formatDistance(calibration.result.model.threshold) })}</span>
            </dd>
            <dt>{t('attribution.pair.lr')}</dt>
            <dd data-testid="attribution-pair-lr">
              <strong>{formatLr(pair.log10Lr)}</strong> <span className="muted">(log₁₀ LR = {pair.log10Lr.toFixed(2)})</span>
            </dd>
            <dt>{t('attribution.pair.verbal')}</dt>
            <dd data-testid="attribution-pair-verbal">
              {scale.supports === 'neither' ? t('attribution.verbal.neither') : t(`attribution.verbal.${scale.supports}`, { level: t(`attribution.verbal.level.${scale.level}`) })}
            </dd>
          </dl>
          <p className="help">{t('attribution.pair.scaleSource')}</p>
          <ProfileComparison variables={pair.variables} a={pair.a} b={pair.b} nameA={pair.nameA} nameB={pair.nameB} />
        </div>
      )}
      {matches && (
        <>
          <h3>{t('attribution.pair.closest', { sample: matches.sample })}</h3>
          <div className="table-wrap">
            <table data-testid="attribution-matches">
              <thead>
                <tr>
                  <th>{t('attribution.profiles.sample')}</th>
                  <th>{t('attribution.pair.distance')}</th>
                  <th>{t('attribution.pair.lr')}</th>
                  <th>{t('attribution.pair.linkedHead')}</th>
                </tr>
              </thead>
              <tbody>
                {matches.list.map((m) => (
                  <tr key={m.sample}>
                    <td>
                      {m.sample}
                      {m.incident ? <span className="muted"> · {m.incident}</span> : null}
                    </td>
                    <td>{formatDistance(m.distance)}</td>
                    <td>{formatLr(m.log10Lr)}</td>
                    <td>{m.linked ? t('attribution.pair.linked') : t('attribution.pair.notLinked')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="note">{t('attribution.pair.caveat')}</p>
    </div>
  );
}

function IndicatorsView({ profiles, reference }: { profiles: ProfileSummary[]; reference: Reference | undefined }) {
  const { t } = useTranslation();
  const [id, setId] = useState<number | undefined>();
  const [shown, setShown] = useState<{ sample: string; indicators: RouteIndicator[] } | undefined>();
  const [failure, setFailure] = useState<ApiProblem | undefined>();

  useEffect(() => {
    if (id === undefined) return;
    let live = true;
    void getProfile(id).then((r) => {
      if (!live) return;
      if (r.ok) {
        setShown({ sample: r.value.profile.sample, indicators: r.value.indicators });
        setFailure(undefined);
      } else setFailure(r.problem);
    });
    return () => {
      live = false;
    };
  }, [id]);

  return (
    <div>
      <p className="help">{t('attribution.indicators.intro')}</p>
      {profiles.length > 0 && (
        <div className="field attribution-choose">
          <label className="field-label" htmlFor="attribution-indicator-sample">
            {t('attribution.indicators.sample')}
          </label>
          <select id="attribution-indicator-sample" value={id ?? ''} onChange={(e) => setId(e.target.value ? Number(e.target.value) : undefined)} data-testid="attribution-indicator-sample">
            <option value="">—</option>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.sample}
              </option>
            ))}
          </select>
        </div>
      )}
      {failure && <ProblemBox problem={failure} testId="attribution-indicator-error" />}
      {shown ? (
        <AttributionIndicators sample={shown.sample} indicators={shown.indicators} />
      ) : (
        <p className="review-note" data-testid="attribution-caveat">
          {t('attribution.indicators.caveat')}
        </p>
      )}
      {reference && (
        <details className="other-findings attribution-markers">
          <summary>{t('attribution.indicators.markers', { count: reference.markers.length })}</summary>
          {reference.markers.map((m) => (
            <div className="finding finding-other" key={m.id}>
              <p>
                <strong>{m.compound}</strong> · {m.drug}
                {m.routes.length ? ` · ${m.routes.join(', ')}` : ''}
              </p>
              <MarkerFacts marker={m} />
              <p className="finding-reason">{m.evidence}</p>
              <p className="citation">
                {t('attribution.indicators.source')}: {m.citation}
              </p>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
