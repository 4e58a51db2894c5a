/**
 * Trends (issue 13): weekly counts of incidents per substance, class, region and incident kind, and a
 * Poisson CUSUM spike detector tuned to a stated false-alarm rate. Pure: sightings in, series and
 * alarms out. The maths is in docs/warning.md ("Trends and spikes"); in short:
 *
 * - x_t: the number of distinct incidents in week t (ISO weeks, Monday to Sunday, UTC) of a series.
 * - In-control rate λ0(t): the mean of the previous `baselineWeeks` weeks (at least `minHistory` of
 *   them, or no alarm is possible yet), floored at `floor` (a series seen for the first time is the
 *   first-detection alert's business, not a spike).
 * - Shift to detect: λ1 = max(2·λ0, λ0 + 1). Reference value k = (λ1 − λ0) / ln(λ1 / λ0).
 * - CUSUM on the lattice of 1/m: S_t = max(0, S_{t−1} + m·x_t − round(m·k)), alarm when S_t ≥ H,
 *   then S_t = 0.
 * - H is the smallest lattice threshold whose in-control average run length (Brook & Evans' Markov
 *   chain on the same lattice, exact for a known λ0) is at least `targetArl0` weeks.
 */

export type Dimension = 'substance' | 'class' | 'region' | 'kind';
export const DIMENSIONS: readonly Dimension[] = ['substance', 'class', 'region', 'kind'];

/** What the trends read of a sighting (src/warning/alerts.ts `Sighting` has all of it). */
export interface TrendSighting {
  incidentUid: string;
  occurredOn: string;
  country: string;
  region?: string;
  kind?: string;
  inchikey: string;
  smiles: string;
  sampleLabel?: string;
}

export interface DetectorSettings {
  /** Design in-control average run length, in weeks, for a known λ0. */
  targetArl0: number;
  /** Trailing weeks whose mean is λ0. */
  baselineWeeks: number;
  /** Weeks of history needed before a week can alarm. */
  minHistory: number;
  /** Least λ0 (incidents a week). */
  floor: number;
}

/**
 * The stated false-alarm rate is one false alarm per 5 years (260 weeks) of weekly data per series.
 * λ0 is estimated from the trailing year, which raises the false-alarm rate above the known-λ0 design;
 * the design ARL0 of 520 weeks brings the rate measured on simulated stationary Poisson series
 * (src/warning/trends.test.ts) back under one per 260 weeks.
 */
export const STATED_WEEKS_PER_FALSE_ALARM = 260;
export const DEFAULT_SETTINGS: DetectorSettings = { targetArl0: 520, baselineWeeks: 52, minHistory: 8, floor: 0.1 };

// ---- ISO weeks ---------------------------------------------------------------------------------

const DAY = 86_400_000;
const toDay = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY);
const fromDay = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** The Monday (YYYY-MM-DD) of the ISO week that holds `date`. */
export function weekOf(date: string): string {
  const d = toDay(date);
  // 1970-01-01 was a Thursday: day 0 → weekday 3 (Monday = 0).
  const weekday = (((d + 3) % 7) + 7) % 7;
  return fromDay(d - weekday);
}

/** The Mondays from the week of `from` to the week of `to`, inclusive. */
export function weeksBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = toDay(weekOf(to));
  for (let d = toDay(weekOf(from)); d <= end; d += 7) out.push(fromDay(d));
  return out;
}

export const weekEnd = (monday: string): string => fromDay(toDay(monday) + 6);

// ---- The Poisson CUSUM design ------------------------------------------------------------------

export interface CusumDesign {
  lambda0: number;
  lambda1: number;
  /** Reference value k, and the lattice: m units per count, K = round(m·k), alarm at S ≥ H. */
  k: number;
  m: number;
  K: number;
  H: number;
  /** The decision interval in counts (H / m). */
  h: number;
  /** In-control average run length of this design (weeks), from the Markov chain. */
  arl0: number;
}

/** Lattice units per count: fine for small rates, coarser for large ones (the chain has H states). */
const unitsFor = (lambda0: number) => (lambda0 < 4 ? 10 : lambda0 < 25 ? 4 : 2);

function poissonPmf(lambda: number, upTo: number): number[] {
  const p: number[] = [Math.exp(-lambda)];
  for (let x = 1; x <= upTo; x++) p.push((p[x - 1] * lambda) / x);
  return p;
}

/**
 * Average run length from S = 0 of the lattice CUSUM with threshold H when counts are Poisson(λ):
 * L = (I − Q)⁻¹·1 over the transient states 0..H−1 (Brook & Evans 1972).
 */
