/**
 * The jobs' store port: the jobs table and their result chunks. Scoped methods (a door's question,
 * through the job port) filter by the caller's agency; the unscoped ones are for the adapter that
 * runs jobs (it claims a job and then writes only that job). Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { JobSummary } from './handler.js';
import type { Job } from './port.js';

export interface NewJob {
  id: string;
  kind: string;
  createdByName: string;
  /** The validated input (stored as JSON). */
  input: unknown;
  total: number;
  createdAt: string;
}

/** A job as the runner needs it: with its owner and input. */
export interface ClaimedJob {
  job: Job;
  ownerAgencyId: number;
  input: unknown;
}

/** How far a job's stored result goes: `units` of work answered, with their tallies. */
export interface ResumePoint {
  units: number;
  summary: JobSummary;
}

export type JobOutcome =
  | { state: 'done'; summary: JobSummary }
  | { state: 'failed'; error: { code: string; message: string } }
  | { state: 'cancelled' };

export interface JobStore {
  /** A new job, queued, owned by the scope's agency and user. */
  insert(scope: AccessScope, job: NewJob): Promise<Job>;
  get(scope: AccessScope, id: string): Promise<Job | undefined>;
  /** Newest first. */
  list(scope: AccessScope, limit: number): Promise<Job[]>;
  /**
   * Marks a queued or running job cancelled. `cancelled` is false when the job exists but is
   * finished already; undefined when the scope has no such job.
   */
  cancel(scope: AccessScope, id: string, now: string): Promise<{ job: Job; cancelled: boolean } | undefined>;
  /** The stored result chunks of the job, in order, a few at a time (the job's state is not checked). */
  resultChunks(scope: AccessScope, id: string): AsyncIterable<string>;

  // The runner's methods (unscoped).
  /** Takes the oldest queued job: it becomes running, started now. */
  claimNext(now: string): Promise<ClaimedJob | undefined>;
  /** Records progress; false when the job is no longer running (cancelled meanwhile): the runner stops it. */
  progress(id: string, done: number): Promise<boolean>;
  /**
   * Stores result chunk `seq` (0, 1, ...): whole lines, each ending in "\n". `through`, when given,
   * says that with this chunk the first `units` units are answered, with these tallies: a resumed
   * attempt starts there. Storing the same chunk again (a retried write) changes nothing.
   */
  appendResult(id: string, ownerAgencyId: number, seq: number, body: string, through?: ResumePoint): Promise<void>;
  /**
   * Takes job `id` to run it, for an adapter that delivers jobs by id (a queue service): a queued job
   * becomes running; a running one (its earlier attempt died) is taken over where its last recorded
   * chunk ends, and later chunks are dropped (`takenOver` says so). Undefined when the job is finished or unknown.
   */
  claim(id: string, now: string): Promise<(ClaimedJob & { resume: ResumePoint & { nextSeq: number; takenOver: boolean } }) | undefined>;
  /**
   * Ends a running job. False when it was not running any more (cancelled meanwhile), which leaves it
   * as it is. The result chunks of a job that does not end done are deleted.
   */
  finish(id: string, outcome: JobOutcome, now: string): Promise<boolean>;
  /** The jobs waiting to run, oldest first (a queue service re-queues them after losing its queue). */
  queuedJobs(): Promise<{ id: string; kind: string }[]>;
  /** Marks every running job failed with `error` (at start: jobs a stopped process left running) and deletes their result chunks; returns their ids. */
  failRunning(error: { code: string; message: string }, now: string): Promise<string[]>;
}
