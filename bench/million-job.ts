/**
 * The 1-million-molecule job, end to end, with a kill -9 part-way and a resume, on both paths:
 *
 * - **cli**: `narcotrace classify --input … --output …` (worker threads, the text prefilter), once
 *   uninterrupted, then once SIGKILLed part-way and finished with `--resume`;
 * - **bullmq**: the input submitted as jobs to a BullMQ queue (Redis) run by 2 `narcotrace worker`
 *   processes sharing one PostgreSQL database; one worker is SIGKILLed part-way and a replacement
 *   started, as a supervisor would; the results are then read back through the job port into one file.
 *
 * Both outputs are checked by ./verify-job-output.ts: every input record once, in order, no torn line.
 * Also measured: wall time, throughput, peak RSS of each process, what each resume re-did, PostgreSQL
 * table sizes, the result file's size, and the per-chunk costs (Redis round trip, PostgreSQL chunk
 * write, file append) with the capacity of this machine's PostgreSQL and Redis under parallel writers.
 *
 *   npm run bench:scaling -- --million [--records N] [--jobs J] [--only cli|bullmq|overhead|check-db] [--clean] [--keep]
 *
 * The input (catalog-72k.smi repeated to ≥ N lines, each named m1, m2, …) and the outputs are written
 * to a temporary directory, deleted at the end unless --keep. PostgreSQL runs use a scratch database,
 * created afresh (NARCOTRACE_MILLION_PG_URL, default postgres://postgres@127.0.0.1:5432/narcotrace_million),
 * and Redis database 11 (NARCOTRACE_MILLION_REDIS_URL), so the `test` database and the test queues are
 * left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Queue } from 'bullmq';
import pg from 'pg';
import type { AccessScope } from '../src/identity/access.js';
import { QUEUE_NAME, redisClient } from '../src/jobs/bullmq/connection.js';
import { createBullmqJobQueue } from '../src/jobs/bullmq/queue.js';
import { JOB_KINDS } from '../src/jobs/kinds.js';
import { openStores, type Stores } from '../src/store/open.js';
import { verifyJobOutput, type OutputCheck } from './verify-job-output.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'narcotrace.js');
const AS_OF = '2025-01-01';

export interface MillionOptions {
  /** The catalogue repeated: catalog-72k.smi. */
  catalog: string;
  records: number;
  jobs: number;
  only?: 'cli' | 'bullmq' | 'overhead' | 'check-db';
  keep: boolean;
  /** Also run the CLI once uninterrupted. */
  clean: boolean;
  /** Kill when this fraction of the records is done. */
  killAt: number;
  pgUrl: string;
  redisUrl: string;
  /** NARCOTRACE_JOB_LOCK_MS for the workers: how soon a dead worker's job is taken over. */
  lockMs: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Processes and their peak memory

/** Peak RSS of processes, from /proc/<pid>/status (VmHWM, the kernel's high-water mark), polled. */
class RssWatch {
  private readonly peaks = new Map<string, number>();
  private readonly pids = new Map<string, number>();
  private readonly timer = setInterval(() => this.poll(), 250);

  watch(label: string, pid: number): void {
    this.pids.set(label, pid);
  }

  poll(): void {
    for (const [label, pid] of this.pids) {
      let status: string;
      try {
        status = readFileSync(`/proc/${pid}/status`, 'utf8');
      } catch {
        this.pids.delete(label); // exited
        continue;
      }
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peaks.set(label, Math.max(this.peaks.get(label) ?? 0, kb * 1024));
    }
  }

