/**
 * A job's code: a pure handler that any adapter of the job port can run, the local worker pool
 * (./local/) or a queue service later. It validates its input (in the process that accepts the job,
 * so bad input is refused at submission), says how much work the input is, and runs it with a
 * context that carries cancellation, progress and the result lines.
 *
 * A handler lives in a module that exports it (under any name); src/jobs/kinds.ts names that module
 * per kind, so a worker thread can import it by URL.
 */
/** The tallies a job reports when done, e.g. `{ controlled: 12, errors: 3 }`. */
export type JobSummary = Record<string, number>;

export interface JobContext {
  /** Aborted when the job is cancelled: check it between slices of work and return (or throw) soon after. */
  readonly signal: AbortSignal;
  /**
   * Units an earlier attempt already finished, whose result lines are stored (a resumed job): start
   * after them and emit nothing for them. 0 for a fresh run.
   */
  readonly startAt: number;
  /** The tallies of those `startAt` units: start counting from them, so the summary covers the whole job. */
  readonly summarySoFar: JobSummary;
  /**
   * How many of `total(input)` units are done (counting from 0, not from `startAt`), with the tallies
   * of all of them; call it after each slice, after emitting that slice's lines. An adapter that
   * resumes jobs records the lines emitted so far together with this point.
   *
   * Await what it returns before the next slice: an adapter that stores the result from the thread
   * that runs the handler (the BullMQ worker) returns a promise while its writes lag behind, so they
   * catch up instead of piling up in memory (a handler that never yields to them starves them).
   */
  progress(done: number, summary: JobSummary): void | Promise<void>;
  /** Appends result lines (each one line of text, no "\n"), in order. The result is these lines, JSON Lines when each is JSON. */
  emit(lines: string[]): void;
}

/**
 * @typeParam Input what `validate` returns and `run` takes: plain data (it is stored as JSON and
 *   sent to a worker by structured clone).
 * @typeParam Line what each result line is the JSON of, for the consumers of the result (the lines
 *   travel as text).
 */
export interface JobHandler<Input = unknown, Line = unknown> {
  readonly kind: string;
  /** The input as the handler runs it (defaults filled in); throws a ProblemError (src/problems.ts) when it is bad. */
  validate(input: unknown): Input;
  /** Units of work (the progress total), e.g. the number of structures. */
  total(input: Input): number;
  /**
   * Loads what `run` needs (e.g. RDKit and the rules), so a worker can do it before it takes jobs: a
   * queue service takes a job away from a worker that stays silent (blocked loading) too long.
   */
  prepare?(): Promise<void>;
  /** Does the work, emitting result lines in order; resolves with the summary. */
  run(input: Input, ctx: JobContext): Promise<JobSummary>;
  /** Never set: carries the `Line` type. */
  readonly lineType?: Line;
}

export type AnyJobHandler = JobHandler<any, unknown>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a registry holds handlers of every input type

function isJobHandler(value: unknown): value is AnyJobHandler {
  const h = value as Partial<AnyJobHandler> | null;
  return typeof h === 'object' && h !== null && typeof h.kind === 'string' && typeof h.validate === 'function' && typeof h.total === 'function' && typeof h.run === 'function';
}

/** Imports the module at `moduleHref` and returns its exported handler of `kind`. */
export async function importJobHandler(moduleHref: string, kind: string): Promise<AnyJobHandler> {
  const module = (await import(moduleHref)) as Record<string, unknown>;
  const handler = Object.values(module).find((v): v is AnyJobHandler => isJobHandler(v) && v.kind === kind);
  if (!handler) throw new Error(`${moduleHref} exports no job handler of kind "${kind}"`);
  return handler;
}
