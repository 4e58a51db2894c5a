/**
 * The registry's storage port: the reference data (substances, listings, lists, class rules) copied
 * into the database so SQL clients and reports can join against it. Adapter: ./kysely-store.ts (both
 * backends).
 */
import type { ListInfo, Substance } from './types.js';

/** A class rule as the reference tables keep it: its key fields, and the whole record as JSON. */
export interface StoredRule {
  id: string;
  version: string;
  jurisdiction: string;
}

export interface SeedData {
  /** The classifier's data version (rule and registry versions); a change triggers a re-seed. */
  dataVersion: string;
  substances: readonly Substance[];
  lists: readonly ListInfo[];
  rules: readonly StoredRule[];
}

export interface SeedOutcome {
  /** False when the stored data version already matched and nothing was written. */
  seeded: boolean;
  dataVersion: string;
  substances: number;
  listings: number;
  lists: number;
  rules: number;
}

export interface ReferenceStore {
  storedDataVersion(): Promise<string | undefined>;
  /** Replaces the reference tables when `data.dataVersion` differs from the stored one; otherwise does nothing. */
  seed(data: SeedData): Promise<SeedOutcome>;
  countReferenceRows(): Promise<{ substances: number; listings: number; lists: number; rules: number }>;
}
