/**
 * The job port: long work (bulk classification; later library import and list re-screening) as jobs
 * with a state, progress and a stored result. Adapters: ./local/pool.ts (worker threads in this
 * process, the default); a queue service (BullMQ/Redis) later, behind this same interface.
 *
 * Every method takes the caller's AccessScope: a job belongs to the agency of the user who submitted
 * it, and another agency's job is simply not found. Permissions (./permissions.ts) are checked by the
 * door before it calls the queue.
 */
import type { AccessScope } from '../identity/access.js';
import type { JobSummary } from './handler.js';
import './problems.js';

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The states a job does not leave. */
export const FINISHED_STATES: readonly JobState[] = ['done', 'failed', 'cancelled'];

export interface Job {
  /** A UUID. */
  id: string;
  kind: string;
  state: JobState;
  /** Units of work done of the total (e.g. structures classified); done = total when the job is done. */
  progress: { done: number; total: number };
  /** The handler's tallies, once done. */
  summary: JobSummary | null;
  /** Why the job failed. */
  error: { code: string; message: string } | null;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdBy: { userId: number; username: string };
}

export interface JobQueue {
  /**
   * Validates `input` with the kind's handler and queues the job. Throws a ProblemError:
   * JOB_KIND_UNKNOWN, or the handler's code for bad input (INVALID_REQUEST, BATCH_TOO_LARGE, ...).
   * `by.username` is shown as the job's creator (the scope holds only the user's id).
   */
  submit(scope: AccessScope, kind: string, input: unknown, by: { username: string }): Promise<Job>;
  /** Throws NOT_FOUND. */
  get(scope: AccessScope, id: string): Promise<Job>;
  /** The agency's jobs, newest first; `limit` is clamped to 1..500. */
  list(scope: AccessScope, limit: number): Promise<Job[]>;
  /** Cancels a queued or running job and returns it (state 'cancelled'). Throws NOT_FOUND, or JOB_FINISHED when it is done, failed or cancelled already. */
  cancel(scope: AccessScope, id: string): Promise<Job>;
  /**
   * The result of a done job, read from the store chunk by chunk (never all in memory): the text of
   * its result lines, each ending in "\n" (JSON Lines for the classify kind); a chunk holds one or
   * more whole lines. Throws (before anything is read) NOT_FOUND, or JOB_NOT_DONE when the job is not done.
   */
  result(scope: AccessScope, id: string): Promise<AsyncIterable<string>>;
  /** Stops the workers; the jobs they were running are marked failed (interrupted), queued ones stay queued for the next start. Call before closing the database. */
  close(): Promise<void>;
}

/** The lines of a result, one by one, from its chunks. */
export async function* resultLines(chunks: AsyncIterable<string>): AsyncIterable<string> {
  for await (const chunk of chunks) {
    const lines = chunk.split('\n');
    lines.pop(); // every chunk ends with "\n"
    yield* lines;
  }
}
