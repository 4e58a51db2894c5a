/**
 * The classification history's schema changes after the baseline (src/store/baseline.ts).
 * 001: per-jurisdiction results become rows (a new jurisdiction is a data change, not a column), and
 * every classification gets its owner agency and user.
 */
import { sql, type Migration } from 'kysely';
import type { AnyDb, StoreBackend } from '../store/migrations.js';

const FORMER_COLUMNS = { US: 'us_controlled', CN: 'cn_controlled', UN: 'un_controlled' } as const;

export function lawMigrations(_backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-law-001-history-rows-and-owner': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('classification_results')
          .addColumn('history_id', 'integer', (c) => c.notNull())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('controlled', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('classification_results_pk', ['history_id', 'jurisdiction'])
          .execute();
        for (const [jurisdiction, column] of Object.entries(FORMER_COLUMNS)) {
          await db
            .insertInto('classification_results')
            .columns(['history_id', 'jurisdiction', 'controlled'])
            .expression((eb) => eb.selectFrom('classification_history').select(['id', sql.lit(jurisdiction).as('jurisdiction'), column]).where(column, 'is not', null))
            .execute();
        }
        for (const column of Object.values(FORMER_COLUMNS)) await db.schema.alterTable('classification_history').dropColumn(column).execute();
        await db.schema.alterTable('classification_history').addColumn('owner_agency_id', 'integer').execute();
        await db.schema.alterTable('classification_history').addColumn('created_by', 'integer').execute();
        await db.schema.createIndex('classification_history_owner').on('classification_history').columns(['owner_agency_id', 'id']).execute();
      },
    },
  };
}
