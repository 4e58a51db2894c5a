/**
 * US List I and II chemicals (21 CFR 1310.02) and their thresholds (21 CFR 1310.04): the thresholds written in
 * data/lists/us/US-LIST-*.chemicals.yaml are checked against the tables as read (transcribed here once more, so a
 * typo in either place fails), and the listings are checked through the registry and the findings that classify
 * makes (inorganic substances, a substance without a structure, dates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { listedFindings } from '../law/listed-findings.js';
import { DEFAULT_DATA_DIR, loadRegistry } from './registry.js';
import { THRESHOLD_BASES, THRESHOLD_UNITS, type ThresholdData } from './schema.js';
import type { Registry } from './types.js';

interface RawEntry {
  id: string;
  status: string;
  effective: string;
  until?: string;
  threshold?: ThresholdData[];
}

const read = (file: string): RawEntry[] => (parse(readFileSync(join(DEFAULT_DATA_DIR, 'us', file), 'utf8')) as { entries: RawEntry[] }).entries;
const listI = read('US-LIST-I.chemicals.yaml');
const listII = read('US-LIST-II.chemicals.yaml');
const entry = (entries: RawEntry[], id: string) => {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

/** 21 CFR 1310.04(f)(1)(i), "Threshold by base weight", as read (entry id → quantity and unit). */
const LIST_I_TABLE: Record<string, [number, string]> = {
  'n-acetylanthranilic-acid': [40, 'kg'],
  'anthranilic-acid': [30, 'kg'],
  benzaldehyde: [4, 'kg'],
  'benzyl-cyanide': [1, 'kg'],
  ergometrine: [10, 'g'],
  ergotamine: [20, 'g'],
  ethylamine: [1, 'kg'],
  'hydriodic-acid': [1.7, 'kg'],
  isosafrole: [4, 'kg'],
  methylamine: [1, 'kg'],
  mdp2p: [4, 'kg'],
  methylephedrine: [1, 'kg'],
  methylpseudoephedrine: [1, 'kg'],
  nitroethane: [2.5, 'kg'],
  cathine: [2.5, 'kg'],
  'phenylacetic-acid': [1, 'kg'],
  piperidine: [500, 'g'],
  piperonal: [4, 'kg'],
  'propionic-anhydride': [1, 'g'],
  safrole: [4, 'kg'],
};

/** 21 CFR 1310.04(g)(1): chemicals "for which no thresholds have been established" that this file lists. */
const NO_THRESHOLD = ['apaan', 'ephedrine', 'gamma-butyrolactone', 'hypophosphorous-acid', 'iodine', 'pseudoephedrine', 'norephedrine', 'red-phosphorus', 'white-phosphorus', 'apaa', 'pmk-glycidate', 'pmk-glycidic-acid', 'mapa'];

/** 21 CFR 1310.04(f)(2)(i) imports and exports and (ii) domestic sales: [gallons or null, kilograms]. */
const LIST_II_TABLE: Record<string, { ie: [number | null, number]; dom: [number | null, number] }> = {
  'acetic-anhydride': { ie: [250, 1023], dom: [250, 1023] },
  acetone: { ie: [500, 1500], dom: [50, 150] },
  'benzyl-chloride': { ie: [null, 4], dom: [null, 1] },
  'ethyl-ether': { ie: [500, 1364], dom: [50, 135.8] },
  'potassium-permanganate': { ie: [null, 500], dom: [null, 55] },
  'methyl-ethyl-ketone': { ie: [500, 1455], dom: [50, 145] },
  toluene: { ie: [500, 1591], dom: [50, 159] },
  'sodium-permanganate': { ie: [null, 500], dom: [null, 55] },
};
/** 21 CFR 1310.04(f)(2)(iii): no cumulative threshold for domestic sales of these. */
const NO_DOMESTIC_CUMULATIVE = new Set(['acetone', 'methyl-ethyl-ketone', 'toluene']);

const pick = (ts: ThresholdData[] | undefined, basis: string, unit: string, scope?: string) =>
  (ts ?? []).filter((t) => t.basis === basis && t.unit === unit && (scope === undefined || t.scope === scope)).map((t) => t.quantity);

