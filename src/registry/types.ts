/**
 * The registry port: explicit controlled-substance and precursor lists as reviewed data (data/),
 * compiled into an index. Everything here is plain data; loading lives in ./registry.ts.
 */
import type { Jurisdiction } from './jurisdictions.js';

/** What a list controls: drugs (narcotic and psychotropic substances) or precursor chemicals. */
export type Category = 'drug' | 'precursor';

export type Coverage = 'salts' | 'stereoisomers' | 'isomers' | 'positional-isomers' | 'esters' | 'ethers';

/**
 * A quantity or concentration that a listing attaches to its substance (US List I threshold quantities,
 * Schedule V preparations): recorded, with its citation, for screening; classification does not evaluate it.
 */
export interface Threshold {
  quantity: number;
  /** 'mg' | 'g' | 'kg' | 't' | 'mL' | 'L' | 'gal' (amounts); '%w/w', 'mg/100mL', 'mg/dosage-unit' … (concentrations). */
  unit: string;
  basis: 'per-transaction' | 'cumulative-per-month' | 'preparation-at-most' | 'preparation-at-least';
  /** Measured on the base (free acid or base) or on the material as is. */
  weight?: 'base' | 'as-is';
  /** The activities the threshold is for, in the instrument's words. */
  scope?: string;
  citation: string;
  note?: string;
}

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
  /** Quantity or concentration thresholds the listing carries (absent: none recorded). */
  threshold?: Threshold[];
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
  /** CAS numbers of salt forms, kept apart from the substance's own (absent: none recorded). */
  saltCas?: { cas: string; salt: string }[];
  /**
   * How the substance is identified (docs/interpretation.md, I-INORGANIC). Absent: by the normalised parent
   * structure. 'inorganic': a substance without carbon, identified as a whole (all its ions: potassium
   * permanganate is KMnO4, not permanganic acid). 'none': no structure represents it (red phosphorus);
   * then `smiles`, `inchikey` and `formula` are empty and it is found by name or CAS number only.
   */
  form?: 'inorganic' | 'none';
  /** When form is 'none': why no structure is given (the data's `noStructure`), shown with the substance. */
  noStructure?: string;
  /** SMILES as reviewed in data/ ('' when form is 'none'). */
  smiles: string;
  /** Computed from the SMILES at build time, never typed ('' when form is 'none'). For an inorganic salt, of the whole salt. */
  inchikey: string;
  /** Computed from the SMILES ('' when form is 'none'). For an inorganic substance, of the whole substance. */
  formula: string;
  /**
   * For an inorganic salt written with its ions (KMnO4): the InChIKey of its normalised parent, the
   * characteristic ion with a proton (permanganic acid). Another salt of that ion is reported for review.
   */
  parentInchikey?: string;
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
  /** The count of items the instrument gives, from lists.yaml, where the report cannot count a whole source copy. */
  sourceCount?: { items: number; source: string; note?: string };
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
  /**
   * How an inorganic listing matched (docs/interpretation.md, I-INORGANIC); absent for a match on the
   * normalised parent. 'inorganic': the whole substance (all its ions) is the listed one. 'ion': the
   * structure is another salt (or the acid) of the listed salt's characteristic ion.
   */
  via?: 'inorganic' | 'ion';
}

/** What a structure is matched on: its normalised parent, and for a substance without carbon the whole substance. */
export interface StructureIdentity {
  /** InChIKey of the normalised parent. */
  inchikey: string;
  /** Structure.inorganic: present only when the input has no carbon. */
  inorganic?: { smiles: string; formula: string };
}

export interface SearchHit {
  substance: Substance;
  /** How it matched: "name", "synonym", "pinyin", "cas", "salt-cas", "inchikey", "inchikey-skeleton", "fuzzy". */
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
   * covers stereoisomers. A substance without carbon is matched as a whole (`structure.inorganic`), and
   * another salt of a listed inorganic salt's ion is returned with via 'ion' (docs/interpretation.md,
   * I-INORGANIC). Dates are not evaluated here (src/law/listed-findings.ts does that).
   */
  matchListings(structure: StructureIdentity, jurisdictions: readonly Jurisdiction[]): ListedMatch[];
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
