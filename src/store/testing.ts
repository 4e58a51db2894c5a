/**
 * For the modules' store tests: runs one suite against both backends, SQLite in a temp file and
 * PostgreSQL in a schema of its own (skipped with the reason printed when no server answers).
 * NARCOTRACE_PG_URL points at another server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe } from 'vitest';
import type { StoreConfig } from './config.js';
import { dropPostgresSchema, postgresReachable } from './postgres/connect.js';

export const PG_URL = process.env.NARCOTRACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let pgStatus: Promise<{ ok: true } | { ok: false; reason: string }> | undefined;

/** Calls `suite` with a function that gives a fresh database config each time it is called. */
export async function forEachBackend(name: string, suite: (config: () => StoreConfig) => void): Promise<void> {
  describe(`${name} (SQLite)`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'narcotrace-store-'));
    let n = 0;
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    suite(() => ({ backend: 'sqlite', path: join(dir, 'nested', `test-${n++}.db`) }));
  });

  pgStatus ??= postgresReachable(PG_URL);
  const status = await pgStatus;
  if (!status.ok) console.log(`${name}: PostgreSQL tests skipped: cannot connect to ${PG_URL} (${status.reason}); set NARCOTRACE_PG_URL to run them.`);
  describe.skipIf(!status.ok)(`${name} (PostgreSQL)`, () => {
    const prefix = `narcotrace_test_${process.pid}_${Date.now().toString(36)}`;
    const schemas: string[] = [];
    afterAll(async () => {
      for (const schema of schemas) await dropPostgresSchema(PG_URL, schema);
    });
    suite(() => {
      const schema = `${prefix}_${schemas.length}`;
      schemas.push(schema);
      return { backend: 'postgres', url: PG_URL, schema };
    });
  });
}
