/**
 * `narcotrace compare US CN [--as-of DATE] [--input FILE] [--json]`: the coverage comparison of two
 * jurisdictions (src/warning). Without --input it compares every registry substance and the class
 * rules' example structures; with --input it compares the file's structures through the bulk path
 * (src/cli/bulk: readers, prefilter, worker threads), whose Verdict lines it reads.
 *
 * Output: a table (totals, totals per class and list, then the structures whose coverage differs; all
 * with --all), or with --json one JSON line per structure and a last line `{"summary":true,…}`.
 * Exit codes: 0 done; 2 a bad option (or some records could not be read); 1 the run failed.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Writable, type Readable } from 'node:stream';
import { Command, type CommanderError } from 'commander';
import { z } from 'zod';
import type { Jurisdiction } from '../law/verdict.js';
import { problem, type Problem } from '../problems.js';
import {
  compareVerdict,
  describeSide,
  outcomeLabel,
  totalsOf,
  type ComparisonReport,
  type ComparisonRow,
  type Counts,
  type VerdictLike,
} from '../warning/compare.js';
import { BULK_FORMATS, formatFromPath, type BulkFormat } from './bulk/readers.js';
import { parseAsOf, parseJurisdictions, type CommandIo } from './classify.js';

const RawOptions = z.object({
  json: z.boolean().optional(),
  asOf: z.string().optional(),
  input: z.string().optional(),
  format: z.string().optional(),
  column: z.string().optional(),
  workers: z.string().optional(),
  all: z.boolean().optional(),
});
type RawOptions = z.infer<typeof RawOptions>;

export interface CompareCommandOptions {
  a: Jurisdiction;
  b: Jurisdiction;
  asOf: string;
  json: boolean;
  all: boolean;
  input?: string;
  format?: BulkFormat;
  column?: string;
  workers: number;
}

function validate(a: string, b: string, raw: RawOptions): { ok: true; options: CompareCommandOptions } | { ok: false; problem: Problem } {
  const pair = parseJurisdictions(`${a},${b}`);
  if (!pair.ok) return pair;
  if (pair.value.length !== 2) return { ok: false, problem: problem('INVALID_OPTION', `Compare two different jurisdictions (got ${a} and ${b}).`, { field: 'jurisdictions' }) };
  const asOf = parseAsOf(raw.asOf);
  if (!asOf.ok) return asOf;
  let workers = Math.min(availableParallelism(), 8);
  if (raw.workers !== undefined) {
    if (!/^\d{1,3}$/.test(raw.workers.trim()) || Number(raw.workers) > 256)
      return { ok: false, problem: problem('INVALID_OPTION', `--workers "${raw.workers}" must be a whole number from 0 to 256 (0 = the main thread).`, { field: 'workers' }) };
    workers = Number(raw.workers);
  }
  let format: BulkFormat | undefined;
  if (raw.format !== undefined) {
    if (!(BULK_FORMATS as readonly string[]).includes(raw.format))
      return { ok: false, problem: problem('UNSUPPORTED_FORMAT', `--format "${raw.format}" is not one of ${BULK_FORMATS.join(', ')}.`, { field: 'format' }) };
    format = raw.format as BulkFormat;
  }
  if (raw.input !== undefined && raw.input !== '-') {
    if (!existsSync(raw.input) || !statSync(raw.input).isFile())
      return { ok: false, problem: problem('FILE_NOT_FOUND', `The input file "${raw.input}" does not exist or is not a file.`, { field: 'input' }) };
    format ??= formatFromPath(raw.input);
    if (!format) return { ok: false, problem: problem('UNSUPPORTED_FORMAT', `Cannot tell the format of "${raw.input}" from its extension; give --format ${BULK_FORMATS.join('|')}.`, { field: 'format' }) };
  } else if (raw.input === undefined && (raw.format !== undefined || raw.column !== undefined)) {
    return { ok: false, problem: problem('INVALID_OPTION', '--format and --column apply only with --input FILE.', { field: 'input' }) };
  }
  const [ja, jb] = pair.value as [Jurisdiction, Jurisdiction];
  return {
    ok: true,
    options: { a: ja, b: jb, asOf: asOf.value, json: raw.json ?? false, all: raw.all ?? false, input: raw.input, format: format ?? (raw.input === '-' ? 'smi' : undefined), column: raw.column, workers },
  };
}

/** Collects the bulk path's Verdict lines into comparison rows. */
class RowCollector extends Writable {
  readonly rows: ComparisonRow[] = [];
  private rest = '';
  private record = 0;
  constructor(private readonly a: Jurisdiction, private readonly b: Jurisdiction) {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = this.rest + String(chunk);
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    try {
      for (const line of lines) if (line) this.take(line);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
  override _final(done: (err?: Error | null) => void): void {
    if (this.rest) this.take(this.rest);
    done();
  }
  private take(line: string): void {
    this.record++;
    const v = JSON.parse(line) as VerdictLike;
    this.rows.push(compareVerdict(v, this.a, this.b, `input:${this.record}`));
  }
}

/** Compares every record of a file (or stream) through the bulk path. */
export async function compareFile(options: {
  a: Jurisdiction;
  b: Jurisdiction;
  asOf: string;
  source: AsyncIterable<Buffer | string>;
  totalBytes?: number;
  format: BulkFormat;
  column?: string;
  workers: number;
}): Promise<{ report: ComparisonReport; elapsedSeconds: number; startupSeconds: number; workers: number }> {
  const { runBulk } = await import('./bulk/runner.js');
  const collector = new RowCollector(options.a, options.b);
  const result = await runBulk({
    source: options.source,
    totalBytes: options.totalBytes,
    format: options.format,
    column: options.column,
    output: collector,
    asOf: options.asOf,
    jurisdictions: [options.a, options.b],
    prefilter: true,
    workers: options.workers,
  });
  await new Promise<void>((resolve, reject) => collector.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const rows = collector.rows;
  return {
    report: { a: options.a, b: options.b, asOf: options.asOf, dataVersion: result.dataVersion, totals: totalsOf(rows), rows },
    elapsedSeconds: result.elapsedSeconds,
    startupSeconds: result.startupSeconds,
    workers: result.workers,
  };
}

const HELP_AFTER = `
Each structure is one of: controlled by both; only by one (which, by what list or class clause);
by neither; or needs review on one side (an unsettled reading, or a listing whose date of effect is
not recorded). Totals are given per class rule and list (a structure counts under every list or rule
that has a finding for it on either side) and per category (drug, precursor, none).

Without --input: every registry substance with a structure, and every example structure of the class
rules (rules/*.yaml), each InChIKey once. With --input FILE (.smi .sdf .csv, "-" = SMILES on stdin):
those structures, classified on the bulk path (prefilter, worker threads), in input order.

--json: one JSON line per structure { input, name, source, outcome, a, b, groups, category,
difference }, then {"summary":true, a, b, asOf, dataVersion, totals}.

Examples:
  narcotrace compare US CN --as-of 2019-06-01
  narcotrace compare US CN --as-of 2018-01-01 --json > us-cn-2018.jsonl
  narcotrace compare CN UN --input seizures.smi
`;

export function configureCompare(command: Command, io: CommandIo): Command {
  return command
    .description('Compare the coverage of two jurisdictions, substance by substance and class by class, at a date.')
    .argument('<a>', 'first jurisdiction, e.g. US')
    .argument('<b>', 'second jurisdiction, e.g. CN')
    .option('--json', 'one JSON line per structure, then a summary line, instead of a table')
    .option('--as-of <date>', 'evaluate both laws as in force on this date, YYYY-MM-DD (default: today)')
    .option('-i, --input <file>', 'compare the structures of a .smi/.sdf/.csv file ("-" = stdin, SMILES lines)')
    .option('--format <format>', `input format when the extension does not tell: ${BULK_FORMATS.join(', ')}`)
    .option('--column <name>', 'CSV column that holds the structure (default: "smiles")')
    .option('--workers <n>', 'worker threads for --input (default: up to 8 cores; 0 = main thread)')
    .option('--all', 'in the table, list every structure, not only those whose coverage differs')
    .addHelpText('after', HELP_AFTER)
    .action(async (a: string, b: string, raw: unknown) => {
      io.setExitCode(await runCompareCommand(a, b, RawOptions.parse(raw), io));
    });
}

export function register(program: Command): void {
  const command = program.command('compare');
  command.exitOverride((err: CommanderError) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  configureCompare(command, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  });
}

async function runCompareCommand(a: string, b: string, raw: RawOptions, io: CommandIo): Promise<number> {
  const checked = validate(a, b, raw);
  if (!checked.ok) {
    io.stderr.write(`error [${checked.problem.code}]: ${checked.problem.message}\n`);
    if (raw.json) io.stdout.write(JSON.stringify({ ok: false, error: checked.problem }) + '\n');
    return 2;
  }
  const o = checked.options;
  let report: ComparisonReport;
  const started = performance.now();
  try {
    if (o.input !== undefined) {
      const fromStdin = o.input === '-';
      const source: AsyncIterable<Buffer | string> = fromStdin ? (io.stdin as Readable) : createReadStream(o.input, { highWaterMark: 1 << 16 });
      report = (await compareFile({ a: o.a, b: o.b, asOf: o.asOf, source, totalBytes: fromStdin ? undefined : statSync(o.input).size, format: o.format ?? 'smi', column: o.column, workers: o.workers })).report;
    } else {
      const [{ loadClassifier }, { runComparison }] = await Promise.all([import('../law/index.js'), import('../warning/run.js')]);
      report = runComparison(await loadClassifier(), { a: o.a, b: o.b, asOf: o.asOf });
    }
  } catch (err) {
    const p = (err as { problem?: Problem }).problem;
    io.stderr.write(p ? `error [${p.code}]: ${p.message}\n` : `error: the run failed: ${(err as Error).message}\n`);
    return p ? 2 : 1;
  }
  const seconds = (performance.now() - started) / 1000;
  if (o.json) {
    let out = '';
    for (const r of report.rows) out += JSON.stringify(r) + '\n';
    out += JSON.stringify({ summary: true, a: report.a, b: report.b, asOf: report.asOf, dataVersion: report.dataVersion, totals: report.totals }) + '\n';
    await new Promise<void>((resolve, reject) => io.stdout.write(out, (err) => (err ? reject(err) : resolve())));
  } else {
    io.stdout.write(renderReport(report, o.all));
  }
  io.stderr.write(`Compared ${report.rows.length.toLocaleString('en')} structures in ${seconds.toFixed(2)} s (${Math.round(report.rows.length / Math.max(seconds, 1e-9)).toLocaleString('en')} mol/s).\n`);
  return report.totals.all.error > 0 ? 2 : 0;
}

function countCells(c: Counts): string[] {
  return [c.total, c.both, c['only-a'], c['only-b'], c.neither, c.review, c.error].map((n) => String(n));
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function renderReport(report: ComparisonReport, all = false): string {
  const { a, b } = report;
  const head = ['', 'total', 'both', `only ${a}`, `only ${b}`, 'neither', 'review', 'error'];
  const out: string[] = [`Coverage ${a} vs ${b} as of ${report.asOf}`, ''];
  out.push(table(head, [['all', ...countCells(report.totals.all)]]));
  out.push(table(['category', ...head.slice(1)], Object.entries(report.totals.byCategory).map(([k, c]) => [k, ...countCells(c)])));
  out.push(table(['class rule or list', ...head.slice(1)], Object.entries(report.totals.byGroup).map(([k, c]) => [k, ...countCells(c)])));
  const shown = all ? report.rows : report.rows.filter((r) => r.outcome === 'only-a' || r.outcome === 'only-b' || r.outcome === 'review' || r.outcome === 'error');
  out.push(all ? 'Every structure:' : `Where coverage differs or needs review (${shown.length}):`);
  for (const r of shown) {
    out.push(`  ${outcomeLabel(r.outcome, a, b).padEnd(14)} ${r.name ?? r.input}${r.name && r.smiles ? `  ${r.smiles}` : ''}`);
    if (r.outcome === 'error') out.push(`      error ${r.errorCode}`);
    else out.push(`      ${describeSide(r.a)}`, `      ${describeSide(r.b)}`);
  }
  out.push('', `data ${report.dataVersion}`, '');
  return out.join('\n');
}
