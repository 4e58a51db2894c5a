/**
 * The local adapter of the job port: jobs run on a small pool of worker threads in this process,
 * one job per worker at a time, in submission order. The store is the truth: progress and result
 * chunks are written as the worker reports them, and a job cancelled in the store is stopped at its
 * next progress report (a cancel through this queue stops it at once).
 *
 * Workers start lazily, on the first job to run, and stay (with whatever the handlers loaded, e.g.
 * RDKit) until close(). A worker that crashes fails its job and is replaced on the next job. A
 * cancelled job's worker is asked to stop and terminated if it has not within `cancelGraceMs`.
 *
 * One process runs the jobs of a database: at start, jobs left running (by a process that stopped)
 * are marked failed. Running jobs across processes is the queue-service adapter's work (later).
 */
import type { Worker } from 'node:worker_threads';
import type { JobKinds } from '../kinds.js';
import { moduleUrl } from '../module-url.js';
import type { JobQueue } from '../port.js';
import { now, storedJobQueue } from '../stored-queue.js';
import '../problems.js';
import type { ClaimedJob, JobOutcome, JobStore } from '../store.js';
import type { FromJobWorker, ToJobWorker } from './protocol.js';
import { startWorker } from './start-worker.js';

export interface LocalJobQueueOptions {
  /** Worker threads, i.e. jobs run at once. Default 1. */
  workers?: number;
  /** The job kinds this queue runs (src/jobs/kinds.ts). */
  kinds: JobKinds;
  /** How long a cancelled job's worker may take to stop before it is terminated. Default 5 s. */
  cancelGraceMs?: number;
  /** Failures of background work (writing progress or results to the store); default: console.error. */
  onError?: (err: unknown) => void;
}

interface Run {
  jobId: string;
  ownerAgencyId: number;
  nextSeq: number;
  /** The store writes of this run, in message order. */
  writes: Promise<void>;
  writeError?: unknown;
  /** A cancel was sent to the worker. */
  stopping: boolean;
  ended: boolean;
  graceTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  run?: Run;
  exited: boolean;
  error?: Error;
}


export const INTERRUPTED_BY_RESTART = { code: 'INTERNAL_ERROR', message: 'The job was interrupted by a restart of the server; submit it again.' } as const;
const INTERRUPTED_BY_STOP = { code: 'INTERNAL_ERROR', message: 'The job was interrupted: the server stopped; submit it again.' } as const;


