/**
 * Job handlers for the pool's tests only (never in JOB_KINDS): counts to `n` in slices, and can be
 * told to fail, crash its worker, or ignore cancellation.
 */
import type { JobHandler } from '../handler.js';
import { problem, ProblemError } from '../../problems.js';

export interface StepsInput {
  n: number;
  /** Units per slice. Default 10. */
  slice?: number;
  /** Pad each result line to about this many characters. */
  lineChars?: number;
  /** Pause after each slice, ms. Default 0. */
  pauseMs?: number;
  /** After this many units: throw a ProblemError ('fail'), throw from a timer so the worker dies ('crash'), or busy-wait for 60 s without looking at the signal ('hang'). */
  at?: number;
  then?: 'fail' | 'crash' | 'hang';
}

const sleep = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));

export const stepsJob: JobHandler<StepsInput, { i: number }> = {
  kind: 'test-steps',
  validate(input) {
    const i = input as Partial<StepsInput> | null;
    if (!i || !Number.isInteger(i.n) || (i.n as number) < 1) throw new ProblemError(problem('INVALID_REQUEST', 'n: must be a positive integer', { field: 'n' }));
    return i as StepsInput;
  },
  total: (input) => input.n,
  async run(input, ctx) {
    const slice = input.slice ?? 10;
    for (let done = ctx.startAt; done < input.n; ) {
      ctx.signal.throwIfAborted();
      if (input.at !== undefined && done >= input.at) {
        if (input.then === 'fail') throw new ProblemError(problem('INVALID_DATA', `failed on purpose at ${done}`));
        if (input.then === 'crash') {
          setTimeout(() => {
            throw new Error(`crashed on purpose at ${done}`);
          });
          await sleep(60_000);
        }
        if (input.then === 'hang') {
          const until = Date.now() + 60_000;
          while (Date.now() < until) {
            // ignores the signal: only terminating the worker stops it
          }
        }
      }
      const end = Math.min(done + slice, input.n);
      const lines: string[] = [];
      const pad = 'x'.repeat(Math.max(0, (input.lineChars ?? 0) - 20));
      for (let i = done; i < end; i++) lines.push(JSON.stringify(pad ? { i, pad } : { i }));
      ctx.emit(lines);
      done = end;
      await ctx.progress(done, { counted: done });
      await sleep(input.pauseMs ?? 0);
    }
    return { counted: input.n };
  },
};
