/**
 * Substructure and similarity search over the registry's substances, with RDKit.
 *
 * Each substance is normalised like a classification input (largest organic fragment, neutral, no
 * isotopes) and re-read from its canonical SMILES, so the atom indices of a substructure match refer
 * to that SMILES (`hit.smiles`), the same convention as a Verdict's highlights and /api/depict.
 * Molecules and fingerprints are built once, on the first search, and kept until `dispose()`.
 */
import { rdkit, type JSMol } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { problem, type Problem } from '../problems.js';
import type { Substance } from './types.js';

/** Morgan (ECFP4-like) fingerprint used for similarity: radius 2, 2048 bits. */
const MORGAN = JSON.stringify({ radius: 2, nBits: 2048 });
const PATTERN = JSON.stringify({ nBits: 2048 });
export const MAX_QUERY_CHARS = 5_000;
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1_000;

export type SubstructureQuery = { smarts: string; smiles?: undefined } | { smiles: string; smarts?: undefined };

export interface SubstructureHit {
  substance: Substance;
  /** Canonical SMILES of the substance's normalised parent; `atoms` index into it. */
  smiles: string;
  /** Atoms of the substance that the query matched (first match). */
  atoms: number[];
}

export interface SimilarityHit {
  substance: Substance;
  smiles: string;
  /** Tanimoto similarity of Morgan fingerprints (radius 2, 2048 bits), 0–1, rounded to 3 decimals. */
  similarity: number;
}

export interface SearchOutcome<H> {
  ok: true;
  /** How many substances matched; `hits` holds at most `limit` of them. */
  total: number;
  /** How many registry substances were searched (those whose structure RDKit could read). */
  searched: number;
  hits: H[];
}

export type SearchResult<H> = SearchOutcome<H> | { ok: false; problem: Problem };

export interface StructureSearch {
  substructure(query: SubstructureQuery, options?: { limit?: number }): SearchResult<SubstructureHit>;
  similarity(smiles: string, options?: { threshold?: number; limit?: number }): SearchResult<SimilarityHit>;
  /** Frees the RDKit molecules. The search rebuilds them if used again. */
  dispose(): void;
}

interface IndexedSubstance {
  substance: Substance;
  smiles: string;
  mol: JSMol;
  pattern: Uint8Array;
  morgan: Uint8Array;
  morganBits: number;
}

const BIT_COUNT = new Uint8Array(256).map((_, byte) => {
  let n = 0;
  for (let b = byte; b; b >>= 1) n += b & 1;
  return n;
});

function bitCount(fp: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < fp.length; i++) n += BIT_COUNT[fp[i]];
  return n;
}

function tanimoto(a: Uint8Array, aBits: number, b: Uint8Array, bBits: number): number {
  let common = 0;
  for (let i = 0; i < a.length; i++) common += BIT_COUNT[a[i] & b[i]];
  const union = aBits + bBits - common;
  return union === 0 ? 0 : common / union;
}

/** Every bit of the query's pattern fingerprint is set in the molecule's: necessary for a substructure match. */
function mayContain(molPattern: Uint8Array, queryPattern: Uint8Array): boolean {
  for (let i = 0; i < queryPattern.length; i++) if ((queryPattern[i] & molPattern[i]) !== queryPattern[i]) return false;
  return true;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
}

function queryTextProblem(text: string, what: string): Problem | undefined {
  if (text.trim() === '') return problem('EMPTY_INPUT', `No ${what} was given.`);
  if (text.length > MAX_QUERY_CHARS) return problem('INPUT_TOO_LARGE', `The ${what} is ${text.length} characters; at most ${MAX_QUERY_CHARS} are accepted.`);
  return undefined;
}

