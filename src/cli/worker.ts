/**
 * `narcotrace worker [--queue redis://…]`: runs jobs from the BullMQ queue against the database that
 * `serve` uses (DATABASE_URL; PostgreSQL when the workers are on several machines). Start as many as
 * there are cores to use, on any machines; stop with Ctrl-C or SIGTERM (the running job is taken over
 * and resumed by another worker).
 */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('worker')
    .description('Run jobs from the Redis queue (NARCOTRACE_QUEUE or --queue) against the database of `serve` (DATABASE_URL / NARCOTRACE_DB).')
    .option('--queue <url>', 'redis://host:port[/db] (default: $NARCOTRACE_QUEUE)')
    .option('--concurrency <n>', 'jobs run at once by this process (default 1)', '1')
    .action(async (options: { queue?: string; concurrency: string }) => {
      const { readServerConfig } = await import('../server/config.js');
      const env = { ...process.env, ...(options.queue ? { NARCOTRACE_QUEUE: options.queue } : {}) };
      const read = readServerConfig(env);
      const concurrency = Number(options.concurrency);
      if (!read.ok || read.config.jobs.kind !== 'bullmq' || !Number.isInteger(concurrency) || concurrency < 1) {
        console.error(
          `narcotrace worker: ${!read.ok ? read.message : read.config.jobs.kind !== 'bullmq' ? 'give the queue: --queue redis://host:port or NARCOTRACE_QUEUE.' : '--concurrency takes a whole number of 1 or more.'}`,
        );
        process.exitCode = 2;
        return;
      }
      const { openStores } = await import('../store/open.js');
      const { describeStore } = await import('../store/config.js');
      const { startBullmqWorker } = await import('../jobs/bullmq/worker.js');
      const { JOB_KINDS } = await import('../jobs/kinds.js');
      const stores = await openStores(read.config.store);
      const worker = await startBullmqWorker(stores.jobs, {
        redisUrl: read.config.jobs.redisUrl,
        kinds: JOB_KINDS,
        concurrency,
        lockDurationMs: read.config.jobs.lockMs,
        onLog: (message) => console.log(`${new Date().toISOString()} ${message}`),
      });
      console.log(`Worker running jobs from ${read.config.jobs.redisUrl.replace(/\/\/[^@]*@/, '//***@')} against ${describeStore(read.config.store)}.`);
      const { exitOnSignal } = await import('./shutdown.js');
      exitOnSignal(async () => {
        await worker.close();
        await stores.close();
      }, 'finishing the running job');
    });
}
