/**
 * The attribution page's charts, plain SVG: the ROC curve of the chosen pretreatment × metric with
 * the operating point, the two distance distributions (linked and unlinked pairs) with the threshold,
 * and one pair's profiles side by side.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CalibrationResult } from './AttributionApi.js';
import { formatDistance, percent } from './attribution-scale.js';

const W = 460;
const H = 340;
const L = 52;
const R = 16;
const T = 16;
const B = 44;

/** The ROC curve; the FPR axis may be logarithmic, where the operating region (FPR ≤ 1%) is visible. */
export function RocCurve({ result }: { result: CalibrationResult }) {
  const { t } = useTranslation();
  const [log, setLog] = useState(true);
  // The smallest FPR a log axis shows: half of one unlinked pair.
  const minFpr = Math.min(1e-3, 0.5 / Math.max(1, result.unlinkedPairs));
  const lo = Math.log10(minFpr);
  const x = (fpr: number) => L + (log ? (Math.log10(Math.max(fpr, minFpr)) - lo) / -lo : fpr) * (W - L - R);
  const y = (tpr: number) => T + (1 - tpr) * (H - T - B);
  const path = result.roc.map((p, i) => `${i ? 'L' : 'M'}${x(p.fpr).toFixed(1)},${y(p.tpr).toFixed(1)}`).join(' ');
  const xTicks = log ? Array.from({ length: Math.floor(-lo) + 1 }, (_, k) => 10 ** (Math.ceil(lo) + k)).filter((v) => v >= minFpr) : [0, 0.2, 0.4, 0.6, 0.8, 1];
  const op = { fpr: result.fpr.value, tpr: result.tpr.value };
  return (
    <figure className="attribution-chart" data-testid="attribution-roc">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('attribution.roc.aria', { auc: result.chosen.auc.toFixed(4) })}>
        <rect x={L} y={T} width={W - L - R} height={H - T - B} className="chart-frame" />
        {xTicks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={T} y2={H - B} className="chart-grid" />
            <text x={x(v)} y={H - B + 14} textAnchor="middle" className="chart-tick">
              {log ? `${Number((v * 100).toPrecision(1))}%` : v}
            </text>
          </g>
        ))}
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} className="chart-grid" />
            <text x={L - 6} y={y(v) + 4} textAnchor="end" className="chart-tick">
              {v}
            </text>
          </g>
        ))}
        {!log && <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} className="chart-chance" />}
        <line x1={x(result.targetFpr)} x2={x(result.targetFpr)} y1={T} y2={H - B} className="chart-threshold" data-testid="attribution-roc-target" />
        <path d={path} className="chart-roc" />
        <circle cx={x(op.fpr)} cy={y(op.tpr)} r={5} className="chart-operating" data-testid="attribution-roc-point">
          <title>{t('attribution.roc.point', { tpr: percent(op.tpr, 1), fpr: percent(op.fpr) })}</title>
        </circle>
        <text x={(L + W - R) / 2} y={H - 8} textAnchor="middle" className="chart-axis">
          {log ? t('attribution.roc.xLog') : t('attribution.roc.x')}
        </text>
        <text x={14} y={(T + H - B) / 2} textAnchor="middle" transform={`rotate(-90 14 ${(T + H - B) / 2})`} className="chart-axis">
          {t('attribution.roc.y')}
        </text>
      </svg>
      <figcaption className="muted">
        {t('attribution.roc.caption', { auc: result.chosen.auc.toFixed(4), target: percent(result.targetFpr, 1) })}{' '}
        <label className="check">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid="attribution-roc-log" /> {t('attribution.roc.logAxis')}
        </label>
      </figcaption>
    </figure>
  );
}