  peak(label: string): number {
    this.poll();
    return this.peaks.get(label) ?? 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface Child {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: string[];
  stderr: string[];
}

function start(args: string[], env: NodeJS.ProcessEnv, label: string, rss: RssWatch, onLine?: (line: string) => void): Child {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  rss.watch(label, child.pid!);
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => (stdout.push(l), onLine?.(l)));
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { process: child, exited, stdout, stderr };
}

// ---------------------------------------------------------------------------------------------
// Input

/** catalog-72k.smi's SMILES, repeated until there are `records` (whole copies when that is more than one copy), named m1, m2, …. */
async function writeInput(catalog: string, path: string, records: number): Promise<number> {
  const smiles = readFileSync(catalog, 'utf8').split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
  const total = records >= smiles.length ? Math.ceil(records / smiles.length) * smiles.length : records;
  const out = createWriteStream(path);
  let block: string[] = [];
  for (let i = 0; i < total; i++) {
    block.push(`${smiles[i % smiles.length]} m${i + 1}`);
    if (block.length === 10_000 || i === total - 1) {
      if (!out.write(block.join('\n') + '\n')) await once(out, 'drain');
      block = [];
    }
  }
  out.end();
  await once(out, 'finish');
  return total;
}

/** Line breaks in bytes [from, to) of a file: whole lines written after a point. */
async function countLines(path: string, from = 0): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(path, { start: from }) as AsyncIterable<Buffer>) for (const b of chunk) if (b === 0x0a) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// (a) the local CLI

interface CliReport {
  records: number;
  clean: { seconds: number; perSecond: number; peakRss: number; outputBytes: number; summary: string[] } | null;
  killed: { afterSeconds: number; checkpointRecords: number; checkpointBytes: number; fileBytes: number; wholeLinesAfterCheckpoint: number; tornTail: boolean; peakRss: number };
  resumed: { seconds: number; peakRss: number; redone: number; outputBytes: number; summary: string[] };
  totalSeconds: number;
  check: OutputCheck;
  load: { before: string; after: string };
}

async function runCli(dir: string, input: string, records: number, o: MillionOptions, rss: RssWatch): Promise<CliReport> {
  const loadBefore = load();
  const args = (output: string, ...more: string[]) => ['classify', '--input', input, '--output', output, '--as-of', AS_OF, '--workers', '2', '--quiet', ...more];

  // Uninterrupted, for the throughput (--clean).
  const cleanOut = join(dir, 'cli-clean.jsonl');
  let t = performance.now();
  let cleanReport: CliReport['clean'] = null;
  if (o.clean) {
    const clean = start(args(cleanOut), process.env, 'cli-clean', rss);
    const cleanExit = await clean.exited;
    const cleanSeconds = (performance.now() - t) / 1000;
    if (cleanExit.code !== 0 && cleanExit.code !== 2) throw new Error(`the uninterrupted CLI run failed (${JSON.stringify(cleanExit)}): ${clean.stderr.join('\n')}`);
    const cleanBytes = (await stat(cleanOut)).size;
    console.log(`cli: uninterrupted run, ${fmt(records)} records in ${fmt(cleanSeconds, 1)} s (${fmt(records / cleanSeconds)}/s), output ${mb(cleanBytes)}`);
    const cleanCheck = await verifyJobOutput(input, cleanOut, 'name');
    if (!cleanCheck.ok) throw new Error(`the uninterrupted CLI output fails the check: ${cleanCheck.problems.join('; ')}`);
    await rm(cleanOut);
    cleanReport = { seconds: cleanSeconds, perSecond: records / cleanSeconds, peakRss: rss.peak('cli-clean'), outputBytes: cleanBytes, summary: clean.stderr };
  }

  // Killed part-way, then resumed.
  const output = join(dir, 'cli.jsonl');
  const checkpoint = `${output}.checkpoint.json`;
  t = performance.now();
  const first = start(args(output), process.env, 'cli-killed', rss);
  let cp: { records: number; bytes: number } | undefined;
  for (;;) {
    await sleep(100);
    if (existsSync(checkpoint)) cp = JSON.parse(await readFile(checkpoint, 'utf8').catch(() => '{"records":0,"bytes":0}')) as { records: number; bytes: number };
    if (cp && cp.records >= records * o.killAt) break;
    if (first.process.exitCode !== null) throw new Error('the CLI run ended before it could be killed; give more --records');
  }
  // Let it write past the checkpoint for a moment, so the kill lands between checkpoints, mid-chunk.
  await sleep(400);
  first.process.kill('SIGKILL');
  await first.exited;
  const afterSeconds = (performance.now() - t) / 1000;
  const killedPeak = rss.peak('cli-killed');
  const at = JSON.parse(await readFile(checkpoint, 'utf8')) as { records: number; bytes: number };
  const fileBytes = (await stat(output)).size;
  const wholeLinesAfterCheckpoint = await countLines(output, at.bytes);
  const handle = await open(output, 'r');
  const last = Buffer.alloc(1);
  await handle.read(last, 0, 1, fileBytes - 1);
  await handle.close();
  const tornTail = last[0] !== 0x0a;
  console.log(
    `cli: killed after ${fmt(afterSeconds, 1)} s; checkpoint ${fmt(at.records)} records (${mb(at.bytes)}), file ${mb(fileBytes)}: ${fmt(wholeLinesAfterCheckpoint)} whole lines after the checkpoint${tornTail ? ' and a torn last line' : ''}`,
  );

  t = performance.now();
  const second = start(args(output, '--resume'), process.env, 'cli-resumed', rss);
  const exit = await second.exited;
  const resumedSeconds = (performance.now() - t) / 1000;
  // Exit code 2 is also a refused --resume (e.g. the data changed meanwhile): only a run that completed removes its checkpoint.
  if ((exit.code !== 0 && exit.code !== 2) || existsSync(checkpoint)) throw new Error(`the resumed CLI run failed (${JSON.stringify(exit)}): ${second.stderr.join('\n')}`);
  const check = await verifyJobOutput(input, output, 'name');
  console.log(`cli: resumed in ${fmt(resumedSeconds, 1)} s; check ${check.ok ? 'OK' : 'FAILED'}: ${fmt(check.records)} records, ${fmt(check.lines)} lines ${check.problems.join('; ')}`);
  if (!o.keep) await rm(output);
  return {
    records,
    clean: cleanReport,
    killed: { afterSeconds, checkpointRecords: at.records, checkpointBytes: at.bytes, fileBytes, wholeLinesAfterCheckpoint, tornTail, peakRss: killedPeak },
    resumed: { seconds: resumedSeconds, peakRss: rss.peak('cli-resumed'), redone: wholeLinesAfterCheckpoint + (tornTail ? 1 : 0), outputBytes: check.bytes, summary: second.stderr },
    totalSeconds: afterSeconds + resumedSeconds,
    check,
    load: { before: loadBefore, after: load() },
  };
}

