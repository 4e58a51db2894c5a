/**
 * `narcotrace classify`: one or more structures from the command line (a table, or JSON Lines with
 * --json), or a whole file with --input (JSON Lines, in input order, on all cores, with progress).
 *
 * Exit codes: 0 every input classified; 2 some input or option was bad (its line says why; the
 * others are still classified); 1 the run itself failed (e.g. a worker could not start).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { Command, type CommanderError } from 'commander';
import { z } from 'zod';
import type { Profile } from '../chem/profile.js';
import { LIMITS } from '../chem/structure.js';
import type { Classifier } from '../law/classify.js';
import { JURISDICTIONS, isJurisdiction, today, type Finding, type Jurisdiction, type VerdictResult } from '../law/verdict.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import { CheckpointWriter, fingerprintOf, removeCheckpoint, resumePoint, type Checkpoint } from './bulk/checkpoint.js';
import { addStats, emptyStats } from './bulk/classify-chunk.js';
import { createProgressReporter, formatCount, formatDuration } from './bulk/progress.js';
import { BULK_FORMATS, CsvHeaderError, formatFromPath, type BulkFormat } from './bulk/readers.js';
import type { BulkResult } from './bulk/runner.js';

export interface CommandIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  /** Colour in the table: default when stdout is a terminal and NO_COLOR is not set. */
  colour?: boolean;
  setExitCode(code: number): void;
}

const RawOptions = z.object({
  json: z.boolean().optional(),
  asOf: z.string().optional(),
  jurisdictions: z.string().optional(),
  input: z.string().optional(),
  format: z.string().optional(),
  column: z.string().optional(),
  output: z.string().optional(),
  workers: z.string().optional(),
  prefilter: z.boolean().optional(),
  quiet: z.boolean().optional(),
  resume: z.boolean().optional(),
});
type RawOptions = z.infer<typeof RawOptions>;

export interface ClassifyCommandOptions {
  json: boolean;
  asOf: string;
  jurisdictions: Jurisdiction[];
  input?: string;
  format?: BulkFormat;
  column?: string;
  output?: string;
  workers: number;
  prefilter: boolean;
  quiet: boolean;
  /** Continue an interrupted bulk run into the same --output file. */
  resume: boolean;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseAsOf(text: string | undefined): { ok: true; value: string } | { ok: false; problem: Problem } {
  if (text === undefined) return { ok: true, value: today() };
  const m = DATE.exec(text.trim());
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d) return { ok: true, value: m[0] };
  }
  return { ok: false, problem: problem('INVALID_DATE', `--as-of "${text}" is not a calendar date in the form YYYY-MM-DD.`, { field: 'as-of' }) };
}

export function parseJurisdictions(text: string | undefined): { ok: true; value: Jurisdiction[] } | { ok: false; problem: Problem } {
  if (text === undefined) return { ok: true, value: [...JURISDICTIONS] };
  const parts = text.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = parts.filter((p) => !isJurisdiction(p));
  if (unknown.length || parts.length === 0)
    return {
      ok: false,
      problem: problem('UNKNOWN_JURISDICTION', `Unknown jurisdiction ${unknown.length ? unknown.map((u) => `"${u}"`).join(', ') : '(none given)'}; use any of ${JURISDICTIONS.join(', ')}.`, {
        field: 'jurisdictions',
      }),
    };
  return { ok: true, value: [...new Set(parts)] as Jurisdiction[] };
}

