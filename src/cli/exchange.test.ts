/**
 * `narcotrace exchange …` and `narcotrace audit verify` between two instances with separate
 * databases, through the same functions the commands run: exit codes and printed error codes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOf } from '../exchange/__fixtures__/incidents.js';
import { createExchangeStore } from '../exchange/kysely-store.js';
import { exchangeMigrations } from '../exchange/migrations.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import { identityMigrations } from '../identity/migrations.js';
import { IdentityService } from '../identity/service.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { auditVerifyCommand } from './audit.js';
import { EXIT, exportCommand, importCommand, keyCommand, registerKeyCommand, verifyCommand, type ExchangeDeps } from './exchange.js';

const dir = mkdtempSync(join(tmpdir(), 'narcotrace-exchange-cli-'));
const MODULES = [
  { name: 'identity', migrations: identityMigrations },
  { name: 'exchange', migrations: exchangeMigrations },
];

function io() {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return { io: { stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)) }, out: () => out, err: () => err };
}

async function instance(name: string, agency: string): Promise<{ database: OpenDatabase; deps: ExchangeDeps; agencyId: number }> {
  const database = await openDatabase({ backend: 'sqlite', path: join(dir, `${name}.db`) }, MODULES);
  const identity = new IdentityService(createIdentityStore(database.db));
  const created = await identity.systemCreateAgency({ name: agency, kind: 'laboratory', jurisdiction: null });
  return { database, deps: { exchange: createExchangeStore(database.db), identity }, agencyId: created.id };
}

let us: Awaited<ReturnType<typeof instance>>;
let cn: Awaited<ReturnType<typeof instance>>;
const file = (name: string) => join(dir, name);
const UID = 'aaaaaaaa-0000-4000-8000-000000000001';

beforeAll(async () => {
  us = await instance('us', 'US lab');
  cn = await instance('cn', 'CN lab');
  await us.deps.exchange.createIncident({ agencyId: us.agencyId, userId: 1, role: 'analyst', operator: false }, UID, writeOf(), '2026-04-01T00:00:00.000Z');
});
afterAll(async () => {
  await us?.database.close();
  await cn?.database.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('narcotrace exchange', () => {
  it('exports, verifies and imports between instances once the sender’s key is registered; a replay changes nothing', async () => {
    let r = io();
    expect(await keyCommand(us.deps, { agency: 'US lab', out: file('us.pem') }, r.io)).toBe(EXIT.ok);
    expect(readFileSync(file('us.pem'), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);

    r = io();
    expect(await exportCommand(us.deps, { agency: 'US lab', incidents: UID, out: file('p.json') }, r.io)).toBe(EXIT.ok);
    expect(r.out()).toMatch(/1 incident\(s\) from "US lab"/);

    r = io();
    expect(await verifyCommand(cn.deps, file('p.json'), {}, r.io)).toBe(EXIT.refused);
    expect(r.err()).toMatch(/UNKNOWN_SENDER_KEY/);

    r = io();
    expect(await registerKeyCommand(cn.deps, { agency: 'US lab', key: file('us.pem') }, r.io)).toBe(EXIT.ok);
    expect(r.out()).toMatch(/Agency \d+ "US lab" created\.\nKey \S+ registered for "US lab"\./);

    r = io();
    expect(await verifyCommand(cn.deps, file('p.json'), { json: true }, r.io)).toBe(EXIT.ok);
    expect(JSON.parse(r.out())).toMatchObject({ ok: true, package: { incidents: 1, exporter: { agency: 'US lab' } } });

    r = io();
    expect(await importCommand(cn.deps, file('p.json'), { agency: 'CN lab' }, r.io)).toBe(EXIT.ok);
    expect(r.out()).toMatch(/imported for "CN lab": 1 new, 0 updated, 0 unchanged/);
    r = io();
    expect(await importCommand(cn.deps, file('p.json'), { agency: 'CN lab' }, r.io)).toBe(EXIT.ok);
    expect(r.out()).toMatch(/before; nothing changed/);
  });

  it('refuses altered and truncated packages with exit 3 and the error code', async () => {
    const text = readFileSync(file('p.json'), 'utf8');
    writeFileSync(file('altered.json'), text.replace('"2026-03-14"', '"2026-03-15"'));
    writeFileSync(file('truncated.json'), text.slice(0, text.length / 2));
    for (const [name, code] of [['altered.json', 'SIGNATURE_INVALID'], ['truncated.json', 'PACKAGE_MALFORMED']]) {
      const r = io();
      expect(await verifyCommand(cn.deps, file(name), {}, r.io), name).toBe(EXIT.refused);
      expect(r.err()).toContain(code);
      const i = io();
      expect(await importCommand(cn.deps, file(name), { agency: 'CN lab' }, i.io), name).toBe(EXIT.refused);
    }
  });

  it('answers bad usage with exit 2', async () => {
    let r = io();
    expect(await verifyCommand(cn.deps, file('no-such.json'), {}, r.io)).toBe(EXIT.usage);
    expect(r.err()).toContain('FILE_NOT_FOUND');
    r = io();
    expect(await exportCommand(us.deps, { agency: 'Nobody', incidents: UID, out: file('x.json') }, r.io)).toBe(EXIT.usage);
    r = io();
    expect(await exportCommand(us.deps, { agency: 'US lab', out: file('x.json') }, r.io)).toBe(EXIT.usage);
    expect(r.err()).toContain('INVALID_OPTION');
  });
});

describe('narcotrace audit verify', () => {
  it('passes an intact log and names the first bad entry of an edited one', async () => {
    let r = io();
    expect(await auditVerifyCommand(cn.deps.exchange, {}, r.io)).toBe(EXIT.ok);
    const head = /head (\d+:[0-9a-f]{64})/.exec(r.out())![1];
    r = io();
    expect(await auditVerifyCommand(cn.deps.exchange, { expectHead: head }, r.io)).toBe(EXIT.ok);
    r = io();
    expect(await auditVerifyCommand(cn.deps.exchange, { expectHead: '1:' + 'f'.repeat(64) }, r.io)).toBe(EXIT.refused);
    await sql`update exchange_audit set actor_user_id = 99 where seq = 1`.execute(cn.database.db);
    r = io();
    expect(await auditVerifyCommand(cn.deps.exchange, {}, r.io)).toBe(EXIT.refused);
    expect(r.err()).toMatch(/AUDIT_CHAIN_BROKEN: first bad entry 1 \(edited\)/);
  });
});
