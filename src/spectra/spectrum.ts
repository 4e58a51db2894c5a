/**
 * Spectra as plain data, and the checks every spectrum passes before it is stored or searched:
 * at least one peak above zero, finite numbers, m/z in range, not absurdly many peaks. Pure.
 */
import { problem, type Problem } from '../problems.js';
import './problems.js';

/** One peak: m/z and intensity (any scale; searches normalise). */
export type Peak = readonly [mz: number, intensity: number];

/** EI: a unit-resolution electron-ionisation spectrum (GC-MS); MS2: a tandem spectrum with a precursor (LC-MS/MS). */
export type SpectrumKind = 'EI' | 'MS2';

/** One spectrum as a parser reads it from a library file, before it is stored. */
export interface SpectrumRecord {
  name: string;
  synonyms?: string[];
  inchikey?: string;
  smiles?: string;
  formula?: string;
  /** Nominal molecular weight (EI libraries), when given. */
  mw?: number;
  exactMass?: number;
  cas?: string;
  /** The record's own id or accession in its source. */
  sourceId?: string;
  kind: SpectrumKind;
  precursorMz?: number;
  /** e.g. "[M+H]+". */
  precursorType?: string;
  collisionEnergy?: string;
  ionMode?: 'positive' | 'negative';
  peaks: Peak[];
  /** Line of the file where the record starts (1-based). */
  line: number;
}

/** A record that could not be read, with where. A bulk import reports these and goes on. */
export interface RecordProblem {
  file: string;
  problem: Problem;
}

export const MAX_PEAKS = 100_000;
export const MAX_MZ = 10_000;

/**
 * Checks and tidies a peak list: sorted by m/z, duplicate m/z merged (the larger intensity kept),
 * zero-intensity peaks dropped. Returns a problem for an empty spectrum, a NaN or negative value,
 * an m/z out of (0, 10000], or more than 100,000 peaks.
 */
export function checkPeaks(peaks: readonly Peak[], line?: number): { ok: true; peaks: Peak[] } | { ok: false; problem: Problem } {
  const where = line === undefined ? undefined : { line };
  if (peaks.length > MAX_PEAKS) return { ok: false, problem: problem('TOO_MANY_PEAKS', `The spectrum has ${peaks.length.toLocaleString('en')} peaks; at most ${MAX_PEAKS.toLocaleString('en')} are accepted.`, where) };
  const merged = new Map<number, number>();
  for (const [mz, intensity] of peaks) {
    if (!Number.isFinite(mz) || !Number.isFinite(intensity))
      return { ok: false, problem: problem('INVALID_PEAK', `A peak (${mz}, ${intensity}) is not a pair of finite numbers.`, where) };
    if (intensity < 0) return { ok: false, problem: problem('INVALID_PEAK', `A peak at m/z ${mz} has a negative intensity (${intensity}).`, where) };
    if (mz <= 0 || mz > MAX_MZ) return { ok: false, problem: problem('MZ_OUT_OF_RANGE', `m/z ${mz} is out of range: it must be above 0 and at most ${MAX_MZ}.`, where) };
    if (intensity === 0) continue;
    const had = merged.get(mz);
    if (had === undefined || had < intensity) merged.set(mz, intensity);
  }
  if (merged.size === 0) return { ok: false, problem: problem('EMPTY_SPECTRUM', 'The spectrum has no peak with an intensity above zero.', where) };
  return { ok: true, peaks: [...merged].sort((a, b) => a[0] - b[0]) };
}

/**
 * Text of a library file from its bytes: UTF-8 (a BOM is dropped) or UTF-16 with a BOM. Anything
 * else (UTF-16 without a BOM, binary data, other 8-bit encodings) is refused with INVALID_ENCODING
 * rather than read as garbage; `latin1: true` reads an 8-bit file as Latin-1 instead.
 */
export function decodeText(bytes: Uint8Array, options: { latin1?: boolean } = {}): { ok: true; text: string } | { ok: false; problem: Problem } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const sample = bytes.subarray(0, 65536);
  if (sample.includes(0))
    return { ok: false, problem: problem('INVALID_ENCODING', 'The file holds NUL bytes: it is binary, or UTF-16 without a byte-order mark. Save it as UTF-8 text.') };
  if (options.latin1) return { ok: true, text: new TextDecoder('latin1').decode(bytes) };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { ok: false, problem: problem('INVALID_ENCODING', 'The file is not valid UTF-8 text (perhaps Latin-1 or Windows-1252): convert it to UTF-8, or import it with the Latin-1 option.') };
  }
}

/** Splits text into lines, whatever the line ends (CRLF, LF, CR). */
export function linesOf(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

/** A plain peak list, "mz intensity" pairs separated by spaces, tabs, commas, semicolons or new lines (pasted peaks). */
export function parsePeakText(text: string): { ok: true; peaks: Peak[] } | { ok: false; problem: Problem } {
  const peaks: Peak[] = [];
  const lines = linesOf(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (!line) continue;
    if (i === 0 && /^[a-z"' ]/i.test(line) && /m\s*\/?\s*z|mass/i.test(line)) continue; // a header row
    const numbers = line.split(/[\s,;:]+/).filter(Boolean);
    if (numbers.length % 2 !== 0) return { ok: false, problem: problem('INVALID_PEAK', `Line ${i + 1} does not hold m/z–intensity pairs: "${line.slice(0, 80)}".`, { line: i + 1 }) };
    for (let k = 0; k < numbers.length; k += 2) {
      const mz = Number(numbers[k]);
      const intensity = Number(numbers[k + 1]);
      if (numbers[k].trim() === '' || numbers[k + 1].trim() === '' || Number.isNaN(mz) || Number.isNaN(intensity))
        return { ok: false, problem: problem('INVALID_PEAK', `Line ${i + 1}: "${numbers[k]} ${numbers[k + 1]}" is not a pair of numbers.`, { line: i + 1 }) };
      peaks.push([mz, intensity]);
    }
  }
  const checked = checkPeaks(peaks);
  return checked;
}