describe('US List I thresholds (21 CFR 1310.04(f)(1)(i) and (g)(1))', () => {
  it.each(Object.entries(LIST_I_TABLE))('%s: the table amount, per transaction and per calendar month, by base weight', (id, [quantity, unit]) => {
    const ts = entry(listI, id).threshold;
    expect(pick(ts, 'per-transaction', unit)).toEqual([quantity]);
    expect(pick(ts, 'cumulative-per-month', unit)).toEqual([quantity]);
    for (const t of ts!.filter((x) => (THRESHOLD_UNITS.amount as readonly string[]).includes(x.unit) && x.unit !== 'L')) expect(t.weight, id).toBe('base');
  });

  it('hydriodic acid also has the alternative "1 liter by volume"', () => {
    expect(pick(entry(listI, 'hydriodic-acid').threshold, 'per-transaction', 'L')).toEqual([1]);
  });

  it.each(NO_THRESHOLD)('%s: no threshold, so every transaction is regulated (a zero amount)', (id) => {
    const ts = entry(listI, id).threshold!;
    expect(ts).toHaveLength(1);
    expect(ts[0]).toMatchObject({ quantity: 0, basis: 'per-transaction', citation: '21 CFR 1310.04(g)(1)' });
  });

  it('every List I entry of the chemicals file has a threshold, except the 2026 P2P glycidates (no threshold rule read)', () => {
    expect(listI.filter((e) => !e.threshold).map((e) => e.id)).toEqual(['p2p-methyl-glycidic-acid', 'p2p-methyl-glycidate']);
  });
});

describe('US List II thresholds (21 CFR 1310.04(f)(2))', () => {
  it.each(Object.entries(LIST_II_TABLE))('%s: imports/exports and domestic sales, by volume or weight', (id, { ie, dom }) => {
    const ts = entry(listII, id).threshold;
    for (const [scope, [gal, kg], cumulative] of [
      ['imports and exports', ie, true],
      ['domestic sales', dom, !NO_DOMESTIC_CUMULATIVE.has(id)],
    ] as const) {
      expect(pick(ts, 'per-transaction', 'kg', scope), `${id} ${scope}`).toEqual([kg]);
      expect(pick(ts, 'per-transaction', 'gal', scope), `${id} ${scope}`).toEqual(gal === null ? [] : [gal]);
      expect(pick(ts, 'cumulative-per-month', 'kg', scope), `${id} ${scope} cumulative`).toEqual(cumulative ? [kg] : []);
    }
  });

  it('the solvents are weighed as the whole mixture (21 CFR 1310.04(h)(2)), the others are not', () => {
    for (const id of ['acetone', 'ethyl-ether', 'methyl-ethyl-ketone', 'toluene', 'methyl-isobutyl-ketone'])
      for (const t of entry(listII, id).threshold!.filter((x) => x.unit === 'kg')) expect(t.weight, id).toBe('as-is');
    for (const id of ['acetic-anhydride', 'benzyl-chloride', 'potassium-permanganate'])
      for (const t of entry(listII, id).threshold!) expect(t.weight, id).toBeUndefined();
  });

  it('hydrochloric and sulfuric acid and MIBK have only the thresholds of their own tables', () => {
    expect(entry(listII, 'hydrochloric-acid').threshold!.map((t) => [t.quantity, t.unit, t.citation])).toEqual([
      [50, 'gal', '21 CFR 1310.04(f)(2)(iv)'],
      [27, 'kg', '21 CFR 1310.04(f)(2)(iv)'],
      [0, 'kg', '21 CFR 1310.04(f)(2)(ii)'],
    ]);
    expect(entry(listII, 'sulphuric-acid').threshold!.map((t) => [t.quantity, t.unit])).toEqual([[50, 'gal']]);
    expect(entry(listII, 'methyl-isobutyl-ketone').threshold!.map((t) => [t.quantity, t.unit])).toEqual([
      [500, 'gal'],
      [1523, 'kg'],
    ]);
  });

  it('every threshold uses a known basis and carries its citation', () => {
    for (const e of [...listI, ...listII])
      for (const t of e.threshold ?? []) {
        expect(THRESHOLD_BASES).toContain(t.basis);
        expect(t.citation, e.id).toMatch(/^21 CFR 1310\.04/);
      }
  });
});