/** The linked and the unlinked distances, each as the share of its pairs per bin, with the threshold. */
export function DistanceHistograms({ result }: { result: CalibrationResult }) {
  const { t } = useTranslation();
  const { edges, linked, unlinked } = result.histogram;
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const panelH = (H - T - B - 20) / 2;
  const x = (d: number) => L + ((Math.min(Math.max(d, lo), hi) - lo) / (hi - lo || 1)) * (W - L - R);
  const share = (counts: number[]) => {
    const total = counts.reduce((s, c) => s + c, 0) || 1;
    return counts.map((c) => c / total);
  };
  const panels = [
    { key: 'linked', values: share(linked), n: result.linkedPairs, top: T, className: 'chart-bar-linked' },
    { key: 'unlinked', values: share(unlinked), n: result.unlinkedPairs, top: T + panelH + 20, className: 'chart-bar-unlinked' },
  ] as const;
  const threshold = result.model.threshold;
  const ticks = Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * k) / 4);
  return (
    <figure className="attribution-chart" data-testid="attribution-histograms">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('attribution.hist.aria', { threshold: formatDistance(threshold) })}>
        {panels.map((p) => {
          const peak = Math.max(...p.values, 1e-12);
          const yOf = (v: number) => p.top + panelH - (v / peak) * (panelH - 14);
          return (
            <g key={p.key} data-testid={`attribution-hist-${p.key}`}>
              <rect x={L} y={p.top} width={W - L - R} height={panelH} className="chart-frame" />
              {p.values.map((v, i) =>
                v > 0 ? <rect key={i} x={x(edges[i]) + 0.5} width={Math.max(0.5, x(edges[i + 1]) - x(edges[i]) - 1)} y={yOf(v)} height={p.top + panelH - yOf(v)} className={p.className} /> : null,
              )}
              <text x={L + 6} y={p.top + 12} className="chart-label">
                {t(`attribution.hist.${p.key}`, { count: p.n })}
              </text>
              <text x={L - 6} y={p.top + 18} textAnchor="end" className="chart-tick">
                {percent(peak, 0)}
              </text>
            </g>
          );
        })}
        <line x1={x(threshold)} x2={x(threshold)} y1={T} y2={H - B} className="chart-threshold" data-testid="attribution-hist-threshold" />
        <text x={x(threshold) + 4} y={T + panelH + 14} className="chart-threshold-label">
          {t('attribution.hist.threshold', { threshold: formatDistance(threshold) })}
        </text>
        {ticks.map((v) => (
          <text key={v} x={x(v)} y={H - B + 14} textAnchor="middle" className="chart-tick">
            {formatDistance(v)}
          </text>
        ))}
        <text x={(L + W - R) / 2} y={H - 8} textAnchor="middle" className="chart-axis">
          {t('attribution.hist.x', { pretreatment: result.chosen.pretreatment, metric: t(`attribution.metric.${result.chosen.metric}`) })}
        </text>
      </svg>
      <figcaption className="muted">{t('attribution.hist.caption')}</figcaption>
    </figure>
  );
}

/** Two samples' profiles (% of total area per variable), side by side. */
export function ProfileComparison({ variables, a, b, nameA, nameB }: { variables: string[]; a: number[]; b: number[]; nameA: string; nameB: string }) {
  const { t } = useTranslation();
  const n = variables.length;
  const width = Math.max(W, L + R + n * 22);
  const height = 260;
  const bottom = 90;
  const peak = Math.max(1e-9, ...a, ...b);
  const slot = (width - L - R) / Math.max(1, n);
  const y = (v: number) => T + (1 - v / peak) * (height - T - bottom);
  return (
    <figure className="attribution-chart attribution-chart-wide" data-testid="attribution-pair-chart">
      <svg viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: `${Math.round(width * 1.3)}px` }} role="img" aria-label={t('attribution.pair.chartAria', { a: nameA, b: nameB })}>
        <rect x={L} y={T} width={width - L - R} height={height - T - bottom} className="chart-frame" />
        {[0, 0.5, 1].map((f) => (
          <text key={f} x={L - 6} y={y(peak * f) + 4} textAnchor="end" className="chart-tick">
            {(peak * f).toFixed(1)}%
          </text>
        ))}
        {variables.map((v, i) => {
          const x0 = L + i * slot;
          const w = Math.max(1, slot / 2 - 2);
          return (
            <g key={`${v}-${i}`}>
              <rect x={x0 + 1} y={y(a[i])} width={w} height={height - bottom - y(a[i])} className="chart-bar-a">
                <title>{`${v}: ${nameA} ${a[i].toFixed(2)}%`}</title>
              </rect>
              <rect x={x0 + 1 + w} y={y(b[i])} width={w} height={height - bottom - y(b[i])} className="chart-bar-b">
                <title>{`${v}: ${nameB} ${b[i].toFixed(2)}%`}</title>
              </rect>
              <text x={x0 + slot / 2} y={height - bottom + 8} transform={`rotate(50 ${x0 + slot / 2} ${height - bottom + 8})`} className="chart-tick">
                {v.length > 16 ? `${v.slice(0, 15)}…` : v}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">
        <span className="legend-swatch chart-bar-a" /> {nameA} <span className="legend-swatch chart-bar-b" /> {nameB} · {t('attribution.pair.chartCaption')}
      </figcaption>
    </figure>
  );
}
