/**
 * The link graph: samples linked below the calibrated threshold, laid out by a small deterministic
 * force layout (Fruchterman–Reingold), coloured by cluster; then the clusters (candidate common
 * sources) with their incidents. Samples with no link are counted, not drawn.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.js';
import type { ClusteredGraph } from './AttributionApi.js';
import { formatDistance, formatLr } from './attribution-scale.js';

const W = 720;
const H = 440;
const PALETTE = ['#1f4e79', '#b54708', '#067647', '#b42318', '#6941c6', '#0e7090', '#c11574', '#4e5ba6', '#7a5af8', '#3b7c0f'];
const MAX_DRAWN = 400;

interface Placed {
  sample: string;
  cluster: number;
  x: number;
  y: number;
}

/** Positions for the nodes, the same for the same graph (start on a circle, fixed iterations). */
export function forceLayout(samples: readonly string[], edges: readonly { a: string; b: string }[], width = W, height = H, iterations = 250, margin = 20): Map<string, { x: number; y: number }> {
  const n = samples.length;
  const index = new Map(samples.map((s, i) => [s, i]));
  const pos = samples.map((_, i) => ({ x: width / 2 + (width / 3) * Math.cos((2 * Math.PI * i) / Math.max(1, n)), y: height / 2 + (height / 3) * Math.sin((2 * Math.PI * i) / Math.max(1, n)) }));
  const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.6;
  const links = edges.flatMap((e) => {
    const a = index.get(e.a);
    const b = index.get(e.b);
    return a === undefined || b === undefined ? [] : [[a, b] as const];
  });
  let temperature = width / 8;
  for (let it = 0; it < iterations; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i].x - pos[j].x || 0.01;
        const dy = pos[i].y - pos[j].y || 0.01;
        const d2 = dx * dx + dy * dy;
        const f = (k * k) / d2;
        disp[i].x += dx * f;
        disp[i].y += dy * f;
        disp[j].x -= dx * f;
        disp[j].y -= dy * f;
      }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = d / k;
      disp[a].x -= dx * f;
      disp[a].y -= dy * f;
      disp[b].x += dx * f;
      disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps separate clusters on the canvas.
      disp[i].x += (width / 2 - pos[i].x) * 0.05;
      disp[i].y += (height / 2 - pos[i].y) * 0.05;
      const len = Math.sqrt(disp[i].x ** 2 + disp[i].y ** 2) || 1;
      const step = Math.min(len, temperature);
      pos[i].x = Math.min(width - margin, Math.max(margin, pos[i].x + (disp[i].x / len) * step));
      pos[i].y = Math.min(height - margin, Math.max(margin, pos[i].y + (disp[i].y / len) * step));
    }
    temperature = Math.max(1, temperature * 0.97);
  }
  return new Map(samples.map((s, i) => [s, pos[i]]));
}

/**
 * Each cluster laid out on its own square (bigger for more samples), the squares packed in rows
 * across the width, largest first: separate clusters never push each other to the edges.
 */
export function packedLayout(
  nodes: readonly { sample: string; cluster: number }[],
  edges: readonly { a: string; b: string }[],
  width = W,
): { positions: Map<string, { x: number; y: number }>; height: number } {
  const groups = new Map<number, string[]>();
  for (const n of nodes) groups.set(n.cluster, [...(groups.get(n.cluster) ?? []), n.sample]);
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const positions = new Map<string, { x: number; y: number }>();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const members of ordered) {
    const side = Math.min(width, Math.round(Math.max(140, 80 * Math.sqrt(members.length))));
    if (x + side > width && x > 0) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const inside = new Set(members);
    const local = forceLayout(members, edges.filter((e) => inside.has(e.a) && inside.has(e.b)), side, side, 200, 22);
    for (const [sample, p] of local) positions.set(sample, { x: x + p.x, y: y + p.y });
    x += side;
    rowHeight = Math.max(rowHeight, side);
  }
  return { positions, height: Math.max(120, y + rowHeight) };
}

