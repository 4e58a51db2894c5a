/** The embedded backend: one SQLite file (better-sqlite3), write-ahead logging so readers never wait for the history writer. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';

export function connectSqlite(path: string): Kysely<object> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<object>({ dialect: new SqliteDialect({ database: sqlite }) });
}
