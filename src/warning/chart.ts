/**
 * A small weekly-count chart as SVG geometry: one bar per week, the baseline (λ0) as a line, and each
 * alarm week marked. Shared by the web page (React renders the geometry) and the briefing (as an SVG
 * string). Pure: its one import is the HTML escaper, so the web bundle can take it.
 */
import { escapeHtml } from '../reports/html.js';

export interface ChartGeometry {
  width: number;
  height: number;
  /** Top of the bar area and its height; the y axis runs from 0 to `max`. */
  top: number;
  plot: number;
  max: number;
  bars: { x: number; y: number; w: number; h: number; week: string; count: number; alarm: boolean }[];
  /** "x,y x,y …" of the baseline where it is defined. */
  baseline: string;
  markers: { x: number; y: number; week: string; count: number }[];
  /** Labels under the axis: the first, middle and last week. */
  ticks: { x: number; label: string }[];
}

export function chartGeometry(input: { weeks: readonly string[]; counts: readonly number[]; baseline?: readonly (number | null)[]; alarms: readonly number[] }, size = { width: 320, height: 90 }): ChartGeometry {
  const { weeks, counts } = input;
  const { width, height } = size;
  const top = 10;
  const bottom = 14;
  const plot = height - top - bottom;
  const max = Math.max(1, ...counts, ...(input.baseline ?? []).map((b) => b ?? 0));
  const n = Math.max(1, counts.length);
  const step = width / n;
  const alarmSet = new Set(input.alarms);
  const bars = counts.map((c, i) => {
    const h = (c / max) * plot;
    return { x: i * step + step * 0.1, y: top + plot - h, w: Math.max(0.5, step * 0.8), h, week: weeks[i] ?? '', count: c, alarm: alarmSet.has(i) };
  });
  const baseline = (input.baseline ?? [])
    .map((b, i) => (b === null ? null : `${(i * step + step / 2).toFixed(1)},${(top + plot - (b / max) * plot).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  const markers = input.alarms.map((i) => ({ x: i * step + step / 2, y: Math.max(4, top + plot - ((counts[i] ?? 0) / max) * plot - 5), week: weeks[i] ?? '', count: counts[i] ?? 0 }));
  const ticks = weeks.length ? [0, Math.floor((weeks.length - 1) / 2), weeks.length - 1].filter((v, i, a) => a.indexOf(v) === i).map((i) => ({ x: i * step + step / 2, label: weeks[i] })) : [];
  return { width, height, top, plot, max, bars, baseline, markers, ticks };
}

const esc = escapeHtml;

/** The chart as a standalone SVG element (for HTML reports). */
export function chartSvg(g: ChartGeometry, title: string): string {
  const parts: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="img" aria-label="${esc(title)}">`, `<title>${esc(title)}</title>`];
  parts.push(`<line x1="0" y1="${g.top + g.plot}" x2="${g.width}" y2="${g.top + g.plot}" stroke="#999" stroke-width="0.5"/>`);
  for (const b of g.bars) if (b.count > 0) parts.push(`<rect x="${b.x.toFixed(1)}" y="${b.y.toFixed(1)}" width="${b.w.toFixed(1)}" height="${b.h.toFixed(1)}" fill="${b.alarm ? '#c62828' : '#607d8b'}"><title>${esc(`${b.week}: ${b.count}`)}</title></rect>`);
  if (g.baseline) parts.push(`<polyline points="${g.baseline}" fill="none" stroke="#1565c0" stroke-width="1" stroke-dasharray="3 2"/>`);
  for (const m of g.markers) parts.push(`<polygon points="${(m.x - 4).toFixed(1)},${(m.y - 6).toFixed(1)} ${(m.x + 4).toFixed(1)},${(m.y - 6).toFixed(1)} ${m.x.toFixed(1)},${m.y.toFixed(1)}" fill="#c62828"><title>${esc(`${m.week}: ${m.count}`)}</title></polygon>`);
  parts.push(`<text x="2" y="8" font-size="8" fill="#555">${g.max}</text>`);
  for (const t of g.ticks) parts.push(`<text x="${Math.min(Math.max(t.x, 22), g.width - 22).toFixed(1)}" y="${g.height - 2}" font-size="8" text-anchor="middle" fill="#555">${esc(t.label)}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
