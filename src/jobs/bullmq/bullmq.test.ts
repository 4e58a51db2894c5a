/**
 * The BullMQ adapter against the Redis and PostgreSQL that CI runs (skipped, with the reason, when
 * either is absent): the same job gives the same result as on the local pool, and a worker killed with
 * SIGKILL mid-job is taken over by another that resumes it, every result line stored exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../../identity/access.js';
import { openStores, type Stores } from '../../store/open.js';
import { dropPostgresSchema, postgresReachable } from '../../store/postgres/connect.js';
import { PG_URL } from '../../store/testing.js';
import { JOB_KINDS } from '../kinds.js';
import { createLocalJobQueue } from '../local/pool.js';
import type { Job, JobQueue } from '../port.js';
import { QUEUE_NAME, redisClient } from './connection.js';
import { createBullmqJobQueue } from './queue.js';
import { startBullmqWorker, type RunningWorker } from './worker.js';

const REDIS_URL = process.env.NARCOTRACE_REDIS_URL ?? 'redis://127.0.0.1:6379/9';
const CLI = join(import.meta.dirname, '..', '..', '..', 'bin', 'narcotrace.js');

function redisReachable(url: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || 6379), timeout: 2000 });
    socket.once('connect', () => (socket.end(), resolve({ ok: true })));
    socket.once('error', (err) => resolve({ ok: false, reason: err.message }));
    socket.once('timeout', () => (socket.destroy(), resolve({ ok: false, reason: 'timed out' })));
  });
}

const [pg, redis] = await Promise.all([postgresReachable(PG_URL), redisReachable(REDIS_URL)]);
const skip = !pg.ok ? `PostgreSQL at ${PG_URL}: ${pg.reason}` : !redis.ok ? `Redis at ${REDIS_URL}: ${redis.reason}` : undefined;
if (skip) console.log(`BullMQ job tests skipped: cannot reach ${skip} (NARCOTRACE_PG_URL, NARCOTRACE_REDIS_URL).`);

const FENTANYL_LIKE = ['CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'CCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', 'C1CC(', 'CCO'];
const structures = (n: number) => Array.from({ length: n }, (_, i) => FENTANYL_LIKE[i % FENTANYL_LIKE.length]);

async function settle(queue: JobQueue, scope: AccessScope, id: string, timeoutMs: number): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.get(scope, id);
    if (['done', 'failed', 'cancelled'].includes(job.state) || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function resultText(queue: JobQueue, scope: AccessScope, id: string): Promise<string> {
  let text = '';
  for await (const chunk of await queue.result(scope, id)) text += chunk;
  return text;
}

describe.skipIf(skip !== undefined)('BullMQ job queue (Redis + PostgreSQL)', () => {
  const schema = `narcotrace_bullmq_${process.pid}_${Date.now().toString(36)}`;
  const pgStore = { backend: 'postgres' as const, url: PG_URL, schema };
  let stores: Stores;
  let scope: AccessScope;
  const children: ChildProcess[] = [];
  const closers: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    const redis = redisClient(REDIS_URL);
    const old = new Queue(QUEUE_NAME, { connection: redis });
    await old.obliterate({ force: true }).catch(() => undefined);
    await old.close();
    redis.disconnect();
    stores = await openStores(pgStore);
    const agency = await stores.identity.insertAgency({ name: 'Queue lab', kind: 'laboratory', jurisdiction: null, operator: false }, new Date().toISOString());
    const user = await stores.identity.insertUser({ agencyId: agency.id, username: 'queue.analyst', displayName: 'q', role: 'analyst', passwordHash: 'x' }, new Date().toISOString());
    scope = { agencyId: agency.id, userId: user!.id, role: 'analyst', operator: false };
  });
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const c of closers.reverse()) await c.close().catch(() => undefined);
    await stores?.close();
    await dropPostgresSchema(PG_URL, schema);
  });

  it('answers a job exactly as the local pool does', async () => {
    const bull = await createBullmqJobQueue(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
    closers.push(bull);
    const worker: RunningWorker = await startBullmqWorker(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
    closers.push(worker);
    const input = { structures: structures(120), asOf: '2025-01-01', jurisdictions: ['US', 'CN'] };
    const viaBull = await bull.submit(scope, 'classify', input, { username: 'queue.analyst' });
    const doneBull = await settle(bull, scope, viaBull.id, 120_000);
    expect(doneBull).toMatchObject({ state: 'done', progress: { done: 120, total: 120 }, summary: { controlled: 72, errors: 24 } });

    const local = await openStores({ backend: 'sqlite', path: ':memory:' });
    const pool = await createLocalJobQueue(local.jobs, { kinds: JOB_KINDS });
    try {
      const agency = await local.identity.insertAgency({ name: 'Queue lab', kind: 'laboratory', jurisdiction: null, operator: false }, new Date().toISOString());
      const localScope = { ...scope, agencyId: agency.id };
      const viaPool = await pool.submit(localScope, 'classify', input, { username: 'queue.analyst' });
      expect(await settle(pool, localScope, viaPool.id, 120_000)).toMatchObject({ state: 'done', summary: doneBull.summary });
      expect(await resultText(bull, scope, viaBull.id)).toBe(await resultText(pool, localScope, viaPool.id));
    } finally {
      await pool.close();
      await local.close();
    }
    await worker.close();
  }, 240_000);

  it('puts back on the queue the jobs the database has queued but Redis lost', async () => {
    const lost = await stores.jobs.insert(scope, { id: '00000000-0000-4000-8000-000000000001', kind: 'classify', createdByName: 'queue.analyst', input: { structures: ['CCO'], asOf: '2025-01-01', jurisdictions: ['US'] }, total: 1, createdAt: new Date().toISOString() });
    const bull = await createBullmqJobQueue(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
    closers.push(bull);
    const worker = await startBullmqWorker(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
    closers.push(worker);
    expect(await settle(bull, scope, lost.id, 60_000)).toMatchObject({ state: 'done', progress: { done: 1, total: 1 } });
    await worker.close();
  }, 120_000);

  it('resumes a job whose worker was killed with SIGKILL, every line exactly once', async () => {
    const bull = await createBullmqJobQueue(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
    closers.push(bull);
    const n = 2500;
    const job = await bull.submit(scope, 'classify', { structures: structures(n), asOf: '2025-01-01' }, { username: 'queue.analyst' });
    const env = { ...process.env, DATABASE_URL: PG_URL, NARCOTRACE_PG_SCHEMA: schema, NARCOTRACE_QUEUE: REDIS_URL, NARCOTRACE_JOB_LOCK_MS: '5000' };
    const startWorker = () => {
      const child = spawn(process.execPath, [CLI, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return child;
    };

    const first = startWorker();
    let seen = 0;
    for (let i = 0; i < 600 && seen === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      seen = (await bull.get(scope, job.id)).progress.done;
    }
    first.kill('SIGKILL');
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(n);

    startWorker();
    const done = await settle(bull, scope, job.id, 180_000);
    expect(done).toMatchObject({ state: 'done', progress: { done: n, total: n }, summary: { controlled: (n / 5) * 3, errors: n / 5 } });
    const lines = (await resultText(bull, scope, job.id)).trimEnd().split('\n');
    expect(lines).toHaveLength(n);
    expect(lines.map((l) => (JSON.parse(l) as { input: string }).input)).toEqual(structures(n));
  }, 300_000);
});
