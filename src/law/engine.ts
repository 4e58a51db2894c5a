/**
 * The generic class-rule engine: interprets the declarative rule files in rules/ (a core scaffold,
 * regions around it, and per region the modifications each clause allows). Implementation follows.
 */
import type { PreparedMolecule } from '../chem/structure.js';
import type { Finding, Jurisdiction } from './verdict.js';
import type { ClassRule } from './rule-schema.js';

export type { ClassRule };

export function evaluateClassRules(
  rules: readonly ClassRule[],
  prepared: PreparedMolecule,
  asOf: string,
  jurisdictions: readonly Jurisdiction[],
): Finding[] {
  void rules; void prepared; void asOf; void jurisdictions;
  return [];
}
