/** Messages between the local job pool (./pool.ts) and its worker threads (./worker.ts). */
import type { JobSummary } from '../handler.js';

export type ToJobWorker =
  /** Run the job with the handler of `kind` exported by the module at `module` (an href). */
  | { type: 'run'; jobId: string; kind: string; module: string; input: unknown }
  | { type: 'cancel'; jobId: string };

export type FromJobWorker =
  | { type: 'progress'; jobId: string; done: number }
  /** Result lines, in order: whole lines, each ending in "\n". */
  | { type: 'result'; jobId: string; body: string }
  | { type: 'done'; jobId: string; summary: JobSummary }
  | { type: 'failed'; jobId: string; error: { code: string; message: string } }
  | { type: 'cancelled'; jobId: string };
