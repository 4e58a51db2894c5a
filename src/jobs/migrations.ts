/** Jobs and their result chunks. */
import type { Migration } from 'kysely';
import type { AnyDb, StoreBackend } from '../store/migrations.js';

export function jobsMigrations(_backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-jobs-001-jobs-and-results': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .addColumn('created_by_name', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('progress_done', 'integer', (c) => c.notNull())
          .addColumn('progress_total', 'integer', (c) => c.notNull())
          .addColumn('input', 'text', (c) => c.notNull())
          .addColumn('summary', 'text')
          .addColumn('error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text')
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema.createIndex('jobs_owner_created').on('jobs').columns(['owner_agency_id', 'created_at']).execute();
        await db.schema.createIndex('jobs_state_created').on('jobs').columns(['state', 'created_at']).execute();
        // owner_agency_id here too, so reading a result filters by the owner like every owned table (src/store/owned.ts).
        await db.schema
          .createTable('job_results')
          .addColumn('job_id', 'text', (c) => c.notNull().references('jobs.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          // Where a resumed attempt starts: the units of work this chunk completes, and the tallies so far (null when unrecorded).
          .addColumn('units_through', 'integer')
          .addColumn('summary_through', 'text')
          .addPrimaryKeyConstraint('job_results_pk', ['job_id', 'seq'])
          .execute();
      },
    },
  };
}
