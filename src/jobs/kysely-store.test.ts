/**
 * The jobs store, run against both backends: SQLite in a temp file, and PostgreSQL in a schema of its
 * own (skipped with the reason printed when no server answers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { dropPostgresSchema, postgresReachable } from '../store/postgres/connect.js';
import type { StoreConfig } from '../store/config.js';
import { createJobStore } from './kysely-store.js';
import { jobsMigrations } from './migrations.js';
import type { JobStore } from './store.js';

const A: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const B: AccessScope = { agencyId: 2, userId: 20, role: 'admin', operator: true };

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const c of chunks) all.push(c);
  return all;
}

function storeSuite(config: () => StoreConfig) {
  let database: OpenDatabase;
  let store: JobStore;
  let n = 0;
  const newJob = (scope: AccessScope, createdAt: string, input: unknown = { structures: ['CCO'] }) =>
    store.insert(scope, { id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, kind: 'classify', createdByName: `user${scope.userId}`, input, total: 3, createdAt });

  beforeAll(async () => {
    database = await openDatabase(config(), [{ name: 'jobs', migrations: jobsMigrations }]);
    store = createJobStore(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('inserts a queued job owned by the scope, and only that agency sees it', async () => {
    const job = await newJob(A, '2026-01-01T00:00:00.000Z');
    expect(job).toEqual({
      id: job.id,
      kind: 'classify',
      state: 'queued',
      progress: { done: 0, total: 3 },
      summary: null,
      error: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      startedAt: null,
      finishedAt: null,
      createdBy: { userId: 10, username: 'user10' },
    });
    expect(await store.get(A, job.id)).toEqual(job);
    expect(await store.get(B, job.id)).toBeUndefined();
    expect((await store.list(A, 100)).map((j) => j.id)).toContain(job.id);
    expect((await store.list(B, 100)).map((j) => j.id)).not.toContain(job.id);
    expect(await store.cancel(B, job.id, '2026-01-01T00:00:01.000Z')).toBeUndefined();
    expect((await store.get(A, job.id))?.state).toBe('queued');
  });

  it('lists newest first, up to the limit', async () => {
    const older = await newJob(B, '2026-01-02T00:00:00.000Z');
    const newer = await newJob(B, '2026-01-03T00:00:00.000Z');
    expect((await store.list(B, 100)).map((j) => j.id)).toEqual([newer.id, older.id]);
    expect((await store.list(B, 1)).map((j) => j.id)).toEqual([newer.id]);
    // Leave nothing queued for the next tests.
    for (const j of [older, newer]) await store.cancel(B, j.id, '2026-01-03T00:00:01.000Z');
  });

  it('runs a job: claim (oldest first, with its input), progress, result chunks, done', async () => {
    const first = (await store.list(A, 100)).find((j) => j.state === 'queued')!;
    const second = await newJob(A, '2026-01-04T00:00:00.000Z', { structures: ['CCN'] });
    const claimed = await store.claimNext('2026-01-05T00:00:00.000Z');
    expect(claimed).toMatchObject({ ownerAgencyId: 1, input: { structures: ['CCO'] }, job: { id: first.id, state: 'running', startedAt: '2026-01-05T00:00:00.000Z' } });
    expect(await store.progress(first.id, 2)).toBe(true);
    expect((await store.get(A, first.id))?.progress).toEqual({ done: 2, total: 3 });
    // 10 chunks: more than one read of the stream.
    const chunks = Array.from({ length: 10 }, (_, i) => `{"chunk":${i}}\n`);
    for (const [i, body] of chunks.entries()) await store.appendResult(first.id, 1, i, body);
    expect(await store.finish(first.id, { state: 'done', summary: { controlled: 1, errors: 0 } }, '2026-01-05T00:00:02.000Z')).toBe(true);
    expect(await store.get(A, first.id)).toMatchObject({ state: 'done', progress: { done: 3, total: 3 }, summary: { controlled: 1, errors: 0 }, error: null, finishedAt: '2026-01-05T00:00:02.000Z' });
    expect(await collect(store.resultChunks(A, first.id))).toEqual(chunks);
    expect(await collect(store.resultChunks(B, first.id))).toEqual([]);
    // A finished job is not finished again, nor cancelled.
    expect(await store.finish(first.id, { state: 'failed', error: { code: 'INTERNAL_ERROR', message: 'late' } }, '2026-01-05T00:00:03.000Z')).toBe(false);
    expect(await store.cancel(A, first.id, '2026-01-05T00:00:03.000Z')).toMatchObject({ cancelled: false, job: { state: 'done' } });
    expect(await collect(store.resultChunks(A, first.id))).toEqual(chunks);

    expect((await store.claimNext('2026-01-06T00:00:00.000Z'))?.job.id).toBe(second.id);
    expect(await store.claimNext('2026-01-06T00:00:00.000Z')).toBeUndefined();
    await store.finish(second.id, { state: 'failed', error: { code: 'INVALID_DATA', message: 'bad' } }, '2026-01-06T00:00:01.000Z');
    expect(await store.get(A, second.id)).toMatchObject({ state: 'failed', error: { code: 'INVALID_DATA', message: 'bad' }, summary: null });
  });

  it('cancels a running job: progress reports it, its finish is refused and its partial result deleted', async () => {
    const job = await newJob(A, '2026-01-07T00:00:00.000Z');
    await store.claimNext('2026-01-07T00:00:01.000Z');
    await store.appendResult(job.id, 1, 0, 'partial\n');
    expect(await store.cancel(A, job.id, '2026-01-07T00:00:02.000Z')).toMatchObject({ cancelled: true, job: { state: 'cancelled', finishedAt: '2026-01-07T00:00:02.000Z' } });
    expect(await store.progress(job.id, 1)).toBe(false);
    expect(await store.finish(job.id, { state: 'done', summary: {} }, '2026-01-07T00:00:03.000Z')).toBe(false);
    expect((await store.get(A, job.id))?.state).toBe('cancelled');
    expect(await collect(store.resultChunks(A, job.id))).toEqual([]);
    expect(await store.cancel(A, job.id, '2026-01-07T00:00:04.000Z')).toMatchObject({ cancelled: false });
  });

  it('claims a job by id; a second claim (its worker died) takes it over after the last marked chunk', async () => {
    const job = await newJob(A, '2026-01-09T00:00:00.000Z', { structures: ['CCO', 'CCN', 'CCC', 'CCCl'] });
    const first = await store.claim(job.id, '2026-01-09T00:00:01.000Z');
    expect(first).toMatchObject({ job: { state: 'running' }, input: { structures: ['CCO', 'CCN', 'CCC', 'CCCl'] }, resume: { units: 0, summary: {}, nextSeq: 0, takenOver: false } });
    await store.appendResult(job.id, 1, 0, 'a\nb\n', { units: 2, summary: { errors: 1 } });
    await store.appendResult(job.id, 1, 1, 'c\n', { units: 3, summary: { errors: 1 } });
    await store.appendResult(job.id, 1, 1, 'c again\n', { units: 3, summary: { errors: 1 } }); // a retried write changes nothing
    await store.appendResult(job.id, 1, 2, 'unmarked\n'); // written by the dying attempt without its mark
    const second = await store.claim(job.id, '2026-01-09T00:00:02.000Z');
    expect(second).toMatchObject({ job: { state: 'running', progress: { done: 3 }, startedAt: '2026-01-09T00:00:01.000Z' }, resume: { units: 3, summary: { errors: 1 }, nextSeq: 2, takenOver: true } });
    await store.appendResult(job.id, 1, 2, 'd\n', { units: 4, summary: { errors: 1 } });
    await store.finish(job.id, { state: 'done', summary: { errors: 1 } }, '2026-01-09T00:00:03.000Z');
    expect((await collect(store.resultChunks(A, job.id))).join('')).toBe('a\nb\nc\nd\n');
    expect(await store.claim(job.id, '2026-01-09T00:00:04.000Z')).toBeUndefined(); // done: nothing to take
  });

  it('fails the jobs a stopped process left running, and deletes their partial results', async () => {
    const job = await newJob(B, '2026-01-08T00:00:00.000Z');
    await store.claimNext('2026-01-08T00:00:01.000Z');
    await store.appendResult(job.id, 2, 0, 'partial\n');
    expect(await store.failRunning({ code: 'INTERNAL_ERROR', message: 'interrupted' }, '2026-01-08T00:00:02.000Z')).toEqual([job.id]);
    expect(await store.get(B, job.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL_ERROR', message: 'interrupted' } });
    expect(await collect(store.resultChunks(B, job.id))).toEqual([]);
    expect(await store.failRunning({ code: 'INTERNAL_ERROR', message: 'interrupted' }, '2026-01-08T00:00:03.000Z')).toEqual([]);
  });
}

describe('jobs store on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-jobs-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  storeSuite(() => ({ backend: 'sqlite', path: join(dir, 'jobs.db') }));
});

const pgUrl = process.env.NARCOTRACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgStatus = await postgresReachable(pgUrl);
if (!pgStatus.ok) console.log(`PostgreSQL jobs store tests skipped: cannot connect to ${pgUrl} (${pgStatus.reason}); set NARCOTRACE_PG_URL to run them.`);

describe.skipIf(!pgStatus.ok)('jobs store on PostgreSQL', () => {
  const schema = `narcotrace_jobs_test_${process.pid}_${Date.now().toString(36)}`;
  afterAll(async () => {
    await dropPostgresSchema(pgUrl, schema);
  });
  storeSuite(() => ({ backend: 'postgres', url: pgUrl, schema }));
});
