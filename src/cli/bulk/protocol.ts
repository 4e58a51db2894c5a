/** Messages between the bulk runner and its worker threads. */
import type { Profile } from '../../chem/profile.js';
import type { ChunkStats } from './classify-chunk.js';
import type { BulkRecord } from './readers.js';

export interface ToWorker {
  seq: number;
  records: BulkRecord[];
}

export type FromWorker =
  | { type: 'ready'; dataVersion: string }
  /**
   * `lines`: the chunk's JSON Lines as UTF-8, its buffer transferred (not copied), so the main thread
   * only writes bytes. `profile`: the worker's stage timings since its last chunk, only with NARCOTRACE_PROFILE=1.
   */
  | { type: 'chunk'; seq: number; lines: Uint8Array; stats: ChunkStats; profile?: Profile }
  | { type: 'fatal'; message: string };
