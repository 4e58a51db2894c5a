/**
 * Resumable bulk runs. While a bulk classification writes to a file, a checkpoint beside it
 * (`<output>.checkpoint.json`) records how many records are durably in the output and how many bytes
 * they take. It is written only after those bytes are flushed to disk (fsync), atomically (a temporary
 * file renamed over it). `--resume` cuts the output back to the recorded length, which removes any line
 * torn by a crash, skips that many input records, and appends the rest: every input record ends up in
 * the output exactly once, in input order.
 *
 * A checkpoint belongs to one question: the same input file (size and modification time), format,
 * column, as-of date, jurisdictions and prefilter setting, answered by the same data version. Resuming
 * anything else is refused, so an output never mixes two questions or two versions of the law.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import { problem, ProblemError } from '../../problems.js';
import { addStats, emptyStats, type ChunkStats } from './classify-chunk.js';

export interface Checkpoint {
  version: 1;
  /** What question the output answers (see `fingerprintOf`). */
  fingerprint: string;
  dataVersion: string;
  /** Input records whose lines are durably in the output. */
  records: number;
  /** Bytes of the output those lines take. */
  bytes: number;
  /** Tallies of those records, so the final summary covers the whole run. */
  stats: ChunkStats;
}

export interface RunQuestion {
  input: string;
  format: string;
  column?: string;
  asOf: string;
  jurisdictions: readonly string[];
  prefilter: boolean;
}

export function checkpointPath(output: string): string {
  return `${output}.checkpoint.json`;
}

export async function fingerprintOf(q: RunQuestion): Promise<string> {
  const file = await stat(q.input);
  const what = { ...q, size: file.size, mtimeMs: Math.trunc(file.mtimeMs), jurisdictions: [...q.jurisdictions] };
  return createHash('sha256').update(JSON.stringify(what)).digest('base64url');
}

export async function readCheckpoint(output: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(checkpointPath(output), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const cp = JSON.parse(text) as Checkpoint;
  if (cp.version !== 1 || !Number.isInteger(cp.records) || !Number.isInteger(cp.bytes)) throw new Error(`${checkpointPath(output)} is not a checkpoint this version can read`);
  return cp;
}

/** Replaces the checkpoint atomically: a crash leaves either the old one or the new one, never half. */
export async function writeCheckpoint(output: string, cp: Checkpoint): Promise<void> {
  const path = checkpointPath(output);
  const tmp = `${path}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(JSON.stringify(cp));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

export async function removeCheckpoint(output: string): Promise<void> {
  await rm(checkpointPath(output), { force: true });
}

/**
 * Where a run on `output` starts: from the beginning (a new run, or --resume with nothing to resume),
 * or after the checkpoint, with the output cut back to it. Throws INVALID_OPTION when the checkpoint
 * answers another question.
 */
export async function resumePoint(output: string, fingerprint: string, resume: boolean): Promise<{ checkpoint?: Checkpoint; note?: string }> {
  if (!resume) {
    await removeCheckpoint(output);
    return {};
  }
  const checkpoint = await readCheckpoint(output);
  if (!checkpoint) return { note: `nothing to resume in ${output} (no checkpoint); starting from the first record` };
  if (checkpoint.fingerprint !== fingerprint)
    throw new ProblemError(
      problem(
        'INVALID_OPTION',
        `--resume: ${output} was written for another question (a different input file, format, as-of date, jurisdictions or prefilter setting); run without --resume to start again.`,
        { field: 'resume' },
      ),
    );
  const size = (await stat(output).catch(() => undefined))?.size ?? 0;
  if (size < checkpoint.bytes)
    throw new ProblemError(problem('INVALID_OPTION', `--resume: ${output} is shorter than its checkpoint says; run without --resume to start again.`, { field: 'resume' }));
  await truncate(output, checkpoint.bytes); // drops whatever was written after the checkpoint, a torn line included
  return { checkpoint, note: `resuming after record ${checkpoint.records.toLocaleString('en')}` };
}

/** Records durable progress: call after each chunk is written, in order; it syncs and checkpoints at most every `everyMs`. */
export class CheckpointWriter {
  private records: number;
  private bytes: number;
  private readonly stats: ChunkStats;
  private lastWrite = 0;

  constructor(
    private readonly output: string,
    /** Flushes the output file to disk (fsync). */
    private readonly sync: () => Promise<void>,
    private readonly base: { fingerprint: string; dataVersion: string },
    from: Checkpoint | undefined,
    private readonly everyMs = 1000,
  ) {
    this.records = from?.records ?? 0;
    this.bytes = from?.bytes ?? 0;
    this.stats = emptyStats();
    if (from) addStats(this.stats, from.stats);
  }

  async written(chunk: { records: number; bytes: number; stats: ChunkStats }, force = false): Promise<void> {
    this.records += chunk.records;
    this.bytes += chunk.bytes;
    addStats(this.stats, chunk.stats);
    const now = Date.now();
    if (!force && now - this.lastWrite < this.everyMs) return;
    this.lastWrite = now;
    await this.sync(); // what the checkpoint counts must be on disk before the checkpoint says so
    await writeCheckpoint(this.output, { version: 1, ...this.base, records: this.records, bytes: this.bytes, stats: this.stats });
  }
}
