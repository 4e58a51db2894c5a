/**
 * Calibration of linkage from known linked and unlinked pairs (Lociciro et al. 2008; Carby-Robinson et
 * al. 2021): for every pretreatment × metric, the distances of the linked and the unlinked pairs; the
 * combination with the largest ROC AUC is chosen; the threshold is set at a chosen false-positive rate
 * (default 0.5%) on the unlinked distances; TPR and FPR at that threshold are reported with percentile
 * bootstrap confidence intervals; and a score-based likelihood ratio (Bolck et al. 2009) is fitted as
 * the ratio of kernel density estimates of the two distance distributions.
 *
 * Rule: a pair is linked when its distance is strictly below the threshold. The threshold is the
 * ⌊α·n⌋-th smallest (0-based) unlinked distance, so the calibration set's FPR is at most α.
 *
 * The likelihood ratio: densities are estimated on z = ln(distance + δ) (δ = 10⁻³ × the median
 * unlinked distance, so identical profiles stay finite) with Gaussian kernels and Silverman's
 * bandwidth; each density is mixed with one pseudo-observation spread uniformly over the grid, which
 * bounds the LR where a class has no data; log LR is made non-increasing in distance by isotonic
 * regression (pool-adjacent-violators), so a closer pair never has a smaller LR than a farther one.
 *
 * Pairs that share a sample or a source are not independent, so the bootstrap resamples sources (or samples), not pairs
 * (`bootstrapRates`). The intervals are for the rates at the chosen threshold; they do not include
 * the uncertainty of choosing the combination and the threshold on the same pairs.
 */
import { applyPretreatment, distance, fitPretreatment, METRICS, PRETREATMENTS, type FittedPretreatment, type MetricId, type PretreatmentId } from './linkage.js';
import { seededRng } from './rng.js';

export interface KnownPair {
  a: number;
  b: number;
  linked: boolean;
}

export interface Estimate {
  value: number;
  /** 95% percentile bootstrap interval. */
  ci: [number, number];
}

export interface ScoreLrModel {
  delta: number;
  /** z = ln(distance + delta) at the grid points, increasing. */
  z: number[];
  /** log10 LR at the grid points, non-increasing. */
  log10Lr: number[];
}

export interface CandidateScore {
  pretreatment: PretreatmentId;
  metric: MetricId;
  auc: number;
}

export interface LinkageModel {
  variables: { key: string; label: string; ri?: { centre: number; from: number; to: number }; aliases?: string[] }[];
  pretreatment: FittedPretreatment;
  metric: MetricId;
  threshold: number;
  lr: ScoreLrModel;
}

export interface CalibrationResult {
  model: LinkageModel;
  chosen: CandidateScore;
  candidates: CandidateScore[];
  linkedPairs: number;
  unlinkedPairs: number;
  targetFpr: number;
  tpr: Estimate;
  fpr: Estimate;
  /** ROC of the chosen combination, at most ~200 points from (0,0) to (1,1). */
  roc: { fpr: number; tpr: number }[];
  histogram: { edges: number[]; linked: number[]; unlinked: number[] };
  /** Log-likelihood-ratio cost of the LR on the calibration pairs (0 perfect, 1 uninformative). */
  cllr: number;
  bootstrap: { replicates: number; seed: number };
  warnings: string[];
}

export interface CalibrationOptions {
  targetFpr?: number;
  pretreatments?: readonly PretreatmentId[];
  metrics?: readonly MetricId[];
  bootstrap?: number;
  seed?: number;
  /** Row index → cluster (e.g. its known source) the bootstrap resamples; default: the samples. */
  clusters?: readonly number[];
}

/** P(linked distance < unlinked distance) + ½ P(tie): the area under the ROC curve. */
export function rocAuc(linked: readonly number[], unlinked: readonly number[]): number {
  if (!linked.length || !unlinked.length) return NaN;
  const all = [...linked.map((d) => ({ d, l: true })), ...unlinked.map((d) => ({ d, l: false }))].sort((x, y) => x.d - y.d);
  // Mann–Whitney: for each linked distance, unlinked distances above it (ties count half).
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].d === all[i].d) j++;
    const mid = (i + j + 1) / 2; // average 1-based rank
    for (let k = i; k < j; k++) if (all[k].l) rankSum += mid;
    i = j;
  }
  const nL = linked.length;
  const nU = unlinked.length;
  const u = rankSum - (nL * (nL + 1)) / 2; // linked ranked above (larger than) unlinked
  return 1 - u / (nL * nU);
}