export function averageRunLength(lambda: number, m: number, K: number, H: number): number {
  const maxX = Math.ceil((H + K) / m) + 1;
  const pmf = poissonPmf(lambda, maxX);
  // A = I − Q (row i: from state i), dense; b = 1.
  const A: Float64Array[] = [];
  for (let i = 0; i < H; i++) {
    const row = new Float64Array(H);
    row[i] = 1;
    for (let x = 0; x <= maxX; x++) {
      const j = Math.max(0, i + m * x - K);
      if (j >= H) break;
      row[j] -= pmf[x];
    }
    A.push(row);
  }
  const b = new Float64Array(H).fill(1);
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < H; c++) {
    let p = c;
    for (let r = c + 1; r < H; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    if (p !== c) {
      [A[p], A[c]] = [A[c], A[p]];
      [b[p], b[c]] = [b[c], b[p]];
    }
    const pivot = A[c][c];
    for (let r = c + 1; r < H; r++) {
      const f = A[r][c] / pivot;
      if (f === 0) continue;
      const rowR = A[r];
      const rowC = A[c];
      for (let k = c; k < H; k++) rowR[k] -= f * rowC[k];
      b[r] -= f * b[c];
    }
  }
  const L = new Float64Array(H);
  for (let r = H - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < H; k++) s -= A[r][k] * L[k];
    L[r] = s / A[r][r];
  }
  return L[0];
}

/** λ0 rounded to two significant digits, so that designs can be cached. */
export function quantise(lambda: number): number {
  const e = Math.floor(Math.log10(lambda));
  const scale = 10 ** (e - 1);
  return Math.round(lambda / scale) * scale;
}

const designs = new Map<string, CusumDesign>();

/** The CUSUM for in-control rate λ0 whose ARL0 is at least `targetArl0` weeks (the smallest such H). */
export function designFor(lambda0In: number, targetArl0: number): CusumDesign {
  const lambda0 = quantise(lambda0In);
  const key = `${lambda0}|${targetArl0}`;
  const cached = designs.get(key);
  if (cached) return cached;
  const lambda1 = Math.max(2 * lambda0, lambda0 + 1);
  const k = (lambda1 - lambda0) / Math.log(lambda1 / lambda0);
  const m = unitsFor(lambda0);
  const K = Math.round(m * k);
  const arl = (H: number) => averageRunLength(lambda0, m, K, H);
  let lo = 1;
  let hi = Math.max(2, m);
  while (arl(hi) < targetArl0) {
    lo = hi;
    hi *= 2;
    if (hi > 4096) throw new Error(`no CUSUM threshold reaches ARL0 ${targetArl0} at λ0 ${lambda0}`);
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (arl(mid) >= targetArl0) hi = mid;
    else lo = mid;
  }
  if (arl(lo) >= targetArl0) hi = lo;
  const design: CusumDesign = { lambda0, lambda1, k, m, K, H: hi, h: hi / m, arl0: arl(hi) };
  designs.set(key, design);
  return design;
}

// ---- Running the detector on one series --------------------------------------------------------

export interface WeekState {
  /** λ0 used this week (null: not enough history yet). */
  baseline: number | null;
  /** The CUSUM after this week, in counts (S / m), and the decision interval h. */
  cusum: number;
  h: number | null;
  alarm: boolean;
}

/** Runs the CUSUM over weekly counts; states[t] tells week t's baseline, statistic and alarm. */
export function detectSpikes(counts: readonly number[], settings: DetectorSettings = DEFAULT_SETTINGS): WeekState[] {
  const out: WeekState[] = [];
  // S is kept in counts; each week it is mapped to the week's lattice (m may change with λ0).
  let S = 0;
  let windowSum = 0;
  for (let t = 0; t < counts.length; t++) {
    const n = Math.min(t, settings.baselineWeeks);
    if (t > settings.baselineWeeks) windowSum -= counts[t - settings.baselineWeeks - 1];
    if (t > 0) windowSum += counts[t - 1];
    if (n < settings.minHistory) {
      out.push({ baseline: null, cusum: 0, h: null, alarm: false });
      continue;
    }
    const lambda0 = Math.max(settings.floor, windowSum / n);
    const d = designFor(lambda0, settings.targetArl0);
    const units = Math.max(0, Math.round(S * d.m) + d.m * counts[t] - d.K);
    const alarm = units >= d.H;
    S = alarm ? 0 : units / d.m;
    out.push({ baseline: d.lambda0, cusum: units / d.m, h: d.h, alarm });
  }
  return out;
}

// ---- Series from sightings ----------------------------------------------------------------------