function validate(structures: string[], raw: RawOptions): { ok: true; options: ClassifyCommandOptions } | { ok: false; problem: Problem } {
  const asOf = parseAsOf(raw.asOf);
  if (!asOf.ok) return asOf;
  const jurisdictions = parseJurisdictions(raw.jurisdictions);
  if (!jurisdictions.ok) return jurisdictions;
  let workers = availableParallelism();
  if (raw.workers !== undefined) {
    if (!/^\d{1,3}$/.test(raw.workers.trim()) || Number(raw.workers) > 256)
      return { ok: false, problem: problem('INVALID_OPTION', `--workers "${raw.workers}" must be a whole number from 0 to 256 (0 = classify in the main thread).`, { field: 'workers' }) };
    workers = Number(raw.workers);
  }
  let format: BulkFormat | undefined;
  if (raw.format !== undefined) {
    if (!(BULK_FORMATS as readonly string[]).includes(raw.format))
      return { ok: false, problem: problem('UNSUPPORTED_FORMAT', `--format "${raw.format}" is not one of ${BULK_FORMATS.join(', ')}.`, { field: 'format' }) };
    format = raw.format as BulkFormat;
  }
  if (raw.input !== undefined) {
    if (structures.length)
      return { ok: false, problem: problem('INVALID_OPTION', 'Give structures as arguments or a file with --input, not both.', { field: 'input' }) };
    if (raw.input !== '-') {
      if (!existsSync(raw.input) || !statSync(raw.input).isFile())
        return { ok: false, problem: problem('FILE_NOT_FOUND', `The input file "${raw.input}" does not exist or is not a file.`, { field: 'input' }) };
      format ??= formatFromPath(raw.input);
      if (!format)
        return {
          ok: false,
          problem: problem('UNSUPPORTED_FORMAT', `Cannot tell the format of "${raw.input}" from its extension; give --format ${BULK_FORMATS.join('|')}.`, { field: 'format' }),
        };
    }
    if (raw.resume && (raw.input === '-' || raw.output === undefined))
      return { ok: false, problem: problem('INVALID_OPTION', '--resume needs --input FILE and --output FILE (standard input and output cannot be resumed).', { field: 'resume' }) };
  } else if (raw.output !== undefined || raw.format !== undefined || raw.column !== undefined || raw.resume) {
    return { ok: false, problem: problem('INVALID_OPTION', '--output, --format and --column apply only with --input FILE.', { field: 'input' }) };
  } else if (structures.length === 0) {
    if (raw.resume) return { ok: false, problem: problem('INVALID_OPTION', '--resume continues a bulk run: give --input FILE and the same --output FILE.', { field: 'resume' }) };
    return { ok: false, problem: problem('EMPTY_INPUT', 'No structure was given: pass SMILES, InChI, names or CAS numbers as arguments, "-" for stdin, or --input FILE.') };
  }
  return {
    ok: true,
    options: {
      json: raw.json ?? false,
      asOf: asOf.value,
      jurisdictions: jurisdictions.value,
      input: raw.input,
      format: format ?? (raw.input === '-' ? 'smi' : undefined),
      column: raw.column,
      output: raw.output,
      workers,
      prefilter: raw.prefilter ?? true,
      quiet: raw.quiet ?? false,
      resume: raw.resume ?? false,
    },
  };
}

const HELP_AFTER = `
Structures:
  A SMILES, CXSMILES, InChI, registry name (English or Chinese) or CAS number per argument.
  "-" reads one structure (for example a molfile) from standard input.

Bulk (--input FILE, "-" for standard input):
  Formats by extension: .smi .smiles .txt (one SMILES per line, optional title after whitespace),
  .sdf .sd (records separated by $$$$, title on the first line), .csv (header with a "smiles"
  column, or --column NAME). Writes one JSON line per record in input order to --output (or
  stdout); a bad record becomes an {"ok":false} line with where:{line,record} and the run goes on.
  Progress and a summary go to stderr.

  Prefilter (default): records whose SMILES text provably lacks the atoms or the atom graph that any
  class rule or listed substance needs are settled without parsing (most others after one parse):
  {"ok":true,"structure":null,"screenedOut":true,...}, not controlled. Other records are classified with InChIKeys only where a finding may exist.
  --no-prefilter parses and fully identifies every record (slower; structure on every line).

Exit codes: 0 all classified; 2 a bad input or option (every other input is still classified);
  1 the run failed.

Examples:
  narcotrace classify 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1'
  narcotrace classify --json --as-of 2018-01-01 --jurisdictions US,CN fentanyl
  narcotrace classify --input catalog.smi --output verdicts.jsonl
`;