export function rocCurve(linked: readonly number[], unlinked: readonly number[], maxPoints = 200): { fpr: number; tpr: number }[] {
  const all = [...linked.map((d) => ({ d, l: true })), ...unlinked.map((d) => ({ d, l: false }))].sort((x, y) => x.d - y.d);
  const pts = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].d === all[i].d) {
      if (all[j].l) tp++;
      else fp++;
      j++;
    }
    pts.push({ fpr: fp / unlinked.length, tpr: tp / linked.length });
    i = j;
  }
  if (pts.length <= maxPoints) return pts;
  // Keep the corners of the curve: sample by arc length.
  const out = [pts[0]];
  const step = 2 / maxPoints;
  let last = pts[0];
  for (const p of pts.slice(1, -1))
    if (Math.abs(p.fpr - last.fpr) + Math.abs(p.tpr - last.tpr) >= step) {
      out.push(p);
      last = p;
    }
  out.push(pts[pts.length - 1]);
  return out;
}

/** The threshold at FPR α: the ⌊α·n⌋-th smallest unlinked distance; "linked" is distance < threshold. */
export function thresholdAtFpr(unlinked: readonly number[], alpha: number): number {
  const s = [...unlinked].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(alpha * s.length))];
}

export function rateBelow(ds: readonly number[], threshold: number): number {
  let c = 0;
  for (const d of ds) if (d < threshold) c++;
  return ds.length ? c / ds.length : NaN;
}

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * TPR and FPR at a fixed threshold, with percentile bootstrap intervals over clusters: each replicate
 * draws the clusters (the known sources when calibrating from sources, else the samples) with
 * replacement; a pair within one cluster counts with its multiplicity, a pair across two with the
 * product, so pairs that share a sample or a source vary together as they do in reality.
 */
export function bootstrapRates(
  pairs: readonly KnownPair[],
  distances: readonly number[],
  threshold: number,
  replicates: number,
  seed: number,
  clusterOf?: readonly number[],
): { tpr: Estimate; fpr: Estimate } {
  const rng = seededRng(seed);
  const cl = (i: number) => (clusterOf ? clusterOf[i] : i);
  const samples = [...new Set(pairs.flatMap((p) => [cl(p.a), cl(p.b)]))];
  const slot = new Map(samples.map((s, i) => [s, i]));
  const pa = pairs.map((p) => slot.get(cl(p.a))!);
  const pb = pairs.map((p) => slot.get(cl(p.b))!);
  const below = distances.map((d) => d < threshold);
  const tprs: number[] = [];
  const fprs: number[] = [];
  const count = new Float64Array(samples.length);
  for (let r = 0; r < replicates; r++) {
    count.fill(0);
    for (let i = 0; i < samples.length; i++) count[rng.int(samples.length)]++;
    let lw = 0;
    let lb = 0;
    let uw = 0;
    let ub = 0;
    for (let k = 0; k < pairs.length; k++) {
      const w = pa[k] === pb[k] ? count[pa[k]] : count[pa[k]] * count[pb[k]];
      if (!w) continue;
      if (pairs[k].linked) {
        lw += w;
        if (below[k]) lb += w;
      } else {
        uw += w;
        if (below[k]) ub += w;
      }
    }
    if (lw > 0) tprs.push(lb / lw);
    if (uw > 0) fprs.push(ub / uw);
  }
  const est = (values: number[], ds: number[]): Estimate => {
    values.sort((a, b) => a - b);
    return { value: rateBelow(ds, threshold), ci: [quantile(values, 0.025), quantile(values, 0.975)] };
  };
  return {
    tpr: est(tprs, distances.filter((_, k) => pairs[k].linked)),
    fpr: est(fprs, distances.filter((_, k) => !pairs[k].linked)),
  };
}

function silverman(xs: readonly number[]): number {
  const n = xs.length;
  const mean = xs.reduce((a, x) => a + x, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, n - 1));
  const s = [...xs].sort((a, b) => a - b);
  const iqr = quantile(s, 0.75) - quantile(s, 0.25);
  const spread = Math.min(sd, iqr > 0 ? iqr / 1.34 : sd);
  const h = 0.9 * spread * n ** -0.2;
  return h > 0 ? h : 0.05;
}

