/**
 * Library search, pure: an index over a library's spectra and the three searches on it.
 *
 * - Identity (EI): the NIST-style composite match factor (Stein & Scott 1994): a dot product of
 *   weighted peaks W = (m/z)^3 · I^0.6, squared and normalised (F1), combined with the
 *   adjacent-peak-ratio term (F2) as (N_U·F1 + N_LU·F2)/(N_U + N_LU), on 0–999. The reverse match
 *   factor is the same with the query's peaks absent from the library spectrum ignored (mixtures).
 *   Candidates come from an inverted index on each spectrum's top weighted peaks, not a linear scan.
 * - Hybrid (analogues): each library peak matches the query at the same m/z or at m/z + Δ, where Δ is
 *   the difference of molecular weights (a neutral-loss shift), so a relative with a modified part
 *   still matches its shifted fragments. Reports Δ.
 * - MS/MS: spectral entropy similarity (Li et al. 2021) with a precursor m/z tolerance.
 *
 * Probability: from the score gaps between the distinct compounds of a hit list,
 * p_i = exp((S_i − S_1)/τ) / Σ_j exp((S_j − S_1)/τ), so a hit far ahead of the next is near 1.
 */
import type { Peak, SpectrumKind } from './spectrum.js';

export interface LibrarySpectrum {
  id: number;
  name: string;
  inchikey?: string | null;
  smiles?: string | null;
  formula?: string | null;
  mw?: number | null;
  kind: SpectrumKind;
  precursorMz?: number | null;
  peaks: readonly Peak[];
}

export interface ScoredHit {
  entry: LibrarySpectrum;
  /** 0–999. */
  score: number;
  /** 0–999: with query peaks absent from the library spectrum ignored. */
  reverseScore: number;
  probability: number;
  /** Hybrid search: query MW − library MW (the implied mass shift). */
  massShift?: number;
  /** Number of peaks matched. */
  matched: number;
}

export interface SearchOptions {
  /** Hits returned (default 10). */
  top?: number;
}

const MZ_EXP = 3;
const INT_EXP = 0.6;
/** Peaks per library spectrum put in the inverted index. */
const INDEXED_PEAKS = 8;
/** Query peaks looked up in the index. */
const QUERY_PEAKS = 10;
/** Candidates scored in full per query. */
const CANDIDATES = 250;
/** Temperature of the probability, in match-factor units. */
const PROBABILITY_TAU = 25;

/** Unit-resolution EI peaks: m/z rounded, same nominal m/z merged (max), scaled to a base peak of 999. */
export function nominalPeaks(peaks: readonly Peak[]): Peak[] {
  const byMz = new Map<number, number>();
  for (const [mz, i] of peaks) {
    const m = Math.round(mz);
    if (m < 1) continue;
    byMz.set(m, Math.max(byMz.get(m) ?? 0, i));
  }
  let base = 0;
  for (const i of byMz.values()) base = Math.max(base, i);
  if (base <= 0) return [];
  return [...byMz].map(([m, i]) => [m, (i / base) * 999] as Peak).filter(([, i]) => i > 0).sort((a, b) => a[0] - b[0]);
}

const weight = (mz: number, intensity: number) => mz ** MZ_EXP * intensity ** INT_EXP;

/** A query prepared for scoring: dense weights by nominal m/z. */
interface PreparedQuery {
  peaks: Peak[];
  dense: Float64Array;
  norm2: number;
  top: number[];
}

function prepareQuery(peaks: readonly Peak[], maxMz: number): PreparedQuery {
  const nominal = nominalPeaks(peaks);
  const dense = new Float64Array(Math.max(maxMz, nominal.at(-1)?.[0] ?? 0) + 2);
  let norm2 = 0;
  for (const [m, i] of nominal) {
    const w = weight(m, i);
    dense[m] = w;
    norm2 += w * w;
  }
  const top = [...nominal].sort((a, b) => weight(b[0], b[1]) - weight(a[0], a[1])).slice(0, QUERY_PEAKS).map(([m]) => m);
  return { peaks: nominal, dense, norm2, top };
}

/**
 * The EI library, flattened for speed: m/z and weights of every spectrum in two typed arrays, and an
 * inverted index from m/z to the spectra that have it among their top weighted peaks.
 */
