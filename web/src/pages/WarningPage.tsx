/**
 * Early warning (src/warning): the coverage comparison of two jurisdictions at a date (a matrix of
 * classes and lists × outcomes, drill-down to the structures with both verdicts side by side, CSV and
 * JSON download, an SVG bar chart) and, for signed-in users, the alerts feed (first detections and
 * spikes), the weekly trends (a small SVG chart per series with the alarm weeks marked) and the
 * bilateral briefing (HTML or PDF).
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FirstDetectionAlert } from '../../../src/warning/alerts.js';
import { chartGeometry } from '../../../src/warning/chart.js';
import type { Dimension, SpikeAlert } from '../../../src/warning/trends.js';
import type { ComparisonReport, ComparisonRow, Counts, CoverageOutcome, Side } from '../../../src/warning/compare.js';
import type { ApiProblem } from '../api/types.js';
import { can, useAuth } from '../auth.js';
import { ErrorBox, Loading } from '../components/Status.js';

type Result<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };
type Outcome = CoverageOutcome | 'error';
const OUTCOMES: readonly Outcome[] = ['both', 'only-a', 'only-b', 'neither', 'review', 'error'];
const COLOURS: Record<Outcome, string> = { both: '#2f7d32', 'only-a': '#1565c0', 'only-b': '#c62828', neither: '#9e9e9e', review: '#ef6c00', error: '#6d4c41' };
const JURISDICTIONS = ['US', 'CN', 'UN'] as const;

async function getJson<T>(url: string): Promise<Result<T>> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  } catch (err) {
    return { ok: false, problem: { code: 'NETWORK_ERROR', message: err instanceof Error ? err.message : String(err) } };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, problem: { code: 'BAD_RESPONSE', message: `HTTP ${response.status}` } };
  }
  const error = (body as { error?: ApiProblem } | null)?.error;
  if (!response.ok) return { ok: false, problem: error ?? { code: 'BAD_RESPONSE', message: `HTTP ${response.status}` } };
  return { ok: true, value: body as T };
}

function compareUrl(a: string, b: string, asOf: string, format?: 'csv'): string {
  const p = new URLSearchParams({ a, b, asOf, ...(format ? { format } : {}) });
  return `/api/warning/compare?${p.toString()}`;
}

export function WarningPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const params = new URLSearchParams(search);
  const [a, setA] = useState(params.get('a') ?? 'US');
  const [b, setB] = useState(params.get('b') ?? 'CN');
  const [asOf, setAsOf] = useState(params.get('asOf') ?? '2019-06-01');
  return (
    <div className="warning-page">
      <section className="panel">
        <h1>{t('warning.title')}</h1>
        <p className="lead">{t('warning.intro')}</p>
        <form className="row" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('warning.first')}{' '}
            <select value={a} onChange={(e) => setA(e.target.value)} data-testid="warning-a">
              {JURISDICTIONS.map((j) => <option key={j}>{j}</option>)}
            </select>
          </label>{' '}
          <label>
            {t('warning.second')}{' '}
            <select value={b} onChange={(e) => setB(e.target.value)} data-testid="warning-b">
              {JURISDICTIONS.map((j) => <option key={j}>{j}</option>)}
            </select>
          </label>{' '}
          <label>
            {t('warning.asOf')} <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} data-testid="warning-as-of" />
          </label>
        </form>
      </section>
      {a !== b && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? <Comparison a={a} b={b} asOf={asOf} /> : <p className="muted">{t('warning.pickTwo')}</p>}
      {can(me, 'warning:read') && <Alerts />}
      {can(me, 'warning:read') && <Trends />}
      {can(me, 'warning:read') && a !== b && <Briefing a={a} b={b} />}
    </div>
  );
}

function label(o: Outcome, a: string, b: string, t: (k: string, o?: Record<string, string>) => string): string {
  return o === 'only-a' ? t('warning.outcome.only', { j: a }) : o === 'only-b' ? t('warning.outcome.only', { j: b }) : t(`warning.outcome.${o}`);
}

function Comparison({ a, b, asOf }: { a: string; b: string; asOf: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; report: ComparisonReport }>({ phase: 'loading' });
  const [cell, setCell] = useState<{ group: string; outcome: Outcome } | undefined>();
  useEffect(() => {
    setState({ phase: 'loading' });
    setCell(undefined);
    let live = true;
    void getJson<ComparisonReport>(compareUrl(a, b, asOf)).then((r) => live && setState(r.ok ? { phase: 'done', report: r.value } : { phase: 'error', problem: r.problem }));
    return () => {
      live = false;
    };
  }, [a, b, asOf]);
  const json = useMemo(() => (state.phase === 'done' ? URL.createObjectURL(new Blob([JSON.stringify(state.report, null, 1)], { type: 'application/json' })) : undefined), [state]);
  if (state.phase === 'loading') return <Loading />;
  if (state.phase === 'error') return <ErrorBox problem={state.problem} />;
  const { report } = state;
  const groups: [string, Counts][] = [['(all)', report.totals.all], ...Object.entries(report.totals.byCategory).map(([k, c]): [string, Counts] => [`category:${k}`, c]), ...Object.entries(report.totals.byGroup)];
  const inCell = (r: ComparisonRow) =>
    !!cell && r.outcome === cell.outcome && (cell.group === '(all)' || (cell.group.startsWith('category:') ? r.category === cell.group.slice(9) : cell.group === '(none)' ? r.groups.length === 0 : r.groups.includes(cell.group)));
  const rows = cell ? report.rows.filter(inCell) : [];
  return (
    <>
      <section className="panel">
        <h2>{t('warning.matrix', { a, b, asOf })}</h2>
        <p>
          <a href={compareUrl(a, b, asOf, 'csv')} download data-testid="warning-csv">{t('warning.csv')}</a> ·{' '}
          <a href={json} download={`coverage-${a}-${b}-${asOf}.json`} data-testid="warning-json">{t('warning.json')}</a>
        </p>
        <Chart counts={report.totals.all} a={a} b={b} />
        <div className="table-wrap">
          <table data-testid="warning-matrix">
            <thead>
              <tr>
                <th scope="col">{t('warning.group')}</th>
                <th scope="col">{t('warning.total')}</th>
                {OUTCOMES.map((o) => <th scope="col" key={o}>{label(o, a, b, t)}</th>)}
              </tr>
            </thead>
            <tbody>
              {groups.map(([g, c]) => (
                <tr key={g}>
                  <th scope="row">{g === '(all)' ? t('warning.all') : g}</th>
                  <td>{c.total}</td>
                  {OUTCOMES.map((o) => (
                    <td key={o}>
                      {c[o] > 0 ? (
                        <button type="button" className={`link${cell?.group === g && cell.outcome === o ? ' current' : ''}`} onClick={() => setCell({ group: g, outcome: o })}>
                          {c[o]}
                        </button>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted small">{report.dataVersion}</p>
      </section>
      {cell && (
        <section className="panel" data-testid="warning-drill">
          <h2>
            {cell.group === '(all)' ? t('warning.all') : cell.group} · {label(cell.outcome, a, b, t)} ({rows.length})
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('warning.substance')}</th>
                  <th scope="col">{a}</th>
                  <th scope="col">{b}</th>
                  <th scope="col">{t('warning.difference')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => (
                  <tr key={`${r.source}-${i}`}>
                    <td>
                      <strong>{r.name ?? r.input}</strong>
                      <br />
                      <code className="small">{r.smiles ?? r.input}</code>
                    </td>
                    <td><SideCell side={r.a} /></td>
                    <td><SideCell side={r.b} /></td>
                    <td className="small">{r.difference ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function SideCell({ side }: { side: Side }) {
  const { t, i18n } = useTranslation();
  const shown = side.basis.filter((x) => x.applies || x.needsReview);
  const first = side.basis[0];
  return (
    <div>
      <span className={side.controlled ? 'status-controlled' : 'status-free'}>{side.controlled ? t('warning.controlled') : t('warning.notControlled')}</span>
      {side.needsReview && <span className="status-review"> · {t('warning.needsReview')}</span>}
      <ul className="small">
        {shown.map((x, i) => (
          <li key={i}>
            {x.rule}
            {x.clauses.length ? ` ${t('warning.clause')} ${x.clauses.join(', ')}` : ''}
            {x.substance ? ` (${x.substance})` : ''} — {x.status}
          </li>
        ))}
        {!shown.length && first && <li className="muted">{i18n.language === 'zh' && first.reasonZh ? first.reasonZh : first.reason}</li>}
      </ul>
    </div>
  );
}

/** Stacked bar of the totals, as SVG (no chart library needed). */
function Chart({ counts, a, b }: { counts: Counts; a: string; b: string }) {
  const { t } = useTranslation();
  const width = 600;
  let x = 0;
  const parts = OUTCOMES.filter((o) => counts[o] > 0).map((o) => {
    const w = counts.total ? (counts[o] / counts.total) * width : 0;
    const part = { o, x, w };
    x += w;
    return part;
  });
  return (
    <svg viewBox={`0 0 ${width} 44`} width="100%" role="img" aria-label={t('warning.chart')} data-testid="warning-chart">
      {parts.map((p) => (
        <g key={p.o}>
          <rect x={p.x} y={0} width={p.w} height={24} fill={COLOURS[p.o]}>
            <title>{`${label(p.o, a, b, t)}: ${counts[p.o]}`}</title>
          </rect>
          {p.w > 40 && (
            <text x={p.x + 4} y={38} fontSize={11}>
              {`${label(p.o, a, b, t)} ${counts[p.o]}`}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}

interface StoredAlert {
  id: number;
  createdAt: string;
  alert: FirstDetectionAlert | SpikeAlert;
}

function Alerts() {
  const { t } = useTranslation();
  const [gaps, setGaps] = useState(false);
  const [kind, setKind] = useState<'' | 'first-detection' | 'spike'>('');
  const [state, setState] = useState<{ phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; alerts: StoredAlert[] }>({ phase: 'loading' });
  useEffect(() => {
    let live = true;
    void getJson<{ alerts: StoredAlert[] }>(`/api/warning/alerts?limit=200${gaps ? '&gaps=true' : ''}${kind ? `&kind=${kind}` : ''}`).then(
      (r) => live && setState(r.ok ? { phase: 'done', alerts: r.value.alerts } : { phase: 'error', problem: r.problem }),
    );
    return () => {
      live = false;
    };
  }, [gaps, kind]);
  return (
    <section className="panel" data-testid="warning-alerts">
      <h2>{t('warning.alerts')}</h2>
      <label>
        {t('warning.kindFilter')}{' '}
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="warning-alert-kind">
          <option value="">{t('warning.kindAll')}</option>
          <option value="first-detection">{t('warning.kindFirst')}</option>
          <option value="spike">{t('warning.kindSpike')}</option>
        </select>
      </label>{' '}
      <label>
        <input type="checkbox" checked={gaps} onChange={(e) => setGaps(e.target.checked)} /> {t('warning.gapsOnly')}
      </label>
      {state.phase === 'loading' && <Loading />}
      {state.phase === 'error' && <ErrorBox problem={state.problem} />}
      {state.phase === 'done' && state.alerts.length === 0 && <p className="muted">{t('warning.noAlerts')}</p>}
      {state.phase === 'done' && state.alerts.length > 0 && (
        <ul className="alerts">
          {state.alerts.map(({ id, alert }) =>
            alert.kind === 'spike' ? (
              <li key={`spike-${id}`} data-testid="warning-spike">
                <strong>{alert.week}</strong> <span className="status-controlled">{t('warning.spike')}</span> <span className="chip-j">{t(`warning.dimension.${alert.series.dimension}`)}</span>{' '}
                {alert.series.dimension === 'substance' ? <code className="small">{alert.series.label}</code> : alert.series.label}
                <div className="small">{t('warning.spikeLine', { n: String(alert.count), week: alert.week, baseline: alert.baseline.toFixed(2) })}</div>
              </li>
            ) : (
              <li key={`fd-${id}`}>
                <strong>{alert.sighting.occurredOn}</strong> {alert.coverageGap && <span className="status-review">{t('warning.gap')}</span>}{' '}
                {alert.reasons.includes('unlisted') && <span className="chip-j">{t('warning.unlisted')}</span>}{' '}
                <a href={`/exchange/${encodeURIComponent(alert.sighting.incidentUid)}`}>{alert.sighting.sampleLabel}</a> <code className="small">{alert.sighting.smiles}</code>
                <ul className="small">
                  {alert.coverage.map((c) => (
                    <li key={c.jurisdiction}>
                      <strong>{c.jurisdiction}</strong>: {c.covered ? `${t('warning.coveredBy')} ${c.by.join(', ')}` : t('warning.notCovered')}
                      {c.needsReview ? ` · ${t('warning.needsReview')}` : ''}
                      {c.nearMisses.length > 0 && ` · ${t('warning.nearMiss')} ${c.nearMisses.map((n) => n.rule).join(', ')}`}
                    </li>
                  ))}
                </ul>
              </li>
            ),
          )}
        </ul>
      )}
    </section>
  );
}

interface TrendSeries {
  key: string;
  dimension: Dimension;
  label: string;
  counts: number[];
  total: number;
  baseline: (number | null)[];
  alarms: number[];
  alarmWeeks: string[];
}
interface TrendsReply {
  from: string;
  to: string;
  weeks: string[];
  series: TrendSeries[];
}
const DIMENSION_ORDER: readonly Dimension[] = ['substance', 'class', 'region', 'kind'];
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function Trends() {
  const { t } = useTranslation();
  const [to, setTo] = useState(() => isoDate(new Date()));
  const [from, setFrom] = useState(() => isoDate(new Date(Date.now() - 51 * 7 * 86_400_000)));
  const [dimension, setDimension] = useState<Dimension>('substance');
  const [state, setState] = useState<{ phase: 'loading' } | { phase: 'error'; problem: ApiProblem } | { phase: 'done'; report: TrendsReply }>({ phase: 'loading' });
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to;
  useEffect(() => {
    if (!valid) return;
    let live = true;
    setState({ phase: 'loading' });
    void getJson<TrendsReply>(`/api/warning/trends?${new URLSearchParams({ from, to, limit: '12' }).toString()}`).then((r) => live && setState(r.ok ? { phase: 'done', report: r.value } : { phase: 'error', problem: r.problem }));
    return () => {
      live = false;
    };
  }, [from, to, valid]);
  const shown = state.phase === 'done' ? state.report.series.filter((s) => s.dimension === dimension) : [];
  return (
    <section className="panel" data-testid="warning-trends">
      <h2>{t('warning.trends')}</h2>
      <p className="muted small">{t('warning.trendsIntro')}</p>
      <form className="row" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('warning.trendsFrom')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="warning-trends-from" />
        </label>{' '}
        <label>
          {t('warning.trendsTo')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="warning-trends-to" />
        </label>{' '}
        {DIMENSION_ORDER.map((d) => (
          <button key={d} type="button" className={`link${d === dimension ? ' current' : ''}`} onClick={() => setDimension(d)}>
            {t(`warning.dimension.${d}`)}
          </button>
        ))}
      </form>
      {state.phase === 'loading' && valid && <Loading />}
      {state.phase === 'error' && <ErrorBox problem={state.problem} />}
      {state.phase === 'done' && shown.length === 0 && <p className="muted">{t('warning.noTrends')}</p>}
      {state.phase === 'done' && shown.length > 0 && (
        <div className="trend-grid" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: '0.75rem' }}>
          {shown.map((s) => (
            <figure key={s.key} style={{ margin: 0 }} data-testid="warning-trend">
              <figcaption className="small">
                {t('warning.seriesTitle', { label: s.label, total: String(s.total), alarms: String(s.alarms.length) })}
              </figcaption>
              <TrendChart weeks={state.report.weeks} series={s} />
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}

function TrendChart({ weeks, series }: { weeks: string[]; series: TrendSeries }) {
  const g = chartGeometry({ weeks, counts: series.counts, baseline: series.baseline, alarms: series.alarms });
  return (
    <svg viewBox={`0 0 ${g.width} ${g.height}`} width="100%" role="img" aria-label={series.label}>
      <line x1={0} y1={g.top + g.plot} x2={g.width} y2={g.top + g.plot} stroke="#999" strokeWidth={0.5} />
      {g.bars
        .filter((b) => b.count > 0)
        .map((b) => (
          <rect key={b.week} x={b.x} y={b.y} width={b.w} height={b.h} fill={b.alarm ? '#c62828' : '#607d8b'}>
            <title>{`${b.week}: ${b.count}`}</title>
          </rect>
        ))}
      {g.baseline && <polyline points={g.baseline} fill="none" stroke="#1565c0" strokeWidth={1} strokeDasharray="3 2" />}
      {g.markers.map((m) => (
        <polygon key={m.week} points={`${m.x - 4},${m.y - 6} ${m.x + 4},${m.y - 6} ${m.x},${m.y}`} fill="#c62828" data-testid="warning-alarm">
          <title>{`${m.week}: ${m.count}`}</title>
        </polygon>
      ))}
      <text x={2} y={8} fontSize={8} fill="#555">
        {g.max}
      </text>
      {g.ticks.map((tk) => (
        <text key={tk.label} x={Math.min(Math.max(tk.x, 22), g.width - 22)} y={g.height - 2} fontSize={8} textAnchor="middle" fill="#555">
          {tk.label}
        </text>
      ))}
    </svg>
  );
}

function Briefing({ a, b }: { a: string; b: string }) {
  const { t } = useTranslation();
  const [to, setTo] = useState(() => isoDate(new Date()));
  const [from, setFrom] = useState(() => isoDate(new Date(Date.now() - 90 * 86_400_000)));
  const url = (format: 'html' | 'pdf') => `/api/warning/briefing?${new URLSearchParams({ a, b, from, to, format }).toString()}`;
  return (
    <section className="panel" data-testid="warning-briefing">
      <h2>{t('warning.briefing')}</h2>
      <p className="muted small">{t('warning.briefingIntro')}</p>
      <form className="row" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('warning.trendsFrom')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>{' '}
        <label>
          {t('warning.trendsTo')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>{' '}
        <a href={url('html')} target="_blank" rel="noreferrer" data-testid="warning-briefing-html">
          {t('warning.briefingOpen')}
        </a>{' '}
        · <a href={url('pdf')} download data-testid="warning-briefing-pdf">{t('warning.briefingPdf')}</a>
      </form>
    </section>
  );
}
