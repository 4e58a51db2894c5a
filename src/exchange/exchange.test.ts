/**
 * Exchange between two Narcotrace instances with separate databases, in one test: a US laboratory
 * exports a signed package, a Chinese laboratory verifies and imports it. Round trip; tampered
 * packages (a bit flipped anywhere, a swapped record, the wrong key, an unknown key, a truncated file,
 * a bad schema under a good signature) are each rejected with nothing imported; a replay changes
 * nothing; a conflict in the middle of a package leaves nothing of it imported. On SQLite and on
 * PostgreSQL (forEachBackend: skipped, with the reason printed, when no server answers).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import { identityMigrations } from '../identity/migrations.js';
import { loadClassifier, type Classifier } from '../law/index.js';
import { ProblemError } from '../problems.js';
import type { StoreConfig } from '../store/config.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { ACETYLFENTANYL, seizure } from './__fixtures__/incidents.js';
import { verifyChain } from './audit.js';
import { createExchangeStore } from './kysely-store.js';
import { exchangeMigrations } from './migrations.js';
import { generateAgencyKey, signPackage, type PackageBody, type PackageFile } from './package.js';
import { ExchangeService } from './service.js';
import type { ExchangeStore } from './store.js';

const MODULES = [
  { name: 'identity', migrations: identityMigrations },
  { name: 'exchange', migrations: exchangeMigrations },
];

interface Instance {
  database: OpenDatabase;
  store: ExchangeStore;
  service: ExchangeService;
  scope: AccessScope;
  agencies: Map<string, number>;
  ids: string[];
}

function twoInstances(config: () => StoreConfig): void {
  let classifier: Classifier;
  let us: Instance;
  let cn: Instance;

  async function instance(name: string, local: string, others: string[]): Promise<Instance> {
    const database = await openDatabase(config(), MODULES);
    const identity = createIdentityStore(database.db);
    const agencies = new Map<string, number>();
    for (const a of [local, ...others]) agencies.set(a, (await identity.insertAgency({ name: a, kind: 'laboratory', jurisdiction: null, operator: false }, '2026-01-01T00:00:00.000Z')).id);
    const store = createExchangeStore(database.db);
    const ids: string[] = [];
    let n = 0;
    const service = new ExchangeService(store, classifier, {
      newId: () => ids.shift() ?? `${name === 'us' ? 'aaaaaaaa' : 'cccccccc'}-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    });
    return { database, store, service, scope: { agencyId: agencies.get(local)!, userId: 1, role: 'admin', operator: false }, agencies, ids };
  }

  async function counts(i: Instance): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of ['exchange_incidents', 'exchange_samples', 'exchange_parties', 'exchange_shares', 'exchange_imports', 'exchange_attachments']) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(i.database.db);
      out[table] = Number(rows[0].n);
    }
    return out;
  }

  async function rejected(work: Promise<unknown>): Promise<string> {
    const err = await work.then(() => undefined, (e: unknown) => e);
    if (!(err instanceof ProblemError)) throw new Error(`expected a ProblemError, got ${String(err)}`);
    return err.problem.code;
  }

  let firstPackage: string;

  beforeAll(async () => {
    classifier = await loadClassifier();
    us = await instance('us', 'US lab', []);
    cn = await instance('cn', 'CN lab', ['US lab']);
    // The US lab's key is made on first use; its public key is given to the CN instance, registered to its record of the US lab.
    const key = await us.service.agencyKey(us.scope.agencyId);
    expect(await cn.store.systemRegisterPublicKey(cn.agencies.get('US lab')!, key.publicKey, key.keyId, '2026-01-01T00:00:00.000Z')).toBe('registered');
  });
  afterAll(async () => {
    await us?.database.close();
    await cn?.database.close();
  });

  describe('round trip', () => {
    it('classifies the sample through src/law and keeps the data version', async () => {
      const incident = await us.service.createIncident(us.scope, seizure());
      expect(incident.samples[0].result).toMatchObject({ ok: true, inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', dataVersion: classifier.dataVersion, asOf: '2026-03-14' });
      expect(incident.samples[0].result.controlled.US).toBe(true);
      expect(incident.samples[0].result.controlled.CN).toBe(true);
    });

    it('exports a signed package that the other instance verifies and imports, redacted, read-only, with its origin', async () => {
      const [local] = await us.service.listIncidents(us.scope, { limit: 10 });
      const exported = await us.service.exportPackage(us.scope, { incidents: [local.uid] }, { agency: 'US lab', user: 'chemist.one' });
      firstPackage = exported.text;
      expect(exported.incidents).toBe(1);
      const file = JSON.parse(exported.text) as PackageFile;
      expect(file).toMatchObject({ format: 'narcotrace-exchange', version: 1, signature: { algorithm: 'Ed25519', keyId: exported.keyId } });
      expect(file.package.exporter).toEqual({ agency: 'US lab', keyId: exported.keyId, user: 'chemist.one' });
      expect(file.package.records.incidents[0].redacted).toEqual(['operational', 'parties.personal', 'place.coordinates']);
      expect(exported.text).not.toMatch(/John Roe|Acme Pump|CASE-2026-0042|32\.54/);

      const verified = await cn.service.verify(exported.text);
      expect(verified).toMatchObject({ packageId: exported.packageId, incidents: 1, keyId: exported.keyId, senderAgencyId: cn.agencies.get('US lab') });
      const result = await cn.service.importPackage(cn.scope, exported.text);
      expect(result).toEqual({ packageId: exported.packageId, replay: false, inserted: [local.uid], updated: [], unchanged: [] });

      const seen = await cn.service.getIncident(cn.scope, local.uid);
      expect(seen).toMatchObject({ uid: local.uid, ownerAgencyId: cn.agencies.get('US lab'), editable: false, origin: { agency: 'US lab', keyId: exported.keyId, packageId: exported.packageId } });
      expect(seen.redacted).toEqual(['operational', 'parties.personal', 'place.coordinates']);
      expect(seen.samples[0].result.dataVersion).toBe(classifier.dataVersion);
      expect(seen.description).toEqual({ en: 'Fentanyl found in a commercial shipment', zh: '在商业货物中发现芬太尼' });
      expect(await rejected(cn.service.updateIncident(cn.scope, local.uid, seizure()))).toBe('IMPORTED_READ_ONLY');
      expect(await rejected(cn.service.setSharing(cn.scope, local.uid, { scope: 'all' }))).toBe('IMPORTED_READ_ONLY');
      // Imported records are not re-exported as the importer's own.
      expect(await rejected(cn.service.exportPackage(cn.scope, {}, { agency: 'CN lab', user: 'x' }))).toBe('NOTHING_SELECTED');
    });

    it('is idempotent on replay', async () => {
      const before = await counts(cn);
      const again = await cn.service.importPackage(cn.scope, firstPackage);
      expect(again.replay).toBe(true);
      expect(await counts(cn)).toEqual(before);
    });

    it('carries a later revision of the same record as an update of the imported copy', async () => {
      const [local] = await us.service.listIncidents(us.scope, { limit: 10 });
      await us.service.updateIncident(us.scope, local.uid, seizure({ form: 'tablets' }));
      await us.service.setSharing(us.scope, local.uid, { scope: 'private', release: { personal: true, operational: false } });
      const second = await us.service.exportPackage(us.scope, { from: '2026-01-01', to: '2026-12-31' }, { agency: 'US lab', user: 'chemist.one' });
      const result = await cn.service.importPackage(cn.scope, second.text);
      expect(result).toMatchObject({ replay: false, inserted: [], updated: [local.uid] });
      const seen = await cn.service.getIncident(cn.scope, local.uid);
      expect(seen).toMatchObject({ form: 'tablets', revision: 2, redacted: ['operational', 'place.coordinates'] });
      expect(seen.parties[1].personal?.name).toBe('John Roe');
      // The older package again changes nothing (it is older than what is here).
      const before = await counts(cn);
      expect((await cn.service.importPackage(cn.scope, firstPackage)).replay).toBe(true);
      expect(await counts(cn)).toEqual(before);
    });

    it('logs create, update, share, export, import and shared reads, and both chains verify', async () => {
      for (const i of [us, cn]) {
        const { entries, head } = await i.store.systemAuditLog();
        expect(verifyChain(entries, head).ok).toBe(true);
      }
      const usActions = new Set((await us.store.systemAuditLog()).entries.map((e) => e.action));
      expect([...usActions].sort()).toEqual(['create', 'export', 'share', 'update']);
      const cnActions = new Set((await cn.store.systemAuditLog()).entries.map((e) => e.action));
      expect([...cnActions].sort()).toEqual(['import', 'read']);
    });
  });

  describe('tampered packages are rejected, and nothing is imported', () => {
    let base: Record<string, number>;
    let text: string;
    beforeAll(async () => {
      us.ids.push('aaaaaaaa-1111-4000-8000-000000000001');
      await us.service.createIncident(us.scope, seizure({ occurredOn: '2026-05-01', samples: [{ label: 'S-9', structure: ACETYLFENTANYL, method: 'LC-HRMS', confidence: 'probable' }] }));
      text = (await us.service.exportPackage(us.scope, { incidents: ['aaaaaaaa-1111-4000-8000-000000000001'] }, { agency: 'US lab', user: 'chemist.one' })).text;
      base = await counts(cn);
    });

    it('a bit flipped in any byte', async () => {
      const bytes = Buffer.from(text, 'utf8');
      const codes = new Set<string>();
      for (let i = 0; i < bytes.length; i++) {
        const flipped = Buffer.from(bytes);
        flipped[i] ^= 1 << i % 8;
        const check = await cn.service.check(flipped);
        expect(check.ok, `byte ${i} bit ${i % 8}`).toBe(false);
        if (!check.ok) codes.add(check.problem.code);
      }
      expect([...codes].sort()).toEqual(expect.arrayContaining(['PACKAGE_MALFORMED', 'SIGNATURE_INVALID']));
      for (const i of [10, Math.floor(bytes.length / 2), bytes.length - 20]) {
        const flipped = Buffer.from(bytes);
        flipped[i] ^= 4;
        await rejected(cn.service.importPackage(cn.scope, flipped));
      }
      expect(await counts(cn)).toEqual(base);
    });

    it('a swapped record', async () => {
      const file = JSON.parse(text) as PackageFile;
      const other = JSON.parse(firstPackage) as PackageFile;
      file.package.records.incidents[0] = other.package.records.incidents[0];
      expect(await rejected(cn.service.importPackage(cn.scope, JSON.stringify(file)))).toBe('SIGNATURE_INVALID');
      expect(await counts(cn)).toEqual(base);
    });

    it('signed with the wrong key, or with a key not registered here', async () => {
      const file = JSON.parse(text) as PackageFile;
      const impostor = generateAgencyKey();
      // The impostor signs but claims the US lab's key id.
      const forged = JSON.parse(signPackage({ ...file.package, exporter: { ...file.package.exporter, keyId: impostor.keyId } }, impostor)) as PackageFile;
      forged.package.exporter.keyId = file.signature.keyId;
      forged.signature.keyId = file.signature.keyId;
      expect(await rejected(cn.service.importPackage(cn.scope, JSON.stringify(forged)))).toBe('SIGNATURE_INVALID');
      const unknown = signPackage({ ...file.package, exporter: { ...file.package.exporter, keyId: impostor.keyId } }, impostor);
      expect(await rejected(cn.service.importPackage(cn.scope, unknown))).toBe('UNKNOWN_SENDER_KEY');
      expect(await counts(cn)).toEqual(base);
    });

    it('a truncated file', async () => {
      for (const cut of [0, 1, 100, Math.floor(text.length / 2), text.length - 3]) expect(await rejected(cn.service.importPackage(cn.scope, text.slice(0, cut)))).toBe('PACKAGE_MALFORMED');
      expect(await counts(cn)).toEqual(base);
    });

    it('a correctly signed package that breaks the schema, or has another version', async () => {
      const key = (await us.store.agencyKey(us.scope.agencyId))!;
      const file = JSON.parse(text) as PackageFile;
      const bad = { ...file.package, records: { incidents: [{ ...file.package.records.incidents[0], kind: 'party' }] } } as unknown as PackageBody;
      expect(await rejected(cn.service.importPackage(cn.scope, signPackage(bad, key)))).toBe('PACKAGE_SCHEMA_INVALID');
      expect(await rejected(cn.service.importPackage(cn.scope, JSON.stringify({ ...file, version: 2 })))).toBe('PACKAGE_VERSION_UNSUPPORTED');
      expect(await counts(cn)).toEqual(base);
    });

    it('a conflict in the last record leaves the earlier ones unimported (one transaction)', async () => {
      const clash = 'cccccccc-2222-4000-8000-000000000002';
      cn.ids.push(clash);
      await cn.service.createIncident(cn.scope, seizure({ place: { country: 'CN' } }));
      us.ids.push(clash);
      await us.service.createIncident(us.scope, seizure({ occurredOn: '2026-05-02' }));
      const before = await counts(cn);
      const both = await us.service.exportPackage(us.scope, { from: '2026-05-01', to: '2026-05-31' }, { agency: 'US lab', user: 'chemist.one' });
      expect((JSON.parse(both.text) as PackageFile).package.records.incidents.map((i) => i.uid)).toEqual(['aaaaaaaa-1111-4000-8000-000000000001', clash]);
      expect(await rejected(cn.service.importPackage(cn.scope, both.text))).toBe('RECORD_CONFLICT');
      expect(await counts(cn)).toEqual(before);
      expect(await rejected(cn.service.getIncident(cn.scope, 'aaaaaaaa-1111-4000-8000-000000000001'))).toBe('NOT_FOUND');
    });
  });

  describe('bad incident input', () => {
    it('refuses malformed incidents and unreadable structures, storing nothing', async () => {
      const before = await counts(us);
      const cases: [unknown, string, string][] = [
        [{ ...seizure(), occurredOn: '2026-02-30' }, 'INVALID_REQUEST', 'occurredOn'],
        [{ ...seizure(), kind: 'picnic' }, 'INVALID_REQUEST', 'kind'],
        [{ ...seizure(), place: { country: 'United States' } }, 'INVALID_REQUEST', 'place.country'],
        [{ ...seizure(), description: { fr: 'bonjour' } }, 'INVALID_REQUEST', 'description'],
        [{ ...seizure(), description: { en: 'nul \u0000 byte' } }, 'INVALID_REQUEST', 'description.en'],
        [{ ...seizure(), secret: 1 }, 'INVALID_REQUEST', '(body)'],
        ['not an object', 'INVALID_REQUEST', '(body)'],
        [{ ...seizure(), samples: [{ label: 'x', structure: 'C1CC', method: 'GC-MS', confidence: 'confirmed' }] }, 'INVALID_SMILES', 'samples.0.structure'],
      ];
      for (const [input, code, field] of cases) {
        const err = await us.service.createIncident(us.scope, input).then(() => undefined, (e: unknown) => e);
        expect(err, JSON.stringify(input).slice(0, 80)).toBeInstanceOf(ProblemError);
        expect((err as ProblemError).problem).toMatchObject({ code, where: { field } });
      }
      expect(await counts(us)).toEqual(before);
    });
  });
}

await forEachBackend('exchange between two instances', twoInstances);