export class EiIndex {
  readonly entries: LibrarySpectrum[] = [];
  private offsets: number[] = [0];
  private mzs: Uint16Array;
  private weights: Float32Array;
  private norms2: number[] = [];
  private postings = new Map<number, number[]>();
  private frozen = new Map<number, Int32Array>();
  private size = 0;
  private maxMz = 0;
  private scores = new Float32Array(0);

  constructor(capacityPeaks = 1 << 16) {
    this.mzs = new Uint16Array(capacityPeaks);
    this.weights = new Float32Array(capacityPeaks);
  }

  get count(): number {
    return this.entries.length;
  }

  add(entry: LibrarySpectrum): void {
    const nominal = nominalPeaks(entry.peaks);
    if (nominal.length === 0) return;
    const at = this.offsets[this.offsets.length - 1];
    if (at + nominal.length > this.mzs.length) {
      const grow = Math.max(this.mzs.length * 2, at + nominal.length);
      const m = new Uint16Array(grow);
      m.set(this.mzs);
      const w = new Float32Array(grow);
      w.set(this.weights);
      this.mzs = m;
      this.weights = w;
    }
    let norm2 = 0;
    const ranked: [number, number][] = [];
    for (let k = 0; k < nominal.length; k++) {
      const [m, i] = nominal[k];
      const w = weight(m, i);
      this.mzs[at + k] = m;
      this.weights[at + k] = w;
      norm2 += w * w;
      ranked.push([m, w]);
      if (m > this.maxMz) this.maxMz = m;
    }
    const index = this.entries.length;
    this.entries.push(entry);
    this.offsets.push(at + nominal.length);
    this.norms2.push(norm2);
    ranked.sort((a, b) => b[1] - a[1]);
    for (const [m] of ranked.slice(0, INDEXED_PEAKS)) {
      let list = this.postings.get(m);
      if (!list) this.postings.set(m, (list = []));
      list.push(index);
    }
    this.frozen.clear();
    this.size = index + 1;
  }

  private posting(m: number): Int32Array | undefined {
    let f = this.frozen.get(m);
    if (!f) {
      const list = this.postings.get(m);
      if (!list) return undefined;
      f = Int32Array.from(list);
      this.frozen.set(m, f);
    }
    return f;
  }

  /** Peaks of entry `index` as stored (nominal m/z, relative intensity 0–999). */
  peaksOf(index: number): Peak[] {
    return nominalPeaks(this.entries[index].peaks);
  }

  /** Composite and reverse match factors of the query against entry `index`. */
  private score(q: PreparedQuery, index: number): { score: number; reverseScore: number; matched: number } {
    const from = this.offsets[index];
    const to = this.offsets[index + 1];
    let dot = 0;
    let qInLib2 = 0;
    let matched = 0;
    let ratioSum = 0;
    let prevL = 0;
    let prevQ = 0;
    const dense = q.dense;
    for (let k = from; k < to; k++) {
      const m = this.mzs[k];
      const wq = m < dense.length ? dense[m] : 0;
      if (wq === 0) continue;
      const wl = this.weights[k];
      dot += wq * wl;
      qInLib2 += wq * wq;
      if (matched > 0) {
        let r = (wl * prevQ) / (prevL * wq);
        if (r > 1) r = 1 / r;
        ratioSum += r;
      }
      prevL = wl;
      prevQ = wq;
      matched++;
    }
    if (matched === 0) return { score: 0, reverseScore: 0, matched: 0 };
    const libNorm2 = this.norms2[index];
    const f1 = (dot * dot) / (q.norm2 * libNorm2);
    const f1r = (dot * dot) / (qInLib2 * libNorm2);
    const f2 = matched > 1 ? ratioSum / (matched - 1) : 0;
    const nU = q.peaks.length;
    const nL = to - from;
    const pairs = matched > 1 ? matched : 0;
    const composite = (nU * f1 + pairs * f2) / (nU + pairs);
    const reverse = (nL * f1r + pairs * f2) / (nL + pairs);
    return { score: Math.round(999 * composite), reverseScore: Math.round(999 * reverse), matched };
  }

