/** Messages between the bulk runner and its worker threads. */
import type { ChunkStats } from './classify-chunk.js';
import type { BulkRecord } from './readers.js';

export interface ToWorker {
  seq: number;
  records: BulkRecord[];
}

export type FromWorker =
  | { type: 'ready'; dataVersion: string }
  | { type: 'chunk'; seq: number; lines: string; stats: ChunkStats }
  | { type: 'fatal'; message: string };
