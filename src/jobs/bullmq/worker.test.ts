/**
 * runStoredJob without Redis: the handler runs in the worker's own thread, so its result writes only
 * advance when it yields. Found with the 1-million-molecule job: a handler that did not wait for them
 * left them further and further behind (half its chunks unwritten, progress at half the truth, and
 * all of that lost on kill -9). Awaiting ctx.progress bounds the lag to MAX_WRITE_LAG chunks.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JobHandler } from '../handler.js';
import type { JobStore, ResumePoint } from '../store.js';
import { MAX_WRITE_LAG, runStoredJob } from './worker.js';

const SLICE = 10;
const SLICES = 60;

/** A store whose every write takes a round trip (a timer), like a database on a socket. */
function slowStore() {
  const chunks = new Map<number, string>();
  let stored = 0;
  const roundTrip = () => new Promise((r) => setTimeout(r, 1));
  const store = {
    async claim(id: string) {
      return {
        job: { id, kind: 'busy', state: 'running', progress: { done: 0, total: SLICE * SLICES } },
        ownerAgencyId: 1,
        input: {},
        resume: { units: 0, summary: {}, nextSeq: 0, takenOver: false },
      };
    },
    async appendResult(_id: string, _owner: number, seq: number, body: string, through?: ResumePoint) {
      await roundTrip();
      chunks.set(seq, body);
      if (through) stored = through.units;
    },
    async progress() {
      await roundTrip();
      return true;
    },
    async finish() {
      return true;
    },
  };
  // Only the runner's methods that runStoredJob calls.
  return { store: store as unknown as JobStore, chunks, stored: () => stored };
}

/** Classifies in busy slices, as the classify job does; `awaitProgress` false is a handler written before the fix. */
function busyHandler(stored: () => number, awaitProgress: boolean, lags: number[]): JobHandler {
  return {
    kind: 'busy',
    validate: (i) => i,
    total: () => SLICE * SLICES,
    async run(_input, ctx) {
      for (let done = 0; done < SLICE * SLICES; ) {
        const until = performance.now() + 2;
        while (performance.now() < until) {
          // a slice of CPU-bound work: nothing else runs in this thread meanwhile
        }
        ctx.emit(Array.from({ length: SLICE }, (_, k) => JSON.stringify({ i: done + k })));
        done += SLICE;
        const wait = ctx.progress(done, { n: done });
        if (awaitProgress) await wait;
        lags.push(done - stored());
        await nextTurn();
      }
      return { n: SLICE * SLICES };
    },
  };
}

async function run(awaitProgress: boolean) {
  const { store, chunks, stored } = slowStore();
  const lags: number[] = [];
  const handler = busyHandler(stored, awaitProgress, lags);
  await runStoredJob(store, { busy: 'unused' }, { has: () => true, get: async () => handler }, 'job-1');
  const text = [...chunks.keys()].sort((a, b) => a - b).map((k) => chunks.get(k)).join('');
  return { lags, text };
}

describe('runStoredJob', () => {
  it('keeps the result writes within MAX_WRITE_LAG chunks of the handler, and stores every line once, in order', async () => {
    const { lags, text } = await run(true);
    expect(Math.max(...lags)).toBeLessThanOrEqual((MAX_WRITE_LAG + 1) * SLICE);
    expect(text.trimEnd().split('\n').map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(Array.from({ length: SLICE * SLICES }, (_, i) => i));
  });

  it('(why) a handler that does not wait leaves the writes further and further behind', async () => {
    const { lags, text } = await run(false);
    expect(Math.max(...lags)).toBeGreaterThan(10 * (MAX_WRITE_LAG + 1) * SLICE);
    expect(text.trimEnd().split('\n')).toHaveLength(SLICE * SLICES); // still all stored, at the end
  });
});
