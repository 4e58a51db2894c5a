/**
 * The classification history port: every classification asked through the API, with its verdict and
 * the data version that produced it, so a past answer can be shown again and reproduced with --as-of.
 * A classification asked by a signed-in user belongs to that user's agency; an anonymous one belongs to
 * no agency and is not listed to anyone (it stays in the database for the operator's own statistics).
 * Adapter: ./kysely-store.ts.
 */
import { createHash } from 'node:crypto';
import type { AccessScope } from '../identity/access.js';
import type { Jurisdiction, VerdictResult } from './verdict.js';

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
  /** Who asked; null when anonymous. */
  owner: { agencyId: number; userId: number } | null;
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

export interface HistoryStore {
  recordClassifications(records: readonly ClassificationRecord[]): Promise<void>;
  /** How many distinct verdicts the history holds (each is stored once). */
  countStoredVerdicts(): Promise<number>;
  /** The scope's agency's classifications, newest first. */
  recentClassifications(scope: AccessScope, limit: number): Promise<ClassificationSummary[]>;
  /** Undefined when there is none, or it belongs to another agency. */
  classificationById(scope: AccessScope, id: number): Promise<ClassificationDetail | undefined>;
}

/** Key of a verdict's JSON in the store: identical answers are kept once. */
export function verdictHash(json: string): string {
  return createHash('sha256').update(json).digest('base64url');
}
