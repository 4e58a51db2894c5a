/**
 * The bulk runner: reader → chunks → worker threads → writer, in input order, with bounded memory.
 *
 * Backpressure: the reader is only pulled while fewer than `maxInFlight` chunks are read but not yet
 * written, each worker holds at most two chunks, and the writer waits for 'drain'. So memory stays
 * bounded by a few chunks whatever the size of the file.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { addProfile, lap, mark, PROFILE, takeProfile, type Profile } from '../../chem/profile.js';
import { startWorker } from '../../jobs/local/start-worker.js';
import { moduleUrl } from '../../jobs/module-url.js';
import type { Jurisdiction } from '../../law/verdict.js';
import { runRDKitWithBaselineCompilerOnly } from '../../chem/rdkit.js';
import { addStats, createChunkClassifier, emptyStats, type ChunkOptions, type ChunkStats } from './classify-chunk.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { readRecords, type BulkFormat, type BulkRecord, type ByteCounter } from './readers.js';

export interface BulkProgress {
  records: number;
  bytes: number;
  /** Size of the input when known (a file), for percentage and ETA. */
  totalBytes?: number;
  elapsedSeconds: number;
  /** A resumed run: the input records an earlier run answered (not in `records`), and the bytes they take (in `bytes`). */
  resumed?: { records: number; bytes: number };
}

export interface BulkOptions {
  source: AsyncIterable<Buffer | string>;
  totalBytes?: number;
  format: BulkFormat;
  column?: string;
  output: Writable;
  asOf: string;
  jurisdictions: readonly Jurisdiction[];
  prefilter: boolean;
  /** Worker threads; 0 classifies in this thread (for debugging and small inputs). */
  workers: number;
  chunkSize?: number;
  onProgress?: (p: BulkProgress) => void;
  /** Input records already answered (a resumed run): read past, not classified, not written. */
  skipRecords?: number;
  /** Called once the classifier is loaded, before anything is written; throw to stop (e.g. another data version). */
  onReady?: (dataVersion: string) => void;
  /** Called after each chunk's lines are handed to the output's file, in input order (checkpoints). */
  onChunkWritten?: (chunk: { records: number; bytes: number; stats: ChunkStats }) => Promise<void>;
}

export interface BulkResult {
  stats: ChunkStats;
  dataVersion: string;
  workers: number;
  /** From the start until every worker had loaded RDKit and the rules. */
  startupSeconds: number;
  elapsedSeconds: number;
  /** CPU time of the process, all threads, after start-up: on a shared machine a steadier measure than wall time. */
  cpuSecondsAfterStartup: number;
  /** Stage timings of every thread, with NARCOTRACE_PROFILE=1 (docs/performance.md). */
  profile?: Profile;
}

interface PoolWorker {
  worker: Worker;
  outstanding: number;
}

