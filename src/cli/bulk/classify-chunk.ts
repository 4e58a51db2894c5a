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
  classifyChunk(records: readonly BulkRecord[]): { lines: string; stats: ChunkStats };
}

export function createChunkClassifier(classifier: Classifier, options: ChunkOptions): ChunkClassifier {
  const requirements: PrefilterRequirements | undefined = options.prefilter
    ? requirementsFrom(classifier.rules, classifier.registry, options.jurisdictions)
    : undefined;
  // Everything after "input" of a screened-out line is the same for every record: build it once.
  const notControlled = Object.fromEntries(options.jurisdictions.map((j) => [j, { controlled: false, needsReview: false, findings: [] }]));
  const screenedSuffix = `,"ok":true,"structure":null,"screenedOut":true,"asOf":${JSON.stringify(options.asOf)},"jurisdictions":${JSON.stringify(notControlled)},"dataVersion":${JSON.stringify(classifier.dataVersion)}}`;
  const classifyOptions = { asOf: options.asOf, jurisdictions: options.jurisdictions, identity: options.prefilter ? ('lean' as const) : ('full' as const) };
  if (PROFILE) {
    // The indexes built on first use (positional isomers, listed graphs) are start-up, not per-record work.
    classifier.classify('CCO', classifyOptions);
    for (const key of requirements?.listedCompositions ?? []) requirements?.listedSkeletons?.(key);
    takeProfile();
  }

  function lineOf(record: BulkRecord, stats: ChunkStats): string {
    const name = record.name === undefined ? '' : `,"name":${JSON.stringify(record.name)}`;
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
      return `{"input":${JSON.stringify(record.text)}${name}${screenedSuffix}`;
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

  return {
    dataVersion: classifier.dataVersion,
    classifyChunk(records) {
      const stats = emptyStats();
      let lines = '';
      for (const r of records) {
        stats.records++;
        const t = mark();
        lines += lineOf(r, stats) + '\n';
        if (PROFILE) lap('record', t);
      }
      return { lines, stats };
    },
  };
}
