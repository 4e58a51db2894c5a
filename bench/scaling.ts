/**
 * Scaling of bulk classification jobs: the embedded pool (worker threads in the server process) against
 * BullMQ workers (separate `narcotrace worker` processes fed through Redis), both on PostgreSQL, with 1
 * and 2 workers. The input is split into several jobs, since a job runs on one worker at a time.
 *
 *   npm run bench:scaling -- [catalog.smi] [--records N] [--jobs J]
 *   npm run bench:scaling -- --million [--records N] [--jobs J] [--only cli|bullmq|overhead|check-db] [--clean] [--keep]
 *
 * `--million` runs the 1-million-molecule job end to end instead, killed with SIGKILL part-way and
 * resumed, on the CLI and on 2 BullMQ workers, and checks the outputs (./million-job.ts).
 *
 * Needs PostgreSQL (NARCOTRACE_PG_URL, default postgres://postgres@127.0.0.1:5432/test) and Redis
 * (NARCOTRACE_REDIS_URL, default redis://127.0.0.1:6379/10); says why and exits when either is absent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import type { AccessScope } from '../src/identity/access.js';
import { redisClient, QUEUE_NAME } from '../src/jobs/bullmq/connection.js';
import { createBullmqJobQueue } from '../src/jobs/bullmq/queue.js';
import { JOB_KINDS } from '../src/jobs/kinds.js';
import { createLocalJobQueue } from '../src/jobs/local/pool.js';
import type { JobQueue } from '../src/jobs/port.js';
import { openStores, type Stores } from '../src/store/open.js';
import { dropPostgresSchema, postgresReachable } from '../src/store/postgres/connect.js';

const PG_URL = process.env.NARCOTRACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.NARCOTRACE_REDIS_URL ?? 'redis://127.0.0.1:6379/10';
const CLI = join(import.meta.dirname, '..', 'bin', 'narcotrace.js');

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const file = args.find((a) => !a.startsWith('--') && !/^\d+$/.test(a)) ?? join(import.meta.dirname, '..', '..', 'shared', 'data', 'catalog', 'catalog-72k.smi');
const records = option('--records', 20_000);
const jobs = option('--jobs', 8);

async function main(): Promise<void> {
  if (args.includes('--million')) {
    const { runMillion } = await import('./million-job.js');
    const only = args[args.indexOf('--only') + 1];
    return runMillion({
      catalog: file,
      records: option('--records', 1_000_000),
      jobs: option('--jobs', 20),
      only: args.includes('--only') ? (only === 'cli' || only === 'bullmq' || only === 'overhead' || only === 'check-db' ? only : undefined) : undefined,
      keep: args.includes('--keep'),
      clean: args.includes('--clean'),
      killAt: option('--kill-at', 0.4),
      lockMs: option('--lock-ms', 10_000),
      pgUrl: process.env.NARCOTRACE_MILLION_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/narcotrace_million',
      redisUrl: process.env.NARCOTRACE_MILLION_REDIS_URL ?? 'redis://127.0.0.1:6379/11',
    });
  }
  if (!existsSync(file)) return void console.log(`bench:scaling: ${file} not found; give a .smi file.`);
  const pg = await postgresReachable(PG_URL);
  if (!pg.ok) return void console.log(`bench:scaling: PostgreSQL at ${PG_URL} is not reachable (${pg.reason}).`);
  const structures = readFileSync(file, 'utf8').split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean).slice(0, records);
  const slices = Array.from({ length: jobs }, (_, i) => structures.slice(Math.floor((i * structures.length) / jobs), Math.floor(((i + 1) * structures.length) / jobs)));
  console.log(`${structures.length.toLocaleString('en')} structures from ${file}, as ${jobs} jobs; PostgreSQL ${PG_URL}, Redis ${REDIS_URL}`);

  const schema = `narcotrace_bench_${process.pid}`;
  const stores = await openStores({ backend: 'postgres', url: PG_URL, schema });
  const now = new Date().toISOString();
  const agency = await stores.identity.insertAgency({ name: 'Bench lab', kind: 'laboratory', jurisdiction: null, operator: false }, now);
  const user = await stores.identity.insertUser({ agencyId: agency.id, username: 'bench', displayName: 'bench', role: 'analyst', passwordHash: 'x' }, now);
  const scope: AccessScope = { agencyId: agency.id, userId: user!.id, role: 'analyst', operator: false };
  const rows: string[] = [];
  try {
    for (const workers of [1, 2]) {
      const pool = await createLocalJobQueue(stores.jobs, { kinds: JOB_KINDS, workers });
      // Warm-up: the workers load RDKit and the rules once; that is start-up, not throughput.
      await runJobs(pool, scope, Array.from({ length: workers }, () => structures.slice(0, 50)), stores);
      const seconds = await runJobs(pool, scope, slices, stores);
      await pool.close();
      rows.push(`| embedded pool, ${workers} worker thread${workers > 1 ? 's' : ''} | ${(structures.length / seconds).toFixed(0)} | ${seconds.toFixed(1)} s |`);
      console.log(rows.at(-1));
    }
    const redis = redisClient(REDIS_URL);
    try {
      await redis.ping();
    } catch (err) {
      console.log(`BullMQ runs skipped: Redis at ${REDIS_URL} is not reachable (${(err as Error).message}).`);
      redis.disconnect();
      return;
    }
    const old = new Queue(QUEUE_NAME, { connection: redis });
    await old.obliterate({ force: true }).catch(() => undefined);
    await old.close();
    redis.disconnect();
    for (const workers of [1, 2]) {
      const queue = await createBullmqJobQueue(stores.jobs, { redisUrl: REDIS_URL, kinds: JOB_KINDS });
      const children: ChildProcess[] = [];
      const env = { ...process.env, DATABASE_URL: PG_URL, NARCOTRACE_PG_SCHEMA: schema, NARCOTRACE_QUEUE: REDIS_URL };
      for (let i = 0; i < workers; i++) children.push(spawn(process.execPath, [CLI, 'worker'], { env, stdio: ['ignore', 'ignore', 'inherit'] }));
      await runJobs(queue, scope, Array.from({ length: workers }, () => structures.slice(0, 50)), stores); // warm-up: each worker loads RDKit
      const seconds = await runJobs(queue, scope, slices, stores);
      for (const c of children) c.kill('SIGTERM');
      await queue.close();
      rows.push(`| BullMQ, ${workers} worker process${workers > 1 ? 'es' : ''} | ${(structures.length / seconds).toFixed(0)} | ${seconds.toFixed(1)} s |`);
      console.log(rows.at(-1));
    }
  } finally {
    await stores.close();
    await dropPostgresSchema(PG_URL, schema);
  }
  console.log(['', '| run | structures/s | wall time |', '|---|---|---|', ...rows].join('\n'));
}

async function runJobs(queue: JobQueue, scope: AccessScope, inputs: string[][], stores: Stores): Promise<number> {
  const started = performance.now();
  const ids: string[] = [];
  for (const input of inputs) ids.push((await queue.submit(scope, 'classify', { structures: input, asOf: '2025-01-01' }, { username: 'bench' })).id);
  for (;;) {
    const states = await Promise.all(ids.map((id) => stores.jobs.get(scope, id)));
    if (states.some((j) => j?.state === 'failed' || j?.state === 'cancelled')) throw new Error(`a job ended ${JSON.stringify(states.find((j) => j?.state !== 'done'))}`);
    if (states.every((j) => j?.state === 'done')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (performance.now() - started) / 1000;
}

await main();
process.exit(process.exitCode ?? 0);
