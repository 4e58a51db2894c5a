/** startServer end to end over real HTTP: a SQLite file is created, migrated and seeded, then reused. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readServerConfig } from './config.js';
import { startServer } from './start.js';

const dir = mkdtempSync(join(tmpdir(), 'narcotrace-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startServer', () => {
  it('creates the database on first start, serves HTTP, and finds the data up to date on restart', async () => {
    const read = readServerConfig({ PORT: '0', HOST: '127.0.0.1', NARCOTRACE_DB: 'db/narcotrace.db', NARCOTRACE_LOG_LEVEL: 'warn' }, dir);
    if (!read.ok) throw new Error(read.message);
    const lines: string[] = [];
    const first = await startServer(read.config, (l) => lines.push(l));
    try {
      expect(existsSync(join(dir, 'db', 'narcotrace.db'))).toBe(true);
      expect(lines[0]).toMatch(/reference data loaded/);
      expect(lines[1]).toMatch(/^Narcotrace is running at http:\/\/localhost:\d+$/);
      const port = new URL(first.url).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/classify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ structure: 'CCO', jurisdictions: ['US'] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
    } finally {
      await first.close();
    }
    const again: string[] = [];
    const second = await startServer(read.config, (l) => again.push(l));
    try {
      expect(again[0]).toMatch(/up to date/);
      const history = (await (await fetch(`http://127.0.0.1:${new URL(second.url).port}/api/history`)).json()) as { entries: { input: string }[] };
      expect(history.entries[0].input).toBe('CCO'); // recorded by the first run, flushed on close
    } finally {
      await second.close();
    }
  });
});
