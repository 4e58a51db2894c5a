/**
 * Records classifications in the store off the hot path: requests append to a buffer, which is
 * written in one transaction every `flushMs` or when `batchSize` records are waiting. If the
 * database fails, the batch is kept and retried; the buffer is bounded, and what had to be dropped
 * is counted and reported through `onError`.
 */
import type { ClassificationRecord, HistoryStore } from '../law/store.js';

/** Records per store call. */
const WRITE_CHUNK = 50;

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
    private readonly store: Pick<HistoryStore, 'recordClassifications'>,
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
      let done = 0;
      try {
        // Small transactions with a turn of the event loop between them: the SQLite driver is
        // synchronous, so one large write would hold up every request waiting behind it.
        for (; done < batch.length; done += WRITE_CHUNK) {
          if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve));
          await this.store.recordClassifications(batch.slice(done, done + WRITE_CHUNK));
          this.written += Math.min(WRITE_CHUNK, batch.length - done);
        }
      } catch (error) {
        batch.splice(0, done); // what was written stays written
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
