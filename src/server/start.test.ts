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
  it('creates the database and a first admin on first start, serves HTTP, and finds the data up to date on restart', async () => {
    let cookie = '';
    const read = readServerConfig({ PORT: '0', HOST: '127.0.0.1', NARCOTRACE_DB: 'db/narcotrace.db', NARCOTRACE_LOG_LEVEL: 'warn' }, dir);
    if (!read.ok) throw new Error(read.message);
    const lines: string[] = [];
    const first = await startServer(read.config, (l) => lines.push(l));
    try {
      expect(existsSync(join(dir, 'db', 'narcotrace.db'))).toBe(true);
      expect(lines[0]).toMatch(/reference data loaded/);
      const password = /Sign in as "admin" with the password (\S+)/.exec(lines[1])?.[1];
      expect(password, lines[1]).toBeTruthy();
      expect(lines[2]).toMatch(/^Narcotrace is running at http:\/\/localhost:\d+$/);
      const port = new URL(first.url).port;
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      cookie = String(login.headers.get('set-cookie')).split(';')[0];
      const res = await fetch(`http://127.0.0.1:${port}/api/classify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
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
      expect(again.join('\n')).not.toMatch(/First run/); // the admin exists; no new password
      // The session survives the restart: it is in the database.
      const history = (await (await fetch(`http://127.0.0.1:${new URL(second.url).port}/api/history`, { headers: { cookie } })).json()) as { entries: { input: string }[] };
      expect(history.entries[0].input).toBe('CCO'); // recorded by the first run, flushed on close
    } finally {
      await second.close();
    }
  });
});
