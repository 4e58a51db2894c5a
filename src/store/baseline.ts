/**
 * The schema as it was before modules owned their migrations: the registry's reference tables and the
 * classification history, in one migration. Released, so never edited (migrations are append-only);
 * later changes to these tables are the owning module's migrations (src/registry, src/law).
 */
import type { Migration } from 'kysely';
import type { AnyDb, StoreBackend } from './migrations.js';

export function baselineMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-11-28-001-initial': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('substances')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name_en', 'text', (c) => c.notNull())
          .addColumn('name_zh', 'text')
          .addColumn('inchikey', 'text', (c) => c.notNull())
          .addColumn('formula', 'text', (c) => c.notNull())
          .addColumn('smiles', 'text', (c) => c.notNull())
          .addColumn('cas', 'text', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('substances_inchikey').on('substances').column('inchikey').execute();
        await db.schema
          .createTable('listings')
          .addColumn('substance_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('list_id', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('citation', 'text', (c) => c.notNull())
          .addColumn('effective', 'text', (c) => c.notNull())
          .addColumn('until', 'text')
          .addPrimaryKeyConstraint('listings_pk', ['substance_id', 'seq'])
          .execute();
        await db.schema.createIndex('listings_list').on('listings').column('list_id').execute();
        await db.schema
          .createTable('lists')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('rules')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .execute();
        let history = db.schema.createTable('classification_history');
        history =
          backend === 'postgres'
            ? history.addColumn('id', 'serial', (c) => c.primaryKey())
            : history.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
        await history
          .addColumn('input', 'text', (c) => c.notNull())
          .addColumn('as_of', 'text', (c) => c.notNull())
          .addColumn('jurisdictions', 'text', (c) => c.notNull())
          .addColumn('ok', 'integer', (c) => c.notNull())
          .addColumn('inchikey', 'text')
          .addColumn('smiles', 'text')
          .addColumn('error_code', 'text')
          .addColumn('us_controlled', 'integer')
          .addColumn('cn_controlled', 'integer')
          .addColumn('un_controlled', 'integer')
          .addColumn('verdict_hash', 'text', (c) => c.notNull())
          .addColumn('data_version', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('classification_history_inchikey').on('classification_history').column('inchikey').execute();
        // A repeated question gets the same answer: each distinct verdict JSON is stored once.
        await db.schema
          .createTable('verdicts')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('verdict', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: AnyDb) {
        for (const t of ['verdicts', 'classification_history', 'rules', 'lists', 'listings', 'substances', 'meta']) await db.schema.dropTable(t).execute();
      },
    },
  };
}
