import { describe, expect, it } from 'vitest';
import type { ClassificationRecord, HistoryStore } from '../law/store.js';
import { HistoryRecorder } from './history-recorder.js';

function record(input: string): ClassificationRecord {
  return {
    input,
    asOf: '2025-01-01',
    jurisdictions: ['US'],
    verdict: { input, ok: false, error: { code: 'EMPTY_INPUT', message: 'x' } },
    dataVersion: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    owner: null,
  };
}

function fakeStore(failTimes = 0) {
  const batches: string[][] = [];
  let failures = failTimes;
  const store = {
    recordClassifications: async (records: readonly ClassificationRecord[]) => {
      if (failures > 0) {
        failures--;
        throw new Error('database down');
      }
      batches.push(records.map((r) => r.input));
    },
  } satisfies Pick<HistoryStore, 'recordClassifications'>;
  return { store, batches };
}

describe('HistoryRecorder', () => {
  it('writes in batches, in order, when the batch is full or on flush', async () => {
    const { store, batches } = fakeStore();
    const recorder = new HistoryRecorder(store, { batchSize: 2, flushMs: 10_000 });
    recorder.record(record('a'));
    recorder.record(record('b'));
    recorder.record(record('c'));
    await recorder.flush();
    expect(batches).toEqual([['a', 'b'], ['c']]);
    expect(recorder.written).toBe(3);
  });

  it('writes a large batch in small transactions', async () => {
    const { store, batches } = fakeStore();
    const recorder = new HistoryRecorder(store, { batchSize: 1_000, flushMs: 10_000 });
    for (let i = 0; i < 120; i++) recorder.record(record(String(i)));
    await recorder.flush();
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(Array.from({ length: 120 }, (_, i) => String(i)));
  });

  it('flushes on its timer', async () => {
    const { store, batches } = fakeStore();
    const recorder = new HistoryRecorder(store, { flushMs: 5 });
    recorder.record(record('a'));
    await new Promise((r) => setTimeout(r, 50));
    expect(batches).toEqual([['a']]);
    await recorder.close();
  });

  it('keeps a failed batch and writes it on the next flush', async () => {
    const { store, batches } = fakeStore(1);
    const errors: unknown[] = [];
    const recorder = new HistoryRecorder(store, { flushMs: 10_000, onError: (e) => errors.push(e) });
    recorder.record(record('a'));
    await recorder.flush();
    expect(batches).toEqual([]);
    recorder.record(record('b'));
    await recorder.close();
    expect(batches).toEqual([['a', 'b']]);
    expect(errors).toHaveLength(1);
    expect(recorder.dropped).toBe(0);
  });

  it('bounds what waits and counts what it drops; ignores records after close', async () => {
    const { store, batches } = fakeStore();
    const recorder = new HistoryRecorder(store, { batchSize: 100, maxPending: 2, flushMs: 10_000 });
    for (const x of ['a', 'b', 'c']) recorder.record(record(x));
    await recorder.close();
    recorder.record(record('d'));
    await recorder.flush();
    expect(batches).toEqual([['b', 'c']]);
    expect(recorder.dropped).toBe(1);
  });
});