// ---------------------------------------------------------------------------------------------
// (b) BullMQ workers on PostgreSQL

interface BullReport {
  records: number;
  jobs: number;
  submitSeconds: number;
  seconds: number;
  perSecond: number;
  workers: { label: string; peakRss: number; jobsStarted: number; takeOvers: string[] }[];
  harnessPeakRss: number;
  kill: { afterSeconds: number; doneAtKill: number; runningAtKill: { id: string; done: number }[] };
  takeOvers: { id: string; resumedAfter: number; secondsAfterKill: number }[];
  export: { seconds: number; bytes: number };
  check: OutputCheck;
  chunks: { jobs: number; chunks: number; contiguous: boolean; lines: number };
  tables: Record<string, { total: number; heap: number; toast: number; indexes: number }>;
  databaseBytes: number;
  redis: { usedMemoryPeak: string; keys: number };
  overhead: Overhead;
  load: { before: string; after: string };
}

async function recreateDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, '');
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test' || name === 'postgres') throw new Error(`refusing to recreate database "${name}": give a scratch database`);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, '');
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
}

async function runBullmq(dir: string, input: string, records: number, o: MillionOptions, rss: RssWatch): Promise<BullReport> {
  await recreateDatabase(o.pgUrl);
  const stores = await openStores({ backend: 'postgres', url: o.pgUrl });
  const sql = new pg.Client({ connectionString: o.pgUrl });
  await sql.connect();
  const redis = redisClient(o.redisUrl);
  const workers: { label: string; child: Child; started: number; takeOvers: string[] }[] = [];
  try {
    const now = new Date().toISOString();
    const agency = await stores.identity.insertAgency({ name: 'Bench lab', kind: 'laboratory', jurisdiction: null, operator: false }, now);
    const user = await stores.identity.insertUser({ agencyId: agency.id, username: 'bench', displayName: 'bench', role: 'analyst', passwordHash: 'x' }, now);
    const scope: AccessScope = { agencyId: agency.id, userId: user!.id, role: 'analyst', operator: false };
    const old = new Queue(QUEUE_NAME, { connection: redis });
    await old.obliterate({ force: true }).catch(() => undefined);
    await old.close();
    const queue = await createBullmqJobQueue(stores.jobs, { redisUrl: o.redisUrl, kinds: JOB_KINDS });

    const takeOverLog: { id: string; resumedAfter: number; at: number }[] = [];
    const startWorker = async (label: string) => {
      // Each worker gets its own environment, as on its own machine; they share only the two URLs.
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: o.pgUrl, NARCOTRACE_QUEUE: o.redisUrl, NARCOTRACE_JOB_LOCK_MS: String(o.lockMs) };
      const entry = { label, child: undefined as unknown as Child, started: 0, takeOvers: [] as string[] };
      let ready!: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      entry.child = start(['worker'], env, label, rss, (line) => {
        if (line.startsWith('Worker running')) ready();
        if (/: started \(/.test(line)) entry.started++;
        const m = /job (\S+): taken over .* resuming after unit (\d+)/.exec(line);
        if (m) {
          entry.takeOvers.push(line);
          // The worker's own clock (its log line starts with an ISO time): the harness may read the line late.
          takeOverLog.push({ id: m[1], resumedAfter: Number(m[2]), at: Date.parse(line.slice(0, 24)) });
        }
      });
      workers.push(entry);
      await Promise.race([isReady, entry.child.exited.then((e) => Promise.reject(new Error(`worker ${label} exited (${JSON.stringify(e)}): ${entry.child.stderr.join('\n')}`)))]);
      return entry;
    };
    await Promise.all([startWorker('worker-1'), startWorker('worker-2')]);
    const loadBefore = load();

    // Submit: the input split into jobs of at most 100,000 structures.
    const structures: string[] = [];
    for await (const line of createInterface({ input: createReadStream(input) })) if (line.trim()) structures.push(line.trim().split(/\s+/)[0]);
    const t0 = performance.now();
    const ids: string[] = [];
    for (let j = 0; j < o.jobs; j++) {
      const slice = structures.slice(Math.floor((j * structures.length) / o.jobs), Math.floor(((j + 1) * structures.length) / o.jobs));
      ids.push((await queue.submit(scope, 'classify', { structures: slice, asOf: AS_OF }, { username: 'bench' })).id);
    }
    structures.length = 0;
    const submitSeconds = (performance.now() - t0) / 1000;
    console.log(`bullmq: ${fmt(o.jobs)} jobs submitted in ${fmt(submitSeconds, 1)} s`);

    const progress = async () => {
      const r = await sql.query<{ id: string; state: string; done: string; total: string }>('SELECT id, state, progress_done AS done, progress_total AS total FROM jobs');
      return r.rows.map((x) => ({ id: x.id, state: x.state, done: Number(x.done), total: Number(x.total) }));
    };
    let kill: BullReport['kill'] | undefined;
    let killTime = 0;
    let lastReport = 0;
    for (;;) {
      await sleep(500);
      const rows = await progress();
      const done = rows.reduce((s, r) => s + r.done, 0);
      const bad = rows.find((r) => r.state === 'failed' || r.state === 'cancelled');
      if (bad) throw new Error(`job ${bad.id} ended ${bad.state}`);
      if (rows.every((r) => r.state === 'done')) break;
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        console.log(`bullmq: ${fmt(done)} of ${fmt(records)} after ${fmt((lastReport - t0) / 1000)} s (load ${load()})`);
      }
      if (!kill && done >= records * o.killAt) {
        const victim = workers[0];
        killTime = Date.now();
        victim.child.process.kill('SIGKILL');
        await victim.child.exited;
        const running = rows.filter((r) => r.state === 'running').map((r) => ({ id: r.id, done: r.done }));
        kill = { afterSeconds: (performance.now() - t0) / 1000, doneAtKill: done, runningAtKill: running };
        console.log(`bullmq: SIGKILLed ${victim.label} after ${fmt(kill.afterSeconds, 1)} s, ${fmt(done)} done; running then: ${running.map((r) => `${r.id.slice(0, 8)}@${r.done}`).join(', ')}`);
        await startWorker('worker-3'); // the replacement a supervisor (systemd Restart=) would start
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`bullmq: all ${fmt(o.jobs)} jobs done in ${fmt(seconds, 1)} s (${fmt(records / seconds)}/s)`);
    const loadAfter = load();

    // The result, read back through the job port, one job after another, into one file.
    const output = join(dir, 'bullmq.jsonl');
    const t1 = performance.now();
    const out = createWriteStream(output);
    for (const id of ids) for await (const chunk of await queue.result(scope, id)) if (!out.write(chunk)) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    const exportSeconds = (performance.now() - t1) / 1000;
    const check = await verifyJobOutput(input, output, 'input');
    const bytes = (await stat(output)).size;
    console.log(`bullmq: result ${mb(bytes)} read in ${fmt(exportSeconds, 1)} s; check ${check.ok ? 'OK' : 'FAILED'}: ${fmt(check.records)} records, ${fmt(check.lines)} lines ${check.problems.join('; ')}`);
    if (!o.keep) await rm(output);

    // Stored chunks: seq 0..n-1 with no gap or repeat, and one line per unit of work.
    const c = await sql.query<{ job_id: string; n: string; max: string; lines: string; total: string }>(
      `SELECT r.job_id, count(*) AS n, max(r.seq) AS max, sum(length(r.body) - length(replace(r.body, E'\\n', ''))) AS lines, min(j.progress_total) AS total
         FROM job_results r JOIN jobs j ON j.id = r.job_id GROUP BY r.job_id`,
    );
    const chunks = {
      jobs: c.rows.length,
      chunks: c.rows.reduce((s, r) => s + Number(r.n), 0),
      contiguous: c.rows.every((r) => Number(r.n) === Number(r.max) + 1 && Number(r.lines) === Number(r.total)),
      lines: c.rows.reduce((s, r) => s + Number(r.lines), 0),
    };
    const tables: BullReport['tables'] = {};
    for (const t of ['jobs', 'job_results']) {
      const r = await sql.query<{ total: string; heap: string; toast: string; indexes: string }>(
        `SELECT pg_total_relation_size(c.oid) AS total, pg_relation_size(c.oid) AS heap,
                coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS toast, pg_indexes_size(c.oid) AS indexes
           FROM pg_class c WHERE c.relname = $1 AND c.relkind = 'r' AND pg_table_is_visible(c.oid)`,
        [t],
      );
      tables[t] = { total: Number(r.rows[0].total), heap: Number(r.rows[0].heap), toast: Number(r.rows[0].toast), indexes: Number(r.rows[0].indexes) };
    }
    const databaseBytes = Number((await sql.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size')).rows[0].size);
    const info = await redis.info('memory');
    const redisReport = { usedMemoryPeak: /used_memory_peak_human:(\S+)/.exec(info)?.[1] ?? '?', keys: await redis.dbsize() };

    // Every worker is still needed for nothing now: stop them before measuring the per-chunk costs.
    for (const w of workers) if (w.child.process.exitCode === null) w.child.process.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.child.exited));
    await queue.close();
    // A real chunk: the first 50 result lines of the first job.
    const first = await sql.query<{ body: string }>('SELECT body FROM job_results WHERE units_through IS NOT NULL ORDER BY job_id, seq LIMIT 1');
    const overhead = await measureOverhead(stores, sql, scope, o, dir, first.rows[0].body);

    return {
      records,
      jobs: o.jobs,
      submitSeconds,
      seconds,
      perSecond: records / seconds,
      workers: workers.map((w) => ({ label: w.label, peakRss: rss.peak(w.label), jobsStarted: w.started, takeOvers: w.takeOvers })),
      harnessPeakRss: process.resourceUsage().maxRSS * 1024,
      kill: kill ?? { afterSeconds: 0, doneAtKill: 0, runningAtKill: [] },
      takeOvers: takeOverLog.map((t) => ({ id: t.id, resumedAfter: t.resumedAfter, secondsAfterKill: (t.at - killTime) / 1000 })),
      export: { seconds: exportSeconds, bytes },
      check,
      chunks,
      tables,
      databaseBytes,
      redis: redisReport,
      overhead,
      load: { before: loadBefore, after: loadAfter },
    };
  } finally {
    for (const w of workers) if (w.child.process.exitCode === null) w.child.process.kill('SIGKILL');
    redis.disconnect();
    await sql.end();
    await stores.close();
    if (!o.keep) await dropDatabase(o.pgUrl);
  }
}

