/**
 * Opens the configured database (SQLite file or PostgreSQL) and brings it to the schema composed from
 * the modules' migrations. Module stores are built on the returned Kysely instance (src/store/open.ts).
 */
import type { Kysely } from 'kysely';
import type { StoreConfig } from './config.js';
import { composeMigrations, migrateToLatest, type ModuleMigrations, type StoreBackend } from './migrations.js';
import { connectPostgres } from './postgres/connect.js';
import { connectSqlite } from './sqlite/connect.js';

export interface OpenDatabase {
  db: Kysely<object>;
  backend: StoreBackend;
  close(): Promise<void>;
}

export async function openDatabase(config: StoreConfig, modules: readonly { name: string; migrations?: ModuleMigrations }[]): Promise<OpenDatabase> {
  const db = config.backend === 'postgres' ? await connectPostgres({ url: config.url, schema: config.schema }) : connectSqlite(config.path);
  try {
    await migrateToLatest(db, composeMigrations(config.backend, modules), config.backend === 'postgres' ? config.schema : undefined);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, backend: config.backend, close: () => db.destroy() };
}
