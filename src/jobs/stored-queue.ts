/**
 * The half of a JobQueue that every adapter shares: submission (validated by the kind's handler, then
 * stored), look-ups, cancellation and results, all through the JobStore and the caller's scope. An
 * adapter adds how jobs reach a runner (`onSubmitted`) and how a running one is stopped (`onCancelled`).
 */
import { randomUUID } from 'node:crypto';
import type { AccessScope } from '../identity/access.js';
import { problem, ProblemError } from '../problems.js';
import { importJobHandler, type AnyJobHandler } from './handler.js';
import type { JobKinds } from './kinds.js';
import type { Job, JobQueue } from './port.js';
import './problems.js';
import type { JobStore } from './store.js';

const MAX_LIST = 500;
const DEFAULT_LIST = 50;

export const now = (): string => new Date().toISOString();

export interface StoredQueueHooks {
  /** The job is stored, queued: hand it to a runner. */
  onSubmitted(job: Job): void | Promise<void>;
  /** The job is marked cancelled in the store: stop it if it runs here. */
  onCancelled(id: string): void | Promise<void>;
  /** Refuse new work (the adapter is closing). */
  assertOpen(): void;
}

/** Imports each kind's handler once. */
export function handlerCache(kinds: JobKinds): { has(kind: string): boolean; get(kind: string): Promise<AnyJobHandler> } {
  const handlers = new Map<string, Promise<AnyJobHandler>>();
  return {
    has: (kind) => Object.hasOwn(kinds, kind),
    get(kind) {
      let h = handlers.get(kind);
      if (!h) {
        h = importJobHandler(kinds[kind], kind);
        handlers.set(kind, h);
        h.catch(() => handlers.delete(kind));
      }
      return h;
    },
  };
}

export function storedJobQueue(store: JobStore, kinds: JobKinds, hooks: StoredQueueHooks): Omit<JobQueue, 'close'> {
  const handlers = handlerCache(kinds);
  const notFound = (id: string) => new ProblemError(problem('NOT_FOUND', `No job ${id}.`));
  return {
    async submit(scope: AccessScope, kind: string, raw: unknown, by: { username: string }): Promise<Job> {
      hooks.assertOpen();
      if (!handlers.has(kind)) throw new ProblemError(problem('JOB_KIND_UNKNOWN', `No job kind "${kind}"; the kinds are ${Object.keys(kinds).join(', ')}.`, { field: 'kind' }));
      const handler = await handlers.get(kind);
      const input: unknown = handler.validate(raw);
      const job = await store.insert(scope, { id: randomUUID(), kind, createdByName: by.username, input, total: handler.total(input), createdAt: now() });
      await hooks.onSubmitted(job);
      return job;
    },

    async get(scope, id) {
      const job = await store.get(scope, id);
      if (!job) throw notFound(id);
      return job;
    },

    async list(scope, limit) {
      const n = Number.isFinite(limit) ? Math.min(MAX_LIST, Math.max(1, Math.trunc(limit))) : DEFAULT_LIST;
      return store.list(scope, n);
    },

    async cancel(scope, id) {
      hooks.assertOpen();
      const r = await store.cancel(scope, id, now());
      if (!r) throw notFound(id);
      if (!r.cancelled) throw new ProblemError(problem('JOB_FINISHED', `Job ${id} is ${r.job.state} already.`));
      await hooks.onCancelled(id);
      return r.job;
    },

    async result(scope, id) {
      const job = await store.get(scope, id);
      if (!job) throw notFound(id);
      if (job.state !== 'done') throw new ProblemError(problem('JOB_NOT_DONE', `Job ${id} is ${job.state}; its result can be read once it is done.`));
      return store.resultChunks(scope, id);
    },
  };
}