export interface SeriesKey {
  key: string;
  dimension: Dimension;
  label: string;
}

export interface Series extends SeriesKey {
  /** Incidents per week, aligned with `weeks`. */
  counts: number[];
  total: number;
  states: WeekState[];
  /** Indices (into `weeks`) of the alarm weeks. */
  alarms: number[];
  /** The incidents of each alarm week (uids), aligned with `alarms`. */
  alarmIncidents: string[][];
}

export interface TrendReport {
  weeks: string[];
  settings: DetectorSettings;
  series: Series[];
}

/** What class rules a substance structurally belongs to (rule id and title), by InChIKey. */
export type ClassesOf = (s: TrendSighting) => { id: string; title: string }[];

export function regionOf(s: Pick<TrendSighting, 'country' | 'region'>): string {
  return s.region ? `${s.country} · ${s.region}` : s.country;
}

/** The series a sighting counts in. */
function keysOf(s: TrendSighting, classesOf: ClassesOf): SeriesKey[] {
  const keys: SeriesKey[] = [{ key: `substance:${s.inchikey}`, dimension: 'substance', label: s.smiles }];
  for (const c of classesOf(s)) keys.push({ key: `class:${c.id}`, dimension: 'class', label: `${c.id} — ${c.title}` });
  const region = regionOf(s);
  keys.push({ key: `region:${region}`, dimension: 'region', label: region });
  if (s.kind) keys.push({ key: `kind:${s.kind}`, dimension: 'kind', label: s.kind });
  return keys;
}

/**
 * Weekly series over the weeks from `from` to `to` (default: the first and last sighting), with the
 * detector run over all of them. Sightings outside the weeks are ignored.
 */
export function buildTrends(sightings: readonly TrendSighting[], classesOf: ClassesOf, options: { from?: string; to?: string; settings?: DetectorSettings } = {}): TrendReport {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const dates = sightings.map((s) => s.occurredOn).sort();
  const from = options.from ?? dates[0];
  const to = options.to ?? dates[dates.length - 1];
  if (!from || !to || from > to) return { weeks: [], settings, series: [] };
  const weeks = weeksBetween(from, to);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const found = new Map<string, { key: SeriesKey; incidents: Set<string>[] }>();
  for (const s of sightings) {
    const i = index.get(weekOf(s.occurredOn));
    if (i === undefined) continue;
    for (const key of keysOf(s, classesOf)) {
      let entry = found.get(key.key);
      if (!entry) found.set(key.key, (entry = { key, incidents: weeks.map(() => new Set<string>()) }));
      entry.incidents[i].add(s.incidentUid);
    }
  }
  const series: Series[] = [];
  for (const { key, incidents } of found.values()) {
    const counts = incidents.map((set) => set.size);
    const states = detectSpikes(counts, settings);
    const alarms = states.flatMap((st, i) => (st.alarm ? [i] : []));
    series.push({ ...key, counts, total: counts.reduce((a, b) => a + b, 0), states, alarms, alarmIncidents: alarms.map((i) => [...incidents[i]].sort()) });
  }
  series.sort((a, b) => DIMENSIONS.indexOf(a.dimension) - DIMENSIONS.indexOf(b.dimension) || b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { weeks, settings, series };
}

// ---- Spike alerts ---------------------------------------------------------------------------------

export interface SpikeAlert {
  kind: 'spike';
  series: SeriesKey;
  /** The alarm week: its Monday and Sunday. */
  week: string;
  weekEnd: string;
  count: number;
  /** λ0, the CUSUM after the week and the decision interval (counts). */
  baseline: number;
  cusum: number;
  h: number;
  incidents: string[];
  message: string;
}

export function spikeAlerts(report: TrendReport): SpikeAlert[] {
  const out: SpikeAlert[] = [];
  for (const s of report.series)
    s.alarms.forEach((i, n) => {
      const st = s.states[i];
      const week = report.weeks[i];
      out.push({
        kind: 'spike',
        series: { key: s.key, dimension: s.dimension, label: s.label },
        week,
        weekEnd: weekEnd(week),
        count: s.counts[i],
        baseline: st.baseline ?? 0,
        cusum: st.cusum,
        h: st.h ?? 0,
        incidents: s.alarmIncidents[n],
        message: `Spike in ${s.dimension} ${s.label}: ${s.counts[i]} incident(s) in the week of ${week} against a baseline of ${(st.baseline ?? 0).toFixed(2)} a week (CUSUM ${st.cusum.toFixed(1)} ≥ h ${(st.h ?? 0).toFixed(1)}).`,
      });
    });
  return out.sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : a.series.key < b.series.key ? -1 : 1));
}
