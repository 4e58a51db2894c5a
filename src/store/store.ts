/**
 * The storage port: what the server (and later the CLI) keeps between runs. Two adapters implement it
 * with the same Kysely queries and migrations: store/sqlite (embedded default) and store/postgres
 * (shared deployments). Domain code never sees it; doors hand it plain records.
 */
import { createHash } from 'node:crypto';
import type { ClassRule } from '../law/rule-schema.js';
import type { Jurisdiction, VerdictResult } from '../law/verdict.js';
import type { ListInfo, Substance } from '../registry/types.js';

export type StoreBackend = 'sqlite' | 'postgres';

/** Reference data copied into the database so SQL clients and reports can join against it. */
export interface SeedData {
  /** The classifier's data version (rule and registry versions); a change triggers a re-seed. */
  dataVersion: string;
  substances: readonly Substance[];
  lists: readonly ListInfo[];
  rules: readonly ClassRule[];
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

/** One classification as it is recorded. */
export interface ClassificationRecord {
  input: string;
  asOf: string;
  jurisdictions: readonly Jurisdiction[];
  verdict: VerdictResult;
  /** `verdict` already serialised as JSON, when the caller has it (saves serialising it again). */
  verdictJson?: string;
  /** SHA-256 of `verdictJson` (see `verdictHash()`), when the caller has it. */
  verdictHash?: string;
  dataVersion: string;
  /** ISO 8601 timestamp of when it was asked. */
  createdAt: string;
}

/** One recorded classification as it is listed: a summary, not the whole verdict. */
export interface ClassificationSummary {
  id: number;
  input: string;
  /** True when `input` was shortened for the listing; GET /api/history/:id has it whole. */
  inputTruncated: boolean;
  asOf: string;
  jurisdictions: Jurisdiction[];
  ok: boolean;
  inchikey: string | null;
  smiles: string | null;
  errorCode: string | null;
  /** Per jurisdiction asked: whether the structure was controlled. Empty when the input was rejected. */
  controlled: Partial<Record<Jurisdiction, boolean>>;
  dataVersion: string;
  createdAt: string;
}

export interface ClassificationDetail extends Omit<ClassificationSummary, 'inputTruncated'> {
  verdict: VerdictResult;
}

export interface Store {
  readonly backend: StoreBackend;
  /** Creates or upgrades the tables. Safe to call on every start. */
  migrate(): Promise<void>;
  storedDataVersion(): Promise<string | undefined>;
  /** Replaces the reference tables when `data.dataVersion` differs from the stored one; otherwise does nothing. */
  seed(data: SeedData): Promise<SeedOutcome>;
  countReferenceRows(): Promise<{ substances: number; listings: number; lists: number; rules: number }>;
  recordClassifications(records: readonly ClassificationRecord[]): Promise<void>;
  /** How many distinct verdicts the history holds (each is stored once). */
  countStoredVerdicts(): Promise<number>;
  /** Newest first. */
  recentClassifications(limit: number): Promise<ClassificationSummary[]>;
  classificationById(id: number): Promise<ClassificationDetail | undefined>;
  close(): Promise<void>;
}

/** Key of a verdict's JSON in the store: identical answers are kept once. */
export function verdictHash(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}
