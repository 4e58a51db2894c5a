/**
 * The one Verdict type. The CLI's `classify --json` line is its serialised form; the API, the UI, the
 * store and every later consumer (KYC, spectra, exchange) show or keep this same object.
 */
import type { Structure } from '../chem/structure.js';
import type { Problem } from '../problems.js';
import type { Jurisdiction } from '../registry/jurisdictions.js';
import type { Category, Threshold } from '../registry/types.js';

// The jurisdictions are reference data (data/jurisdictions.yaml, loaded by src/registry/jurisdictions.ts);
// they are re-exported here because every consumer of a Verdict needs them.
export { isJurisdiction, JURISDICTIONS, type Jurisdiction } from '../registry/jurisdictions.js';
export type { Category } from '../registry/types.js';

export type FindingKind = 'listed' | 'class';

/** Atoms of the normalised parent (indices into its canonical-SMILES atom order) that a finding rests on. */
export interface Highlight {
  /** e.g. "core", "acyl", "aniline-ring", "phenethyl", "piperidine-substituent". */
  role: string;
  /** Whether this part is the unmodified core or a modification allowed by a clause. */
  modified: boolean;
  clause?: string;
  atoms: number[];
}

export interface Finding {
  kind: FindingKind;
  category: Category;
  /** A class rule id (US-FRS, CN-FENTANYL-CLASS, ...) or a list id (US-CSA-II, CN-PRECURSOR-2, ...). */
  rule: string;
  /** Version of the rule or list data that produced this finding, e.g. "US-FRS@2025-07-16.1". */
  ruleVersion: string;
  /** Whether this finding governs the substance on the as-of date (a class match can be displaced by a listing). */
  applies: boolean;
  reason: string;
  /** The reason in 中文 (src/law/messages.ts); `reason` is the English. */
  reasonZh?: string;
  /** Status in the instrument's own words, e.g. "Schedule I", "List I", "第二类易制毒化学品". */
  status: string;
  /** English gloss of the status where the original is not English. */
  statusEn?: string;
  clauses: string[];
  citation: string;
  /** YYYY-MM-DD: the date the provision that applies took effect (YYYY alone where only the year is documented). */
  effective: string;
  /** YYYY-MM-DD: end of effect, when the substance was delisted or a temporary order lapsed. */
  until?: string;
  needsReview: boolean;
  explanation: string;
  /** Ids of the readings in docs/interpretation.md that this finding relied on. */
  interpretations: string[];
  /** For listings: the registry substance that matched. */
  substance?: { id: string; name: string; nameZh?: string; cas?: string[] };
  highlights?: Highlight[];
  /**
   * For a listing matched through its coverage of esters or ethers: the structure is not the listed
   * substance itself but gives it when the named bonds are cleaved (docs/interpretation.md, I-ESTER-ETHER).
   */
  derivative?: { kind: 'ester' | 'ether' | 'ester and ether'; of: string };
  /** For a possible positional isomer of a listed substance (needsReview): that substance's registry id. */
  positionalIsomerOf?: string;
  /**
   * For a listing that carries quantity or concentration thresholds (US List I threshold quantities,
   * Schedule V preparations): recorded with their citations; the classification of a structure does not
   * evaluate them (a structure has no quantity).
   */
  threshold?: Threshold[];
}

export interface JurisdictionVerdict {
  /** True when at least one applying finding exists. */
  controlled: boolean;
  /** True when some finding needs a human reading (an ambiguous clause). */
  needsReview: boolean;
  findings: Finding[];
}

export interface Verdict {
  input: string;
  ok: true;
  structure: Structure;
  /** The date the law was evaluated at, YYYY-MM-DD. */
  asOf: string;
  jurisdictions: Partial<Record<Jurisdiction, JurisdictionVerdict>>;
  /** Rule and list versions that produced this verdict, so it can be reproduced. */
  dataVersion: string;
}

export interface VerdictError {
  input: string;
  ok: false;
  error: Problem;
}

export type VerdictResult = Verdict | VerdictError;

/** Today's date, YYYY-MM-DD, in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Whether a provision in effect from `from` (until `until`, exclusive) is in effect on `asOf`. */
export function inEffect(asOf: string, from: string, until?: string | null): boolean {
  return from <= asOf && (!until || asOf < until);
}
