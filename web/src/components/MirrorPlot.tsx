/** A mirror plot: the query's peaks up, the library spectrum's down, peaks present in both highlighted. Plain SVG. */
import { useTranslation } from 'react-i18next';

type Peak = readonly [number, number];

interface Props {
  query: readonly Peak[];
  library: readonly Peak[];
  queryLabel: string;
  libraryLabel: string;
  /** Hybrid hits: library peaks shifted by this much still count as matched. */
  massShift?: number;
}

const W = 640;
const H = 320;
const PAD = 30;

function normalised(peaks: readonly Peak[]): Peak[] {
  const base = Math.max(1, ...peaks.map(([, i]) => i));
  return peaks.map(([m, i]) => [m, i / base] as Peak);
}

export function MirrorPlot({ query, library, queryLabel, libraryLabel, massShift = 0 }: Props) {
  const { t } = useTranslation();
  const q = normalised(query);
  const l = normalised(library);
  const all = [...q, ...l].map(([m]) => m);
  const lo = Math.floor(Math.min(...all, 0) / 10) * 10;
  const hi = Math.ceil(Math.max(...all, 100) / 10) * 10 + 10;
  const x = (m: number) => PAD + ((m - lo) / (hi - lo)) * (W - 2 * PAD);
  const mid = H / 2;
  const half = mid - PAD;
  const qSet = new Set(q.map(([m]) => Math.round(m)));
  const lSet = new Set(l.map(([m]) => Math.round(m)));
  const matchedQ = (m: number) => lSet.has(Math.round(m)) || lSet.has(Math.round(m) - massShift);
  const matchedL = (m: number) => qSet.has(Math.round(m)) || qSet.has(Math.round(m) + massShift);
  const ticks = Array.from({ length: 6 }, (_, k) => Math.round(lo + ((hi - lo) * k) / 5));
  return (
    <figure className="mirror-plot" data-testid="mirror-plot">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('spectra.mirror.aria', { query: queryLabel, library: libraryLabel })}>
        <line x1={PAD} x2={W - PAD} y1={mid} y2={mid} stroke="currentColor" strokeWidth={1} />
        {q.map(([m, i]) => (
          <line key={`q${m}`} x1={x(m)} x2={x(m)} y1={mid} y2={mid - i * half} stroke={matchedQ(m) ? '#c0392b' : '#7f8c8d'} strokeWidth={matchedQ(m) ? 2 : 1} />
        ))}
        {l.map(([m, i]) => (
          <line key={`l${m}`} x1={x(m)} x2={x(m)} y1={mid} y2={mid + i * half} stroke={matchedL(m) ? '#2c6fbb' : '#95a5a6'} strokeWidth={matchedL(m) ? 2 : 1} />
        ))}
        {ticks.map((m) => (
          <text key={m} x={x(m)} y={H - 6} fontSize={10} textAnchor="middle">
            {m}
          </text>
        ))}
        <text x={PAD} y={14} fontSize={11}>
          ▲ {queryLabel}
        </text>
        <text x={PAD} y={H - 18} fontSize={11}>
          ▼ {libraryLabel}
        </text>
      </svg>
      <figcaption className="muted">{t('spectra.mirror.caption')}</figcaption>
    </figure>
  );
}