export async function runBulk(options: BulkOptions): Promise<BulkResult> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const chunkSize = options.chunkSize ?? 256;
  const chunkOptions: ChunkOptions = { asOf: options.asOf, jurisdictions: [...options.jurisdictions], prefilter: options.prefilter };
  if (options.prefilter) runRDKitWithBaselineCompilerOnly();
  const counter: ByteCounter = { bytes: 0 };
  const stats = emptyStats();
  const resumed = options.skipRecords ? { records: options.skipRecords, bytes: 0 } : undefined;
  const profile: Profile = {};
  let written = 0;

  // Ordered writer.
  // A chunk's lines, as UTF-8 bytes.
  const done = new Map<number, { lines: Uint8Array; stats: ChunkStats }>();
  // Bytes read when each chunk was cut: progress reports what is written, not what is read ahead.
  const bytesAt = new Map<number, number>();
  let bytesWritten = 0;
  let nextToWrite = 0;
  let writing = false;
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const nextEvent = () => new Promise<void>((resolve) => (wake = resolve));
  const fail = (err: Error) => {
    failure ??= err;
    signal();
  };
  // A closed pipe (`| head`) or a full disk ends the run with that error instead of an uncaught one.
  const onOutputError = (err: Error) => fail(err);
  options.output.on('error', onOutputError);

  async function flush(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (done.has(nextToWrite)) {
        const { lines: text, stats: chunkStats } = done.get(nextToWrite)!;
        const lines = text.byteLength ? Buffer.from(text.buffer, text.byteOffset, text.byteLength) : undefined;
        done.delete(nextToWrite);
        written += chunkStats.records;
        bytesWritten = bytesAt.get(nextToWrite) ?? bytesWritten;
        bytesAt.delete(nextToWrite);
        nextToWrite++;
        const t = mark();
        if (options.onChunkWritten) {
          // Wait until the file has the bytes, then let the caller record them.
          if (lines) await new Promise<void>((resolve, reject) => options.output.write(lines, (err) => (err ? reject(err) : resolve())));
          await options.onChunkWritten({ records: chunkStats.records, bytes: lines?.byteLength ?? 0, stats: chunkStats });
        } else if (lines && !options.output.write(lines)) await once(options.output, 'drain');
        if (PROFILE) lap('main.write', t);
        options.onProgress?.({ records: written, bytes: bytesWritten, totalBytes: options.totalBytes, elapsedSeconds: seconds(), resumed });
      }
    } catch (err) {
      fail(err as Error);
    } finally {
      writing = false;
      signal();
    }
  }

  function complete(seq: number, lines: Uint8Array, chunkStats: ChunkStats, chunkProfile?: Profile) {
    addStats(stats, chunkStats);
    if (PROFILE) addProfile(profile, chunkProfile);
    done.set(seq, { lines, stats: chunkStats });
    void flush();
  }

  // Workers, or this thread.
  let dataVersion = '';
  let dispatch: (seq: number, records: BulkRecord[]) => Promise<void>;
  const pool: PoolWorker[] = [];
  let startupSeconds = 0;
  let cpuAtStartup = process.cpuUsage();
  if (options.workers <= 0) {
    const { loadClassifier } = await import('../../law/index.js');
    const chunks = createChunkClassifier(await loadClassifier(), chunkOptions);
    dataVersion = chunks.dataVersion;
    startupSeconds = seconds();
    cpuAtStartup = process.cpuUsage();
    dispatch = async (seq, records) => {
      const { lines, stats: s } = chunks.classifyChunk(records);
      complete(seq, lines, s, PROFILE ? takeProfile() : undefined);
      // Let the writer run between chunks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };
  } else {
    const ready: Promise<string>[] = [];
    for (let i = 0; i < options.workers; i++) {
      const worker = startWorker(moduleUrl('./worker', import.meta.url), { workerData: chunkOptions });
      const member: PoolWorker = { worker, outstanding: 0 };
      pool.push(member);
      ready.push(
        new Promise<string>((resolve, reject) => {
          worker.on('message', (m: FromWorker) => {
            if (m.type === 'ready') resolve(m.dataVersion);
            else if (m.type === 'fatal') {
              const err = new Error(`A classification worker could not start: ${m.message}`);
              reject(err);
              fail(err);
            } else {
              member.outstanding--;
              complete(m.seq, m.lines, m.stats, m.profile);
            }
          });
          worker.on('error', (err) => {
            reject(err);
            fail(err);
          });
          worker.on('exit', (code) => {
            if (code !== 0) fail(new Error(`A classification worker stopped with exit code ${code}.`));
          });
        }),
      );
    }
    try {
      dataVersion = (await Promise.all(ready))[0];
    } catch (err) {
      await Promise.all(pool.map((p) => p.worker.terminate()));
      throw err;
    }
    startupSeconds = seconds();
    cpuAtStartup = process.cpuUsage();
    dispatch = async (seq, records) => {
      for (;;) {
        if (failure) throw failure;
        const free = pool.reduce<PoolWorker | undefined>((best, p) => (p.outstanding < 2 && (!best || p.outstanding < best.outstanding) ? p : best), undefined);
        if (free) {
          free.outstanding++;
          free.worker.postMessage({ seq, records } satisfies ToWorker);
          return;
        }
        await nextEvent();
      }
    };
  }

  const maxInFlight = Math.max(4, pool.length * 4);
  // How busy this (the main) thread is from here on: reading, dispatching, receiving and writing.
  const loopAtStart = PROFILE ? performance.eventLoopUtilization() : undefined;
  let seq = 0;
  let toSkip = options.skipRecords ?? 0;
  try {
    options.onReady?.(dataVersion);
    let chunk: BulkRecord[] = [];
    const send = async () => {
      while (seq - nextToWrite >= maxInFlight) {
        if (failure) throw failure;
        await nextEvent();
      }
      bytesAt.set(seq, counter.bytes);
      await dispatch(seq++, chunk);
      chunk = [];
    };
    for await (const record of readRecords(options.format, options.source, { column: options.column }, counter)) {
      if (toSkip > 0) {
        if (--toSkip === 0) resumed!.bytes = counter.bytes; // where this run's own work starts, for its ETA
        continue;
      }
      chunk.push(record);
      if (chunk.length >= chunkSize) await send();
    }
    if (chunk.length) await send();
    while (nextToWrite < seq || writing) {
      if (failure) throw failure;
      await nextEvent();
    }
    if (failure) throw failure;
  } finally {
    options.output.off('error', onOutputError);
    await Promise.all(pool.map((p) => p.worker.terminate()));
  }
  options.onProgress?.({ records: written, bytes: counter.bytes, totalBytes: options.totalBytes, elapsedSeconds: seconds(), resumed });
  if (loopAtStart) {
    addProfile(profile, takeProfile());
    profile['main.busy'] = { us: performance.eventLoopUtilization(loopAtStart).active * 1000, n: 1 };
  }
  const cpu = process.cpuUsage(cpuAtStartup);
  return { stats, dataVersion, workers: pool.length, startupSeconds, elapsedSeconds: seconds(), cpuSecondsAfterStartup: (cpu.user + cpu.system) / 1e6, ...(PROFILE ? { profile } : {}) };
}
