/**
 * Pretreatments and comparison metrics for impurity profiles (Lociciro et al. 2008 compared such
 * combinations by ROC; CHAMP uses normalisation to the sum, fourth root and Pearson correlation).
 *
 * Pretreatments (each a row transform; N+S also learns column statistics from the calibration set):
 *   none    raw areas
 *   N       normalise to the sum (×100: percent of the profile's total area)
 *   sqrt, root4, log       square root, fourth root, log10(1 + x) of the raw areas
 *   N+sqrt, N+root4, N+log the same after normalisation to the sum
 *   N+S     normalisation to the sum, then standardisation of each variable to mean 0, standard
 *           deviation 1 over the calibration set (a variable constant there is set to 0)
 * Metrics, each as a distance (smaller = more alike):
 *   pearson    1 − r          cosine     1 − cos θ
 *   canberra   Σ |a−b| / (|a|+|b|) over the variables not zero in both
 *   euclidean  √Σ (a−b)²      manhattan  Σ |a−b|
 */
export const PRETREATMENTS = ['none', 'N', 'sqrt', 'root4', 'log', 'N+sqrt', 'N+root4', 'N+log', 'N+S'] as const;
export type PretreatmentId = (typeof PRETREATMENTS)[number];
export const METRICS = ['pearson', 'cosine', 'canberra', 'euclidean', 'manhattan'] as const;
export type MetricId = (typeof METRICS)[number];

/** A pretreatment with what it learnt (N+S: column means and standard deviations), serialisable. */
export interface FittedPretreatment {
  id: PretreatmentId;
  mean?: number[];
  sd?: number[];
}

function normalise(row: readonly number[]): number[] {
  const s = row.reduce((a, x) => a + x, 0);
  return s > 0 ? row.map((x) => (100 * x) / s) : row.map(() => 0);
}

function elementwise(id: PretreatmentId, row: readonly number[]): number[] {
  const base = id.startsWith('N') ? normalise(row) : [...row];
  const f = id.endsWith('sqrt') ? Math.sqrt : id.endsWith('root4') ? (x: number) => Math.sqrt(Math.sqrt(x)) : id.endsWith('log') ? (x: number) => Math.log10(1 + x) : undefined;
  return f ? base.map(f) : base;
}

export function fitPretreatment(id: PretreatmentId, matrix: readonly (readonly number[])[]): FittedPretreatment {
  if (id !== 'N+S') return { id };
  const rows = matrix.map(normalise);
  const m = rows[0]?.length ?? 0;
  const mean = new Array<number>(m).fill(0);
  const sd = new Array<number>(m).fill(0);
  for (const r of rows) for (let j = 0; j < m; j++) mean[j] += r[j] / rows.length;
  for (const r of rows) for (let j = 0; j < m; j++) sd[j] += (r[j] - mean[j]) ** 2 / Math.max(1, rows.length - 1);
  return { id, mean, sd: sd.map(Math.sqrt) };
}

export function applyPretreatment(p: FittedPretreatment, row: readonly number[]): number[] {
  if (p.id !== 'N+S') return elementwise(p.id, row);
  const r = normalise(row);
  return r.map((x, j) => (p.sd![j] > 0 ? (x - p.mean![j]) / p.sd![j] : 0));
}

export function distance(metric: MetricId, a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  switch (metric) {
    case 'pearson': {
      let ma = 0;
      let mb = 0;
      for (let i = 0; i < n; i++) {
        ma += a[i];
        mb += b[i];
      }
      ma /= n;
      mb /= n;
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i < n; i++) {
        const x = a[i] - ma;
        const y = b[i] - mb;
        sab += x * y;
        saa += x * x;
        sbb += y * y;
      }
      return saa > 0 && sbb > 0 ? 1 - sab / Math.sqrt(saa * sbb) : 1;
    }
    case 'cosine': {
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i < n; i++) {
        sab += a[i] * b[i];
        saa += a[i] * a[i];
        sbb += b[i] * b[i];
      }
      return saa > 0 && sbb > 0 ? 1 - sab / Math.sqrt(saa * sbb) : 1;
    }
    case 'canberra': {
      let s = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.abs(a[i]) + Math.abs(b[i]);
        if (d > 0) s += Math.abs(a[i] - b[i]) / d;
      }
      return s;
    }
    case 'euclidean': {
      let s = 0;
      for (let i = 0; i < n; i++) s += (a[i] - b[i]) ** 2;
      return Math.sqrt(s);
    }
    case 'manhattan': {
      let s = 0;
      for (let i = 0; i < n; i++) s += Math.abs(a[i] - b[i]);
      return s;
    }
  }
}
