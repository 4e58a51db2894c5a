/**
 * The registry port: explicit controlled-substance and precursor lists as reviewed data (data/),
 * compiled into an index. Everything here is plain data; loading lives in ./registry.ts.
 */
import type { Jurisdiction } from './jurisdictions.js';

/** What a list controls: drugs (narcotic and psychotropic substances) or precursor chemicals. */
export type Category = 'drug' | 'precursor';

export type Coverage = 'salts' | 'stereoisomers' | 'isomers' | 'positional-isomers' | 'esters' | 'ethers';

/** What a list says about one entry: where, with which status, citation and dates. */
export interface ListingTerms {
  /** List id, e.g. "US-CSA-II", "US-LIST-I", "CN-PRECURSOR-2", "UN-1988-I", "UN-1961-I". */
  list: string;
  jurisdiction: Jurisdiction;
  category: Category;
  /** Status in the instrument's own language, e.g. "Schedule II", "第二类易制毒化学品". */
  status: string;
  statusEn?: string;
  citation: string;
  /** YYYY-MM-DD, or YYYY where only the year of effect is documented. */
  effective: string;
  until?: string;
  /** Documented in force until this date; whether it continued after is not recorded (findings then need review). */
  knownUntil?: string;
  /** What the listing extends to beyond the exact substance, in the law's own terms. */
  covers: Coverage[];
  note?: string;
  /** Where the entry is written, e.g. "data/lists/us/US-CSA-II.fentanyl.yaml:12". */
  source?: string;
}

/** One substance's place on one list of one jurisdiction. */
export interface Listing extends ListingTerms {
  /** 'exact' when this listing names one stereoisomer; absent means 'any'. */
  stereo?: 'any' | 'exact';
}

/**
 * A class-wide listing (e.g. US "fentanyl-related substances"): listed on a list, but matched by the
 * class-rule engine (rules/), never by InChIKey. `classRule` is null when not machine-evaluated yet.
 */
export interface ClassEntry extends ListingTerms {
  id: string;
  names: { en: string; zh?: string };
  classRule: string | null;
}

export interface SearchOptions {
  /** Most hits returned, best first. Default 20. */
  limit?: number;
}

export interface ListContents {
  list: ListInfo;
  substances: Substance[];
  classEntries: ClassEntry[];
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
  /** Number of entries (substances and class entries) on the list. */
  count: number;
  note?: string;
  /** Content hash of the list's part files, e.g. for Finding.ruleVersion. */
  version?: string;
  /** What the data knowingly leaves out of this list, and why (the part files' `gaps:`). */
  gaps?: string[];
}

/**
 * One listing that a structure matches by InChIKey: the substance, its listing, and how it matched.
 * src/law turns these into Findings (src/law/listed-findings.ts).
 */
export interface ListedMatch {
  substance: Substance;
  listing: Listing;
  /** True when only the InChIKey first block matched (the structure differs in stereochemistry). */
  stereoInsensitive: boolean;
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
  /**
   * Every listing of the given jurisdictions that the structure matches: on its full InChIKey, or on the
   * InChIKey's first block (another stereoisomer) where the listing does not name one stereoisomer or
   * covers stereoisomers. Dates are not evaluated here (src/law/listed-findings.ts does that).
   */
  matchListings(structure: { inchikey: string }, jurisdictions: readonly Jurisdiction[]): ListedMatch[];
  /** Class-wide listings (matched by the class engine, not here). */
  classEntries: readonly ClassEntry[];
  /**
   * Look-up by name, Chinese name, pinyin, synonym or code name (case-, punctuation- and
   * whitespace-insensitive, small typos tolerated), CAS number or InChIKey (full or first block).
   * Throws ProblemError (INVALID_QUERY, CAS_FORMAT, CAS_CHECK_DIGIT) for a bad query; returns [] when nothing matches.
   */
  search(query: string, options?: SearchOptions): SearchHit[];
  /** A whole list, or undefined for an unknown list id. */
  byList(listId: string): ListContents | undefined;
}
