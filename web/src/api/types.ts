/**
 * The JSON the UI receives from /api. These mirror the server's wire format (the serialised Verdict of
 * src/law/verdict.ts and the registry/rule DTOs); optional fields are optional because the UI must
 * render whatever subset a given server version sends.
 */
import type { Jurisdiction } from '../../../src/law/verdict.js';

// The one Verdict type (src/law/verdict.ts) and the registry DTOs (src/registry/types.ts), imported as
// types only: nothing from the server is bundled, and the UI cannot drift from the wire format.
export type { Finding, Highlight, Jurisdiction, JurisdictionVerdict, Verdict } from '../../../src/law/verdict.js';
export type { Structure as StructureInfo } from '../../../src/chem/structure.js';
export type { Listing, SearchHit, Substance } from '../../../src/registry/types.js';

export const JURISDICTIONS: readonly Jurisdiction[] = ['US', 'CN', 'UN'];

/** A server error (ProblemCode of src/problems.ts) or a client-side one (NETWORK_ERROR, BAD_RESPONSE). */
export interface ApiProblem {
  code: string;
  message: string;
  where?: { line?: number; field?: string; record?: number };
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

export type { ListInfo } from '../../../src/registry/types.js';
import type { ListInfo } from '../../../src/registry/types.js';

export interface RulesResponse {
  rules: ClassRule[];
  lists: ListInfo[];
}
