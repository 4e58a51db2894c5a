/**
 * The bilateral briefing (issue 13): for a period and a pair of jurisdictions, as one agency sees it,
 * (1) the new substances (first detections in the period) and their coverage on each side, (2) the gap
 * list between the two jurisdictions at the period's end, (3) incident trends with charts and the spike
 * weeks, (4) the open cases shared between the two. Bilingual EN/中文. Pure: the data is gathered by
 * `WarningService.briefing` from the agency's own view (visible incidents, redacted as everywhere);
 * this file only selects and renders. The PDF is ./pdf.ts.
 */
import type { Jurisdiction } from '../law/verdict.js';
import type { FirstDetectionAlert, JurisdictionCoverage } from './alerts.js';
import { chartGeometry, chartSvg } from './chart.js';
import { describeSide, outcomeLabel, type ComparisonRow, type Counts } from './compare.js';
import type { SharedCase } from './store.js';
import type { Dimension, SpikeAlert } from './trends.js';
import { escapeHtml } from '../reports/html.js';

export interface BriefingSeries {
  key: string;
  dimension: Dimension;
  label: string;
  counts: number[];
  baseline: (number | null)[];
  alarms: number[];
  total: number;
}

export interface Briefing {
  a: Jurisdiction;
  b: Jurisdiction;
  from: string;
  to: string;
  generatedAt: string;
  /** The agency whose view this is. */
  agency: string;
  dataVersion: string;
  newSubstances: { alert: FirstDetectionAlert; a?: JurisdictionCoverage; b?: JurisdictionCoverage }[];
  /** The gap list, with the comparison's totals and the totals per class rule or list that has a gap. */
  gaps: { asOf: string; totals: Counts; byGroup: Record<string, Counts>; rows: ComparisonRow[] };
  trends: { weeks: string[]; series: BriefingSeries[]; spikes: SpikeAlert[] };
  cases: SharedCase[];
}

/** Whether an incident touches a jurisdiction: its place or its route (origin, destination); UN: any. */
export function touches(c: Pick<SharedCase, 'country' | 'route'>, j: Jurisdiction): boolean {
  if (j === 'UN') return true;
  return c.country === j || c.route?.origin === j || c.route?.destination === j;
}

/** Cases shared between the two: incidents shared (or imported) that touch both jurisdictions. */
export function casesBetween(cases: readonly SharedCase[], a: Jurisdiction, b: Jurisdiction): SharedCase[] {
  return cases.filter((c) => touches(c, a) && touches(c, b));
}

/** The gap list: structures whose coverage differs between the two, or needs a reading on one side. */
export function gapRows(rows: readonly ComparisonRow[]): ComparisonRow[] {
  return rows.filter((r) => r.outcome === 'only-a' || r.outcome === 'only-b' || r.outcome === 'review');
}

// ---- HTML ---------------------------------------------------------------------------------------

const esc = escapeHtml;

/** A bilingual label: "English · 中文". */
const bi = (en: string, zh: string) => `${esc(en)} <span class="zh">${esc(zh)}</span>`;

const DIMENSION_ZH: Record<Dimension, string> = { substance: '物质', class: '类别', region: '地区', kind: '事件类型' };
const DIMENSION_EN: Record<Dimension, string> = { substance: 'Substances', class: 'Classes', region: 'Regions', kind: 'Incident kinds' };
const KIND_ZH: Record<string, string> = { seizure: '缴获', 'stopped-shipment': '拦截货运', 'diversion-attempt': '流失企图', other: '其他' };
const OUTCOME_ZH: Record<string, (a: string, b: string) => string> = {
  'only-a': (a) => `仅 ${a} 管制`,
  'only-b': (_a, b) => `仅 ${b} 管制`,
  review: () => '需人工审查',
  both: () => '双方均管制',
  neither: () => '双方均不管制',
  error: () => '错误',
};

function coverageCell(c: JurisdictionCoverage | undefined): string {
  if (!c) return '';
  if (c.covered) return `<span class="yes">${bi('covered', '管制')}</span><div class="small">${esc(c.by.join('; '))}</div>`;
  const near = c.nearMisses.length ? `<div class="small">${bi('near miss of', '接近于')} ${esc(c.nearMisses.map((n) => n.rule).join(', '))}</div>` : '';
  return `<span class="no">${bi('not covered', '不受管制')}</span>${c.needsReview ? ` <span class="review">${bi('needs review', '需审查')}</span>` : ''}${near}`;
}

const STYLE = `
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "DejaVu Sans", sans-serif; font-size: 10.5pt; color: #222; margin: 0; }
main { max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #bbb; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.zh { color: #444; } .muted, .small { color: #555; } .small { font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; } th, td { border: 1px solid #ccc; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } code { font-size: 8.5pt; word-break: break-all; }
.yes { color: #2f7d32; font-weight: bold; } .no { color: #c62828; font-weight: bold; } .review { color: #ef6c00; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; } figure { margin: 0; break-inside: avoid; } figcaption { font-size: 8.5pt; }
section { break-inside: auto; } tr { break-inside: avoid; }
@page { size: A4; margin: 12mm; }
`;

