/**
 * The exchange store on both backends: sharing scopes through the one visibility filter, field-level
 * redaction, writes only by the owner, and the audit chain (an edited, a deleted and reordered
 * entries are each found).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import { identityMigrations } from '../identity/migrations.js';
import { ProblemError } from '../problems.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import type { StoreConfig } from '../store/config.js';
import { forEachBackend } from '../store/testing.js';
import { seizure, writeOf } from './__fixtures__/incidents.js';
import { verifyChain } from './audit.js';
import { createExchangeStore } from './kysely-store.js';
import { exchangeMigrations } from './migrations.js';
import type { ExchangeStore } from './store.js';

const MODULES = [
  { name: 'identity', migrations: identityMigrations },
  { name: 'exchange', migrations: exchangeMigrations },
];
const AT = '2026-04-01T00:00:00.000Z';
let n = 0;
const uid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

async function expectProblem(work: Promise<unknown>, code: string): Promise<void> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err, `expected ${code}`).toBeInstanceOf(ProblemError);
  expect((err as ProblemError).problem.code).toBe(code);
}

function storeSuite(config: () => StoreConfig) {
  let database: OpenDatabase;
  let store: ExchangeStore;
  let A: AccessScope;
  let B: AccessScope;
  let C: AccessScope;

  async function fresh(): Promise<{ database: OpenDatabase; store: ExchangeStore; scopes: AccessScope[] }> {
    const d = await openDatabase(config(), MODULES);
    const identity = createIdentityStore(d.db);
    const scopes: AccessScope[] = [];
    for (const name of ['US lab', 'CN lab', 'UN office']) {
      const agency = await identity.insertAgency({ name, kind: 'laboratory', jurisdiction: null, operator: false }, AT);
      scopes.push({ agencyId: agency.id, userId: agency.id * 10, role: 'analyst', operator: false });
    }
    return { database: d, store: createExchangeStore(d.db), scopes };
  }

  beforeAll(async () => {
    const f = await fresh();
    database = f.database;
    store = f.store;
    [A, B, C] = f.scopes;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('keeps a new incident private: only its agency lists, reads, edits or shares it', async () => {
    const id = uid();
    const created = await store.createIncident(A, id, writeOf(), AT);
    expect(created).toMatchObject({ uid: id, ownerAgencyId: A.agencyId, editable: true, revision: 1, redacted: [], sharing: { scope: 'private', agencies: [] } });
    expect(created.parties[0].personal?.name).toBe('Acme Pump Imports LLC');
    expect(created.operational?.caseReference).toBe('CASE-2026-0042');
    for (const other of [B, C]) {
      expect((await store.listIncidents(other, { limit: 100 })).map((i) => i.uid)).not.toContain(id);
      expect(await store.getIncident(other, id, AT)).toBeUndefined();
      expect(await store.updateIncident(other, id, writeOf(), AT)).toBeUndefined();
      expect(await store.setSharing(other, id, { scope: 'all', agencies: [], release: { personal: true, operational: true } }, AT)).toBeUndefined();
      expect(await store.incidentsForExport(other, { incidents: [id] })).toEqual([]);
    }
    expect((await store.listIncidents(A, { limit: 100 })).find((i) => i.uid === id)).toMatchObject({ samples: 1, substances: ['PJMPHNIQZUBGLI-UHFFFAOYSA-N'], sharing: 'private' });
  });

  it('shares with a named agency, redacting personal data and operational details unless released; only the owner edits', async () => {
    const id = uid();
    await store.createIncident(A, id, writeOf(), AT);
    await store.setSharing(A, id, { scope: 'agencies', agencies: [B.agencyId], release: { personal: false, operational: false } }, AT);
    const seen = await store.getIncident(B, id, AT);
    expect(seen).toBeDefined();
    expect(seen!.editable).toBe(false);
    expect(seen!.redacted).toEqual(['operational', 'parties.personal', 'place.coordinates']);
    expect(seen!.parties.map((p) => p.personal)).toEqual([null, null]);
    expect(seen!.parties[1].notes).toEqual({ en: 'Driver' });
    expect(seen!.operational).toBeNull();
    expect(seen!.place).toEqual({ country: 'US', region: 'California' });
    expect(seen!.sharing).toEqual({ scope: 'agencies', agencies: [] });
    expect(JSON.stringify(seen)).not.toMatch(/John Roe|Acme Pump|CASE-2026-0042|Controlled delivery|32\.54/);
    expect(await store.getIncident(C, id, AT)).toBeUndefined();
    expect((await store.listIncidents(B, { limit: 100 })).map((i) => i.uid)).toContain(id);
    expect((await store.listIncidents(C, { limit: 100 })).map((i) => i.uid)).not.toContain(id);
    await expectProblem(store.updateIncident(B, id, writeOf(), AT), 'NOT_OWNER');
    await expectProblem(store.setSharing(B, id, { scope: 'all', agencies: [], release: { personal: true, operational: true } }, AT), 'NOT_OWNER');
    expect((await store.incidentsForExport(B, {})).map((r) => r.uid)).not.toContain(id);

    await store.setSharing(A, id, { scope: 'agencies', agencies: [B.agencyId], release: { personal: true, operational: false } }, AT);
    const released = await store.getIncident(B, id, AT);
    expect(released!.parties[1].personal).toEqual({ name: 'John Roe', nationality: 'US', dateOfBirth: '1980-02-29' });
    expect(released!.redacted).toEqual(['operational', 'place.coordinates']);

    await store.setSharing(A, id, { scope: 'all', agencies: [], release: { personal: false, operational: true } }, AT);
    expect((await store.getIncident(C, id, AT))!.operational?.caseReference).toBe('CASE-2026-0042');
    await store.setSharing(A, id, { scope: 'private', agencies: [], release: { personal: false, operational: false } }, AT);
    expect(await store.getIncident(B, id, AT)).toBeUndefined();
    expect(await store.getIncident(C, id, AT)).toBeUndefined();
  });

  it('refuses to share with an agency that does not exist', async () => {
    const id = uid();
    await store.createIncident(A, id, writeOf(), AT);
    await expectProblem(store.setSharing(A, id, { scope: 'agencies', agencies: [9999], release: { personal: false, operational: false } }, AT), 'INVALID_REQUEST');
  });

  it('edits bump the revision; filters by date and substance', async () => {
    const id = uid();
    await store.createIncident(A, id, writeOf(seizure({ occurredOn: '2025-01-02' })), AT);
    const edited = await store.updateIncident(A, id, writeOf(seizure({ occurredOn: '2025-01-03', samples: [] })), '2026-04-02T00:00:00.000Z');
    expect(edited).toMatchObject({ revision: 2, occurredOn: '2025-01-03', samples: [], updatedAt: '2026-04-02T00:00:00.000Z' });
    const window = await store.listIncidents(A, { limit: 100, from: '2025-01-01', to: '2025-01-31' });
    expect(window.map((i) => i.uid)).toEqual([id]);
    const bySubstance = await store.listIncidents(A, { limit: 100, inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N' });
    expect(bySubstance.map((i) => i.uid)).not.toContain(id);
    expect(bySubstance.length).toBeGreaterThan(0);
  });

  it('stores text with SQL and script in it as text, and the tables stay whole', async () => {
    const id = uid();
    const evil = `'); DROP TABLE exchange_incidents; -- <script>alert(1)</script>`;
    await store.createIncident(A, id, writeOf(seizure({ description: { en: evil, zh: `"; DELETE FROM exchange_audit; --` } })), AT);
    const back = await store.getIncident(A, id, AT);
    expect(back!.description).toEqual({ en: evil, zh: `"; DELETE FROM exchange_audit; --` });
    expect((await store.listIncidents(A, { limit: 500 })).length).toBeGreaterThan(1);
  });

  it('audits every write, and reads of another agency’s record; the chain verifies; each agency sees only its entries', async () => {
    const { entries, head } = await store.systemAuditLog();
    expect(verifyChain(entries, head)).toMatchObject({ ok: true, entries: entries.length });
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['create', 'update', 'share', 'read']) expect(actions).toContain(a);
    const read = entries.find((e) => e.action === 'read')!;
    expect(read).toMatchObject({ actorAgencyId: B.agencyId, ownerAgencyId: A.agencyId });
    // The owner's own reads are not shared reads.
    expect(entries.filter((e) => e.action === 'read').every((e) => e.actorAgencyId !== e.ownerAgencyId)).toBe(true);
    const forC = await store.auditEntries(C, 1000);
    expect(forC.every((e) => e.actorAgencyId === C.agencyId || e.ownerAgencyId === C.agencyId)).toBe(true);
    expect((await store.auditEntries(A, 1000)).length).toBeGreaterThan(forC.length);
  });

  it('stores an attachment’s bytes whole, owned and visible like its incident; another agency gets it only when operational details are released', async () => {
    const id = uid();
    await store.createIncident(A, id, writeOf(), AT);
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80]);
    const info = { id: uid(), filename: 'bags.png', contentType: 'image/png' as const, kind: 'photo' as const, sample: 'S-1', description: null, size: bytes.length, sha256: 'x'.repeat(64), createdAt: AT };
    expect(await store.addAttachment(B, id, { info, bytes }, AT)).toBeUndefined();
    expect(await store.addAttachment(A, id, { info, bytes }, AT)).toEqual(info);
    await expectProblem(store.addAttachment(A, id, { info: { ...info, id: uid(), sample: 'S-99' }, bytes }, AT), 'INVALID_REQUEST');
    const own = await store.attachment(A, id, info.id, AT);
    expect(own?.bytes.equals(bytes)).toBe(true);
    expect((await store.getIncident(A, id, AT))!.attachments).toEqual([info]);
    for (const other of [B, C]) expect(await store.attachment(other, id, info.id, AT)).toBeUndefined();
    await store.setSharing(A, id, { scope: 'agencies', agencies: [B.agencyId], release: { personal: false, operational: false } }, AT);
    expect(await store.getIncident(B, id, AT)).toMatchObject({ attachments: [], redacted: ['attachments', 'operational', 'parties.personal', 'place.coordinates'] });
    expect(await store.attachment(B, id, info.id, AT)).toBeUndefined();
    await expectProblem(store.addAttachment(B, id, { info: { ...info, id: uid() }, bytes }, AT), 'NOT_OWNER');
    await store.setSharing(A, id, { scope: 'agencies', agencies: [B.agencyId], release: { personal: false, operational: true } }, AT);
    expect((await store.attachment(B, id, info.id, AT))?.bytes.equals(bytes)).toBe(true);
    expect(await store.attachment(C, id, info.id, AT)).toBeUndefined();
    expect(await store.attachment(B, uid(), info.id, AT)).toBeUndefined();
  });

  describe_tamper(config);
}

/** Each tamper on a database of its own: an edited entry, a deleted one, reordered ones, a cut tail. */
function describe_tamper(config: () => StoreConfig) {
  async function chain(): Promise<{ database: OpenDatabase; store: ExchangeStore; db: Kysely<object> }> {
    const database = await openDatabase(config(), MODULES);
    const identity = createIdentityStore(database.db);
    const agency = await identity.insertAgency({ name: 'Tamper lab', kind: 'laboratory', jurisdiction: null, operator: false }, AT);
    const scope: AccessScope = { agencyId: agency.id, userId: 1, role: 'analyst', operator: false };
    const store = createExchangeStore(database.db);
    for (let i = 0; i < 5; i++) await store.createIncident(scope, uid(), writeOf(), `2026-04-01T00:00:0${i}.000Z`);
    expect(verifyChain((await store.systemAuditLog()).entries, (await store.systemAuditLog()).head).ok).toBe(true);
    return { database, store, db: database.db };
  }
  async function check(store: ExchangeStore) {
    const { entries, head } = await store.systemAuditLog();
    return verifyChain(entries, head);
  }

  it('finds an edited entry', async () => {
    const { database, store, db } = await chain();
    await sql`update exchange_audit set detail = ${'{"revision":7}'} where seq = 3`.execute(db);
    expect(await check(store)).toMatchObject({ ok: false, firstBad: 3, reason: 'edited' });
    await database.close();
  });

  it('finds a deleted entry', async () => {
    const { database, store, db } = await chain();
    await sql`delete from exchange_audit where seq = 2`.execute(db);
    expect(await check(store)).toMatchObject({ ok: false, firstBad: 2, reason: 'missing' });
    await database.close();
  });

  it('finds reordered entries', async () => {
    const { database, store, db } = await chain();
    // Swap the sequence numbers of entries 2 and 4 (their content and hashes move with them).
    await sql`update exchange_audit set seq = 100 where seq = 2`.execute(db);
    await sql`update exchange_audit set seq = 2 where seq = 4`.execute(db);
    await sql`update exchange_audit set seq = 4 where seq = 100`.execute(db);
    expect(await check(store)).toMatchObject({ ok: false, firstBad: 2, reason: 'out-of-order' });
    await database.close();
  });

  it('finds entries cut from the end against the head', async () => {
    const { database, store, db } = await chain();
    await sql`delete from exchange_audit where seq = 5`.execute(db);
    expect(await check(store)).toMatchObject({ ok: false, firstBad: 5, reason: 'head-mismatch' });
    await database.close();
  });
}

await forEachBackend('exchange store', storeSuite);
