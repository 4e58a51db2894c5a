/**
 * The local job pool, on a SQLite file: real worker threads, the real classify handler, and a
 * test-only handler (../__fixtures__/test-handlers.ts) for failures, crashes and cancellation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessScope } from '../../identity/access.js';
import { ProblemError } from '../../problems.js';
import { openDatabase, type OpenDatabase } from '../../store/database.js';
import { JOB_KINDS } from '../kinds.js';
import { createJobStore } from '../kysely-store.js';
import { jobsMigrations } from '../migrations.js';
import { moduleUrl } from '../module-url.js';
import { resultLines, type Job, type JobQueue } from '../port.js';
import type { JobStore } from '../store.js';
import { createLocalJobQueue, INTERRUPTED_BY_RESTART, type LocalJobQueueOptions } from './pool.js';
import { startWorker } from './start-worker.js';

vi.mock('./start-worker.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./start-worker.js')>();
  return { startWorker: vi.fn(actual.startWorker) };
});

const A: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const B: AccessScope = { agencyId: 2, userId: 20, role: 'admin', operator: false };
const BY = { username: 'alice' };
const KINDS = { ...JOB_KINDS, 'test-steps': moduleUrl('../__fixtures__/test-handlers', import.meta.url).href };

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';

let dir: string;
let database: OpenDatabase;
let store: JobStore;
const queues: JobQueue[] = [];

async function queue(options: Partial<LocalJobQueueOptions> = {}): Promise<JobQueue> {
  const q = await createLocalJobQueue(store, { kinds: KINDS, ...options });
  queues.push(q);
  return q;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'narcotrace-jobs-pool-'));
  database = await openDatabase({ backend: 'sqlite', path: join(dir, 'jobs.db') }, [{ name: 'jobs', migrations: jobsMigrations }]);
  store = createJobStore(database.db);
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.close()));
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(q: JobQueue, scope: AccessScope, id: string, test: (job: Job) => boolean, timeoutMs = 60_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await q.get(scope, id);
    if (test(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} did not get there in time: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
const finished = (job: Job) => ['done', 'failed', 'cancelled'].includes(job.state);

async function readResult(q: JobQueue, scope: AccessScope, id: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of resultLines(await q.result(scope, id))) lines.push(line);
  return lines;
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemError);
  return (err as ProblemError).problem.code;
}

describe('local job queue: classify', () => {
  let q: JobQueue;
  beforeAll(async () => {
    vi.mocked(startWorker).mockClear();
    q = await queue({ workers: 1 });
  });

  it('starts no worker before the first job, and validates input before queuing', async () => {
    expect(await q.list(A, 10)).toEqual([]);
    expect(await problemOf(q.submit(A, 'nope', {}, BY))).toBe('JOB_KIND_UNKNOWN');
    expect(await problemOf(q.submit(A, 'classify', { structures: [] }, BY))).toBe('INVALID_REQUEST');
    expect(await problemOf(q.submit(A, 'classify', { structures: ['CCO'], jurisdictions: ['XX'] }, BY))).toBe('UNKNOWN_JURISDICTION');
    expect(await problemOf(q.submit(A, 'classify', { structures: ['CCO'], asOf: '2025-13-01' }, BY))).toBe('INVALID_DATE');
    expect(await q.list(A, 10)).toEqual([]);
    expect(startWorker).not.toHaveBeenCalled();
  });

  it('runs a classify job to done: one Verdict line per structure in input order, and the summary', async () => {
    const structures = Array.from({ length: 20 }, (_, i) => [FENTANYL, 'CCO', 'C1CC', 'c1ccccc1', ''][i % 5]);
    const submitted = await q.submit(A, 'classify', { structures, asOf: '2025-01-01' }, BY);
    expect(submitted).toMatchObject({ kind: 'classify', state: 'queued', progress: { done: 0, total: 20 }, createdBy: { userId: 10, username: 'alice' } });

    const job = await until(q, A, submitted.id, finished);
    expect(startWorker).toHaveBeenCalledTimes(1);
    expect(job).toMatchObject({ state: 'done', progress: { done: 20, total: 20 }, summary: { controlled: 4, errors: 8 }, error: null });
    expect(job.startedAt && job.finishedAt && job.startedAt <= job.finishedAt).toBe(true);

    const lines = (await readResult(q, A, job.id)).map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(structures);
    expect(lines.map((l) => l.ok)).toEqual(structures.map((s) => s === FENTANYL || s === 'CCO' || s === 'c1ccccc1'));
    expect(lines[0]).toMatchObject({ ok: true, asOf: '2025-01-01', jurisdictions: { US: { controlled: true }, CN: { controlled: true } } });
    expect(lines[2]).toMatchObject({ ok: false, error: { code: 'INVALID_SMILES' } });
  });

  it('keeps another agency out: not found, not listed, not cancellable, no result', async () => {
    const [job] = await q.list(A, 1);
    expect(await problemOf(q.get(B, job.id))).toBe('NOT_FOUND');
    expect(await q.list(B, 100)).toEqual([]);
    expect(await problemOf(q.cancel(B, job.id))).toBe('NOT_FOUND');
    expect(await problemOf(q.result(B, job.id))).toBe('NOT_FOUND');
    expect(await problemOf(q.cancel(A, job.id))).toBe('JOB_FINISHED');
    expect(await problemOf(q.get(A, 'no-such-job'))).toBe('NOT_FOUND');
  });

  it('cancels a long classify job while it runs, and the worker serves the next job', async () => {
    const structures = Array.from({ length: 5_000 }, (_, i) => (i % 2 ? 'CCO' : FENTANYL));
    const submitted = await q.submit(A, 'classify', { structures }, BY);
    expect(await problemOf(q.result(A, submitted.id))).toBe('JOB_NOT_DONE');
    const running = await until(q, A, submitted.id, (j) => j.state === 'running' && j.progress.done > 0);
    expect(running.progress.total).toBe(5_000);
    const cancelled = await q.cancel(A, submitted.id);
    expect(cancelled).toMatchObject({ state: 'cancelled' });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(await problemOf(q.cancel(A, submitted.id))).toBe('JOB_FINISHED');
    expect(await problemOf(q.result(A, submitted.id))).toBe('JOB_NOT_DONE');

    const next = await q.submit(A, 'classify', { structures: ['CCO'] }, BY);
    expect(await until(q, A, next.id, finished)).toMatchObject({ state: 'done', summary: { controlled: 0, errors: 0 } });
    const final = await q.get(A, submitted.id);
    expect(final.state).toBe('cancelled');
    expect(final.progress.done).toBeLessThan(5_000);
    // Stopped by its signal: the same worker ran the next job.
    expect(startWorker).toHaveBeenCalledTimes(1);
  });
});

describe('local job queue: lifecycle', () => {
  // One process runs the jobs of a database: close the queues of earlier tests, or they would take this test's jobs.
  beforeEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.close()));
  });

  it('reports progress as it goes, in order', async () => {
    const q = await queue();
    const { id } = await q.submit(A, 'test-steps', { n: 100, slice: 10, pauseMs: 40 }, BY);
    const seen: number[] = [];
    const job = await until(q, A, id, (j) => {
      seen.push(j.progress.done);
      return finished(j);
    });
    expect(job).toMatchObject({ state: 'done', summary: { counted: 100 } });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((d) => d > 0 && d < 100)).toBe(true);
    expect((await readResult(q, A, id)).map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('stores a long result in chunks and reads it back in order', async () => {
    const q = await queue();
    const { id } = await q.submit(A, 'test-steps', { n: 3000, slice: 100, lineChars: 1000 }, BY);
    expect(await until(q, A, id, finished)).toMatchObject({ state: 'done' });
    let chunks = 0;
    for await (const chunk of await q.result(A, id)) {
      chunks++;
      expect(chunk.endsWith('\n')).toBe(true);
    }
    expect(chunks).toBeGreaterThan(8);
    const lines = await readResult(q, A, id);
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  });

  it('fails a job whose handler throws, with the handler’s problem, and keeps its worker', async () => {
    vi.mocked(startWorker).mockClear();
    const q = await queue();
    const { id } = await q.submit(A, 'test-steps', { n: 50, at: 20, then: 'fail' }, BY);
    expect(await until(q, A, id, finished)).toMatchObject({ state: 'failed', progress: { done: 20 }, error: { code: 'INVALID_DATA', message: 'failed on purpose at 20' }, summary: null });
    expect(await problemOf(q.result(A, id))).toBe('JOB_NOT_DONE');
    const next = await q.submit(A, 'test-steps', { n: 5 }, BY);
    expect((await until(q, A, next.id, finished)).state).toBe('done');
    expect(startWorker).toHaveBeenCalledTimes(1);
  });

  it('fails a job whose worker crashes, and replaces the worker', async () => {
    vi.mocked(startWorker).mockClear();
    const q = await queue();
    const { id } = await q.submit(A, 'test-steps', { n: 50, at: 10, then: 'crash' }, BY);
    const job = await until(q, A, id, finished);
    expect(job).toMatchObject({ state: 'failed', error: { code: 'INTERNAL_ERROR' } });
    expect(job.error?.message).toMatch(/worker stopped unexpectedly.*crashed on purpose at 10/);
    const next = await q.submit(A, 'test-steps', { n: 5 }, BY);
    expect((await until(q, A, next.id, finished)).state).toBe('done');
    expect(startWorker).toHaveBeenCalledTimes(2);
  });

  it('terminates a job that ignores cancellation after the grace time; a queued job is cancelled without running', async () => {
    const q = await queue({ cancelGraceMs: 300 });
    const hung = await q.submit(A, 'test-steps', { n: 50, at: 10, then: 'hang' }, BY);
    const queued = await q.submit(A, 'test-steps', { n: 5 }, BY);
    await until(q, A, hung.id, (j) => j.progress.done >= 10);
    expect(await q.cancel(A, queued.id)).toMatchObject({ state: 'cancelled', startedAt: null });
    expect((await q.cancel(A, hung.id)).state).toBe('cancelled');
    const after = await q.submit(A, 'test-steps', { n: 5 }, BY);
    expect((await until(q, A, after.id, finished, 30_000)).state).toBe('done');
    expect(await q.get(A, hung.id)).toMatchObject({ state: 'cancelled', progress: { done: 10 } });
    expect(await q.get(A, queued.id)).toMatchObject({ state: 'cancelled', startedAt: null });
  });

  it('runs jobs on several workers at once', async () => {
    const q = await queue({ workers: 2 });
    const jobs = await Promise.all([1, 2, 3].map(() => q.submit(A, 'test-steps', { n: 30, slice: 5, pauseMs: 30 }, BY)));
    const ids = new Set(jobs.map((j) => j.id));
    let mostRunning = 0;
    for (;;) {
      const mine = (await q.list(A, 100)).filter((j) => ids.has(j.id));
      mostRunning = Math.max(mostRunning, mine.filter((j) => j.state === 'running').length);
      if (mine.every(finished)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(mostRunning).toBe(2);
    for (const j of jobs) expect(await q.get(A, j.id)).toMatchObject({ state: 'done', summary: { counted: 30 } });
  });

  it('marks jobs left running by a stopped process failed at start, and runs the queued ones', async () => {
    const old = await store.insert(B, { id: crypto.randomUUID(), kind: 'test-steps', createdByName: 'bob', input: { n: 3 }, total: 3, createdAt: new Date().toISOString() });
    expect((await store.claimNext(new Date().toISOString()))?.job.id).toBe(old.id);
    const waiting = await store.insert(B, { id: crypto.randomUUID(), kind: 'test-steps', createdByName: 'bob', input: { n: 3 }, total: 3, createdAt: new Date().toISOString() });
    const q = await queue();
    expect(await q.get(B, old.id)).toMatchObject({ state: 'failed', error: INTERRUPTED_BY_RESTART });
    expect(await until(q, B, waiting.id, finished)).toMatchObject({ state: 'done' });
  });

  it('marks its running jobs failed when closed', async () => {
    const q = await queue();
    const { id } = await q.submit(A, 'test-steps', { n: 1000, slice: 1, pauseMs: 20 }, BY);
    await until(q, A, id, (j) => j.progress.done > 0);
    await q.close();
    expect(await store.get(A, id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL_ERROR', message: expect.stringMatching(/server stopped/) } });
    await expect(q.submit(A, 'test-steps', { n: 1 }, BY)).rejects.toThrow(/closed/);
  });
});