export function configureClassify(command: Command, io: CommandIo): Command {
  return command
    .description('Classify structures under US, Chinese and UN law (one by one, or a whole file with --input).')
    .argument('[structures...]', 'SMILES, CXSMILES, InChI, name or CAS number; "-" reads one structure from stdin')
    .option('--json', 'print one JSON verdict per input (JSON Lines) instead of a table')
    .option('--as-of <date>', 'evaluate the law as in force on this date, YYYY-MM-DD (default: today)')
    .option('--jurisdictions <list>', `comma-separated subset of ${JURISDICTIONS.join(',')} (default: all)`)
    .option('-i, --input <file>', 'classify every record of a .smi/.sdf/.csv file ("-" = stdin, SMILES lines)')
    .option('--format <format>', `input format when the extension does not tell: ${BULK_FORMATS.join(', ')}`)
    .option('--column <name>', 'CSV column that holds the structure (default: "smiles")')
    .option('-o, --output <file>', 'write JSON Lines here instead of stdout')
    .option('--workers <n>', `worker threads for --input (default: ${availableParallelism()}, the number of cores; 0 = main thread)`)
    .option('--no-prefilter', 'with --input: parse and fully identify every record, instead of first settling those that provably match nothing')
    .option('-q, --quiet', 'with --input: no progress on stderr (the summary is still printed)')
    .option('--resume', 'with --input and --output: continue an interrupted run (the output is checkpointed as it is written)')
    .addHelpText('after', HELP_AFTER)
    .action(async (structures: string[], raw: unknown) => {
      io.setExitCode(await runClassifyCommand(structures, RawOptions.parse(raw), io));
    });
}

export function register(program: Command): void {
  const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const command = program.command('classify');
  // Usage errors (unknown option, missing value) are bad options too: exit 2, like every bad input.
  command.exitOverride((err: CommanderError) => {
    process.exit(err.exitCode === 0 ? 0 : 2);
  });
  configureClassify(command, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    colour,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  });
}

async function runClassifyCommand(structures: string[], raw: RawOptions, io: CommandIo): Promise<number> {
  const checked = validate(structures, raw);
  if (!checked.ok) {
    reportOptionProblem(checked.problem, raw.json === true && raw.output === undefined, io);
    return 2;
  }
  const options = checked.options;
  if (options.input !== undefined) return runBulkCommand(options, io);

  const { loadClassifier } = await import('../law/index.js');
  const classifier = await loadClassifier();
  let failed = false;
  for (const structure of structures) {
    let result: VerdictResult;
    try {
      result = shortenEcho(await classifyArgument(classifier, structure, options, io));
    } catch (err) {
      // Never crash on one input: report it as a value and go on with the others.
      result = { input: structure, ok: false, error: problem('INTERNAL_ERROR', `Internal error while classifying this input: ${(err as Error).message}`) };
    }
    if (!result.ok) failed = true;
    await write(io.stdout, options.json ? JSON.stringify(result) + '\n' : renderVerdict(result, classifier, io.colour ?? false));
  }
  return failed ? 2 : 0;
}

async function classifyArgument(classifier: Classifier, structure: string, options: ClassifyCommandOptions, io: CommandIo): Promise<VerdictResult> {
  const classifyOptions = { asOf: options.asOf, jurisdictions: options.jurisdictions };
  if (structure !== '-') return classifier.classify(structure, classifyOptions);
  const { text, total } = await readBounded(io.stdin, LIMITS.maxBlockChars);
  if (total > text.length)
    return {
      input: text,
      ok: false,
      error: problem('INPUT_TOO_LARGE', `Standard input holds ${total.toLocaleString('en')} characters; at most ${LIMITS.maxBlockChars.toLocaleString('en')} are accepted for one structure.`),
    };
  return classifier.classify(text, classifyOptions);
}

function reportOptionProblem(p: Problem, json: boolean, io: CommandIo): void {
  io.stderr.write(`error [${p.code}]: ${p.message}\n`);
  if (json) io.stdout.write(JSON.stringify({ ok: false, error: p }) + '\n');
}

/** A 10 MB input must not come back as a 10 MB "input" field: echo its start only when it was rejected. */
function shortenEcho(result: VerdictResult): VerdictResult {
  if (result.ok || result.input.length <= 10_000) return result;
  return { ...result, input: `${result.input.slice(0, 200)}… (${result.input.length.toLocaleString('en')} characters)` };
}

