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

/** Fraction done, rate and remaining seconds; ETA from bytes read when the size is known. */
export function progressFigures(p: BulkProgress): { fraction?: number; rate: number; etaSeconds?: number } {
  const rate = p.elapsedSeconds > 0 ? p.records / p.elapsedSeconds : 0;
  if (!p.totalBytes || p.bytes === 0) return { rate };
  const fraction = Math.min(1, p.bytes / p.totalBytes);
  const etaSeconds = fraction > 0 ? (p.elapsedSeconds * (1 - fraction)) / fraction : undefined;
  return { fraction, rate, etaSeconds };
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
        const payload = { records: formatCount(p.records), rate: formatCount(f.rate), eta_text: f.etaSeconds === undefined ? '?' : formatDuration(f.etaSeconds) };
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
      stream.write(`classified ${formatCount(p.records)} records${pct}, ${formatCount(f.rate)}/s${eta}\n`);
    },
    stop() {},
  };
}