  /** Identity search: candidates from the index, scored in full, best first. */
  search(peaks: readonly Peak[], options: SearchOptions = {}): ScoredHit[] {
    const top = options.top ?? 10;
    const q = prepareQuery(peaks, this.maxMz);
    if (q.peaks.length === 0 || this.size === 0) return [];
    if (this.scores.length < this.size) this.scores = new Float32Array(this.size);
    const acc = this.scores;
    const touched: number[] = [];
    const qTop = q.top;
    for (let r = 0; r < qTop.length; r++) {
      const list = this.posting(qTop[r]);
      if (!list) continue;
      const w = q.dense[qTop[r]];
      for (let k = 0; k < list.length; k++) {
        const e = list[k];
        if (acc[e] === 0) touched.push(e);
        acc[e] += w;
      }
    }
    let candidates = touched;
    if (touched.length > CANDIDATES) {
      candidates = [...touched].sort((a, b) => acc[b] - acc[a]).slice(0, CANDIDATES);
    }
    for (const e of touched) acc[e] = 0;
    const scored = candidates.map((e) => ({ entry: this.entries[e], ...this.score(q, e), probability: 0 })).filter((h) => h.score > 0);
    return withProbabilities(scored.sort((a, b) => b.score - a.score || b.reverseScore - a.reverseScore), top);
  }

  /** Identity search over every spectrum (no index): the reference the index is checked against. */
  searchAll(peaks: readonly Peak[], options: SearchOptions = {}): ScoredHit[] {
    const q = prepareQuery(peaks, this.maxMz);
    const scored: ScoredHit[] = [];
    for (let e = 0; e < this.size; e++) {
      const s = this.score(q, e);
      if (s.score > 0) scored.push({ entry: this.entries[e], ...s, probability: 0 });
    }
    return withProbabilities(scored.sort((a, b) => b.score - a.score || b.reverseScore - a.reverseScore), options.top ?? 10);
  }

  /**
   * Hybrid search for analogues: each library peak may match the query at its own m/z or shifted by
   * Δ = queryMw − library MW. Only spectra with a known MW take part. `exclude` leaves out entries
   * (e.g. a compound held out in a validation).
   */
  hybrid(peaks: readonly Peak[], queryMw: number | undefined, options: SearchOptions & { exclude?: (e: LibrarySpectrum) => boolean } = {}): ScoredHit[] {
    const nominal = nominalPeaks(peaks);
    if (nominal.length === 0) return [];
    const size = Math.max(this.maxMz, nominal.at(-1)![0]) + 2;
    const dense = new Float64Array(size);
    let qNorm2 = 0;
    for (const [m, i] of nominal) {
      const w = Math.sqrt(i) * m;
      dense[m] = w;
      qNorm2 += w * w;
    }
    const used = new Uint8Array(size);
    const marks: number[] = [];
    const scoreAt = (e: number, shift: number): { score: number; matched: number } => {
      const from = this.offsets[e];
      const to = this.offsets[e + 1];
      let dot = 0;
      let l2 = 0;
      let matched = 0;
      let qAdjust = 0;
      marks.length = 0;
      for (let k = from; k < to; k++) {
        const m = this.mzs[k];
        // Back from the weight stored for identity search to the relative intensity.
        const intensity = (this.weights[k] / m ** MZ_EXP) ** (1 / INT_EXP);
        const wl = Math.sqrt(intensity) * m;
        l2 += wl * wl;
        const direct = m < size && !used[m] ? dense[m] : 0;
        const s = m + shift;
        const shifted = shift !== 0 && s > 0 && s < size && !used[s] ? dense[s] : 0;
        if (direct === 0 && shifted === 0) continue;
        const at = direct >= shifted ? m : s;
        if (direct >= shifted) dot += direct * wl;
        else {
          // The shifted fragment is weighted at the library's m/z: it is the same fragment, moved.
          const moved = (shifted / s) * m;
          dot += moved * wl;
          qAdjust += moved * moved - shifted * shifted;
        }
        used[at] = 1;
        marks.push(at);
        matched++;
      }
      for (const m of marks) used[m] = 0;
      if (matched === 0) return { score: 0, matched: 0 };
      return { score: Math.min(999, Math.round((999 * dot * dot) / ((qNorm2 + qAdjust) * l2))), matched };
    };
    // Without the MW, two stages: every spectrum at shift 0, then the best HYBRID_SHORTLIST at every common shift.
    let pool: number[] = [];
    for (let e = 0; e < this.size; e++) {
      const entry = this.entries[e];
      if (entry.mw && !(options.exclude && options.exclude(entry))) pool.push(e);
    }
    if (queryMw === undefined && pool.length > HYBRID_SHORTLIST) {
      const direct = new Map(pool.map((e) => [e, scoreAt(e, 0).score]));
      pool = pool.sort((a, b) => direct.get(b)! - direct.get(a)!).slice(0, HYBRID_SHORTLIST);
    }
    const out: ScoredHit[] = [];
    for (const e of pool) {
      const entry = this.entries[e];
      // With the unknown's MW: the one shift it implies. Without: the best of the common modifications.
      const shifts = queryMw !== undefined ? [Math.round(queryMw - entry.mw!)] : COMMON_SHIFTS;
      let best = { score: 0, matched: 0, shift: 0 };
      for (const shift of shifts) {
        const r = scoreAt(e, shift);
        if (r.score > best.score) best = { ...r, shift };
      }
      if (best.matched === 0) continue;
      out.push({ entry, score: best.score, reverseScore: best.score, matched: best.matched, probability: 0, massShift: best.shift });
    }
    return withProbabilities(out.sort((a, b) => b.score - a.score), options.top ?? 10);
  }
}

