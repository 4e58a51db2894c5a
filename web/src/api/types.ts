/**
 * The JSON the UI receives from /api. These mirror the server's wire format (the serialised Verdict of
 * src/law/verdict.ts and the registry/rule DTOs); optional fields are optional because the UI must
 * render whatever subset a given server version sends.
 */
export type Jurisdiction = 'US' | 'CN' | 'UN';
export const JURISDICTIONS: readonly Jurisdiction[] = ['US', 'CN', 'UN'];

export interface ApiProblem {
  code: string;
  message: string;
  where?: { line?: number; field?: string; record?: number };
}

export interface Highlight {
  role: string;
  modified: boolean;
  clause?: string;
  atoms: number[];
}

export interface Finding {
  kind: 'listed' | 'class';
  category: 'drug' | 'precursor';
  rule: string;
  ruleVersion?: string;
  applies: boolean;
  reason: string;
  status: string;
  statusEn?: string;
  clauses: string[];
  citation: string;
  effective: string;
  until?: string;
  needsReview: boolean;
  explanation: string;
  interpretations: string[];
  substance?: { id: string; name: string; nameZh?: string; cas?: string[] };
  highlights?: Highlight[];
}

export interface JurisdictionVerdict {
  controlled: boolean;
  needsReview: boolean;
  findings: Finding[];
}

export interface StructureInfo {
  smiles: string;
  inchi?: string;
  inchikey?: string;
  formula: string;
  monoisotopicMass?: number;
  heavyAtoms?: number;
  stripped?: string[];
  changes?: string[];
  format?: string;
}

export interface Verdict {
  input: string;
  ok: true;
  structure: StructureInfo;
  asOf: string;
  jurisdictions: Partial<Record<Jurisdiction, JurisdictionVerdict>>;
  dataVersion: string;
}

export interface Listing {
  list: string;
  jurisdiction: Jurisdiction;
  category: 'drug' | 'precursor';
  status: string;
  statusEn?: string;
  citation: string;
  effective: string;
  until?: string;
  covers?: string[];
  note?: string;
}

export interface Substance {
  id: string;
  names: { en: string; zh?: string };
  synonyms: string[];
  cas: string[];
  smiles: string;
  inchikey: string;
  formula: string;
  stereo?: 'any' | 'exact';
  listings: Listing[];
}

export interface SearchHit {
  substance: Substance;
  matchedBy: string;
  score: number;
}

export interface LocalText {
  original: string;
  en: string;
  language?: string;
}

export interface RuleClause {
  id: string;
  text: LocalText;
  effective?: string;
}

export interface RuleExample {
  name?: string;
  nameZh?: string;
  smiles: string;
  clauses?: string[];
  /** What the rule engine must conclude for this example (tested in the rule suite). */
  expect?: 'match' | 'no-match' | 'review';
  note?: string;
}

export interface ClassRule {
  id: string;
  version?: string;
  jurisdiction: Jurisdiction;
  category: 'drug' | 'precursor';
  status: string;
  statusEn?: string;
  title: { en: string; original: string; language: string };
  instrument: string;
  citation: string;
  effective: { from: string; until?: string; citation: string }[];
  text: { language: string; original: string; en: string };
  clauses: RuleClause[];
  examples?: (RuleExample | string)[];
}

export interface ListInfo {
  id: string;
  jurisdiction: Jurisdiction;
  category: 'drug' | 'precursor';
  title: { en: string; original: string; language: string };
  instrument: string;
  citation: string;
  count: number;
}

export interface RulesResponse {
  rules: ClassRule[];
  lists: ListInfo[];
}
