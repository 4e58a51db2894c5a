/** The JobStore on Kysely (SQLite and PostgreSQL alike). */
import type { Kysely, Selectable } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { ownedBy } from '../store/owned.js';
import type { JobSummary } from './handler.js';
import type { Job, JobState } from './port.js';
import type { ClaimedJob, JobStore } from './store.js';

export type JobTables = {
  jobs: {
    id: string;
    kind: string;
    owner_agency_id: number;
    created_by: number;
    created_by_name: string;
    state: string;
    progress_done: number;
    progress_total: number;
    input: string;
    summary: string | null;
    error: string | null;
    created_at: string;
    started_at: string | null;
    finished_at: string | null;
  };
  job_results: { job_id: string; seq: number; owner_agency_id: number; body: string; units_through: number | null; summary_through: string | null };
};

/** Every column but the input, which can be megabytes and is only read by the runner. */
const JOB_COLUMNS = [
  'id',
  'kind',
  'owner_agency_id',
  'created_by',
  'created_by_name',
  'state',
  'progress_done',
  'progress_total',
  'summary',
  'error',
  'created_at',
  'started_at',
  'finished_at',
] as const;

type JobRow = Pick<Selectable<JobTables['jobs']>, (typeof JOB_COLUMNS)[number]>;

const jobOf = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  state: r.state as JobState,
  progress: { done: Number(r.progress_done), total: Number(r.progress_total) },
  summary: r.summary === null ? null : (JSON.parse(r.summary) as JobSummary),
  error: r.error === null ? null : (JSON.parse(r.error) as { code: string; message: string }),
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  createdBy: { userId: Number(r.created_by), username: r.created_by_name },
});

/** Result chunks read per query: a few, so a long result is streamed, never held. */
const CHUNKS_PER_READ = 4;