/** Reads stdin to the end, keeping at most `max` characters (the rest is drained so the writer never blocks). */
async function readBounded(stream: Readable, max: number): Promise<{ text: string; total: number }> {
  const parts: string[] = [];
  let size = 0;
  let total = 0;
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    total += chunk.length;
    if (size < max) {
      const piece = chunk.slice(0, max - size);
      parts.push(piece);
      size += piece.length;
    }
  }
  return { text: parts.join(''), total };
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}

// ---------------------------------------------------------------------------------------------
// Table

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

export function renderVerdict(result: VerdictResult, classifier: Pick<Classifier, 'dataVersion'>, colour: boolean): string {
  const c = (code: keyof typeof ANSI, text: string) => (colour ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const out: string[] = [c('bold', result.input)];
  if (!result.ok) {
    const where = result.error.where ? ` (${Object.entries(result.error.where).map(([k, v]) => `${k} ${v}`).join(', ')})` : '';
    out.push(`  ${c('red', `error ${result.error.code}`)}: ${result.error.message}${where}`, '');
    return out.join('\n') + '\n';
  }
  const s = result.structure;
  const row = (label: string, value: string) => out.push(`  ${label.padEnd(10)}${value}`);
  row('SMILES', s.smiles);
  if (s.inchikey) row('InChIKey', s.inchikey);
  row('Formula', s.formula);
  if (s.stripped.length) row('Stripped', s.stripped.join(' . '));
  if (s.changes.length) row('Changes', s.changes.join('; '));
  row('As of', result.asOf);
  for (const j of JURISDICTIONS) {
    const v = result.jurisdictions[j];
    if (!v) continue;
    const state = v.controlled ? c('red', 'CONTROLLED') : c('green', 'not controlled');
    out.push(`  ${c('bold', j)}  ${state}${v.needsReview ? '  ' + c('yellow', 'needs review') : ''}`);
    for (const f of v.findings) out.push(...renderFinding(f, c));
  }
  out.push(c('dim', `  data ${classifier.dataVersion}`), '');
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, c: (code: keyof typeof ANSI, text: string) => string): string[] {
  const status = f.statusEn && f.statusEn !== f.status ? `${f.status} (${f.statusEn})` : f.status;
  const head = [
    f.applies ? c('red', status) : c('dim', `${status}, does not apply`),
    f.rule,
    f.kind === 'class' ? 'class rule' : 'listed',
    f.clauses.length ? `clause ${f.clauses.join(', ')}` : '',
    `effective ${f.effective}${f.until ? ` until ${f.until}` : ''}`,
    f.needsReview ? c('yellow', 'needs review') : '',
  ].filter(Boolean);
  const lines = [`      ${head.join('  ·  ')}`, `        ${f.citation}`];
  if (f.substance) lines.push(`        ${f.substance.name}${f.substance.nameZh ? ` / ${f.substance.nameZh}` : ''}${f.substance.cas?.length ? `  CAS ${f.substance.cas.join(', ')}` : ''}`);
  if (f.reason) lines.push(`        ${f.reason}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Bulk

async function runBulkCommand(options: ClassifyCommandOptions, io: CommandIo): Promise<number> {
  const { runBulk } = await import('./bulk/runner.js');
  const fromStdin = options.input === '-';
  const source: AsyncIterable<Buffer | string> = fromStdin ? io.stdin : createReadStream(options.input!, { highWaterMark: 1 << 16 });
  const totalBytes = fromStdin ? undefined : statSync(options.input!).size;
  // A file output is checkpointed as it is written, so an interrupted run can be resumed (--resume).
  let checkpoints: CheckpointWriter | undefined;
  let resumed: Checkpoint | undefined;
  let fingerprint = '';
  if (options.output && !fromStdin) {
    fingerprint = await fingerprintOf({ input: options.input!, format: options.format ?? 'smi', column: options.column, asOf: options.asOf, jurisdictions: options.jurisdictions, prefilter: options.prefilter });
    try {
      const start = await resumePoint(options.output, fingerprint, options.resume);
      resumed = start.checkpoint;
      if (start.note) io.stderr.write(`${start.note}\n`);
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      io.stderr.write(`error [${err.problem.code}]: ${err.problem.message}\n`);
      return 2;
    }
  }
  const outputFile = options.output ? await open(options.output, resumed ? 'a' : 'w') : undefined;
  const output = outputFile ? outputFile.createWriteStream() : io.stdout;
  const progress = createProgressReporter(io.stderr as NodeJS.WriteStream, { quiet: options.quiet });
  let result: BulkResult;
  try {
    result = await runBulk({
      skipRecords: resumed?.records,
      onReady: (dataVersion) => {
        if (resumed && resumed.dataVersion !== dataVersion)
          throw new ProblemError(problem('INVALID_OPTION', `--resume: ${options.output} was written with other data (${resumed.dataVersion}); run without --resume to start again.`, { field: 'resume' }));
        if (options.output && !fromStdin) checkpoints = new CheckpointWriter(options.output, () => outputFile!.sync(), { fingerprint, dataVersion }, resumed);
      },
      onChunkWritten: options.output && !fromStdin ? (chunk) => checkpoints!.written(chunk) : undefined,
      source,
      totalBytes,
      format: options.format ?? 'smi',
      column: options.column,
      output,
      asOf: options.asOf,
      jurisdictions: options.jurisdictions,
      prefilter: options.prefilter,
      workers: options.workers,
      onProgress: (p) => progress.update(p),
    });
  } catch (err) {
    progress.stop();
    if (options.output) await closeStream(output);
    // The reader of our output went away (`| head`): nothing more to say.
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    if (err instanceof CsvHeaderError || err instanceof ProblemError) {
      io.stderr.write(`error [${err.problem.code}]: ${err.problem.message}\n`);
      return 2;
    }
    io.stderr.write(`error: the run failed: ${(err as Error).message}\n`);
    return 1;
  }
  progress.stop();
  if (options.output) await closeStream(output);
  if (options.output && !fromStdin) await removeCheckpoint(options.output); // complete: nothing left to resume
  if (resumed) {
    // The summary covers the whole output, the part written before the interruption included.
    const whole = emptyStats();
    addStats(whole, resumed.stats);
    addStats(whole, result.stats);
    result = { ...result, stats: whole };
  }
  io.stderr.write(renderSummary(result, options, resumed?.stats.records ?? 0));
  return result.stats.errors > 0 ? 2 : 0;
}

function closeStream(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
  });
}

/**
 * `resumedRecords`: records an interrupted earlier run answered; they are in the counts (the summary covers the
 * whole output) but not in the rates, which are this run's own work over this run's time.
 */
export function renderSummary(result: BulkResult, options: Pick<ClassifyCommandOptions, 'output' | 'prefilter' | 'jurisdictions' | 'asOf'>, resumedRecords = 0): string {
  const s = result.stats;
  const own = s.records - resumedRecords;
  const rate = result.elapsedSeconds > 0 ? own / result.elapsedSeconds : 0;
  const work = result.elapsedSeconds - result.startupSeconds;
  const counted = resumedRecords ? `${formatCount(own)} records (and ${formatCount(resumedRecords)} answered before the interruption, ${formatCount(s.records)} in all)` : `${formatCount(s.records)} records`;
  const lines = [
    `Classified ${counted} in ${formatDuration(result.elapsedSeconds)} (${result.elapsedSeconds.toFixed(2)} s): ${formatCount(rate)} records/s overall, ${formatCount(work > 0 ? own / work : 0)} records/s after start-up (${result.startupSeconds.toFixed(2)} s); ${result.workers || 'no'} worker thread${result.workers === 1 ? '' : 's'}; CPU ${result.cpuSecondsAfterStartup.toFixed(2)} s after start-up.`,
    `  ok ${formatCount(s.ok)}, errors ${formatCount(s.errors)}${Object.keys(s.errorCodes).length ? ` (${Object.entries(s.errorCodes).map(([k, v]) => `${k} ${formatCount(v)}`).join(', ')})` : ''}`,
    options.prefilter
      ? `  settled by the prefilter as not controlled: ${formatCount(s.screenedOut)}${s.records ? ` (${((100 * s.screenedOut) / s.records).toFixed(1)}%)` : ''}, ${formatCount(s.screenedOut - s.screenedAfterParse)} from the SMILES text alone, ${formatCount(s.screenedAfterParse)} after one parse`
      : '  prefilter off: every record parsed',
    `  controlled (as of ${options.asOf}): ${options.jurisdictions.map((j) => `${j} ${formatCount(s.controlled[j] ?? 0)}`).join(', ')}`,
  ];
  const review = options.jurisdictions.filter((j) => s.needsReview[j]);
  if (review.length) lines.push(`  needs review: ${review.map((j) => `${j} ${formatCount(s.needsReview[j] ?? 0)}`).join(', ')}`);
  const rules = Object.entries(s.rules).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  lines.push(`  findings per rule or list: ${rules.length ? rules.map(([r, n]) => `${r} ${formatCount(n)}`).join(', ') : 'none'}`);
  lines.push(`  data ${result.dataVersion}`);
  if (options.output) lines.push(`  output: ${options.output}`);
  if (result.profile) lines.push(...renderProfile(result.profile, s.records, result.elapsedSeconds - result.startupSeconds, result.workers));
  return lines.join('\n') + '\n';
}

/** Stages of the profile (NARCOTRACE_PROFILE=1) in the order a record meets them, with their names in the table. */
const PROFILE_STAGES: [string, string][] = [
  ['prefilter.census', 'prefilter: text census (element/ring counts)'],
  ['prefilter.topology', 'prefilter: text topology (required skeletons)'],
  ['prefilter.parse', 'prefilter: RDKit parse of the kept fragment'],
  ['prefilter.scaffold', 'prefilter: scaffold SMARTS'],
  ['prefilter.formula', 'prefilter: formula / InChIKey of a listed composition'],
  ['classify.record', 'classified (not settled by the prefilter)'],
  ['classify.parse', 'classify: parse'],
  ['classify.normalise', 'classify: normalisation'],
  ['classify.identity', 'classify: InChI / InChIKey'],
  ['classify.rules', 'classify: class rules (substructure tests)'],
  ['classify.listings', 'classify: listings'],
  ['classify.cleavage', 'classify: ester/ether cleavage'],
  ['classify.positional', 'classify: positional-isomer signatures'],
  ['classify.verdict', 'classify: verdict assembly'],
  ['serialise', 'serialise (JSON line of a classified record)'],
  ['record', 'whole record in its worker (all of the above, and screened lines)'],
  ['message.post', 'worker → main message (post)'],
  ['main.write', 'main: write (including waits for the file)'],
  ['main.busy', 'main thread busy (read, dispatch, receive, write)'],
];

/** The profile as a Markdown table: µs per record reaching each stage, share of records, share of worker time. */
export function renderProfile(profile: Profile, records: number, workSeconds: number, workers: number): string[] {
  const workerUs = profile.record?.us ?? 0;
  const out = [
    '',
    `Profile (NARCOTRACE_PROFILE=1; ${workers || 'no'} worker thread${workers === 1 ? '' : 's'}, ${workSeconds.toFixed(2)} s after start-up; worker time ${(workerUs / 1e6).toFixed(2)} s in all threads):`,
    '| stage | µs per record reaching it | records reaching it | % of records | total s | % of worker time | µs per input record |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  const known = new Set(PROFILE_STAGES.map(([k]) => k));
  const rows = [...PROFILE_STAGES, ...Object.keys(profile).filter((k) => !known.has(k)).map((k): [string, string] => [k, k])];
  for (const [key, label] of rows) {
    const t = profile[key];
    if (!t) continue;
    const per = t.n ? t.us / t.n : 0;
    const share = key.startsWith('main.') || key === 'record' ? '' : workerUs ? `${((100 * t.us) / workerUs).toFixed(1)}` : '';
    out.push(
      `| ${label} | ${t.us ? per.toFixed(1) : '-'} | ${key === 'main.busy' ? '-' : formatCount(t.n)} | ${key === 'main.busy' ? '-' : records ? ((100 * t.n) / records).toFixed(1) : '-'} | ${(t.us / 1e6).toFixed(2)} | ${share} | ${records ? (t.us / records).toFixed(1) : '-'} |`,
    );
  }
  return out;
}