function kde(xs: readonly number[], h: number, at: readonly number[]): number[] {
  const c = 1 / (xs.length * h * Math.sqrt(2 * Math.PI));
  const sorted = [...xs].sort((a, b) => a - b);
  return at.map((z) => {
    // Only kernels within 8 bandwidths contribute measurably.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < z - 8 * h) lo = mid + 1;
      else hi = mid;
    }
    let s = 0;
    for (let i = lo; i < sorted.length && sorted[i] <= z + 8 * h; i++) s += Math.exp(-0.5 * ((z - sorted[i]) / h) ** 2);
    return s * c;
  });
}

/** Isotonic regression, non-increasing, equal weights (pool adjacent violators). */
export function nonIncreasing(values: readonly number[]): number[] {
  const blocks: { sum: number; n: number }[] = [];
  for (const v of values) {
    blocks.push({ sum: v, n: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].n < blocks[blocks.length - 1].sum / blocks[blocks.length - 1].n) {
      const b = blocks.pop()!;
      blocks[blocks.length - 1].sum += b.sum;
      blocks[blocks.length - 1].n += b.n;
    }
  }
  return blocks.flatMap((b) => new Array<number>(b.n).fill(b.sum / b.n));
}

export function fitScoreLr(linked: readonly number[], unlinked: readonly number[], gridPoints = 256): ScoreLrModel {
  const sortedU = [...unlinked].sort((a, b) => a - b);
  const delta = Math.max(1e-12, 1e-3 * quantile(sortedU, 0.5));
  const zl = linked.map((d) => Math.log(d + delta));
  const zu = unlinked.map((d) => Math.log(d + delta));
  const hl = silverman(zl);
  const hu = silverman(zu);
  const all = [...zl, ...zu];
  const lo = Math.min(...all) - 3 * Math.max(hl, hu);
  const hi = Math.max(...all) + 3 * Math.max(hl, hu);
  const z = Array.from({ length: gridPoints }, (_, i) => lo + ((hi - lo) * i) / (gridPoints - 1));
  const uniform = 1 / (hi - lo);
  const fl = kde(zl, hl, z).map((f) => (zl.length * f + uniform) / (zl.length + 1));
  const fu = kde(zu, hu, z).map((f) => (zu.length * f + uniform) / (zu.length + 1));
  return { delta, z, log10Lr: nonIncreasing(fl.map((f, i) => Math.log10(f) - Math.log10(fu[i]))) };
}

export function log10LrOf(model: ScoreLrModel, d: number): number {
  const z = Math.log(Math.max(0, d) + model.delta);
  const { z: g, log10Lr: v } = model;
  if (z <= g[0]) return v[0];
  if (z >= g[g.length - 1]) return v[v.length - 1];
  let lo = 0;
  let hi = g.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (g[mid] <= z) lo = mid;
    else hi = mid;
  }
  const t = (z - g[lo]) / (g[hi] - g[lo]);
  return v[lo] + t * (v[hi] - v[lo]);
}

/** Log-likelihood-ratio cost (Brümmer): ½ (mean log2(1 + 1/LR) over linked + mean log2(1 + LR) over unlinked). */
export function cllr(log10LrLinked: readonly number[], log10LrUnlinked: readonly number[]): number {
  const l2 = (x: number) => Math.log2(1 + 10 ** x);
  const a = log10LrLinked.reduce((s, x) => s + l2(-x), 0) / log10LrLinked.length;
  const b = log10LrUnlinked.reduce((s, x) => s + l2(x), 0) / log10LrUnlinked.length;
  return 0.5 * (a + b);
}

function histogram(linked: readonly number[], unlinked: readonly number[], bins = 40): CalibrationResult['histogram'] {
  const all = [...linked, ...unlinked].sort((a, b) => a - b);
  const lo = all[0];
  const hi = Math.max(quantile(all, 0.995), lo + 1e-12);
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const count = (ds: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const d of ds) c[Math.min(bins - 1, Math.max(0, Math.floor(((d - lo) / (hi - lo)) * bins)))]++;
    return c;
  };
  return { edges, linked: count(linked), unlinked: count(unlinked) };
}

/** Distances of the pairs under one fitted pretreatment and metric. */
export function pairDistances(
  rows: readonly (readonly number[])[],
  pairs: readonly KnownPair[],
  p: FittedPretreatment,
  metric: MetricId,
): { linked: number[]; unlinked: number[]; all: number[] } {
  const t = rows.map((r) => applyPretreatment(p, r));
  const all = pairs.map((pair) => distance(metric, t[pair.a], t[pair.b]));
  return { linked: all.filter((_, k) => pairs[k].linked), unlinked: all.filter((_, k) => !pairs[k].linked), all };
}