describe('US List I and II chemicals through the registry and classify findings', () => {
  let registry: Registry;
  beforeAll(async () => {
    await loadRDKit();
    registry = await loadRegistry({ cacheFile: false });
  });
  /** The US precursor findings for a structure on a date: [substance id, list, applies, needsReview]. */
  function usFindings(smiles: string, asOf: string) {
    const r = prepareStructure(smiles);
    if (!r.ok) throw new Error(r.problem.message);
    const { inchikey, smiles: canonical, saltForm, inorganic } = r.prepared.structure;
    r.prepared.dispose();
    return listedFindings(registry, { inchikey: inchikey!, smiles: canonical, saltForm, inorganic }, asOf, ['US'])
      .filter((f) => f.rule.startsWith('US-LIST-'))
      .map((f) => [f.substance?.id, f.rule, f.applies, f.needsReview, f.threshold?.length ?? 0]);
  }

  it('potassium and sodium permanganate are each their own List II listing, with thresholds', () => {
    // Each is also "another salt of the ion" of the other listing, which the engine reports for review (I-INORGANIC).
    const applying = (smiles: string) => usFindings(smiles, '2024-01-01').filter((f) => f[2] === true);
    expect(applying('[K+].[O-][Mn](=O)(=O)=O')).toEqual([['potassium-permanganate', 'US-LIST-II', true, false, 4]]);
    expect(applying('O=[Mn](=O)(=O)O[Na]')).toEqual([['sodium-permanganate', 'US-LIST-II', true, false, 4]]);
    // Calcium permanganate is listed by neither: review, never a silent "not controlled".
    const calcium = usFindings('[Ca+2].[O-][Mn](=O)(=O)=O.[O-][Mn](=O)(=O)=O', '2024-01-01');
    expect(calcium.length).toBeGreaterThan(0);
    expect(calcium.every((f) => f[2] === false && f[3] === true)).toBe(true);
  });

  it('hydriodic acid is List I; potassium iodide is not the listed acid; iodine is its own listing', () => {
    expect(usFindings('I', '2024-01-01')).toEqual([['hydriodic-acid', 'US-LIST-I', true, false, 4]]);
    expect(usFindings('[K+].[I-]', '2024-01-01').filter((f) => f[2] === true)).toEqual([]);
    expect(usFindings('II', '2024-01-01')).toEqual([
      ['iodine', 'US-LIST-I', true, false, 1],
      ['iodine', 'US-LIST-II', false, false, 1],
    ]);
  });

  it('iodine is List II from 1996-10-03 and List I from 2007-08-01 (72 FR 35920)', () => {
    expect(usFindings('II', '2000-01-01').filter((f) => f[2] === true).map((f) => f[1])).toEqual(['US-LIST-II']);
    expect(usFindings('II', '2007-08-01').filter((f) => f[2] === true).map((f) => f[1])).toEqual(['US-LIST-I']);
  });

  it('an "in force by 2017-08-14" chemical applies from that date and needs review before it', () => {
    expect(usFindings('C=CCc1ccc2c(c1)OCO2', '2018-01-01')).toEqual([['safrole', 'US-LIST-I', true, false, 2]]);
    expect(usFindings('C=CCc1ccc2c(c1)OCO2', '2010-01-01')).toEqual([['safrole', 'US-LIST-I', false, true, 2]]);
  });

  it('a salt of a List I base that covers salts is listed (methylamine hydrochloride)', () => {
    const f = usFindings('CN.Cl', '2024-01-01');
    expect(f.find((x) => x[0] === 'methylamine')).toEqual(['methylamine', 'US-LIST-I', true, false, 2]);
  });

  it('red phosphorus has no structure and is found by its CAS number; white phosphorus (P4) is matched whole', () => {
    const hits = registry.search('7723-14-0');
    expect(hits[0]?.substance).toMatchObject({ id: 'red-phosphorus', form: 'none' });
    expect(hits[0]?.substance.listings.map((l) => [l.list, l.effective])).toEqual([['US-LIST-I', '2001-11-16']]);
    expect(usFindings('P12P3P1P23', '2024-01-01')).toEqual([['white-phosphorus', 'US-LIST-I', true, false, 1]]);
    expect(usFindings('P12P3P1P23', '2001-01-01')).toEqual([['white-phosphorus', 'US-LIST-I', false, false, 1]]);
  });
});
