/**
 * How the registry pages show what the registry model holds beyond a structure: substances that no structure
 * represents (red phosphorus, a name/CAS-only listing), inorganic substances identified as a whole, salt-form CAS
 * numbers, and the quantity or concentration thresholds of a listing. Pure functions, so both pages and their test
 * share them.
 */
import type { Substance, Threshold } from './api/types.js';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** What the page can draw: a structure, a whole inorganic substance, or nothing (found by name or CAS only). */
export function structureKind(s: Pick<Substance, 'form' | 'smiles'>): 'structure' | 'inorganic' | 'none' {
  if (s.form === 'none' || !s.smiles) return 'none';
  return s.form === 'inorganic' ? 'inorganic' : 'structure';
}

const BASIS_KEYS: Record<Threshold['basis'], string> = {
  'per-transaction': 'threshold.perTransaction',
  'cumulative-per-month': 'threshold.cumulativePerMonth',
  'preparation-at-most': 'threshold.preparationAtMost',
  'preparation-at-least': 'threshold.preparationAtLeast',
};

/** "1 kg per transaction, as base (import and export)": the threshold in the reader's language; the scope stays in the instrument's words. */
export function thresholdText(th: Threshold, t: Translate): string {
  const text = t(BASIS_KEYS[th.basis], { amount: `${th.quantity} ${th.unit}` });
  const weight = th.weight === 'base' ? t('threshold.asBase') : th.weight === 'as-is' ? t('threshold.asIs') : '';
  return [text, weight].filter(Boolean).join(', ') + (th.scope ? ` (${th.scope})` : '');
}

/** "123-45-6 (hydrochloride)" for each salt-form CAS number. */
export function saltCasText(s: Pick<Substance, 'saltCas'>): string {
  return (s.saltCas ?? []).map((x) => `${x.cas} (${x.salt})`).join(', ');
}
