/** Product screening (status per side, "no data", thresholds, designer precursors, drugs), red-flag rules (the FinCEN network rules on the store's evidence), the decision, the store on both backends, and the contacts migration. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { loadClassifier, type Classifier } from '../law/index.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { migrateToLatest } from '../store/migrations.js';
import { connectSqlite } from '../store/sqlite/connect.js';
import { forEachBackend } from '../store/testing.js';
import { createScreeningStore, type ScreeningTables } from './kysely-store.js';
import { PartyIndex } from './match.js';
import { screeningMigrations } from './migrations.js';
import { Order, type Order as OrderT } from './order.js';
import { screenProduct } from './product.js';
import { decide, evaluateRedFlags, RULES } from './red-flags.js';
import { screenOrder } from './screening.js';
import { ScreeningService } from './service.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
}, 60_000);

const ctx = { index: 1, exporter: 'CN', importer: 'US', asOf: '2026-01-01' };
const index = new PartyIndex([{ list: 'TEST', entries: [{ entryId: '9', name: 'SHANGHAI CISHUN FINE CHEMICAL CO, LTD.', type: 'entity', programs: [], names: [{ name: 'SHANGHAI CISHUN FINE CHEMICAL CO, LTD.', kind: 'primary' }], identifiers: [], addresses: [], countries: [], linkedTo: [], line: 1 }] }]);
const base = (): OrderT =>
  Order.parse({
    exporter: { name: 'Exporter Co', country: 'CN' },
    customer: { name: 'Customer Inc', country: 'US' },
    lines: [{ structure: 'OCc1ccccc1', quantity: 1, unit: 'kg' }],
    endUse: 'pharmaceutical manufacture (API)',
  });

describe('product screening', () => {
  it('gives the status on each side, with the derivative clause (Cbz-4-AP is a carbamate of 4-AP in the US), and "no data" for a country without data', () => {
    const p = screenProduct(classifier, { structure: 'O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1', quantity: 25, unit: 'kg' }, ctx);
    const us = p.jurisdictions.find((j) => j.role === 'import')!;
    expect(us).toMatchObject({ country: 'US', status: 'controlled' });
    expect(us.controls[0]).toMatchObject({ rule: 'US-4AP-DERIVATIVES', clauses: ['carbamates'] });
    expect(p.jurisdictions.find((j) => j.role === 'export')).toMatchObject({ country: 'CN', status: 'not controlled' });
    const mx = screenProduct(classifier, { structure: 'CCO', quantity: 1, unit: 'kg' }, { ...ctx, importer: 'MX' });
    expect(mx.jurisdictions.find((j) => j.role === 'import')).toMatchObject({ country: 'MX', status: 'no data' });
  });
  it('finds a designer precursor by substructure, with the scaffold and the differing group', () => {
    const p = screenProduct(classifier, { structure: 'Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1', quantity: 5, unit: 'kg' }, ctx);
    const hit = p.designer[0];
    expect(hit).toMatchObject({ method: 'substructure', scaffold: { id: 'anpp' } });
    expect(hit.differing).toEqual([expect.objectContaining({ formula: 'F', group: 'halogen' })]);
    expect(p.designerGap).toBe(true);
    const boc = screenProduct(classifier, { structure: 'CC(C)(C)OC(=O)N1CCC(=O)CC1', quantity: 5, unit: 'kg' }, ctx);
    expect(boc.designer.some((d) => d.scaffold.id === '4-piperidone')).toBe(true);
  });
  it('identifies a product by name or CAS number, and says when it cannot', () => {
    expect(screenProduct(classifier, { name: '4-piperidone', quantity: 1, unit: 'kg' }, ctx)).toMatchObject({ identified: true, identifiedBy: 'name', substance: { id: '4-piperidone' }, designer: [] });
    expect(screenProduct(classifier, { name: 'no such product xyz', quantity: 1, unit: 'kg' }, ctx)).toMatchObject({ identified: false });
  });
  it('reports a drug itself (fentanyl offered as a chemical)', () => {
    const p = screenProduct(classifier, { structure: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', quantity: 1, unit: 'g' }, ctx);
    expect(p.isDrug.drug).toBe(true);
  });
});

describe('red flags and decision', () => {
  const flagsOf = (order: OrderT, history = { orders: [] as { date: string; lines: { inchikey?: string; substance?: string; kg?: number }[] }[] }) =>
    screenOrder(classifier, index, [{ list: 'TEST' }], order, history, '2026-01-10').redFlags.map((f) => f.rule);

  it('clears an ordinary order of an uncontrolled chemical', () => {
    const r = screenOrder(classifier, index, [], base(), { orders: [] }, '2026-01-10');
    expect(r).toMatchObject({ decision: 'clear', score: 0, redFlags: [] });
  });
  it('fires each documented rule on its evidence', () => {
    const o = base();
    o.lines = [{ structure: 'Fc1ccc(NC2CCN(CCc3ccccc3)CC2)cc1', quantity: 5, unit: 'kg' }];
    expect(flagsOf(o)).toContain(RULES.DESIGNER.id);
    expect(flagsOf({ ...o, payment: { method: 'crypto' } })).toContain(RULES.CRYPTO.id);
    expect(flagsOf({ ...o, payment: { method: 'cash' } })).toContain(RULES.CASH.id);
    expect(flagsOf({ ...o, consignee: { name: 'Fast Freight', kind: 'freight-forwarder' } })).toContain(RULES.FORWARDER.id);
    expect(flagsOf({ ...o, consignee: { name: 'X', address: 'P.O. Box 12, Laredo' } })).toContain(RULES.FORWARDER.id);
    expect(flagsOf({ ...o, endUse: 'cosmetics' })).toContain(RULES.END_USE_MISMATCH.id);
    expect(flagsOf({ ...o, endUse: undefined, endUseStatement: false })).toContain(RULES.END_USE_REFUSED.id);
    expect(flagsOf({ ...o, endUse: undefined })).toContain(RULES.END_USE_REFUSED.id);
    // The buyer's self-stated use (自述用途) is a stated end use, judged like one.
    expect(flagsOf({ ...o, endUse: undefined, selfStatedUse: '用于原料药生产' })).not.toContain(RULES.END_USE_REFUSED.id);
    expect(flagsOf({ ...o, endUse: undefined, selfStatedUse: '用于原料药生产' })).not.toContain(RULES.END_USE_MISMATCH.id);
    expect(flagsOf({ ...o, endUse: undefined, selfStatedUse: '化妆品' })).toContain(RULES.END_USE_MISMATCH.id);
    expect(flagsOf({ ...o, customer: { name: 'Importadora', country: 'MX' } })).toEqual(expect.arrayContaining([RULES.MX_LICENCE.id, RULES.TRANSIT.id]));
    expect(flagsOf({ ...o, route: { transit: ['GT'] } })).toContain(RULES.TRANSIT.id);
    expect(flagsOf({ ...o, customer: { ...o.customer, phone: '+86 131 0000 0000' } })).toContain(RULES.PRC_PHONE.id);
    expect(flagsOf({ ...o, customer: { ...o.customer, addressType: 'residential' } })).toContain(RULES.RESIDENTIAL.id);
    expect(flagsOf({ ...o, exporter: { ...o.exporter, advertisesPrecursors: true } })).toContain(RULES.ADVERTISED.id);
    expect(flagsOf({ ...o, customer: { name: 'Shanghai Cishun Fine Chemical', country: 'CN' } })).toContain(RULES.SANCTIONS_STRONG.id);
    const anpp = { ...o, lines: [{ name: 'NPP', quantity: 5, unit: 'kg' as const }] };
    expect(flagsOf(anpp)).toEqual(expect.arrayContaining([RULES.LISTED_PRECURSOR.id, RULES.NEW_CUSTOMER.id, RULES.CN_LICENCE.id]));
    expect(flagsOf({ ...anpp, documents: { exportLicence: 'L-1', importPermit: 'P-1' } })).not.toContain(RULES.CN_LICENCE.id);
    expect(flagsOf({ ...o, lines: [{ name: 'no such product xyz', quantity: 1, unit: 'kg' }] })).toContain(RULES.UNIDENTIFIED.id);
  });
  it('uses the customer’s history: frequency and unusual size', () => {
    const o = base();
    o.lines = [{ name: '4-piperidone', quantity: 100, unit: 'kg' }];
    const history = { orders: [{ date: '2026-01-01', lines: [{ substance: '4-piperidone', kg: 5 }] }, { date: '2026-01-05', lines: [{ substance: '4-piperidone', kg: 6 }] }] };
    expect(flagsOf(o, history)).toEqual(expect.arrayContaining([RULES.FREQUENCY.id, RULES.THRESHOLD.id]));
    expect(flagsOf(o, history)).not.toContain(RULES.NEW_CUSTOMER.id);
  });
  it('fires the FinCEN shared-contact and virtual-currency rules on the store’s evidence', () => {
    const o = { ...base(), lines: [{ name: '4-piperidone', quantity: 5, unit: 'kg' as const }] };
    const other = { customerKey: 'name:US:othercustomer', customerName: 'Other Customer', screeningId: 7, orderDate: '2026-01-02' };
    const flags = (order: OrderT, shared: Parameters<typeof screenOrder>[4]['shared']) => screenOrder(classifier, index, [], order, { orders: [], shared }, '2026-01-10').redFlags;
    const sc = flags(o, [{ ...other, kind: 'phone', value: '5215512345678' }]).find((f) => f.rule === RULES.SHARED_CONTACT.id);
    expect(sc?.evidence).toMatch(/"Other Customer" \(phone 5215512345678; screening 7, 2026-01-02\)/);
    expect(sc?.forces).toBe('review');
    expect(flags(o, []).map((f) => f.rule)).not.toContain(RULES.SHARED_CONTACT.id);
    const vc = { ...o, payment: { method: 'crypto' as const, walletTo: 'TXYZ1234567890abcdefghijklmnop', valueUsd: 400, currency: 'USDT' } };
    const toShared = (keys: string[]) => keys.map((k, i) => ({ ...other, customerKey: k, screeningId: i + 1, kind: 'wallet-to' as const, value: vc.payment.walletTo }));
    const rules = (shared: ReturnType<typeof toShared>) => flags(vc, shared).map((f) => f.rule);
    expect(rules(toShared(['a', 'b']))).toEqual(expect.arrayContaining([RULES.VC_MANY_TO_ONE.id, RULES.VC_LOW_VALUE.id, RULES.CRYPTO.id]));
    // One other customer paid into the wallet: two in all, below MANY_TO_ONE_CUSTOMERS; a wallet-to match is not a shared contact.
    expect(rules(toShared(['a']))).not.toContain(RULES.VC_MANY_TO_ONE.id);
    expect(rules(toShared(['a', 'a']))).not.toContain(RULES.VC_MANY_TO_ONE.id);
    expect(rules(toShared(['a', 'b']))).not.toContain(RULES.SHARED_CONTACT.id);
    expect(flags({ ...vc, payment: { ...vc.payment, valueUsd: 5000 } }, []).map((f) => f.rule)).not.toContain(RULES.VC_LOW_VALUE.id);
    expect(flags({ ...vc, lines: base().lines }, []).map((f) => f.rule)).not.toContain(RULES.VC_LOW_VALUE.id);
  });
  it('decides from the score and the rules that force a decision', () => {
    const f = (rule: keyof typeof RULES) => ({ ...RULES[rule], rule: RULES[rule].id, evidence: 'x' });
    expect(decide([])).toMatchObject({ decision: 'clear', score: 0 });
    expect(decide([f('FREQUENCY')])).toMatchObject({ decision: 'clear', score: 15 });
    expect(decide([f('FREQUENCY'), f('RESIDENTIAL')])).toMatchObject({ decision: 'review', score: 30 });
    expect(decide([f('NEW_CUSTOMER')])).toMatchObject({ decision: 'review' });
    expect(decide([f('SANCTIONS_STRONG')])).toMatchObject({ decision: 'block', score: 100 });
    expect(decide([f('CRYPTO'), f('FORWARDER'), f('END_USE_MISMATCH')])).toMatchObject({ decision: 'block', score: 70 });
    void evaluateRedFlags;
  });
});

const labA: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const labB: AccessScope = { agencyId: 2, userId: 20, role: 'analyst', operator: false };

await forEachBackend('screening store', (config) => {
  let database: OpenDatabase;
  let service: ScreeningService;
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    service = new ScreeningService(createScreeningStore(database.db), await loadClassifier());
  }, 60_000);
  afterAll(async () => database?.close());

  it('versions lists (added and removed on re-import), screens and stores orders per agency, and appends decisions', async () => {
    const csv = (rows: string) => new TextEncoder().encode(`id,name\n${rows}`);
    const v1 = await service.importList(labA, { format: 'csv', bytes: csv('1,Acme Chemical\n2,Beta Trading\n'), source: 'block.csv', list: 'BLOCK', now: '2026-01-01T00:00:00Z' });
    expect(v1).toMatchObject({ entries: 2, added: [], removed: [] });
    const v2 = await service.importList(labA, { format: 'csv', bytes: csv('1,Acme Chemical\n3,Gamma Pharma\n'), source: 'block.csv', list: 'BLOCK', now: '2026-01-02T00:00:00Z' });
    expect(v2).toMatchObject({ entries: 2, added: ['3'], removed: ['2'] });
    expect((await service.screenParty(labA, 'ACME CHEMICAL CO LTD')).hits[0]).toMatchObject({ list: 'BLOCK', entryId: '1', match: 'strong' });
    await expect(service.screenParty(labB, 'Acme Chemical')).rejects.toMatchObject({ problem: { code: 'NO_LIST' } });
    const order = { exporter: { name: 'E', country: 'CN' }, customer: { name: 'Acme Chemical', country: 'US' }, lines: [{ name: '4-piperidone', quantity: 1, unit: 'kg' }], endUse: 'pharmaceutical API' };
    const first = await service.screenOrder(labA, order, '2026-01-03T00:00:00Z');
    expect(first.result.decision).toBe('block');
    const second = await service.screenOrder(labA, order, '2026-01-04T00:00:00Z');
    expect(second.result.redFlags.map((f) => f.rule)).not.toContain(RULES.NEW_CUSTOMER.id);
    await service.decide(labA, first.id!, { decision: 'block', reason: 'SDN match confirmed', reviewer: 'r.one', now: '2026-01-05T00:00:00Z' });
    const stored = await createScreeningStore(database.db).screening(labA, first.id!);
    expect(stored?.decisions).toEqual([{ decision: 'block', reason: 'SDN match confirmed', reviewer: 'r.one', decidedAt: '2026-01-05T00:00:00Z' }]);
    expect(await createScreeningStore(database.db).screening(labB, first.id!)).toBeUndefined();
    await expect(service.decide(labB, first.id!, { decision: 'clear', reason: 'x', reviewer: 'y', now: 'z' })).rejects.toMatchObject({ problem: { code: 'SCREENING_NOT_FOUND' } });
    await expect(service.screenOrder(labA, { lines: [] }, '2026-01-04T00:00:00Z')).rejects.toMatchObject({ problem: { code: 'INVALID_ORDER' } });
  });

  it('refuses bad record fields (identification, containers, gross kg, signatory, payment value) with the field named, storing nothing', async () => {
    const store = createScreeningStore(database.db);
    const before = (await store.screenings(labA)).length;
    const good = { exporter: { name: 'E', country: 'CN' }, customer: { name: 'Bad Input Co', country: 'US' }, lines: [{ name: 'ethanol', quantity: 1, unit: 'kg' }] };
    const cases: [unknown, string][] = [
      [{ ...good, customer: { ...good.customer, identification: { type: 'library-card', number: '1' } } }, 'customer.identification.type'],
      [{ ...good, customer: { ...good.customer, identification: { type: 'passport', number: '' } } }, 'customer.identification.number'],
      [{ ...good, lines: [{ ...good.lines[0], containers: 0 }] }, 'lines.0.containers'],
      [{ ...good, lines: [{ ...good.lines[0], grossKg: -5 }] }, 'lines.0.grossKg'],
      [{ ...good, signatory: { name: '' } }, 'signatory.name'],
      [{ ...good, signatory: { name: 'Li Wei', date: '12/01/2026' } }, 'signatory.date'],
      [{ ...good, payment: { method: 'crypto', valueUsd: -1 } }, 'payment.valueUsd'],
      [{ ...good, selfStatedUse: 'x'.repeat(2001) }, 'selfStatedUse'],
    ];
    for (const [order, field] of cases)
      await expect(service.screenOrder(labA, order, '2026-01-06T00:00:00Z'), field).rejects.toMatchObject({ problem: { code: 'INVALID_ORDER', where: { field } } });
    expect((await store.screenings(labA)).length).toBe(before);
  });

  it('finds unrelated customers sharing contacts, and many-to-one wallet payments, in the stored orders of the agency only', async () => {
    const wallet = 'bc1qmanytoonewallet000000000000000000000';
    const order = (name: string, extra: Record<string, unknown> = {}) => ({
      exporter: { name: 'E', country: 'CN' },
      customer: { name, country: 'MX', phone: '+52 55 1234 5678', importLicence: 'MX-1', ...extra },
      lines: [{ name: '4-piperidone', quantity: 1, unit: 'kg' }],
      endUse: 'pharmaceutical API',
      payment: { method: 'crypto', walletTo: wallet, valueUsd: 300, currency: 'BTC' },
    });
    const rules = async (scope: AccessScope, o: unknown, now: string) => (await service.screenOrder(scope, o, now)).result.redFlags;
    expect((await rules(labA, order('Importadora Uno'), '2026-02-01T00:00:00Z')).map((f) => f.rule)).not.toContain(RULES.SHARED_CONTACT.id);
    // The same customer again is not "unrelated".
    expect((await rules(labA, order('Importadora Uno'), '2026-02-02T00:00:00Z')).map((f) => f.rule)).not.toContain(RULES.SHARED_CONTACT.id);
    const second = await rules(labA, order('Importadora Dos', { phone: '0052-55-1234-5678' }), '2026-02-03T00:00:00Z');
    expect(second.find((f) => f.rule === RULES.SHARED_CONTACT.id)?.evidence).toMatch(/Importadora Uno.*phone 525512345678/);
    expect(second.map((f) => f.rule)).not.toContain(RULES.VC_MANY_TO_ONE.id);
    const third = await rules(labA, order('Importadora Tres', { phone: '+52 33 0000 0000' }), '2026-02-04T00:00:00Z');
    expect(third.map((f) => f.rule)).toEqual(expect.arrayContaining([RULES.VC_MANY_TO_ONE.id, RULES.VC_LOW_VALUE.id]));
    expect(third.map((f) => f.rule)).not.toContain(RULES.SHARED_CONTACT.id);
    // Another agency sees none of agency A's orders.
    await service.importList(labB, { format: 'csv', bytes: new TextEncoder().encode('id,name\n1,Nobody\n'), source: 'b.csv', list: 'B', now: '2026-02-01T00:00:00Z' });
    const other = await rules(labB, order('Importadora Cuatro'), '2026-02-05T00:00:00Z');
    expect(other.map((f) => f.rule)).not.toContain(RULES.SHARED_CONTACT.id);
    expect(other.map((f) => f.rule)).not.toContain(RULES.VC_MANY_TO_ONE.id);
  });
});

describe('migration 2026-12-02-screening-003-contacts', () => {
  it('fills the contacts of screenings stored before it, so the FinCEN network rules see them', async () => {
    const db = connectSqlite(join(mkdtempSync(join(tmpdir(), 'narcotrace-mig-')), 'm.db')) as Kysely<ScreeningTables>;
    try {
      const all = screeningMigrations('sqlite');
      const { ['2026-12-02-screening-003-contacts']: contacts, ...before } = all;
      await migrateToLatest(db, before);
      const order = { exporter: { name: 'E', country: 'CN' }, customer: { name: 'Old Customer', country: 'MX', phone: '+52 55 1234 5678', email: 'Old@Example.MX' }, lines: [{ name: 'x', quantity: 1, unit: 'kg' }], payment: { method: 'crypto', walletTo: 'bc1qmanytoonewallet000000000000000000000' } };
      await db.insertInto('screenings').values({ owner_agency_id: 1, customer_key: 'name:MX:oldcustomer', customer_name: 'Old Customer', order_date: '2026-01-01', order_json: JSON.stringify(order), result_json: '{}', score: 0, decision: 'clear', created_by: null, created_at: '2026-01-01T00:00:00Z' }).execute();
      expect(await migrateToLatest(db, { ...before, '2026-12-02-screening-003-contacts': contacts })).toEqual(['2026-12-02-screening-003-contacts']);
      const rows = await db.selectFrom('screening_contacts').select(['owner_agency_id', 'customer_key', 'kind', 'value']).orderBy('id').execute();
      expect(rows).toEqual([
        { owner_agency_id: 1, customer_key: 'name:MX:oldcustomer', kind: 'phone', value: '525512345678' },
        { owner_agency_id: 1, customer_key: 'name:MX:oldcustomer', kind: 'email', value: 'old@example.mx' },
        { owner_agency_id: 1, customer_key: 'name:MX:oldcustomer', kind: 'wallet-to', value: 'bc1qmanytoonewallet000000000000000000000' },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
