/**
 * A job worker thread: runs one job at a time with the handler its kind names (imported once per
 * kind, so a classifier loaded by the first job serves the next), and reports progress, result
 * chunks and the outcome to the pool. A cancel message aborts the handler's signal.
 */
import { parentPort } from 'node:worker_threads';
import { ProblemError } from '../../problems.js';
import { importJobHandler, type AnyJobHandler, type JobContext } from '../handler.js';
import type { FromJobWorker, ToJobWorker } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('src/jobs/local/worker.ts runs only as a worker thread');

/** Result text is sent (and stored) in chunks of about this many characters: few rows, bounded memory. */
const CHUNK_SIZE = 256 * 1024;

const send = (message: FromJobWorker) => port.postMessage(message);
const handlers = new Map<string, Promise<AnyJobHandler>>();
let current: { jobId: string; controller: AbortController } | undefined;

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof ProblemError) return { code: err.problem.code, message: err.problem.message };
  return { code: 'INTERNAL_ERROR', message: `The job failed: ${err instanceof Error ? err.message : String(err)}` };
}

async function run(m: Extract<ToJobWorker, { type: 'run' }>): Promise<void> {
  const { jobId } = m;
  const controller = new AbortController();
  current = { jobId, controller };
  let buffer = '';
  const flush = () => {
    if (!buffer) return;
    send({ type: 'result', jobId, body: buffer });
    buffer = '';
  };
  const ctx: JobContext = {
    signal: controller.signal,
    // The local pool runs a job from the start: a job a stopped process left running is failed at the next start.
    startAt: 0,
    summarySoFar: {},
    progress(done) {
      send({ type: 'progress', jobId, done });
    },
    emit(lines) {
      for (const line of lines) {
        if (line.includes('\n')) throw new Error('a job result line must not contain a line break');
        buffer += `${line}\n`;
      }
      if (buffer.length >= CHUNK_SIZE) flush();
    },
  };
  try {
    let handler = handlers.get(m.kind);
    if (!handler) {
      handler = importJobHandler(m.module, m.kind);
      handlers.set(m.kind, handler);
      handler.catch(() => handlers.delete(m.kind));
    }
    const summary = await (await handler).run(m.input, ctx);
    controller.signal.throwIfAborted();
    flush();
    send({ type: 'done', jobId, summary });
  } catch (err) {
    send(controller.signal.aborted ? { type: 'cancelled', jobId } : { type: 'failed', jobId, error: errorOf(err) });
  } finally {
    current = undefined;
  }
}

port.on('message', (m: ToJobWorker) => {
  if (m.type === 'cancel') {
    if (current?.jobId === m.jobId) current.controller.abort();
  } else void run(m);
});
