/**
 * The job port on BullMQ (Redis), for scale-out: the server stores a job in the shared database
 * (PostgreSQL) and puts its id on a Redis queue; `narcotrace worker` processes on any number of
 * machines take ids from the queue and run the jobs (./worker.ts). The database stays the truth for
 * state, progress and results, so the API answers the same as with the local pool.
 */
import { Queue } from 'bullmq';
import type { JobKinds } from '../kinds.js';
import type { JobQueue } from '../port.js';
import { storedJobQueue } from '../stored-queue.js';
import type { JobStore } from '../store.js';
import { QUEUE_NAME, redisClient } from './connection.js';

export interface BullmqJobQueueOptions {
  /** redis://host:port[/db] */
  redisUrl: string;
  kinds: JobKinds;
  /** Queue name (tests use their own). */
  queueName?: string;
}

export interface BullmqJobData {
  jobId: string;
  kind: string;
}

export async function createBullmqJobQueue(store: JobStore, options: BullmqJobQueueOptions): Promise<JobQueue> {
  const redis = redisClient(options.redisUrl);
  const queue = new Queue<BullmqJobData>(options.queueName ?? QUEUE_NAME, { connection: redis });
  const enqueue = (job: { id: string; kind: string }) =>
    // The BullMQ job id is ours: adding a job that is on the queue already changes nothing.
    queue.add(job.kind, { jobId: job.id, kind: job.kind }, { jobId: job.id, removeOnComplete: 1000, removeOnFail: 1000 });
  // Jobs queued in the database but not in Redis (Redis was lost or flushed) are put back, in order.
  for (const job of await store.queuedJobs()) await enqueue(job);
  let closed = false;
  return {
    ...storedJobQueue(store, options.kinds, {
      async onSubmitted(job) {
        await enqueue(job);
      },
      async onCancelled(id) {
        // A queued job leaves the queue; a running one sees the cancel in the store at its next progress report.
        await queue.remove(id).catch(() => 0);
      },
      assertOpen() {
        if (closed) throw new Error('the job queue is closed');
      },
    }),
    async close() {
      closed = true;
      await queue.close();
      redis.disconnect();
    },
  };
}
