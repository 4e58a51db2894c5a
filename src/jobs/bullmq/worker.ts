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
import type { JobStore } from '../store.js';
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
}

export interface RunningWorker {
  close(): Promise<void>;
}

/** Runs job `id` (or its remainder, after an attempt that died) to its end. */
export async function runStoredJob(store: JobStore, kinds: JobKinds, handlers: ReturnType<typeof handlerCache>, id: string): Promise<void> {
  const claimed = await store.claim(id, now());
  if (!claimed) return; // finished or cancelled meanwhile
  const { job, ownerAgencyId, input, resume } = claimed;
  if (!handlers.has(job.kind)) {
    await store.finish(id, { state: 'failed', error: { code: 'JOB_KIND_UNKNOWN', message: `This worker runs no jobs of kind "${job.kind}".` } }, now());
    return;
  }
  const handler = await handlers.get(job.kind);
  const controller = new AbortController();
  let seq = resume.nextSeq;
  let lines: string[] = [];
  let writes = Promise.resolve();
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
    },
  };
  try {
    const summary = await handler.run(input, ctx);
    await writes;
    if (writeError !== undefined) throw writeError;
    if (lines.length) await store.appendResult(id, ownerAgencyId, seq++, `${lines.join('\n')}\n`);
    await store.finish(id, { state: 'done', summary }, now());
  } catch (err) {
    await writes;
    if (controller.signal.aborted && writeError === undefined) {
      await store.finish(id, { state: 'cancelled' }, now()); // no-op when the store has it cancelled already
      return;
    }
    const e = writeError ?? err;
    const problem = (e as { problem?: { code: string; message: string } }).problem;
    await store.finish(id, { state: 'failed', error: problem ? { code: problem.code, message: problem.message } : { code: 'INTERNAL_ERROR', message: (e as Error).message } }, now());
  }
}

/** Starts taking jobs once every kind's handler is loaded and prepared. */
export async function startBullmqWorker(store: JobStore, options: BullmqWorkerOptions): Promise<RunningWorker> {
  const handlers = handlerCache(options.kinds);
  for (const kind of Object.keys(options.kinds)) await (await handlers.get(kind)).prepare?.();
  const redis = redisClient(options.redisUrl);
  const worker = new Worker<BullmqJobData>(options.queueName ?? QUEUE_NAME, async (job) => runStoredJob(store, options.kinds, handlers, job.data.jobId), {
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
