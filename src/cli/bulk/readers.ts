/**
 * Streaming readers for bulk input files: SMILES lists, SDF and CSV. Each yields one record at a
 * time with where it came from, so a 1 GB file is never held in memory. A record that cannot even be
 * cut out of the file (a line or record longer than the limits) becomes a record with a problem
 * instead of stopping the run.
 */
import { StringDecoder } from 'node:string_decoder';
import { extname } from 'node:path';
import { LIMITS } from '../../chem/structure.js';
import { problem, type Problem } from '../../problems.js';

export type BulkFormat = 'smi' | 'sdf' | 'csv';
export const BULK_FORMATS: readonly BulkFormat[] = ['smi', 'sdf', 'csv'];

export interface BulkRecord {
  /** 1-based record number in the file. */
  record: number;
  /** 1-based line where the record starts. */
  line: number;
  /** The structure text handed to the classifier (SMILES, CXSMILES, name, or an SDF record's molfile). */
  text: string;
  /** Title: the SMILES file's second column, the SDF title line, or the CSV name column. */
  name?: string;
  /** Set when the record could not be read; it is reported as an ok:false line. */
  problem?: Problem;
}

/** Counts bytes consumed, for progress and ETA. */
export interface ByteCounter {
  bytes: number;
}

export function formatFromPath(path: string): BulkFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.smi' || ext === '.smiles' || ext === '.txt' || ext === '.ism' || ext === '.can') return 'smi';
  if (ext === '.sdf' || ext === '.sd') return 'sdf';
  if (ext === '.csv') return 'csv';
  return undefined;
}

interface Line {
  text: string;
  /** 1-based. */
  number: number;
  /** Characters beyond the cap when the line was longer; `text` then holds only its first `cap` characters. */
  overlong?: number;
}

/** Splits a byte stream into lines (LF or CRLF), keeping at most `cap` characters of any line. */
export async function* readLines(source: AsyncIterable<Buffer | string>, cap: number, counter?: ByteCounter): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let parts: string[] = [];
  let partLength = 0;
  let overlong = 0;
  let number = 0;
  const finish = (): Line => {
    number++;
    let text = parts.join('');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const line: Line = overlong ? { text, number, overlong } : { text, number };
    parts = [];
    partLength = 0;
    overlong = 0;
    return line;
  };
  const take = (piece: string) => {
    if (overlong) {
      overlong += piece.length;
      return;
    }
    if (partLength + piece.length > cap) {
      const room = cap - partLength;
      parts.push(piece.slice(0, room));
      overlong = piece.length - room;
      partLength += room;
      return;
    }
    parts.push(piece);
    partLength += piece.length;
  };
  for await (const chunk of source) {
    if (counter) counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        take(text.slice(start));
        break;
      }
      take(text.slice(start, nl));
      yield finish();
      start = nl + 1;
    }
  }
  take(decoder.end());
  if (partLength > 0 || overlong > 0) yield finish();
}

function tooLarge(length: number, max: number, what: string): Problem {
  return problem('INPUT_TOO_LARGE', `The ${what} is ${length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')} are accepted.`);
}

/**
 * One SMILES per line, optionally followed by whitespace and a title. A CXSMILES extension
 * ("C1CC1 |$R1$|") stays with the structure. Blank lines and lines starting with '#' are skipped.
 */
export async function* readSmiles(source: AsyncIterable<Buffer | string>, counter?: ByteCounter): AsyncGenerator<BulkRecord> {
  let record = 0;
  // Keep a little more than the accepted length so the classifier reports the real size problem.
  for await (const line of readLines(source, LIMITS.maxLineChars + 1024, counter)) {
    if (line.overlong) {
      record++;
      yield { record, line: line.number, text: line.text.slice(0, 80), problem: tooLarge(line.text.length + line.overlong, LIMITS.maxLineChars, 'line') };
      continue;
    }
    const trimmed = line.text.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    record++;
    const m = /^(\S+)(?:\s+(\|[^|]*\|))?(?:\s+(.*))?$/.exec(trimmed);
    if (!m) {
      yield { record, line: line.number, text: trimmed };
      continue;
    }
    const text = m[2] ? `${m[1]} ${m[2]}` : m[1];
    const name = m[3]?.trim();
    yield name ? { record, line: line.number, text, name } : { record, line: line.number, text };
  }
}

/** SDF: molfile records separated by "$$$$" lines; the first line of each record is its title. */
export async function* readSdf(source: AsyncIterable<Buffer | string>, counter?: ByteCounter): AsyncGenerator<BulkRecord> {
  let record = 0;
  let lines: string[] = [];
  let size = 0;
  let firstLine = 0;
  let overflow = false;
  const emit = (): BulkRecord | undefined => {
    const body = lines;
    const startLine = firstLine;
    const wasOverflow = overflow;
    const totalSize = size;
    lines = [];
    size = 0;
    overflow = false;
    if (!wasOverflow && body.every((l) => l.trim() === '')) return undefined;
    record++;
    const name = body[0]?.trim() || undefined;
    const base = { record, line: startLine, ...(name ? { name } : {}) };
    if (wasOverflow) return { ...base, text: name ?? '', problem: tooLarge(totalSize, LIMITS.maxBlockChars, 'SDF record') };
    const text = body.join('\n') + '\n';
    if (!/^M {2}END/m.test(text))
      return { ...base, text, problem: problem('INVALID_MOLFILE', "The SDF record has no 'M  END' line; it is not a molfile.") };
    return { ...base, text };
  };
  for await (const line of readLines(source, LIMITS.maxBlockChars + 1, counter)) {
    if (lines.length === 0 && !overflow) firstLine = line.number;
    if (line.text.trimEnd() === '$$$$') {
      const r = emit();
      if (r) yield r;
      continue;
    }
    size += line.text.length + 1 + (line.overlong ?? 0);
    if (line.overlong || size > LIMITS.maxBlockChars) {
      overflow = true;
      lines = [lines[0] ?? line.text.slice(0, 200)];
      continue;
    }
    if (!overflow) lines.push(line.text);
  }
  const last = emit();
  if (last) yield last;
}

