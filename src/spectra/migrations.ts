/** The spectra module's tables: libraries (owned by an agency) and their spectra. */
import type { Migration } from 'kysely';
import type { AnyDb, StoreBackend } from '../store/migrations.js';

export function spectraMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-spectra-001-libraries': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('spectral_libraries')
          .$call((t) => (backend === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())))
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('spectra', 'integer', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('created_by', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('spectral_libraries_owner_name', ['owner_agency_id', 'name'])
          .execute();
        await db.schema
          .createTable('spectral_entries')
          .$call((t) => (backend === 'postgres' ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())))
          .addColumn('library_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('inchikey', 'text')
          .addColumn('smiles', 'text')
          .addColumn('formula', 'text')
          .addColumn('mw', 'double precision')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('precursor_mz', 'double precision')
          /** "mz:intensity mz:intensity …" */
          .addColumn('peaks', 'text', (c) => c.notNull())
          .addColumn('meta', 'text', (c) => c.notNull())
          .addColumn('source_line', 'integer')
          .execute();
        await db.schema.createIndex('spectral_entries_library').on('spectral_entries').columns(['library_id', 'id']).execute();
        await db.schema.createIndex('spectral_entries_inchikey').on('spectral_entries').columns(['owner_agency_id', 'inchikey']).execute();
      },
    },
  };
}
