/**
 * Classifies one chunk of bulk records into JSON Lines, with the prefilter in front, and tallies what
 * it found. Pure apart from the classifier it is given; the worker thread and the in-process path
 * both call it, so they cannot disagree.
 */
import { count, lap, mark, PROFILE, takeProfile } from '../../chem/profile.js';
import type { Classifier } from '../../law/classify.js';
import { requirementsFrom, screen, type PrefilterRequirements, type Screen } from '../../law/prefilter.js';
import type { Jurisdiction, VerdictResult } from '../../law/verdict.js';
import type { BulkRecord } from './readers.js';

export interface ChunkOptions {
  asOf: string;
  jurisdictions: readonly Jurisdiction[];
  /** Settle records that provably match nothing without parsing them. */
  prefilter: boolean;
}

export interface ChunkStats {
  records: number;
  ok: number;
  errors: number;
  /** Settled by the prefilter, not classified. */
  screenedOut: number;
  /** Of those, settled by stage 2 (one RDKit parse and scaffold/formula checks) rather than the text census. */
  screenedAfterParse: number;
  controlled: Partial<Record<Jurisdiction, number>>;
  needsReview: Partial<Record<Jurisdiction, number>>;
  /** Findings per rule or list id (applying or displaced). */
  rules: Record<string, number>;
  errorCodes: Record<string, number>;
}

export function emptyStats(): ChunkStats {
  return { records: 0, ok: 0, errors: 0, screenedOut: 0, screenedAfterParse: 0, controlled: {}, needsReview: {}, rules: {}, errorCodes: {} };
}

export function addStats(into: ChunkStats, from: ChunkStats): void {
  into.records += from.records;
  into.ok += from.ok;
  into.errors += from.errors;
  into.screenedOut += from.screenedOut;
  into.screenedAfterParse += from.screenedAfterParse;
  for (const [j, n] of Object.entries(from.controlled) as [Jurisdiction, number][]) into.controlled[j] = (into.controlled[j] ?? 0) + n;
  for (const [j, n] of Object.entries(from.needsReview) as [Jurisdiction, number][]) into.needsReview[j] = (into.needsReview[j] ?? 0) + n;
  for (const [r, n] of Object.entries(from.rules)) into.rules[r] = (into.rules[r] ?? 0) + n;
  for (const [c, n] of Object.entries(from.errorCodes)) into.errorCodes[c] = (into.errorCodes[c] ?? 0) + n;
}

export interface ChunkClassifier {
  dataVersion: string;
  /** The chunk's JSON Lines as UTF-8 (a worker hands the buffer over without a copy) and its tallies. */
  classifyChunk(records: readonly BulkRecord[]): { lines: Uint8Array<ArrayBuffer>; stats: ChunkStats };
}

const encoder = new TextEncoder();

/**
 * A chunk's output as UTF-8, written as it is produced. Most lines are a screened-out record: only its
 * input and name vary, and the rest of the line (about 500 bytes) is copied from bytes encoded once;
 * encoding whole lines was the largest single cost of a bulk run once the prefilter settled 99% of it.
 */
class LineBytes {
  private buffer: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 16);
  private length = 0;

  private reserve(bytes: number): void {
    if (this.length + bytes <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + bytes) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  text(s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    this.reserve(s.length * 3);
    this.length += encoder.encodeInto(s, this.buffer.subarray(this.length)).written;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }

  /** The bytes written, in a buffer of their own (transferable); the writer starts again, empty. */
  take(): Uint8Array<ArrayBuffer> {
    const bytes = this.buffer.slice(0, this.length);
    this.length = 0;
    return bytes;
  }
}

