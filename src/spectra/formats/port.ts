/**
 * The one port for spectral library formats: each adapter (msp.ts, jcamp.ts, massbank.ts, csv.ts)
 * turns a file's text into records and per-record problems. A malformed record is reported with the
 * file and line and skipped; it never stops the rest. A problem with `fatal` set (a truncated file)
 * means the file as a whole cannot be trusted, and the import stores nothing.
 */
import type { RecordProblem, SpectrumRecord } from '../spectrum.js';

export type FormatId = 'msp' | 'jcamp' | 'massbank' | 'csv';
export const FORMAT_IDS: readonly FormatId[] = ['msp', 'jcamp', 'massbank', 'csv'];

export interface ParseResult {
  records: SpectrumRecord[];
  problems: RecordProblem[];
  /** True when the file is cut short or otherwise unusable as a whole: import nothing. */
  fatal: boolean;
}

export interface SpectrumFormat {
  id: FormatId;
  /** File name endings that suggest this format. */
  extensions: readonly string[];
  parse(text: string, file: string): ParseResult;
}