// ---------------------------------------------------------------------------------------------
// Per-chunk costs

interface Overhead {
  chunkLines: number;
  chunkBytes: number;
  /** Mean milliseconds, one at a time. */
  redisRoundTripMs: number;
  pgChunkInsertMs: number;
  pgProgressUpdateMs: number;
  pgChunkOneTransactionMs: number;
  /** Classifying one chunk in this process (full classification, as a job does), for scale. */
  classifyChunkMs?: number;
  fileAppendMs: number;
  fileAppendFsyncMs: number;
  /** Chunk writes (INSERT + UPDATE) per second with 8 writers at once, and Redis round trips per second with 8 clients. */
  pgChunksPerSecondParallel: number;
  redisOpsPerSecondParallel: number;
}

async function timeEach(n: number, f: (i: number) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) await f(i);
  return (performance.now() - t) / n;
}

async function measureOverhead(stores: Stores, sql: pg.Client, scope: AccessScope, o: MillionOptions, dir: string, body: string): Promise<Overhead> {
  const chunkLines = body.split('\n').length - 1;
  const newJob = async () => {
    const id = crypto.randomUUID();
    await stores.jobs.insert(scope, { id, kind: 'classify', createdByName: 'bench', input: { structures: [] }, total: 1e9, createdAt: new Date().toISOString() });
    await stores.jobs.claim(id, new Date().toISOString());
    return id;
  };
  const job = await newJob();
  const N = 300;
  const pgChunkInsertMs = await timeEach(N, (i) => stores.jobs.appendResult(job, scope.agencyId, i, body, { units: (i + 1) * chunkLines, summary: { controlled: i, errors: 0 } }));
  const pgProgressUpdateMs = await timeEach(N, (i) => stores.jobs.progress(job, i));
  // The same two writes in one transaction (one commit, one WAL flush): what merging them would save.
  const pgChunkOneTransactionMs = await timeEach(N, async (i) => {
    await sql.query('BEGIN');
    await sql.query('INSERT INTO job_results (job_id, seq, owner_agency_id, body, units_through, summary_through) VALUES ($1, $2, $3, $4, $5, $6)', [job, N + i, scope.agencyId, body, (N + i + 1) * chunkLines, '{}']);
    await sql.query('UPDATE jobs SET progress_done = $2 WHERE id = $1 AND state = $3', [job, (N + i + 1) * chunkLines, 'running']);
    await sql.query('COMMIT');
  });

  // PostgreSQL capacity: 8 writers at once (the pool holds 10 connections), each its own job, for 5 s.
  const writers = await Promise.all(Array.from({ length: 8 }, newJob));
  let written = 0;
  const until = performance.now() + 5000;
  const t = performance.now();
  await Promise.all(
    writers.map(async (id) => {
      for (let seq = 0; performance.now() < until; seq++) {
        await stores.jobs.appendResult(id, scope.agencyId, seq, body, { units: (seq + 1) * chunkLines, summary: { controlled: seq, errors: 0 } });
        await stores.jobs.progress(id, (seq + 1) * chunkLines);
        written++;
      }
    }),
  );
  const pgChunksPerSecondParallel = written / ((performance.now() - t) / 1000);

  const redis = redisClient(o.redisUrl);
  await redis.ping();
  const redisRoundTripMs = await timeEach(2000, () => redis.ping());
  const clients = Array.from({ length: 8 }, () => redisClient(o.redisUrl));
  let ops = 0;
  const rUntil = performance.now() + 3000;
  const rt = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < rUntil) {
        await c.ping();
        ops++;
      }
    }),
  );
  const redisOpsPerSecondParallel = ops / ((performance.now() - rt) / 1000);
  for (const c of [redis, ...clients]) c.disconnect();

  // The CLI's result append: the same chunk to a file, without and with fsync.
  await mkdir(dir, { recursive: true });
  const file = await open(join(dir, 'append-test.jsonl'), 'w');
  const fileAppendMs = await timeEach(N, () => file.write(body));
  const fileAppendFsyncMs = await timeEach(100, async () => {
    await file.write(body);
    await file.sync();
  });
  await file.close();
  await rm(join(dir, 'append-test.jsonl'));
  return { chunkLines, chunkBytes: Buffer.byteLength(body), redisRoundTripMs, pgChunkInsertMs, pgProgressUpdateMs, pgChunkOneTransactionMs, fileAppendMs, fileAppendFsyncMs, pgChunksPerSecondParallel, redisOpsPerSecondParallel };
}