export function AttributionGraph({ graph, onSelect }: { graph: ClusteredGraph; onSelect?: (sample: string) => void }) {
  const { t } = useTranslation();
  const linkedSamples = useMemo(() => new Set(graph.edges.flatMap((e) => [e.a, e.b])), [graph]);
  const drawn = useMemo(() => graph.nodes.filter((n) => linkedSamples.has(n.sample)).slice(0, MAX_DRAWN), [graph, linkedSamples]);
  const { placed, height } = useMemo(() => {
    const layout = packedLayout(drawn, graph.edges);
    return { placed: drawn.map((n): Placed => ({ sample: n.sample, cluster: n.cluster, ...layout.positions.get(n.sample)! })), height: layout.height };
  }, [drawn, graph]);
  const at = new Map(placed.map((p) => [p.sample, p]));
  const colourOf = new Map(graph.clusters.map((c, i) => [c.id, PALETTE[i % PALETTE.length]]));
  const singletons = graph.nodes.length - linkedSamples.size;
  return (
    <div className="attribution-graph" data-testid="attribution-graph">
      {placed.length === 0 ? (
        <p className="muted">{t('attribution.graph.noLinks')}</p>
      ) : (
        <figure className="attribution-chart attribution-chart-wide">
          <svg viewBox={`0 0 ${W} ${height}`} style={{ maxWidth: `${W * 1.25}px` }} role="img" aria-label={t('attribution.graph.aria', { nodes: placed.length, edges: graph.edges.length, clusters: graph.clusters.length })}>
            <rect x={0} y={0} width={W} height={height} className="chart-frame" />
            {graph.edges.map((e) => {
              const a = at.get(e.a);
              const b = at.get(e.b);
              if (!a || !b) return null;
              return (
                <line key={`${e.a}|${e.b}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="graph-edge" strokeWidth={Math.min(4, Math.max(0.75, e.log10Lr / 2))}>
                  <title>{t('attribution.graph.edge', { a: e.a, b: e.b, distance: formatDistance(e.distance), lr: formatLr(e.log10Lr) })}</title>
                </line>
              );
            })}
            {placed.map((p) => (
              <g key={p.sample} className="graph-node" onClick={() => onSelect?.(p.sample)}>
                <circle cx={p.x} cy={p.y} r={6} fill={colourOf.get(p.cluster) ?? '#667085'}>
                  <title>{p.sample}</title>
                </circle>
                {placed.length <= 80 && (
                  <text x={p.x + 8} y={p.y + 3} className="graph-label">
                    {p.sample}
                  </text>
                )}
              </g>
            ))}
          </svg>
          <figcaption className="muted">{t('attribution.graph.caption', { count: singletons })}</figcaption>
        </figure>
      )}
      <h3>{t('attribution.graph.clusters', { count: graph.clusters.length })}</h3>
      {graph.clusters.length > 0 && (
        <div className="table-wrap attribution-scroll">
          <table data-testid="attribution-clusters">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('attribution.graph.samples')}</th>
                <th>{t('attribution.graph.incidents')}</th>
              </tr>
            </thead>
            <tbody>
              {graph.clusters.map((c) => (
                <tr key={c.id}>
                  <td>
                    <span className="legend-swatch" style={{ background: colourOf.get(c.id) }} /> {c.id}
                  </td>
                  <td>
                    {c.samples.length}: {c.samples.join(', ')}
                  </td>
                  <td>
                    {c.incidents.length
                      ? c.incidents.map((uid, i) => {
                          const d = c.incidentDetails?.find((x) => x.uid === uid);
                          const route = d?.route ? [d.route.origin, ...(d.route.transitPoints ?? []), d.route.destination].filter(Boolean).join(' → ') : '';
                          return (
                            <span key={uid}>
                              {i > 0 && '; '}
                              <Link href={`/exchange/${encodeURIComponent(uid)}`}>{d ? `${d.occurredOn} · ${d.place.country}${d.place.region ? ` (${d.place.region})` : ''}` : uid}</Link>
                              {route && <span className="muted"> · {route}</span>}
                            </span>
                          );
                        })
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="note">{t('attribution.graph.intelligence')}</p>
    </div>
  );
}
