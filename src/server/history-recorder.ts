/**
 * Records classifications in the store off the hot path: requests append to a buffer, which is
 * written in one transaction every `flushMs` or when `batchSize` records are waiting. If the
 * database fails, the batch is kept and retried; the buffer is bounded, and what had to be dropped
 * is counted and reported through `onError`.
 */
import type { ClassificationRecord, Store } from '../store/store.js';

export interface HistoryRecorderOptions {
  flushMs?: number;
  batchSize?: number;
  /** Most records kept waiting while the database does not accept them. */
  maxPending?: number;
  onError?: (error: unknown, dropped: number) => void;
}

export class HistoryRecorder {
  private pending: ClassificationRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  dropped = 0;
  written = 0;
  private readonly flushMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(
    private readonly store: Store,
    private readonly options: HistoryRecorderOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 250;
    this.batchSize = options.batchSize ?? 500;
    this.maxPending = options.maxPending ?? 20_000;
  }

  record(entry: ClassificationRecord): void {
    if (this.closed) return;
    this.pending.push(entry);
    if (this.pending.length > this.maxPending) {
      const excess = this.pending.length - this.maxPending;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
    if (this.pending.length >= this.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes everything recorded so far; resolves when it is in the database (or has failed and been logged). */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.pending;
    this.pending = [];
    // Writes are chained so records reach the database in the order they were asked.
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.store.recordClassifications(batch);
        this.written += batch.length;
      } catch (error) {
        if (this.closed) {
          this.dropped += batch.length;
          this.options.onError?.(error, batch.length);
          return;
        }
        // Keep the batch (oldest first) and retry on the next flush; the bound still applies.
        this.pending = [...batch, ...this.pending];
        const excess = Math.max(0, this.pending.length - this.maxPending);
        if (excess) this.pending.splice(0, excess), (this.dropped += excess);
        this.options.onError?.(error, excess);
        this.timer ??= setTimeout(() => void this.flush(), this.flushMs * 4);
      }
    });
    return this.writing;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
