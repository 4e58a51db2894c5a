import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressReporter, progressFigures } from './progress.js';

describe('progress of a bulk run', () => {
  it('estimates the time left from the rate so far', () => {
    expect(progressFigures({ records: 1000, bytes: 25, totalBytes: 100, elapsedSeconds: 10 })).toEqual({ fraction: 0.25, records: 1000, rate: 100, etaSeconds: 30 });
    expect(progressFigures({ records: 0, bytes: 0, elapsedSeconds: 1 })).toEqual({ records: 0, rate: 0 });
  });

  it('after --resume, counts the earlier records as done but times only this run’s own work', () => {
    // 60 of 100 bytes were answered before the crash; this run did 10 more bytes (200 records) in 10 s.
    const f = progressFigures({ records: 200, bytes: 70, totalBytes: 100, elapsedSeconds: 10, resumed: { records: 1200, bytes: 60 } });
    expect(f).toEqual({ fraction: 0.7, records: 1400, rate: 20, etaSeconds: 30 });
  });

  it('prints the whole count, and that the run was resumed, on a log', () => {
    let text = '';
    const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
    const reporter = createProgressReporter(stream, { intervalSeconds: 0 });
    reporter.update({ records: 200, bytes: 70, totalBytes: 100, elapsedSeconds: 10, resumed: { records: 1200, bytes: 60 } });
    expect(text).toBe('classified 1,400 records (70%) (resumed after 1,200), 20/s, about 30 s left\n');
  });
});