/**
 * `--only check-db`: checks what the scratch database holds, for a run that was stopped before it
 * finished: for every job, its stored chunks are seq 0, 1, … with no gap, and the k-th stored line
 * answers the k-th structure of the job's input, for as far as the job got (all of it when done).
 */
async function checkStoredJobs(o: MillionOptions): Promise<{ jobs: { id: string; state: string; done: number; total: number; lines: number; chunks: number; ok: boolean; problem?: string }[]; ok: boolean }> {
  const sql = new pg.Client({ connectionString: o.pgUrl });
  await sql.connect();
  try {
    const jobs = (await sql.query<{ id: string; state: string; done: string; total: string }>('SELECT id, state, progress_done AS done, progress_total AS total FROM jobs ORDER BY created_at, id')).rows;
    const out = [];
    for (const j of jobs) {
      const structures = (JSON.parse((await sql.query<{ input: string }>('SELECT input FROM jobs WHERE id = $1', [j.id])).rows[0].input) as { structures: string[] }).structures;
      let lines = 0;
      let chunks = 0;
      let problem: string | undefined;
      let marked = 0;
      for (let after = -1; ; ) {
        const rows = (await sql.query<{ seq: number; body: string; units: number | null }>('SELECT seq, body, units_through AS units FROM job_results WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT 20', [j.id, after])).rows;
        for (const r of rows) {
          if (Number(r.seq) !== chunks) problem ??= `chunk ${chunks} is missing (next stored is ${r.seq})`;
          chunks++;
          if (!r.body.endsWith('\n')) problem ??= `chunk ${r.seq} does not end with a line break`;
          for (const line of r.body.slice(0, -1).split('\n')) {
            const input = (JSON.parse(line) as { input: string }).input;
            if (input !== structures[lines]) problem ??= `line ${lines + 1} answers ${JSON.stringify(input)}, not structure ${lines + 1} ${JSON.stringify(structures[lines])}`;
            lines++;
          }
          if (r.units !== null) {
            if (Number(r.units) !== lines) problem ??= `chunk ${r.seq} says it ends at unit ${r.units} but ends at line ${lines}`;
            marked = lines;
          }
        }
        if (rows.length < 20) break;
        after = Number(rows[rows.length - 1].seq);
      }
      if (j.state === 'done' && lines !== Number(j.total)) problem ??= `done with ${lines} lines for ${j.total} structures`;
      if (Number(j.done) > marked && j.state !== 'done') problem ??= `progress ${j.done} is past the last marked chunk (${marked})`;
      out.push({ id: j.id, state: j.state, done: Number(j.done), total: Number(j.total), lines, chunks, ok: problem === undefined, ...(problem ? { problem } : {}) });
    }
    return { jobs: out, ok: out.every((j) => j.ok) };
  } finally {
    await sql.end();
  }
}