/** Each row's source as a cluster number (for the bootstrap); rows without a source get their own. */
export function clustersFromSources(sources: readonly (string | undefined)[]): number[] {
  const ids = new Map<string, number>();
  return sources.map((s, i) => {
    if (s === undefined) return -1 - i;
    if (!ids.has(s)) ids.set(s, ids.size);
    return ids.get(s)!;
  });
}

/** Every pair of rows with a known source: linked when the sources are equal. */
export function pairsFromSources(sources: readonly (string | undefined)[]): KnownPair[] {
  const out: KnownPair[] = [];
  for (let a = 0; a < sources.length; a++)
    for (let b = a + 1; b < sources.length; b++) if (sources[a] !== undefined && sources[b] !== undefined) out.push({ a, b, linked: sources[a] === sources[b] });
  return out;
}

export const MIN_LINKED = 5;
export const MIN_UNLINKED = 20;

export function calibrate(rows: readonly (readonly number[])[], variables: LinkageModel['variables'], pairs: readonly KnownPair[], options: CalibrationOptions = {}): CalibrationResult {
  const targetFpr = options.targetFpr ?? 0.005;
  const replicates = options.bootstrap ?? 1000;
  const seed = options.seed ?? 1;
  const nL = pairs.filter((p) => p.linked).length;
  const nU = pairs.length - nL;
  if (nL < MIN_LINKED || nU < MIN_UNLINKED || !variables.length)
    throw new RangeError(`calibration needs at least ${MIN_LINKED} linked and ${MIN_UNLINKED} unlinked pairs and one variable (have ${nL}, ${nU}, ${variables.length})`);
  const used = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort((a, b) => a - b);
  const fitRows = used.map((i) => rows[i]);
  const candidates: (CandidateScore & { fitted: FittedPretreatment; linked: number[]; unlinked: number[]; all: number[] })[] = [];
  for (const pre of options.pretreatments ?? PRETREATMENTS) {
    const fitted = fitPretreatment(pre, fitRows);
    for (const metric of options.metrics ?? METRICS) {
      const { linked, unlinked, all } = pairDistances(rows, pairs, fitted, metric);
      candidates.push({ pretreatment: pre, metric, auc: rocAuc(linked, unlinked), fitted, linked, unlinked, all });
    }
  }
  const ranked = [...candidates].sort((x, y) => y.auc - x.auc);
  const best = ranked[0];
  const threshold = thresholdAtFpr(best.unlinked, targetFpr);
  const lr = fitScoreLr(best.linked, best.unlinked);
  const rates = bootstrapRates(pairs, best.all, threshold, replicates, seed, options.clusters);
  const warnings: string[] = [];
  if (nU * targetFpr < 10)
    warnings.push(`Only ${nU} unlinked pairs: a false-positive rate of ${targetFpr} rests on ${Math.floor(nU * targetFpr)} of them; at least ${Math.ceil(10 / targetFpr)} are advised.`);
  if (nL < 30) warnings.push(`Only ${nL} linked pairs: the true-positive rate is imprecise.`);
  return {
    model: { variables: [...variables], pretreatment: best.fitted, metric: best.metric, threshold, lr },
    chosen: { pretreatment: best.pretreatment, metric: best.metric, auc: best.auc },
    candidates: ranked.map(({ pretreatment, metric, auc }) => ({ pretreatment, metric, auc })),
    linkedPairs: nL,
    unlinkedPairs: nU,
    targetFpr,
    tpr: rates.tpr,
    fpr: rates.fpr,
    roc: rocCurve(best.linked, best.unlinked),
    histogram: histogram(best.linked, best.unlinked),
    cllr: cllr(
      best.linked.map((d) => log10LrOf(lr, d)),
      best.unlinked.map((d) => log10LrOf(lr, d)),
    ),
    bootstrap: { replicates, seed },
    warnings,
  };
}

export interface PairScore {
  distance: number;
  linked: boolean;
  log10Lr: number;
}

export function scoreRows(model: LinkageModel, a: readonly number[], b: readonly number[]): PairScore {
  const d = distance(model.metric, applyPretreatment(model.pretreatment, a), applyPretreatment(model.pretreatment, b));
  return { distance: d, linked: d < model.threshold, log10Lr: log10LrOf(model.lr, d) };
}
