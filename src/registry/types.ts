/**
 * The registry port: explicit controlled-substance and precursor lists as reviewed data (data/),
 * compiled into an index. Everything here is plain data; loading lives in ./registry.ts.
 */
import type { Category, Finding, Jurisdiction } from '../law/verdict.js';

export type Coverage = 'salts' | 'stereoisomers' | 'isomers' | 'esters' | 'ethers';

/** One substance's place on one list of one jurisdiction. */
export interface Listing {
  /** List id, e.g. "US-CSA-II", "US-LIST-I", "CN-PRECURSOR-2", "UN-1988-I", "UN-1961-I". */
  list: string;
  jurisdiction: Jurisdiction;
  category: Category;
  /** Status in the instrument's own language, e.g. "Schedule II", "第二类易制毒化学品". */
  status: string;
  statusEn?: string;
  citation: string;
  /** YYYY-MM-DD */
  effective: string;
  until?: string;
  /** What the listing extends to beyond the exact substance, in the law's own terms. */
  covers: Coverage[];
  note?: string;
}

export interface Substance {
  id: string;
  names: { en: string; zh?: string };
  synonyms: string[];
  cas: string[];
  /** SMILES as reviewed in data/. */
  smiles: string;
  /** Computed from the SMILES at build time, never typed. */
  inchikey: string;
  formula: string;
  /** 'exact' when a listing names one stereoisomer (e.g. levo-), so only that InChIKey matches. */
  stereo: 'any' | 'exact';
  listings: Listing[];
}

export interface ListInfo {
  id: string;
  jurisdiction: Jurisdiction;
  category: Category;
  title: { en: string; original: string; language: string };
  instrument: string;
  citation: string;
  count: number;
}

export interface SearchHit {
  substance: Substance;
  /** How it matched: "name", "synonym", "pinyin", "cas", "inchikey", "inchikey-skeleton", "fuzzy". */
  matchedBy: string;
  score: number;
}

export interface Registry {
  /** Content hash of the data files; changes whenever the data changes. */
  version: string;
  substances: readonly Substance[];
  lists: readonly ListInfo[];
  byId(id: string): Substance | undefined;
  /** Full InChIKey, or its first block (14 characters) for a stereo-insensitive match. */
  byInchiKey(key: string): Substance[];
  /** Findings for every listing that matches the structure, each with `applies` evaluated at asOf. */
  listedFindings(structure: { inchikey: string; smiles: string }, asOf: string, jurisdictions: readonly Jurisdiction[]): Finding[];
}