export interface CsvOptions {
  /** Column with the structure; default the first of smiles/SMILES/canonical_smiles (case-insensitive "smiles"). */
  column?: string;
}

/** Raised when the CSV header has no structure column: the whole file cannot be read. */
export class CsvHeaderError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/**
 * CSV (RFC 4180: quoted fields may hold commas, quotes as "" and newlines) with a header row. The
 * structure column is `smiles` (any case) or --column; a `name`, `title` or `id` column gives the title.
 */
export async function* readCsv(source: AsyncIterable<Buffer | string>, options: CsvOptions = {}, counter?: ByteCounter): AsyncGenerator<BulkRecord> {
  let header: string[] | undefined;
  let structureIndex = -1;
  let nameIndex = -1;
  let record = 0;
  for await (const row of csvRows(source, counter)) {
    if (!header) {
      header = row.fields.map((f) => f.trim());
      const lower = header.map((h) => h.toLowerCase());
      structureIndex = options.column ? header.indexOf(options.column) : lower.indexOf('smiles');
      if (structureIndex < 0 && options.column) structureIndex = lower.indexOf(options.column.toLowerCase());
      if (structureIndex < 0)
        throw new CsvHeaderError(
          problem(
            'INVALID_RECORD',
            options.column
              ? `The CSV header has no column "${options.column}" (columns: ${header.join(', ')}).`
              : `The CSV header has no "smiles" column (columns: ${header.join(', ')}); name the structure column with --column.`,
            { line: 1, field: options.column ?? 'smiles' },
          ),
        );
      nameIndex = ['name', 'title', 'id', 'compound'].map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? -1;
      continue;
    }
    if (row.fields.length === 1 && row.fields[0].trim() === '' && !row.overlong) continue;
    record++;
    const name = nameIndex >= 0 ? row.fields[nameIndex]?.trim() || undefined : undefined;
    const base = { record, line: row.line, ...(name ? { name } : {}) };
    if (row.overlong) {
      yield { ...base, text: '', problem: tooLarge(row.overlong, LIMITS.maxBlockChars, 'CSV record') };
      continue;
    }
    const text = row.fields[structureIndex];
    if (text === undefined) {
      yield {
        ...base,
        text: '',
        problem: problem('INVALID_RECORD', `The CSV record has ${row.fields.length} fields; the structure column is number ${structureIndex + 1}.`, {
          line: row.line,
          field: header[structureIndex],
        }),
      };
      continue;
    }
    yield { ...base, text };
  }
}

interface CsvRow {
  fields: string[];
  line: number;
  /** Set (to the size) when the record exceeded the limit and was skipped. */
  overlong?: number;
}

async function* csvRows(source: AsyncIterable<Buffer | string>, counter?: ByteCounter): AsyncGenerator<CsvRow> {
  const decoder = new StringDecoder('utf8');
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let startLine = 1;
  let size = 0;
  let atRowStart = true;
  const max = LIMITS.maxBlockChars;
  const endRow = (): CsvRow => {
    fields.push(field);
    const row: CsvRow = size > max ? { fields: [], line: startLine, overlong: size } : { fields, line: startLine };
    fields = [];
    field = '';
    size = 0;
    atRowStart = true;
    return row;
  };
  const consume = function* (text: string): Generator<CsvRow> {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (atRowStart) {
        startLine = line;
        atRowStart = false;
      }
      size++;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            if (size <= max) field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // A quote at the chunk's end: decide on the next chunk. Treat as closing; "" across chunks is re-joined below.
            quoted = false;
            afterQuote = true;
          } else {
            quoted = false;
            afterQuote = true;
          }
        } else {
          if (ch === '\n') line++;
          if (size <= max) field += ch;
        }
        continue;
      }
      if (ch === '"') {
        if (afterQuote) {
          // "" split across two chunks: an escaped quote inside a quoted field.
          quoted = true;
          afterQuote = false;
          if (size <= max) field += '"';
          continue;
        }
        if (field === '') {
          quoted = true;
          continue;
        }
      }
      afterQuote = false;
      if (ch === ',') {
        fields.push(size <= max ? field : '');
        field = '';
      } else if (ch === '\n') {
        line++;
        if (field.endsWith('\r')) field = field.slice(0, -1);
        yield endRow();
      } else if (size <= max) field += ch;
    }
  };
  for await (const chunk of source) {
    if (counter) counter.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    yield* consume(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  yield* consume(decoder.end());
  if (!atRowStart) {
    if (field.endsWith('\r')) field = field.slice(0, -1);
    yield endRow();
  }
}

export function readRecords(format: BulkFormat, source: AsyncIterable<Buffer | string>, options: CsvOptions = {}, counter?: ByteCounter): AsyncGenerator<BulkRecord> {
  if (format === 'sdf') return readSdf(source, counter);
  if (format === 'csv') return readCsv(source, options, counter);
  return readSmiles(source, counter);
}