export function createChunkClassifier(classifier: Classifier, options: ChunkOptions): ChunkClassifier {
  const requirements: PrefilterRequirements | undefined = options.prefilter
    ? requirementsFrom(classifier.rules, classifier.registry, options.jurisdictions)
    : undefined;
  // Everything after "input" of a screened-out line is the same for every record: build it once.
  const notControlled = Object.fromEntries(options.jurisdictions.map((j) => [j, { controlled: false, needsReview: false, findings: [] }]));
  const screenedSuffix = encoder.encode(
    `,"ok":true,"structure":null,"screenedOut":true,"asOf":${JSON.stringify(options.asOf)},"jurisdictions":${JSON.stringify(notControlled)},"dataVersion":${JSON.stringify(classifier.dataVersion)}}\n`,
  );
  const classifyOptions = { asOf: options.asOf, jurisdictions: options.jurisdictions, identity: options.prefilter ? ('lean' as const) : ('full' as const) };
  // The indexes the classifier and the prefilter build on first use (positional isomers, derivable
  // substances, listed graphs and signatures) are start-up work: build them now, before the first chunk.
  classifier.classify('CCO', classifyOptions);
  for (const key of requirements?.listedCompositions ?? []) requirements?.listedSkeletons?.(key);
  if (PROFILE) takeProfile();

  /** Writes the record's line (with its newline) to `out`. */
  function writeLine(record: BulkRecord, stats: ChunkStats, out: LineBytes): void {
    const line = lineOf(record, stats);
    if (line === undefined) {
      out.text(`{"input":${JSON.stringify(record.text)}${record.name === undefined ? '' : `,"name":${JSON.stringify(record.name)}`}`);
      out.bytes(screenedSuffix);
    } else out.text(line + '\n');
  }

  /** The record's JSON line, or undefined for a record the prefilter screened out (writeLine writes those). */
  function lineOf(record: BulkRecord, stats: ChunkStats): string | undefined {
    if (record.problem) return errorLine(record, record.problem, stats);
    let screened: Screen | undefined;
    try {
      screened = requirements && screen(record.text, requirements);
    } catch {
      screened = undefined; // the classifier below reports whatever went wrong
    }
    if (screened?.screenedOut) {
      stats.ok++;
      stats.screenedOut++;
      if (screened.stage === 'scaffold') stats.screenedAfterParse++;
      return undefined;
    }
    if (PROFILE) count('classify.record');
    let result: VerdictResult;
    try {
      result = classifier.classify(record.text, classifyOptions);
    } catch (err) {
      // A bug or an RDKit abort on one record must not end a run of millions: report it on its line.
      return errorLine(record, { code: 'INTERNAL_ERROR', message: `Internal error while classifying this record: ${(err as Error).message}` }, stats);
    }
    if (!result.ok) return errorLine(record, result.error, stats);
    stats.ok++;
    for (const [j, v] of Object.entries(result.jurisdictions) as [Jurisdiction, NonNullable<(typeof result.jurisdictions)[Jurisdiction]>][]) {
      if (v.controlled) stats.controlled[j] = (stats.controlled[j] ?? 0) + 1;
      if (v.needsReview) stats.needsReview[j] = (stats.needsReview[j] ?? 0) + 1;
      for (const f of v.findings) stats.rules[f.rule] = (stats.rules[f.rule] ?? 0) + 1;
    }
    const t = mark();
    const line = record.name === undefined ? JSON.stringify(result) : JSON.stringify({ ...result, name: record.name });
    if (PROFILE) lap('serialise', t);
    return line;
  }

  function errorLine(record: BulkRecord, problem: NonNullable<BulkRecord['problem']>, stats: ChunkStats): string {
    stats.errors++;
    stats.errorCodes[problem.code] = (stats.errorCodes[problem.code] ?? 0) + 1;
    const error = { ...problem, where: { ...problem.where, line: record.line, record: record.record } };
    // A rejected 10 MB record must not come back as a 10 MB line: echo its start only.
    const input = record.text.length > 10_000 ? `${record.text.slice(0, 200)}… (${record.text.length.toLocaleString('en')} characters)` : record.text;
    return JSON.stringify(record.name === undefined ? { input, ok: false, error } : { input, name: record.name, ok: false, error });
  }

  const out = new LineBytes();
  return {
    dataVersion: classifier.dataVersion,
    classifyChunk(records) {
      const stats = emptyStats();
      for (const r of records) {
        stats.records++;
        const t = mark();
        writeLine(r, stats, out);
        if (PROFILE) lap('record', t);
      }
      return { lines: out.take(), stats };
    },
  };
}