/** The per-chunk costs alone (`--only overhead`), on a fresh scratch database, with a chunk made by the classify job itself. */
async function runOverhead(o: MillionOptions, dir: string): Promise<Overhead> {
  const { classifyJob } = await import('../src/law/classify-job.js');
  const smiles = readFileSync(o.catalog, 'utf8').split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean).slice(0, 1000);
  const chunks: string[] = [];
  const run = async (structures: string[]) => {
    let lines: string[] = [];
    await classifyJob.run(classifyJob.validate({ structures, asOf: AS_OF }), {
      signal: new AbortController().signal,
      startAt: 0,
      summarySoFar: {},
      emit: (more) => lines.push(...more),
      progress: () => {
        chunks.push(lines.join('\n') + '\n');
        lines = [];
      },
    });
  };
  await run(smiles.slice(0, 50)); // loads RDKit and the rules
  chunks.length = 0;
  const t = performance.now();
  await run(smiles);
  const classifyChunkMs = (performance.now() - t) / chunks.length;
  // A database of its own, so this can run beside a --million run.
  const url = new URL(o.pgUrl);
  url.pathname = `${url.pathname}_overhead`;
  const pgUrl = url.toString();
  await recreateDatabase(pgUrl);
  const stores = await openStores({ backend: 'postgres', url: pgUrl });
  const sql = new pg.Client({ connectionString: pgUrl });
  await sql.connect();
  try {
    const now = new Date().toISOString();
    const agency = await stores.identity.insertAgency({ name: 'Bench lab', kind: 'laboratory', jurisdiction: null, operator: false }, now);
    const user = await stores.identity.insertUser({ agencyId: agency.id, username: 'bench', displayName: 'bench', role: 'analyst', passwordHash: 'x' }, now);
    const scope: AccessScope = { agencyId: agency.id, userId: user!.id, role: 'analyst', operator: false };
    return { ...(await measureOverhead(stores, sql, scope, o, dir, chunks[0])), classifyChunkMs };
  } finally {
    await sql.end();
    await stores.close();
    if (!o.keep) await dropDatabase(pgUrl);
  }
}

