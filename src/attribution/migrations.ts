/** The attribution module's tables: impurity profiles and linkage calibrations, both owned by an agency. */
import type { Migration } from 'kysely';
import { idColumn, type AnyDb, type StoreBackend } from '../store/migrations.js';

export function attributionMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-attribution-001-profiles-and-calibrations': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('attribution_profiles'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('sample', 'text', (c) => c.notNull())
          .addColumn('batch', 'text')
          /** An exchange incident uid the sample belongs to (visible to the owner when linked). */
          .addColumn('incident_uid', 'text')
          .addColumn('drug', 'text')
          /** JSON: the peak table. */
          .addColumn('peaks', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('attribution_profiles_owner_sample', ['owner_agency_id', 'sample'])
          .execute();
        await idColumn(db.schema.createTable('attribution_calibrations'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('pretreatment', 'text', (c) => c.notNull())
          .addColumn('metric', 'text', (c) => c.notNull())
          .addColumn('auc', 'double precision', (c) => c.notNull())
          .addColumn('threshold', 'double precision', (c) => c.notNull())
          /** JSON: the whole CalibrationResult (model, ROC, histograms, rates with intervals). */
          .addColumn('result', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('attribution_calibrations_owner').on('attribution_calibrations').columns(['owner_agency_id', 'id']).execute();
      },
    },
  };
}