/** Spectra scored at every common shift when the unknown's MW is not given (the best at shift 0). */
const HYBRID_SHORTLIST = 300;

/** Mass shifts tried when the unknown's molecular weight is not given: common modifications of a drug (±CH2 …, O, F, Cl, ring changes). */
export const COMMON_SHIFTS: readonly number[] = [0, ...[14, 28, 42, 56, 16, 30, 18, 34, 12, 26, 40, 2, 6, 10, 24, 44, 32, 36, 54, 78].flatMap((d) => [d, -d])];

/** The key of a compound: the InChIKey's first block (stereo-insensitive), else the name. */
export function compoundKey(e: Pick<LibrarySpectrum, 'inchikey' | 'name'>): string {
  return e.inchikey ? e.inchikey.slice(0, 14) : `name:${e.name.trim().toLowerCase()}`;
}

/** Probabilities from the score gaps between distinct compounds; the best `top` hits. */
export function withProbabilities(sorted: ScoredHit[], top: number): ScoredHit[] {
  const best = new Map<string, number>();
  for (const h of sorted) {
    const k = compoundKey(h.entry);
    if (!best.has(k)) best.set(k, h.score);
    if (best.size >= 50) break;
  }
  const s1 = sorted[0]?.score ?? 0;
  let sum = 0;
  for (const s of best.values()) sum += Math.exp((s - s1) / PROBABILITY_TAU);
  return sorted.slice(0, top).map((h) => {
    const s = best.get(compoundKey(h.entry));
    const p = s === undefined ? 0 : Math.exp((s - s1) / PROBABILITY_TAU) / sum;
    return { ...h, probability: Math.round(p * 1000) / 1000 };
  });
}

// --- MS/MS ---

export interface MsmsOptions extends SearchOptions {
  /** Precursor m/z tolerance in Da (default 0.01) or ppm (when `ppm` is set). */
  precursorTolerance?: number;
  ppm?: boolean;
  /** Fragment m/z tolerance in Da (default 0.02). */
  fragmentTolerance?: number;
}

/** Centroids within `tol` merged, intensities scaled to sum 1, noise below 1% of base dropped, peaks above the precursor − 1.6 removed. */
export function cleanMsms(peaks: readonly Peak[], precursorMz?: number | null, tol = 0.02): Peak[] {
  let base = 0;
  for (const [, i] of peaks) base = Math.max(base, i);
  const kept = peaks.filter(([mz, i]) => i >= base * 0.01 && (precursorMz == null || mz < precursorMz - 1.6)).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [mz, i] of kept) {
    const last = merged.at(-1);
    if (last && mz - last[0] <= tol) {
      last[0] = (last[0] * last[1] + mz * i) / (last[1] + i);
      last[1] += i;
    } else merged.push([mz, i]);
  }
  const total = merged.reduce((s, [, i]) => s + i, 0);
  return total > 0 ? merged.map(([m, i]) => [m, i / total] as Peak) : [];
}

const entropyOf = (ps: readonly number[]) => -ps.reduce((s, p) => (p > 0 ? s + p * Math.log(p) : s), 0);

/** Intensity weighting of spectral entropy similarity: low-entropy spectra are flattened. */
function weighted(peaks: readonly Peak[]): Peak[] {
  const s = entropyOf(peaks.map(([, i]) => i));
  if (s >= 3) return [...peaks];
  const w = 0.25 + s * 0.25;
  const raised = peaks.map(([m, i]) => [m, i ** w] as Peak);
  const total = raised.reduce((a, [, i]) => a + i, 0);
  return raised.map(([m, i]) => [m, i / total] as Peak);
}