// ---------------------------------------------------------------------------------------------

export async function runMillion(o: MillionOptions): Promise<void> {
  if (!existsSync(o.catalog)) return void console.log(`bench:scaling --million: ${o.catalog} not found.`);
  const dir = await mkdtemp(join(tmpdir(), 'narcotrace-million-'));
  const rss = new RssWatch();
  const report: { startedAt: string; cores: number; records?: number; inputBytes?: number; cli?: CliReport; bullmq?: BullReport; overhead?: Overhead; load?: string[]; finishedAt?: string } = {
    startedAt: new Date().toISOString(),
    cores: (await import('node:os')).availableParallelism(),
  };
  try {
    if (o.only === 'check-db') {
      const check = await checkStoredJobs(o);
      console.log(JSON.stringify(check, null, 2));
      const lines = check.jobs.reduce((n, j) => n + j.lines, 0);
      console.log(`${check.ok ? 'OK' : 'FAILED'}: ${check.jobs.length} jobs, ${check.jobs.filter((j) => j.state === 'done').length} done, ${fmt(lines)} stored lines, each answering its structure once`);
      if (!check.ok) process.exitCode = 1;
      return;
    }
    if (o.only === 'overhead') {
      report.load = [load()];
      report.overhead = await runOverhead(o, dir);
      report.load.push(load());
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    const input = join(dir, 'million.smi');
    report.records = await writeInput(o.catalog, input, o.records);
    report.inputBytes = (await stat(input)).size;
    console.log(`${fmt(report.records)} records (catalog-72k.smi repeated) in ${input}, ${mb(report.inputBytes)}; load ${load()}`);
    if (o.only !== 'bullmq') report.cli = await runCli(dir, input, report.records, o, rss);
    if (o.only !== 'cli') report.bullmq = await runBullmq(dir, input, report.records, o, rss);
    report.finishedAt = new Date().toISOString();
    const path = join(o.keep ? dir : tmpdir(), `narcotrace-million-report-${Date.now()}.json`);
    await writeFile(path, JSON.stringify(report, null, 2));
    console.log(JSON.stringify(report, null, 2));
    console.log(`report: ${path}`);
    if ((report.cli && !report.cli.check.ok) || (report.bullmq && (!report.bullmq.check.ok || !report.bullmq.chunks.contiguous))) process.exitCode = 1;
  } finally {
    rss.stop();
    if (!o.keep) await rm(dir, { recursive: true, force: true });
    else console.log(`kept ${dir}`);
  }
}
