/**
 * Runs a comparison through the one classification flow (src/law `Classifier.classify`): the default
 * population (registry + rule examples) or given structures. No I/O; files go through the bulk path
 * in the CLI door (src/cli/compare.ts), which hands its Verdict lines to `compareVerdict`.
 */
import type { Classifier } from '../law/classify.js';
import type { Jurisdiction, VerdictResult } from '../law/verdict.js';
import { compareVerdict, dedupe, defaultInputs, totalsOf, type ComparisonInput, type ComparisonReport } from './compare.js';

export interface CompareOptions {
  a: Jurisdiction;
  b: Jurisdiction;
  asOf: string;
  /** Default: the registry substances and the class rules' examples. */
  inputs?: readonly ComparisonInput[];
}

export function classifyFor(classifier: Classifier, input: string, jurisdictions: readonly Jurisdiction[], asOf: string): VerdictResult {
  try {
    return classifier.classify(input, { asOf, jurisdictions, identity: 'lean' });
  } catch (err) {
    return { input, ok: false, error: { code: 'INTERNAL_ERROR', message: (err as Error).message } };
  }
}

export function runComparison(classifier: Classifier, options: CompareOptions): ComparisonReport {
  const { a, b, asOf } = options;
  const inputs = options.inputs ?? defaultInputs(classifier.registry, classifier.rules);
  const rows = inputs.map((i) => {
    const v = classifyFor(classifier, i.input, [a, b], asOf);
    return compareVerdict({ ...v, name: i.name }, a, b, i.source);
  });
  const kept = options.inputs ? rows : dedupe(rows);
  return { a, b, asOf, dataVersion: classifier.dataVersion, totals: totalsOf(kept), rows: kept };
}
