/**
 * The warning module's schema. Alerts are owned by the agency whose feed raised them (its view of the
 * incidents), and are read only while their incident is still visible to it (src/exchange `visibleTo`).
 * `warning_scans` records which incident revisions a feed has judged, so a scan is incremental.
 */
import type { Migration } from 'kysely';
import { idColumn, type AnyDb, type StoreBackend } from '../store/migrations.js';

export function warningMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-warning-001-alerts': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('warning_alerts'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('inchikey', 'text')
          .addColumn('coverage_gap', 'integer', (c) => c.notNull())
          .addColumn('occurred_on', 'text', (c) => c.notNull())
          /** JSON: the alert (sighting, coverage per jurisdiction, message, data version). */
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('warning_alerts_owner').on('warning_alerts').columns(['owner_agency_id', 'occurred_on']).execute();
        await db.schema.createIndex('warning_alerts_inchikey').on('warning_alerts').columns(['owner_agency_id', 'inchikey']).execute();
        await db.schema
          .createTable('warning_scans')
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('warning_scans_pk', ['owner_agency_id', 'incident_id'])
          .execute();
      },
    },
    /** Spike alerts (src/warning/trends.ts): one per series and alarm week, recomputed from the visible incidents on each read of the feed. */
    '2026-12-02-warning-002-spikes': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('warning_spikes'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('series_key', 'text', (c) => c.notNull())
          .addColumn('week', 'text', (c) => c.notNull())
          /** JSON: the spike alert (series, week, count, baseline, CUSUM, threshold, incidents, message). */
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('warning_spikes_key', ['owner_agency_id', 'series_key', 'week'])
          .execute();
        await db.schema.createIndex('warning_spikes_owner').on('warning_spikes').columns(['owner_agency_id', 'week']).execute();
      },
    },
  };
}
