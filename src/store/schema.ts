/** Table shapes as Kysely sees them. Both backends use the same columns (JSON kept as text, booleans as 0/1). */
import type { Generated } from 'kysely';

export interface MetaTable {
  key: string;
  value: string;
}

export interface SubstanceTable {
  id: string;
  name_en: string;
  name_zh: string | null;
  inchikey: string;
  formula: string;
  smiles: string;
  /** JSON array of CAS numbers. */
  cas: string;
  /** The whole registry record, JSON. */
  record: string;
}

export interface ListingTable {
  substance_id: string;
  /** Position of the listing within the substance's record. */
  seq: number;
  list_id: string;
  jurisdiction: string;
  category: string;
  status: string;
  citation: string;
  effective: string;
  until: string | null;
}

export interface ListTable {
  id: string;
  jurisdiction: string;
  category: string;
  record: string;
}

export interface RuleTable {
  id: string;
  version: string;
  jurisdiction: string;
  record: string;
}

export interface ClassificationHistoryTable {
  id: Generated<number>;
  input: string;
  as_of: string;
  /** Comma-separated, e.g. "US,CN,UN". */
  jurisdictions: string;
  ok: number;
  inchikey: string | null;
  smiles: string | null;
  error_code: string | null;
  /** 1 controlled, 0 not, null when not asked or the input was rejected. */
  us_controlled: number | null;
  cn_controlled: number | null;
  un_controlled: number | null;
  /** Key into `verdicts`: SHA-256 of the verdict JSON. */
  verdict_hash: string;
  data_version: string;
  created_at: string;
}

export interface VerdictTable {
  hash: string;
  /** The verdict as answered, JSON. */
  verdict: string;
}

export interface Database {
  meta: MetaTable;
  substances: SubstanceTable;
  listings: ListingTable;
  lists: ListTable;
  rules: RuleTable;
  classification_history: ClassificationHistoryTable;
  verdicts: VerdictTable;
}
