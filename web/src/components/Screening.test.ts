import { describe, expect, it } from 'vitest';
import { Order } from '../../../src/screening/order.js';
import { decide, RULES } from '../../../src/screening/red-flags.js';
import en from '../i18n/en.json' with { type: 'json' };
import zh from '../i18n/zh.json' with { type: 'json' };
import { reasonText } from './ScreeningResult.js';
import { ADDRESS_TYPES, draftOf, emptyOrderDraft, ID_TYPES, idOf, orderOf, PARTY_KINDS, PAYMENTS, TRANSFER_METHODS } from './ScreeningOrderForm.js';

type Tree = { [key: string]: string | Tree };
const has = (tree: Tree, key: string) => {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string';
};

const ORDER = {
  id: 'PO-7',
  date: '2026-01-10',
  exporter: { name: 'Exporter Co', country: 'CN', registration: '91310000MA1FL0000X' },
  customer: { name: 'Shanghai Cishun Fine Chemical', nameLocal: '上海慈顺精细化工有限公司', country: 'MX', addressType: 'residential', kind: 'distributor', phone: '+86 131 0000 0000', wallets: ['bc1qxyz', 'T9yabc'], advertisesPrecursors: true, ipCountry: 'CN', deaRegistration: 'RX0000000', identification: { type: 'business-licence', number: 'BL-9', issuedBy: 'SAT' } },
  consignee: { name: 'Fast Freight', kind: 'freight-forwarder' },
  intermediaries: [{ name: 'Broker Ltd', country: 'HK' }],
  lines: [{ name: 'Cbz-4-AP', structure: 'O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1', quantity: 25, unit: 'kg', packaging: 'drum', containers: 5, grossKg: 27.5 }],
  payment: { method: 'third-party', payer: 'Someone Else', amount: 0.01, currency: 'BTC', valueUsd: 650, walletFrom: 'bc1qfrom', walletTo: 'bc1qto' },
  endUse: 'research',
  selfStatedUse: '科研',
  transfer: { method: 'carrier', carrier: 'Ocean Line' },
  signatory: { name: 'J. Doe', position: 'Compliance officer', date: '2026-01-11' },
  endUseStatement: true,
  route: { transit: ['GT', 'PA'], portOfExit: 'Shanghai', portOfEntry: 'Manzanillo', dispatchDate: '2026-02-01' },
  documents: { exportLicence: 'L-1', importPermit: 'P-1', importerGuarantee: true },
};

describe('the screening order form', () => {
  it('turns an order into a draft and back without losing a field, and the result passes the server schema', () => {
    const back = orderOf(draftOf(ORDER));
    expect(back).toEqual(ORDER);
    expect(Order.safeParse(back).success).toBe(true);
  });

  it('leaves empty fields out, upper-cases country codes, and keeps a bad quantity for the server to name', () => {
    const d = emptyOrderDraft();
    d.exporter = { ...d.exporter, name: ' E ', country: 'cn' };
    d.customer = { ...d.customer, name: 'C', country: 'us' };
    d.lines = [{ ...d.lines[0], name: '4-piperidone', quantity: 'ten' }];
    const o = orderOf(d) as { exporter: unknown; lines: { quantity: number }[] };
    expect(o.exporter).toEqual({ name: 'E', country: 'CN' });
    expect(Object.keys(o)).toEqual(['exporter', 'customer', 'lines']);
    expect(Number.isNaN(o.lines[0].quantity)).toBe(true);
    const parsed = Order.safeParse(JSON.parse(JSON.stringify(o)));
    expect(parsed.success).toBe(false);
    expect(idOf(parsed.error!.issues[0].path.join('.'))).toBe('scr-lines-0-quantity');
  });

  it('reads an order wrapped as the API body, and ignores what it does not know', () => {
    const d = draftOf({ order: ORDER }.order);
    expect(d.customer.nameLocal).toBe('上海慈顺精细化工有限公司');
    expect(draftOf({ lines: [{ unit: 'bushel', quantity: 2 }], payment: { method: 'barter' } })).toMatchObject({ lines: [{ unit: 'kg', quantity: '2' }], payment: '' });
  });

  it('names every option, status, side, role and decision in both catalogues', () => {
    const keys = [
      ...PARTY_KINDS.map((k) => `screening.kinds.${k}`),
      ...ADDRESS_TYPES.map((k) => `screening.addressTypes.${k}`),
      ...PAYMENTS.map((k) => `screening.payments.${k}`),
      ...ID_TYPES.map((k) => `screening.idTypes.${k}`),
      ...TRANSFER_METHODS.map((k) => `screening.transferMethods.${k}`),
      ...['controlled', 'notControlled', 'needsReview', 'noData'].map((k) => `screening.status.${k}`),
      ...['export', 'import', 'international'].map((k) => `screening.sides.${k}`),
      ...['exporter', 'customer', 'consignee', 'intermediary'].map((k) => `screening.roles.${k}`),
      ...['clear', 'review', 'block'].map((k) => `screening.decisions.${k}`),
      ...['review', 'block'].map((k) => `screening.flags.forces.${k}`),
      ...['structure', 'cas', 'name'].map((k) => `screening.product.identifiedBy.${k}`),
      ...['substructure', 'similarity'].map((k) => `screening.designer.method.${k}`),
      ...['strong', 'possible'].map((k) => `screening.parties.match.${k}`),
      ...['drug', 'precursor'].map((k) => `screening.category.${k}`),
      ...['boc', 'cbz', 'fmoc', 'trifluoroacetyl', 'alkoxycarbonyl', 'ketal', 'acyl', 'phenethyl', 'benzyl', 'halogen', 'alkyl'].map((k) => `screening.groups.${k}`),
    ];
    expect(keys.filter((k) => !has(en as Tree, k) || !has(zh as Tree, k))).toEqual([]);
    // Every red-flag rule carries its own Chinese title, which the page shows in 中文.
    expect(Object.values(RULES).filter((r) => !r.titleZh)).toEqual([]);
  });

  it('puts every reason decide() gives into the catalogue’s words (the wording is tracked, not passed through)', () => {
    const f = (rule: keyof typeof RULES) => ({ ...RULES[rule], rule: RULES[rule].id, evidence: 'x' });
    const sets = [[], [f('FREQUENCY')], [f('NEW_CUSTOMER'), f('FREQUENCY'), f('RESIDENTIAL')], [f('SANCTIONS_STRONG')], [f('CRYPTO'), f('FORWARDER'), f('END_USE_MISMATCH')]];
    const reasons = sets.flatMap((flags) => decide(flags).reasons);
    expect(reasons.length).toBeGreaterThan(5);
    const t = (key: string, vars?: Record<string, unknown>) => `${key}${JSON.stringify(vars ?? {})}`;
    for (const r of reasons) expect(reasonText(r, t), r).toMatch(/^screening\.reasons\./);
    expect(reasonText('score 30 ≥ 25', t)).toBe('screening.reasons.atLeast{"score":"30","limit":"25"}');
    for (const k of ['blocks', 'review', 'atLeast', 'below', 'none']) expect(has(en as Tree, `screening.reasons.${k}`) && has(zh as Tree, `screening.reasons.${k}`)).toBe(true);
  });
});
