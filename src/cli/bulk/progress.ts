/**
 * Progress of a bulk run on stderr: a bar with rate and ETA when stderr is a terminal, otherwise a
 * plain line every few seconds (logs and CI keep a readable record without control characters).
 */
import cliProgress from 'cli-progress';
import type { BulkProgress } from './runner.js';

export interface ProgressReporter {
  update(p: BulkProgress): void;
  stop(): void;
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Fraction done, records answered, rate and remaining seconds; ETA from bytes read when the size is
 * known. A resumed run counts the earlier run's records as done, but its rate and ETA only from the
 * work it did itself (the part an earlier run answered took none of this run's time).
 */
export function progressFigures(p: BulkProgress): { fraction?: number; records: number; rate: number; etaSeconds?: number } {
  const records = p.records + (p.resumed?.records ?? 0);
  const rate = p.elapsedSeconds > 0 ? p.records / p.elapsedSeconds : 0;
  if (!p.totalBytes || p.bytes === 0) return { records, rate };
  const fraction = Math.min(1, p.bytes / p.totalBytes);
  const ownBytes = p.bytes - (p.resumed?.bytes ?? 0);
  const etaSeconds = ownBytes > 0 ? (p.elapsedSeconds * Math.max(0, p.totalBytes - p.bytes)) / ownBytes : undefined;
  return { fraction, records, rate, etaSeconds };
}

export function createProgressReporter(stream: NodeJS.WriteStream, options: { quiet?: boolean; intervalSeconds?: number } = {}): ProgressReporter {
  if (options.quiet) return { update() {}, stop() {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {records} records | {rate}/s | ETA {eta_text}',
        barCompleteChar: '█',
        barIncompleteChar: '░',
        hideCursor: true,
        clearOnComplete: false,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const f = progressFigures(p);
        const payload = { records: formatCount(f.records), rate: formatCount(f.rate), eta_text: f.etaSeconds === undefined ? '?' : formatDuration(f.etaSeconds) };
        const value = Math.round((f.fraction ?? 0) * 1000);
        if (!started) {
          bar.start(1000, value, payload);
          started = true;
        } else bar.update(value, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  const interval = (options.intervalSeconds ?? 5) * 1000;
  let last = performance.now();
  return {
    update(p) {
      const now = performance.now();
      if (now - last < interval) return;
      last = now;
      const f = progressFigures(p);
      const pct = f.fraction === undefined ? '' : ` (${(f.fraction * 100).toFixed(0)}%)`;
      const eta = f.etaSeconds === undefined ? '' : `, about ${formatDuration(f.etaSeconds)} left`;
      const resumed = p.resumed ? ` (resumed after ${formatCount(p.resumed.records)})` : '';
      stream.write(`classified ${formatCount(f.records)} records${pct}${resumed}, ${formatCount(f.rate)}/s${eta}\n`);
    },
    stop() {},
  };
}