/** Entropy similarity of two cleaned spectra, 0–1: 1 − (2·S_AB − S_A − S_B)/ln 4, summed over matched peaks as in flash entropy search. */
export function entropySimilarity(a: readonly Peak[], b: readonly Peak[], tol = 0.02): number {
  if (!a.length || !b.length) return 0;
  const wa = weighted(a);
  const wb = weighted(b);
  // Match peaks within tol, greedily by the closest pairs.
  const pairs: [number, number, number][] = [];
  let j0 = 0;
  for (let i = 0; i < wa.length; i++) {
    while (j0 < wb.length && wb[j0][0] < wa[i][0] - tol) j0++;
    for (let j = j0; j < wb.length && wb[j][0] <= wa[i][0] + tol; j++) pairs.push([Math.abs(wa[i][0] - wb[j][0]), i, j]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const ua = new Set<number>();
  const ub = new Set<number>();
  let sum = 0;
  for (const [, i, j] of pairs) {
    if (ua.has(i) || ub.has(j)) continue;
    ua.add(i);
    ub.add(j);
    const pa = wa[i][1] / 2;
    const pb = wb[j][1] / 2;
    const pab = pa + pb;
    // Contribution of a matched pair to 2·S_AB − S_A − S_B, per Li et al.
    sum += pab * Math.log(pab) - pa * Math.log(pa) - pb * Math.log(pb);
  }
  return Math.max(0, Math.min(1, sum / Math.log(2)));
}

/** MS/MS library: spectra sorted by precursor m/z, searched within the precursor tolerance. */
export class MsmsIndex {
  private items: { entry: LibrarySpectrum; precursor: number; clean: Peak[] }[] = [];
  private sorted = true;

  add(entry: LibrarySpectrum): void {
    if (entry.precursorMz == null) return;
    const clean = cleanMsms(entry.peaks, entry.precursorMz);
    if (!clean.length) return;
    this.items.push({ entry, precursor: entry.precursorMz, clean });
    this.sorted = false;
  }

  get count(): number {
    return this.items.length;
  }

  search(peaks: readonly Peak[], precursorMz: number | undefined, options: MsmsOptions = {}): ScoredHit[] {
    if (!this.sorted) {
      this.items.sort((a, b) => a.precursor - b.precursor);
      this.sorted = true;
    }
    const fragTol = options.fragmentTolerance ?? 0.02;
    const q = cleanMsms(peaks, precursorMz, fragTol);
    if (!q.length) return [];
    let lo = 0;
    let hi = this.items.length;
    if (precursorMz !== undefined) {
      const tol = options.ppm ? (precursorMz * (options.precursorTolerance ?? 10)) / 1e6 : (options.precursorTolerance ?? 0.01);
      lo = lowerBound(this.items, precursorMz - tol);
      hi = lowerBound(this.items, precursorMz + tol + 1e-12);
    }
    const out: ScoredHit[] = [];
    for (let k = lo; k < hi; k++) {
      const it = this.items[k];
      const s = entropySimilarity(q, it.clean, fragTol);
      if (s <= 0) continue;
      // Reverse: only the query peaks that the library spectrum explains.
      const explained = q.filter(([m]) => it.clean.some(([l]) => Math.abs(l - m) <= fragTol));
      const total = explained.reduce((a, [, i]) => a + i, 0);
      const rev = total > 0 ? entropySimilarity(explained.map(([m, i]) => [m, i / total] as Peak), it.clean, fragTol) : 0;
      out.push({ entry: it.entry, score: Math.round(999 * s), reverseScore: Math.round(999 * rev), matched: explained.length, probability: 0 });
    }
    return withProbabilities(out.sort((a, b) => b.score - a.score), options.top ?? 10);
  }
}

function lowerBound(items: readonly { precursor: number }[], value: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].precursor < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The molecular ion of an EI spectrum, estimated: the highest m/z with at least 1% of the base peak. */
export function estimateMolecularIon(peaks: readonly Peak[]): number | undefined {
  const nominal = nominalPeaks(peaks);
  for (let k = nominal.length - 1; k >= 0; k--) if (nominal[k][1] >= 10) return nominal[k][0];
  return nominal.at(-1)?.[0];
}

/** Which kind a library's spectra are searched as. */
export function kindOfMode(mode: 'identity' | 'hybrid' | 'msms'): SpectrumKind {
  return mode === 'msms' ? 'MS2' : 'EI';
}