export function createJobStore(base: Kysely<object>): JobStore {
  const db = base.withTables<JobTables>();

  async function get(scope: AccessScope, id: string): Promise<Job | undefined> {
    const row = await db.selectFrom('jobs').select(JOB_COLUMNS).where('id', '=', id).where(ownedBy('jobs', scope)).executeTakeFirst();
    return row && jobOf(row);
  }

  return {
    async insert(scope, job) {
      const row = await db
        .insertInto('jobs')
        .values({
          id: job.id,
          kind: job.kind,
          owner_agency_id: scope.agencyId,
          created_by: scope.userId,
          created_by_name: job.createdByName,
          state: 'queued',
          progress_done: 0,
          progress_total: job.total,
          input: JSON.stringify(job.input),
          summary: null,
          error: null,
          created_at: job.createdAt,
          started_at: null,
          finished_at: null,
        })
        .returning(JOB_COLUMNS)
        .executeTakeFirstOrThrow();
      return jobOf(row);
    },

    get,

    async list(scope, limit) {
      const rows = await db
        .selectFrom('jobs')
        .select(JOB_COLUMNS)
        .where(ownedBy('jobs', scope))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(jobOf);
    },

    async cancel(scope, id, now) {
      const row = await db
        .updateTable('jobs')
        .set({ state: 'cancelled', finished_at: now })
        .where('id', '=', id)
        .where(ownedBy('jobs', scope))
        .where('state', 'in', ['queued', 'running'])
        .returning(JOB_COLUMNS)
        .executeTakeFirst();
      if (row) return { job: jobOf(row), cancelled: true };
      const job = await get(scope, id);
      return job && { job, cancelled: false };
    },

    async *resultChunks(scope: AccessScope, id: string) {
      let after = -1;
      for (;;) {
        const rows = await db
          .selectFrom('job_results')
          .select(['seq', 'body'])
          .where('job_id', '=', id)
          .where(ownedBy('job_results', scope))
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(CHUNKS_PER_READ)
          .execute();
        for (const r of rows) yield r.body;
        if (rows.length < CHUNKS_PER_READ) return;
        after = Number(rows[rows.length - 1].seq);
      }
    },

    async claimNext(now) {
      // The outer state check makes the claim safe against a concurrent claimer: one of them updates, the other gets no row and tries the next job.
      for (let attempt = 0; attempt < 10; attempt++) {
        const next = await db.selectFrom('jobs').select('id').where('state', '=', 'queued').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
        if (!next) return undefined;
        const row = await db
          .updateTable('jobs')
          .set({ state: 'running', started_at: now })
          .where('id', '=', next.id)
          .where('state', '=', 'queued')
          .returning([...JOB_COLUMNS, 'input'])
          .executeTakeFirst();
        if (row) return { job: jobOf(row), ownerAgencyId: Number(row.owner_agency_id), input: JSON.parse(row.input) as unknown } satisfies ClaimedJob;
      }
      return undefined;
    },

    async progress(id, done) {
      const r = await db.updateTable('jobs').set({ progress_done: done }).where('id', '=', id).where('state', '=', 'running').executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async appendResult(id, ownerAgencyId, seq, body, through) {
      await db
        .insertInto('job_results')
        .values({ job_id: id, seq, owner_agency_id: ownerAgencyId, body, units_through: through?.units ?? null, summary_through: through ? JSON.stringify(through.summary) : null })
        .onConflict((oc) => oc.columns(['job_id', 'seq']).doNothing())
        .execute();
    },

    async claim(id, now) {
      return db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('jobs').select([...JOB_COLUMNS, 'input']).where('id', '=', id).executeTakeFirst();
        if (!row || (row.state !== 'queued' && row.state !== 'running')) return undefined;
        // The last chunk that records where it ends; anything after it was written by an attempt that died mid-way.
        const mark = await tx
          .selectFrom('job_results')
          .select(['seq', 'units_through', 'summary_through'])
          .where('job_id', '=', id)
          .where('units_through', 'is not', null)
          .orderBy('seq', 'desc')
          .limit(1)
          .executeTakeFirst();
        const nextSeq = mark ? Number(mark.seq) + 1 : 0;
        await tx.deleteFrom('job_results').where('job_id', '=', id).where('seq', '>=', nextSeq).execute();
        const units = mark ? Number(mark.units_through) : 0;
        const updated = await tx
          .updateTable('jobs')
          .set({ state: 'running', started_at: row.started_at ?? now, progress_done: units })
          .where('id', '=', id)
          .where('state', 'in', ['queued', 'running'])
          .returning(JOB_COLUMNS)
          .executeTakeFirst();
        if (!updated) return undefined;
        return {
          job: jobOf(updated),
          ownerAgencyId: Number(row.owner_agency_id),
          input: JSON.parse(row.input) as unknown,
          resume: { units, summary: mark?.summary_through ? (JSON.parse(mark.summary_through) as JobSummary) : {}, nextSeq, takenOver: row.state === 'running' },
        };
      });
    },

    async finish(id, outcome, now) {
      return db.transaction().execute(async (tx) => {
        const r = await tx
          .updateTable('jobs')
          .set((eb) => ({
            state: outcome.state,
            finished_at: now,
            summary: outcome.state === 'done' ? JSON.stringify(outcome.summary) : null,
            error: outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
            progress_done: outcome.state === 'done' ? eb.ref('progress_total') : eb.ref('progress_done'),
          }))
          .where('id', '=', id)
          .where('state', '=', 'running')
          .executeTakeFirst();
        const updated = Number(r.numUpdatedRows) > 0;
        const state = updated ? outcome.state : (await tx.selectFrom('jobs').select('state').where('id', '=', id).executeTakeFirst())?.state;
        if (state !== 'done') await tx.deleteFrom('job_results').where('job_id', '=', id).execute();
        return updated;
      });
    },

    async queuedJobs() {
      return db.selectFrom('jobs').select(['id', 'kind']).where('state', '=', 'queued').orderBy('created_at').orderBy('id').execute();
    },

    async failRunning(error, now) {
      return db.transaction().execute(async (tx) => {
        const rows = await tx
          .updateTable('jobs')
          .set({ state: 'failed', finished_at: now, error: JSON.stringify(error) })
          .where('state', '=', 'running')
          .returning('id')
          .execute();
        const ids = rows.map((r) => r.id);
        if (ids.length) await tx.deleteFrom('job_results').where('job_id', 'in', ids).execute();
        return ids;
      });
    },
  };
}