export function createStructureSearch(substances: readonly Substance[]): StructureSearch {
  let index: IndexedSubstance[] | undefined;

  function build(): IndexedSubstance[] {
    const R = rdkit();
    const built: IndexedSubstance[] = [];
    for (const substance of substances) {
      const prepared = prepareStructure(substance.smiles, { identity: 'lean' });
      if (!prepared.ok) continue; // reviewed data is validated by the registry build; an unreadable entry is simply not searchable
      const smiles = prepared.prepared.structure.smiles;
      prepared.prepared.dispose();
      const mol = R.get_mol(smiles);
      if (!mol || !mol.is_valid()) {
        mol?.delete();
        continue;
      }
      const morgan = mol.get_morgan_fp_as_uint8array(MORGAN) as Uint8Array;
      built.push({ substance, smiles, mol, pattern: mol.get_pattern_fp_as_uint8array(PATTERN) as Uint8Array, morgan, morganBits: bitCount(morgan) });
    }
    return built;
  }

  const indexed = () => (index ??= build());

  function substructure(query: SubstructureQuery, options: { limit?: number } = {}): SearchResult<SubstructureHit> {
    const isSmarts = query.smarts !== undefined;
    const text = (isSmarts ? query.smarts : query.smiles) ?? '';
    const what = isSmarts ? 'SMARTS' : 'SMILES';
    const bad = queryTextProblem(text, what);
    if (bad) return { ok: false, problem: bad };
    const R = rdkit();
    // A SMILES query is read as a molecule (aromaticity perceived) and used as the pattern; a SMARTS as a query molecule.
    const pattern = isSmarts ? R.get_qmol(text.trim()) : R.get_mol(text.trim());
    if (!pattern || !pattern.is_valid()) {
      pattern?.delete();
      return { ok: false, problem: problem('INVALID_QUERY', `The ${what} query cannot be parsed.`, { field: isSmarts ? 'smarts' : 'smiles' }) };
    }
    try {
      // Pattern-fingerprint screening is exact only for molecule queries; SMARTS queries are matched directly.
      const screen = isSmarts ? undefined : (pattern.get_pattern_fp_as_uint8array(PATTERN) as Uint8Array);
      const limit = clampLimit(options.limit);
      const all = indexed();
      const hits: SubstructureHit[] = [];
      let total = 0;
      for (const entry of all) {
        if (screen && !mayContain(entry.pattern, screen)) continue;
        const match = JSON.parse(entry.mol.get_substruct_match(pattern)) as { atoms?: number[] };
        if (!match.atoms || match.atoms.length === 0) continue;
        total++;
        if (hits.length < limit) hits.push({ substance: entry.substance, smiles: entry.smiles, atoms: [...match.atoms].sort((a, b) => a - b) });
      }
      return { ok: true, total, searched: all.length, hits };
    } finally {
      pattern.delete();
    }
  }

  function similarity(smiles: string, options: { threshold?: number; limit?: number } = {}): SearchResult<SimilarityHit> {
    const bad = queryTextProblem(smiles, 'SMILES');
    if (bad) return { ok: false, problem: bad };
    const threshold = options.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) return { ok: false, problem: problem('INVALID_QUERY', 'The similarity threshold must be between 0 and 1.', { field: 'threshold' }) };
    // The query is normalised like a classification input, so a salt form finds its parent.
    const prepared = prepareStructure(smiles, { identity: 'lean' });
    if (!prepared.ok) return { ok: false, problem: { ...prepared.problem, where: { field: 'smiles' } } };
    let fp: Uint8Array;
    try {
      fp = prepared.prepared.mol.get_morgan_fp_as_uint8array(MORGAN) as Uint8Array;
    } finally {
      prepared.prepared.dispose();
    }
    const fpBits = bitCount(fp);
    const all = indexed();
    const scored: SimilarityHit[] = [];
    for (const entry of all) {
      const score = tanimoto(fp, fpBits, entry.morgan, entry.morganBits);
      if (score >= threshold) scored.push({ substance: entry.substance, smiles: entry.smiles, similarity: Math.round(score * 1000) / 1000 });
    }
    scored.sort((a, b) => b.similarity - a.similarity || (a.substance.id < b.substance.id ? -1 : 1));
    return { ok: true, total: scored.length, searched: all.length, hits: scored.slice(0, clampLimit(options.limit)) };
  }

  function dispose() {
    for (const entry of index ?? []) entry.mol.delete();
    index = undefined;
  }

  return { substructure, similarity, dispose };
}