export async function createLocalJobQueue(store: JobStore, options: LocalJobQueueOptions): Promise<JobQueue> {
  const { kinds } = options;
  const maxWorkers = Math.max(1, Math.trunc(options.workers ?? 1));
  const cancelGraceMs = options.cancelGraceMs ?? 5_000;
  const onError = options.onError ?? ((err: unknown) => console.error('job queue:', err));
  const workerModule = moduleUrl('./worker', import.meta.url);

  const slots: Slot[] = [];
  const finishing = new Set<Promise<void>>();
  let closed = false;
  let closing: Promise<void> | undefined;
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;

  const hasKind = (kind: string) => Object.hasOwn(kinds, kind);

  function assertOpen(): void {
    if (closed) throw new Error('the job queue is closed');
  }

  // --- Workers ---

  function spawn(): Slot {
    const slot: Slot = { worker: startWorker(workerModule), exited: false };
    slot.worker.on('message', (m: FromJobWorker) => onMessage(slot, m));
    slot.worker.on('error', (err) => (slot.error ??= err));
    slot.worker.on('exit', (code) => onExit(slot, code));
    slots.push(slot);
    return slot;
  }

  function write(slot: Slot, run: Run, op: () => Promise<void>): void {
    run.writes = run.writes.then(async () => {
      if (run.writeError !== undefined) return;
      try {
        await op();
      } catch (err) {
        run.writeError = err;
        onError(err);
        stop(slot, run);
      }
    });
  }

  function onMessage(slot: Slot, m: FromJobWorker): void {
    const run = slot.run;
    if (!run || run.ended || run.jobId !== m.jobId) return;
    switch (m.type) {
      case 'progress':
        write(slot, run, async () => {
          if (!(await store.progress(run.jobId, m.done))) stop(slot, run); // cancelled in the store
        });
        break;
      case 'result': {
        if (run.stopping) break; // a stopped job's result is discarded anyway
        const seq = run.nextSeq++;
        write(slot, run, () => store.appendResult(run.jobId, run.ownerAgencyId, seq, m.body));
        break;
      }
      case 'done':
        end(slot, run, { state: 'done', summary: m.summary });
        break;
      case 'failed':
        end(slot, run, { state: 'failed', error: m.error });
        break;
      case 'cancelled':
        end(slot, run, { state: 'cancelled' });
        break;
    }
  }

  function onExit(slot: Slot, code: number): void {
    slot.exited = true;
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    const run = slot.run;
    if (run && !run.ended) {
      const why = slot.error ? `: ${slot.error.message}` : '';
      end(
        slot,
        run,
        closed
          ? { state: 'failed', error: INTERRUPTED_BY_STOP }
          : run.stopping
            ? { state: 'cancelled' }
            : { state: 'failed', error: { code: 'INTERNAL_ERROR', message: `The job’s worker stopped unexpectedly (exit code ${code})${why}.` } },
      );
    }
  }

  /** Asks the worker to stop the run; terminates the worker if it has not within the grace time. */
  function stop(slot: Slot, run: Run): void {
    if (run.stopping || run.ended) return;
    run.stopping = true;
    slot.worker.postMessage({ type: 'cancel', jobId: run.jobId } satisfies ToJobWorker);
    run.graceTimer = setTimeout(() => {
      if (!run.ended) void slot.worker.terminate();
    }, cancelGraceMs);
  }

  /** The run is over: its worker is free, and once its writes are stored the job is finished in the store. */
  function end(slot: Slot, run: Run, outcome: JobOutcome): void {
    run.ended = true;
    clearTimeout(run.graceTimer);
    if (slot.run === run) slot.run = undefined;
    const finish = run.writes
      .then(() => {
        const final: JobOutcome =
          run.writeError === undefined
            ? outcome
            : { state: 'failed', error: { code: 'INTERNAL_ERROR', message: `The job’s results could not be stored: ${(run.writeError as Error).message ?? String(run.writeError)}` } };
        return store.finish(run.jobId, final, now());
      })
      .then(
        () => undefined,
        (err: unknown) => onError(err),
      )
      .finally(() => finishing.delete(finish));
    finishing.add(finish);
    pump();
  }

  function start(slot: Slot, claimed: ClaimedJob): void {
    const run: Run = { jobId: claimed.job.id, ownerAgencyId: claimed.ownerAgencyId, nextSeq: 0, writes: Promise.resolve(), stopping: false, ended: false };
    slot.run = run;
    const kind = claimed.job.kind;
    slot.worker.postMessage({ type: 'run', jobId: run.jobId, kind, module: kinds[kind], input: claimed.input } satisfies ToJobWorker);
  }

  /** Starts queued jobs while a worker is free or can be started. */
  function pump(): void {
    if (closed) return;
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        while (!closed) {
          if (!slots.some((s) => !s.run && !s.exited) && slots.length >= maxWorkers) break;
          const claimed = await store.claimNext(now());
          if (!claimed) break;
          if (closed) {
            await store.finish(claimed.job.id, { state: 'failed', error: INTERRUPTED_BY_STOP }, now());
            break;
          }
          if (!hasKind(claimed.job.kind)) {
            await store.finish(claimed.job.id, { state: 'failed', error: { code: 'JOB_KIND_UNKNOWN', message: `This server runs no jobs of kind "${claimed.job.kind}".` } }, now());
            continue;
          }
          start(slots.find((s) => !s.run && !s.exited) ?? spawn(), claimed);
        }
      } while (pumpAgain && !closed);
    })()
      .catch(onError)
      .finally(() => (pumping = undefined));
  }

  // --- Start: jobs a stopped process left running cannot be resumed (yet). ---
  await store.failRunning(INTERRUPTED_BY_RESTART, now());
  pump();

  return {
    ...storedJobQueue(store, kinds, {
      onSubmitted: () => pump(),
      onCancelled: (id) => {
        const slot = slots.find((s) => s.run?.jobId === id);
        if (slot?.run) stop(slot, slot.run);
      },
      assertOpen,
    }),

    close() {
      closing ??= (async () => {
        closed = true;
        await pumping;
        await Promise.all(slots.map((s) => s.worker.terminate()));
        while (finishing.size) await Promise.all([...finishing]);
      })();
      return closing;
    },
  };
}
