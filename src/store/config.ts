/**
 * Which database to use, decided from configuration values the door read from the environment
 * (src/server/config.ts). PostgreSQL when DATABASE_URL is a postgres:// URL, else the SQLite file.
 */
import { resolve } from 'node:path';

export const DEFAULT_SQLITE_PATH = 'var/narcotrace.db';

export type StoreConfig =
  | { backend: 'sqlite'; path: string }
  | { backend: 'postgres'; url: string; schema?: string };

export interface StoreSettings {
  /** DATABASE_URL */
  databaseUrl?: string;
  /** NARCOTRACE_DB: path of the SQLite file. */
  sqlitePath?: string;
  /** NARCOTRACE_PG_SCHEMA: optional schema for the PostgreSQL tables. */
  postgresSchema?: string;
  /** Base for a relative SQLite path (the working directory). */
  cwd: string;
}

export type StoreConfigResult = { ok: true; config: StoreConfig } | { ok: false; message: string };

export function storeConfigFrom(settings: StoreSettings): StoreConfigResult {
  const url = settings.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) return { ok: false, message: 'DATABASE_URL must be a postgres:// or postgresql:// URL (unset it to use the embedded SQLite database).' };
    const schema = settings.postgresSchema?.trim();
    return { ok: true, config: schema ? { backend: 'postgres', url, schema } : { backend: 'postgres', url } };
  }
  const path = settings.sqlitePath?.trim() || DEFAULT_SQLITE_PATH;
  return { ok: true, config: { backend: 'sqlite', path: path === ':memory:' ? path : resolve(settings.cwd, path) } };
}

/** How the database is named in logs, without a password. */
export function describeStore(config: StoreConfig): string {
  if (config.backend === 'sqlite') return `SQLite ${config.path}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}${config.schema ? ` (schema ${config.schema})` : ''}`;
}
