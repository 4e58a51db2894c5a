/**
 * The spectra module's use cases, shared by the CLI and the API: import library files (parse with the
 * format adapters, then store atomically), and search a library (build its index once per revision,
 * search, then give each hit its structure, legal status and family through ./legal.ts).
 * Takes the store port and the classifier; no HTTP, SQL or environment here.
 */
import type { AccessScope } from '../identity/access.js';
import type { Classifier } from '../law/classify.js';
import type { VerdictResult } from '../law/verdict.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import { nameFamily, type FamilyCall } from './analogue.js';
import { formatFor, type FormatId } from './formats/index.js';
import { createHitAnnotator, type HitAnnotator, type HitStatus } from './legal.js';
import { EiIndex, estimateMolecularIon, MsmsIndex, type ScoredHit } from './search.js';
import { decodeText, type Peak, type RecordProblem, type SpectrumRecord } from './spectrum.js';
import type { LibrarySummary, SpectraStore, StoredSpectrum } from './store.js';
import './problems.js';

export type SearchMode = 'identity' | 'hybrid' | 'msms';
export const SEARCH_MODES: readonly SearchMode[] = ['identity', 'hybrid', 'msms'];

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportReport {
  library: LibrarySummary | null;
  imported: number;
  /** Records that could not be read, each with its file and line; they were skipped. */
  problems: RecordProblem[];
  /** Set when nothing was imported: a truncated file, a bad encoding, or no readable spectrum. */
  error?: Problem;
}

/** Reads files into records with the format adapters. A fatal problem in any file stops the whole import. */
export function parseFiles(files: readonly ImportFile[], format?: FormatId, options: { latin1?: boolean } = {}): { records: SpectrumRecord[]; problems: RecordProblem[]; error?: Problem; format: string } {
  const records: SpectrumRecord[] = [];
  const problems: RecordProblem[] = [];
  const formats = new Set<string>();
  for (const file of files) {
    const decoded = decodeText(file.bytes, options);
    if (!decoded.ok) return { records: [], problems, error: { ...decoded.problem, message: `${file.name}: ${decoded.problem.message}` }, format: format ?? '' };
    const adapter = formatFor(file.name, decoded.text, format);
    if (!adapter) return { records: [], problems, error: problem('UNSUPPORTED_FORMAT', `${file.name}: cannot tell its format; name it (msp, jcamp, massbank or csv).`), format: format ?? '' };
    formats.add(adapter.id);
    const parsed = adapter.parse(decoded.text, file.name);
    problems.push(...parsed.problems);
    if (parsed.fatal) {
      const first = parsed.problems.find((p) => /truncated/.test(p.problem.message)) ?? parsed.problems[0];
      return { records: [], problems, error: first?.problem ?? problem('INVALID_RECORD', `${file.name} cannot be read.`), format: adapter.id };
    }
    records.push(...parsed.records);
  }
  if (records.length === 0 && problems.length === 0) return { records, problems, error: problem('NO_SPECTRA', 'The file holds no spectrum.'), format: [...formats].join(',') };
  if (records.length === 0) return { records, problems, error: problem('NO_SPECTRA', `No readable spectrum: all ${problems.length} records were bad (first: ${problems[0].problem.message}).`), format: [...formats].join(',') };
  return { records, problems, format: [...formats].join(',') };
}

/** A hit as the API and CLI give it: the library record, its scores, and its legal status (HitStatus). */
export interface HitJson extends Omit<HitStatus, 'verdict'> {
  /** Library spectrum id. */
  id: number;
  name: string;
  inchikey: string | null;
  formula: string | null;
  mw: number | null;
  precursorMz: number | null;
  score: number;
  reverseScore: number;
  probability: number;
  /** Hybrid search: query − library molecular weight. */
  massShift?: number;
  matched: number;
  /** The whole Verdict, when asked for (API, UI). */
  verdict?: VerdictResult | null;
}

export interface QueryResult {
  query: string;
  mode: SearchMode;
  hits: HitJson[];
  /** Hybrid mode: the molecular weight used for the query, and the probable family. */
  queryMw?: number;
  family?: FamilyCall | null;
}

export interface SearchRequest {
  query: string;
  peaks: readonly Peak[];
  mode: SearchMode;
  top: number;
  /** Hybrid: the unknown's molecular weight (default: estimated from the spectrum). MS/MS: not used. */
  mw?: number;
  /** MS/MS: the precursor m/z, and its tolerance. */
  precursorMz?: number;
  precursorTolerance?: number;
  ppm?: boolean;
  asOf?: string;
  withVerdict?: boolean;
  /** Leave these spectra out (validation of held-out analogues). */
  exclude?: (e: { inchikey?: string | null; name: string }) => boolean;
}

interface BuiltIndex {
  revision: number;
  ei: EiIndex;
  msms: MsmsIndex;
  byId: Map<number, StoredSpectrum>;
}

/** Indexes of libraries built in memory and shared by searches; at most `max` kept (least recently used out). */
export class SpectraService {
  private indexes = new Map<string, BuiltIndex>();
  private annotator: HitAnnotator;

  constructor(
    private readonly store: SpectraStore,
    private readonly classifier: Classifier,
    private readonly max = 8,
  ) {
    this.annotator = createHitAnnotator(classifier);
  }

