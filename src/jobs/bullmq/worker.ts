/**
 * A BullMQ worker: takes job ids from the Redis queue and runs each job's handler in this process,
 * writing progress and results to the shared database. Results are stored in chunks that each record
 * how many units of work they complete, so when a worker dies (kill -9, a lost machine), BullMQ hands
 * the job to another worker once its lock expires, and that worker resumes after the last recorded
 * chunk (JobStore.claim): every result line is stored exactly once.
 */
import { Worker } from 'bullmq';
import type { JobContext, JobSummary } from '../handler.js';
import type { JobKinds } from '../kinds.js';
import { handlerCache, now } from '../stored-queue.js';
import type { JobOutcome, JobStore } from '../store.js';
import { QUEUE_NAME, redisClient } from './connection.js';
import type { BullmqJobData } from './queue.js';

export interface BullmqWorkerOptions {
  redisUrl: string;
  kinds: JobKinds;
  queueName?: string;
  /** Jobs run at once by this process (default 1: a job is CPU-bound). */
  concurrency?: number;
  /** How long a job stays locked to a silent worker before another takes it over (default 30 s). */
  lockDurationMs?: number;
  onError?: (err: unknown) => void;
  /** One line per job started, taken over or ended (the worker's journal: where a take-over resumed). */
  onLog?: (message: string) => void;
}

export interface RunningWorker {
  close(): Promise<void>;
}

/** Result chunks a running job may have waiting to be stored: what a kill -9 can cost, besides the slice under way. */
export const MAX_WRITE_LAG = 2;

/** Runs job `id` (or its remainder, after an attempt that died) to its end. */
export async function runStoredJob(store: JobStore, kinds: JobKinds, handlers: ReturnType<typeof handlerCache>, id: string, log: (message: string) => void = () => undefined): Promise<void> {
  const claimed = await store.claim(id, now());
  if (!claimed) return; // finished or cancelled meanwhile
  const { job, ownerAgencyId, input, resume } = claimed;
  log(
    resume.takenOver
      ? `job ${id}: taken over from a worker that stopped; resuming after unit ${resume.units} of ${job.progress.total} (result chunk ${resume.nextSeq})`
      : `job ${id}: started (${job.progress.total} units)`,
  );
  const finish = async (outcome: JobOutcome) => {
    await store.finish(id, outcome, now());
    log(`job ${id}: ${outcome.state}${outcome.state === 'failed' ? ` (${outcome.error.code}: ${outcome.error.message})` : ''}`);
  };
  if (!handlers.has(job.kind)) {
    await finish({ state: 'failed', error: { code: 'JOB_KIND_UNKNOWN', message: `This worker runs no jobs of kind "${job.kind}".` } });
    return;
  }
  const handler = await handlers.get(job.kind);
  const controller = new AbortController();
  let seq = resume.nextSeq;
  let lines: string[] = [];
  let writes = Promise.resolve();
  // The writes not yet done, oldest first. The handler runs in this thread, so without waiting for them
  // it would starve them (each database round trip waits for a whole slice): they would pile up in
  // memory, progress would lag far behind, and a kill -9 would lose all of them.
  const pending: Promise<void>[] = [];
  let writeError: unknown;
  const ctx: JobContext = {
    signal: controller.signal,
    startAt: resume.units,
    summarySoFar: resume.summary,
    emit(more) {
      for (const line of more) if (line.includes('\n')) throw new Error('a job result line must not contain a line break');
      lines.push(...more);
    },
    progress(done: number, summary: JobSummary) {
      const body = lines.length ? `${lines.join('\n')}\n` : '';
      lines = [];
      const chunkSeq = body ? seq++ : -1;
      // One chunk per progress report, marked with where it ends: the unit a resumed attempt starts from.
      writes = writes.then(async () => {
        if (writeError !== undefined) return;
        try {
          if (body) await store.appendResult(id, ownerAgencyId, chunkSeq, body, { units: done, summary });
          if (!(await store.progress(id, done))) controller.abort(); // cancelled in the store
        } catch (err) {
          writeError = err;
          controller.abort();
        }
      });
      const write = writes;
      pending.push(write);
      void write.then(() => pending.shift()); // the writes end in order
      // Go on while at most MAX_WRITE_LAG chunks wait to be stored, so classifying and writing overlap.
      if (pending.length > MAX_WRITE_LAG) return pending[pending.length - 1 - MAX_WRITE_LAG];
    },
  };
  try {
    const summary = await handler.run(input, ctx);
    await writes;
    if (writeError !== undefined) throw writeError;
    if (lines.length) await store.appendResult(id, ownerAgencyId, seq++, `${lines.join('\n')}\n`);
    await finish({ state: 'done', summary });
  } catch (err) {
    await writes;
    if (controller.signal.aborted && writeError === undefined) {
      await finish({ state: 'cancelled' }); // no-op when the store has it cancelled already
      return;
    }
    const e = writeError ?? err;
    const problem = (e as { problem?: { code: string; message: string } }).problem;
    await finish({ state: 'failed', error: problem ? { code: problem.code, message: problem.message } : { code: 'INTERNAL_ERROR', message: (e as Error).message } });
  }
}

/** Starts taking jobs once every kind's handler is loaded and prepared. */
export async function startBullmqWorker(store: JobStore, options: BullmqWorkerOptions): Promise<RunningWorker> {
  const handlers = handlerCache(options.kinds);
  for (const kind of Object.keys(options.kinds)) await (await handlers.get(kind)).prepare?.();
  const redis = redisClient(options.redisUrl);
  const worker = new Worker<BullmqJobData>(options.queueName ?? QUEUE_NAME, async (job) => runStoredJob(store, options.kinds, handlers, job.data.jobId, options.onLog), {
    connection: redis,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: Math.max(1000, Math.floor((options.lockDurationMs ?? 30_000) / 2)),
    // A job whose worker died is taken over (and resumed) this many times before it is given up.
    maxStalledCount: 10,
  });
  worker.on('error', (err) => (options.onError ?? ((e: unknown) => console.error('job worker:', e)))(err));
  return {
    close: async () => {
      await worker.close();
      redis.disconnect();
    },
  };
}
