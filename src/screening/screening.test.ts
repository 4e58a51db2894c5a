/** Product screening (status per side, "no data", thresholds, designer precursors, drugs), red-flag rules, the decision, and the store on both backends. */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { loadClassifier, type Classifier } from '../law/index.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { createScreeningStore } from './kysely-store.js';
import { PartyIndex } from './match.js';
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
});
