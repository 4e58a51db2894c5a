/**
 * Pure helpers of the attribution page: the verbal scale of a likelihood ratio and the number
 * formats. The verbal equivalents are those of the ENFSI Guideline for Evaluative Reporting in
 * Forensic Science (2015): 1–10 weak, 10–100 moderate, 100–1,000 moderately strong, 1,000–10,000
 * strong, 10,000–1,000,000 very strong, above 1,000,000 extremely strong support; an LR below 1
 * supports the other proposition (different sources) on the same scale of 1/LR.
 */

export type VerbalLevel = 'none' | 'weak' | 'moderate' | 'moderatelyStrong' | 'strong' | 'veryStrong' | 'extremelyStrong';

export interface VerbalScale {
  level: VerbalLevel;
  /** Which proposition the LR supports: same source (LR > 1), different sources (LR < 1), neither (LR = 1). */
  supports: 'same' | 'different' | 'neither';
}

/** Upper bounds (log10) of each level, ENFSI 2015. */
const LEVELS: readonly [number, VerbalLevel][] = [
  [1, 'weak'],
  [2, 'moderate'],
  [3, 'moderatelyStrong'],
  [4, 'strong'],
  [6, 'veryStrong'],
];

export function verbalScale(log10Lr: number): VerbalScale {
  if (!Number.isFinite(log10Lr)) return Number.isNaN(log10Lr) ? { level: 'none', supports: 'neither' } : { level: 'extremelyStrong', supports: log10Lr > 0 ? 'same' : 'different' };
  const magnitude = Math.abs(log10Lr);
  if (magnitude < 1e-9) return { level: 'none', supports: 'neither' };
  const supports = log10Lr > 0 ? 'same' : 'different';
  for (const [upper, level] of LEVELS) if (magnitude <= upper) return { level, supports };
  return { level: 'extremelyStrong', supports };
}

/** An LR for reading: "1.2 × 10^3"-style for large or small ratios, plain otherwise. */
export function formatLr(log10Lr: number): string {
  if (!Number.isFinite(log10Lr)) return log10Lr > 0 ? '∞' : '0';
  const lr = 10 ** log10Lr;
  if (log10Lr >= 4 || log10Lr <= -3) {
    let exp = Math.floor(log10Lr);
    let mantissa = (10 ** (log10Lr - exp)).toFixed(1);
    if (mantissa === '10.0') {
      mantissa = '1.0';
      exp += 1;
    }
    return `${mantissa} × 10^${exp}`;
  }
  return lr >= 100 ? lr.toFixed(0) : lr >= 1 ? lr.toPrecision(3) : lr.toPrecision(2);
}

export function percent(x: number, digits = 2): string {
  return `${(x * 100).toFixed(digits)}%`;
}

/** A distance: four significant digits. */
export function formatDistance(d: number): string {
  return Number.isFinite(d) ? Number(d.toPrecision(4)).toString() : String(d);
}