  async importFiles(scope: AccessScope, input: { library: string; files: readonly ImportFile[]; format?: FormatId; version?: string; replace?: boolean; latin1?: boolean; now: string }): Promise<ImportReport> {
    const parsed = parseFiles(input.files, input.format, { latin1: input.latin1 });
    if (parsed.error) return { library: null, imported: 0, problems: parsed.problems, error: parsed.error };
    const source = input.files.length === 1 ? input.files[0].name : `${input.files.length} files`;
    const library = await this.store.importLibrary(scope, {
      library: input.library,
      source,
      version: input.version ?? versionFromName(input.files[0]?.name ?? ''),
      format: parsed.format,
      records: parsed.records,
      replace: input.replace,
      now: input.now,
    });
    return { library, imported: parsed.records.length, problems: parsed.problems };
  }

  async library(scope: AccessScope, ref: string | number): Promise<LibrarySummary> {
    const lib = typeof ref === 'number' ? await this.store.libraryById(scope, ref) : await this.store.libraryByName(scope, ref);
    if (!lib) throw new ProblemError(problem('LIBRARY_NOT_FOUND', `There is no spectral library ${typeof ref === 'number' ? ref : `"${ref}"`}.`, { field: 'library' }));
    return lib;
  }

  async indexOf(scope: AccessScope, lib: LibrarySummary): Promise<BuiltIndex> {
    const key = `${scope.agencyId}:${lib.id}`;
    const had = this.indexes.get(key);
    if (had && had.revision === lib.revision) {
      this.indexes.delete(key);
      this.indexes.set(key, had);
      return had;
    }
    const spectra = await this.store.spectraOf(scope, lib.id);
    const built: BuiltIndex = { revision: lib.revision, ei: new EiIndex(), msms: new MsmsIndex(), byId: new Map() };
    for (const s of spectra) {
      built.byId.set(s.id, s);
      if (s.kind === 'MS2') built.msms.add(s);
      else built.ei.add(s);
    }
    this.indexes.set(key, built);
    while (this.indexes.size > this.max) this.indexes.delete(this.indexes.keys().next().value!);
    return built;
  }

  /** Searches one library with each query. */
  async search(scope: AccessScope, libraryRef: string | number, requests: readonly SearchRequest[]): Promise<{ library: LibrarySummary; results: QueryResult[] }> {
    const library = await this.library(scope, libraryRef);
    const index = await this.indexOf(scope, library);
    return { library, results: requests.map((r) => this.searchIndex(index, r)) };
  }

  searchIndex(index: { ei: EiIndex; msms: MsmsIndex }, r: SearchRequest): QueryResult {
    let hits: ScoredHit[];
    let queryMw: number | undefined;
    if (r.mode === 'msms') {
      hits = index.msms.search(r.peaks, r.precursorMz, { top: r.top, precursorTolerance: r.precursorTolerance, ppm: r.ppm });
    } else if (r.mode === 'hybrid') {
      // Without a given MW, each relative is scored at the best of the common modification shifts
      // (an EI spectrum's molecular ion is too often weak or absent to estimate it).
      hits = index.ei.hybrid(r.peaks, r.mw, { top: Math.max(r.top, 10), exclude: r.exclude });
      const best = hits[0];
      queryMw = r.mw ?? (best?.entry.mw ? best.entry.mw + (best.massShift ?? 0) : estimateMolecularIon(r.peaks));
    } else hits = index.ei.search(r.peaks, { top: r.top });
    if (r.exclude && r.mode !== 'hybrid') hits = hits.filter((h) => !r.exclude!(h.entry));
    const json = hits.map((h) => this.hitJson(h, r));
    const result: QueryResult = { query: r.query, mode: r.mode, hits: json.slice(0, r.top) };
    if (r.mode === 'hybrid') {
      result.queryMw = queryMw;
      result.family = nameFamily(json.map((h) => ({ name: h.name, score: h.score, massShift: h.massShift ?? 0, known: h.structure !== 'not known', family: h.family }))) ?? null;
    }
    return result;
  }

  private hitJson(h: ScoredHit, r: SearchRequest): HitJson {
    const e = h.entry;
    const status = this.annotator.status({ inchikey: e.inchikey, smiles: e.smiles }, r.asOf);
    const out: HitJson = {
      id: e.id,
      name: e.name,
      inchikey: e.inchikey ?? null,
      formula: e.formula ?? null,
      mw: e.mw ?? null,
      precursorMz: e.precursorMz ?? null,
      score: h.score,
      reverseScore: h.reverseScore,
      probability: h.probability,
      matched: h.matched,
      structure: status.structure,
      smiles: status.smiles,
      substance: status.substance,
      legal: status.legal,
      family: status.family,
    };
    if (h.massShift !== undefined) out.massShift = h.massShift;
    if (status.note) out.note = status.note;
    if (r.withVerdict) out.verdict = status.verdict;
    return out;
  }
}

/** "swgdrug-3.4.msp" → "3.4"; else the file name. */
export function versionFromName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '');
  const m = /(\d+(?:\.\d+)+)/.exec(base);
  return m ? m[1] : base || 'unversioned';
}