/** Series shown: the busiest per dimension, at most `perDimension`. */
function chartsOf(b: Briefing, perDimension = 4): string {
  const out: string[] = [];
  for (const d of ['kind', 'class', 'region', 'substance'] as Dimension[]) {
    const series = b.trends.series.filter((s) => s.dimension === d).slice(0, perDimension);
    if (!series.length) continue;
    out.push(`<h3>${bi(DIMENSION_EN[d], DIMENSION_ZH[d])}</h3><div class="charts">`);
    for (const s of series) {
      const label = d === 'kind' ? `${s.label} · ${KIND_ZH[s.label] ?? s.label}` : s.label;
      const svg = chartSvg(chartGeometry({ weeks: b.trends.weeks, counts: s.counts, baseline: s.baseline, alarms: s.alarms }), label);
      out.push(`<figure>${svg}<figcaption>${d === 'substance' ? `<code>${esc(label)}</code>` : esc(label)} — ${s.total} ${bi('incidents', '起事件')}, ${s.alarms.length} ${bi('spike weeks', '个激增周')}</figcaption></figure>`);
    }
    out.push('</div>');
  }
  return out.join('\n');
}

export function renderBriefingHtml(b: Briefing): string {
  const { a, b: jb } = b;
  const h: string[] = [];
  h.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Briefing ${esc(a)}–${esc(jb)} ${esc(b.from)} – ${esc(b.to)}</title><style>${STYLE}</style></head><body><main>`);
  h.push(`<h1>${bi(`Bilateral briefing ${a}–${jb}`, `${a}–${jb} 双边简报`)}</h1>`);
  h.push(
    `<p class="muted">${bi('Period', '期间')}: ${esc(b.from)} – ${esc(b.to)} · ${bi('as seen by', '视角')}: ${esc(b.agency)} · ${bi('generated', '生成于')} ${esc(b.generatedAt)}<br><span class="small">${bi('Only incidents this agency can see; fields withheld from it (personal data, coordinates, operational details, attachments) are never shown.', '仅包含本机构可查看的事件；对其保密的字段（个人数据、坐标、行动细节、附件）均不显示。')} ${esc(b.dataVersion)}</span></p>`,
  );

  // 1. New substances.
  h.push(`<section><h2>1. ${bi('New substances and their coverage', '新物质及其管制情况')}</h2>`);
  if (!b.newSubstances.length) h.push(`<p class="muted">${bi('No first detection in the period.', '本期间无首次发现。')}</p>`);
  else {
    h.push(`<table><thead><tr><th>${bi('First seen', '首次发现')}</th><th>${bi('Substance', '物质')}</th><th>${esc(a)}</th><th>${esc(jb)}</th></tr></thead><tbody>`);
    for (const n of b.newSubstances) {
      const s = n.alert.sighting;
      const flags = [n.alert.reasons.includes('unlisted') ? bi('in no list', '未列管') : '', n.alert.coverageGap ? `<span class="review">${bi('coverage gap', '管制缺口')}</span>` : ''].filter(Boolean).join(' · ');
      h.push(`<tr><td>${esc(s.occurredOn)}<div class="small">${esc(s.country)}${s.region ? ` · ${esc(s.region)}` : ''}</div></td><td><code>${esc(s.smiles)}</code><div class="small">${esc(s.sampleLabel)}${flags ? ` · ${flags}` : ''}</div></td><td>${coverageCell(n.a)}</td><td>${coverageCell(n.b)}</td></tr>`);
    }
    h.push('</tbody></table>');
  }
  h.push('</section>');

  // 2. Gap list.
  const t = b.gaps.totals;
  h.push(`<section><h2>2. ${bi(`Gap list ${a}–${jb} as of ${b.gaps.asOf}`, `${a}–${jb} 管制差异清单（截至 ${b.gaps.asOf}）`)}</h2>`);
  h.push(
    `<p>${bi('Registry substances and class-rule examples compared', '比较的列管物质和类别规则示例')}: ${t.total} · ${bi('both', '双方')} ${t.both} · ${bi(`only ${a}`, `仅 ${a}`)} ${t['only-a']} · ${bi(`only ${jb}`, `仅 ${jb}`)} ${t['only-b']} · ${bi('neither', '均不')} ${t.neither} · ${bi('needs review', '需审查')} ${t.review}</p>`,
  );
  const groups = Object.entries(b.gaps.byGroup).filter(([, c]) => c['only-a'] + c['only-b'] + c.review > 0);
  if (groups.length) {
    h.push(`<table><thead><tr><th>${bi('Class rule or list', '类别规则或名录')}</th><th>${bi(`only ${a}`, `仅 ${a}`)}</th><th>${bi(`only ${jb}`, `仅 ${jb}`)}</th><th>${bi('needs review', '需审查')}</th><th>${bi('both', '双方')}</th></tr></thead><tbody>`);
    for (const [g, c] of groups) h.push(`<tr><td>${esc(g)}</td><td>${c['only-a']}</td><td>${c['only-b']}</td><td>${c.review}</td><td>${c.both}</td></tr>`);
    h.push('</tbody></table>');
    h.push(`<p class="small">${bi('Every structure of the gap list, with both verdicts, is in the annex.', '差异清单中的每个结构及双方结论见附录。')}</p>`);
  }
  h.push('</section>');

  // 3. Trends.
  h.push(`<section><h2>3. ${bi('Incident trends', '事件趋势')}</h2>`);
  h.push(
    `<p class="small">${bi('Incidents a week; bars in red and ▼ mark the weeks the Poisson CUSUM raised a spike (at most one false alarm per 5 years of weekly data per series); the dashed line is the baseline.', '每周事件数；红色柱和 ▼ 标记泊松 CUSUM 判定的激增周（每个序列每 5 年周数据最多一次误报）；虚线为基线。')}</p>`,
  );
  if (!b.trends.series.length) h.push(`<p class="muted">${bi('No incidents with identified samples in the period.', '本期间无含已鉴定样品的事件。')}</p>`);
  else h.push(chartsOf(b));
  if (b.trends.spikes.length) {
    h.push(`<h3>${bi('Spike alerts', '激增预警')}</h3><ul class="small">`);
    for (const s of b.trends.spikes) h.push(`<li>${esc(s.week)} · ${esc(DIMENSION_EN[s.series.dimension])} / ${esc(DIMENSION_ZH[s.series.dimension])}: ${esc(s.series.label)} — ${s.count} ${bi('incidents, baseline', '起事件，基线')} ${esc(s.baseline.toFixed(2))}</li>`);
    h.push('</ul>');
  }
  h.push('</section>');

  // 4. Shared cases.
  h.push(`<section><h2>4. ${bi(`Open cases shared between ${a} and ${jb}`, `${a} 与 ${jb} 共享的未结案件`)}</h2>`);
  h.push(`<p class="small muted">${bi('Incidents in the period that are shared (with all, by name, or received in a signed package) and touch both jurisdictions by place or route. The exchange records no closing of a case: every such incident counts as open.', '本期间内已共享（对所有机构、指定机构或经签名数据包接收）且其地点或路线涉及双方法域的事件。交换模块不记录结案，因此均视为未结。')}</p>`);
  if (!b.cases.length) h.push(`<p class="muted">${bi('None.', '无。')}</p>`);
  else {
    h.push(`<table><thead><tr><th>${bi('Incident', '事件')}</th><th>${bi('Place and route', '地点与路线')}</th><th>${bi('Shared by', '共享方')}</th><th>${bi('Samples', '样品')} (${esc(a)} / ${esc(jb)})</th></tr></thead><tbody>`);
    for (const c of b.cases) {
      const route = c.route ? `${esc(c.route.origin ?? '?')} → ${c.route.transitPoints.map((p) => `${esc(p)} → `).join('')}${esc(c.route.destination ?? '?')}` : '';
      const samples = c.samples
        .map((s) => {
          const mark = (j: string) => (s.controlled[j] === undefined ? '–' : s.controlled[j] ? '✔' : '✘');
          return `<div><code>${esc(s.smiles ?? s.label)}</code> ${mark(a)} / ${mark(jb)}${s.needsReview ? ` <span class="review">${bi('review', '审查')}</span>` : ''}</div>`;
        })
        .join('');
      h.push(`<tr><td>${esc(c.occurredOn)} · ${esc(c.kind)} <span class="zh">${esc(KIND_ZH[c.kind] ?? '')}</span><div class="small"><code>${esc(c.uid)}</code></div></td><td>${esc(c.country)}${c.region ? ` · ${esc(c.region)}` : ''}<div class="small">${route}</div></td><td>${esc(c.agency)}<div class="small">${esc(c.sharing)}</div></td><td class="small">${samples}</td></tr>`);
    }
    h.push('</tbody></table>');
  }
  h.push('</section>');

  // Annex: the gap list, structure by structure.
  h.push(`<section><h2>${bi(`Annex: the gap list ${a}–${jb}, structure by structure`, `附录：${a}–${jb} 管制差异清单（逐个结构）`)}</h2>`);
  if (!b.gaps.rows.length) h.push(`<p class="muted">${bi('None.', '无。')}</p>`);
  else {
    h.push(`<table><thead><tr><th>${bi('Structure', '结构')}</th><th>${bi('Outcome', '结果')}</th><th>${bi('What makes the difference', '差异所在')}</th></tr></thead><tbody>`);
    for (const r of b.gaps.rows)
      h.push(`<tr><td>${esc(r.name ?? r.input)}<div><code>${esc(r.smiles ?? r.input)}</code></div></td><td>${esc(outcomeLabel(r.outcome, a, jb))}<div class="zh small">${esc(OUTCOME_ZH[r.outcome]?.(a, jb) ?? '')}</div></td><td class="small">${esc(describeSide(r.a))}<br>${esc(describeSide(r.b))}</td></tr>`);
    h.push('</tbody></table>');
  }
  h.push('</section></main></body></html>');
  return h.join('\n');
}
