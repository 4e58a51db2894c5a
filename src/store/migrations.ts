/**
 * The schema history, composed from the modules (src/modules.ts). Each module owns its migrations,
 * named `YYYY-MM-DD-<module>-NNN-<what>`; they run in name order, so the order is stable and a module
 * added later runs after what exists. Migrations are append-only: a released one is never edited.
 * Both backends run the same migrations; the only dialect difference is how ids are generated
 * (`idColumn`).
 */
import { Migrator, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { baselineMigrations } from './baseline.js';

export type StoreBackend = 'sqlite' | 'postgres';

// any: migrations run before (and change) the typed tables, so they cannot be typed against them
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any>;

/** What a module contributes to the schema. */
export type ModuleMigrations = (backend: StoreBackend) => Record<string, Migration>;

/** An auto-generated integer primary key named `id`. */
export function idColumn<T extends string>(table: CreateTableBuilder<T, never>, backend: StoreBackend): CreateTableBuilder<T, 'id'> {
  return backend === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

const MIGRATION_NAME = /^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$/;

/** All migrations of all modules, after the baseline; a duplicate or malformed name is a programming error. */
export function composeMigrations(backend: StoreBackend, modules: readonly { name: string; migrations?: ModuleMigrations }[]): Record<string, Migration> {
  const all: Record<string, Migration> = { ...baselineMigrations(backend) };
  for (const m of modules) {
    for (const [name, migration] of Object.entries(m.migrations?.(backend) ?? {})) {
      if (!MIGRATION_NAME.test(name) || !name.slice(11).startsWith(`${m.name}-`))
        throw new Error(`migration "${name}" of module ${m.name} must be named YYYY-MM-DD-${m.name}-NNN-what`);
      if (all[name]) throw new Error(`migration "${name}" is defined twice`);
      all[name] = migration;
    }
  }
  // Name order is run order (Kysely sorts by name too); returned sorted so a reader sees that order.
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}

class ComposedMigrations implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/**
 * Brings the database to the latest schema; throws with the failing migration's name. `schema`: the
 * PostgreSQL schema the tables live in; Kysely must be told, or it may take another schema's
 * migration tables for its own.
 */
export async function migrateToLatest(db: AnyDb, migrations: Record<string, Migration>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new ComposedMigrations(migrations), ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${cause}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
