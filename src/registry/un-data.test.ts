/**
 * The UN lists against what their sources say (issue #8): the 1988 Tables as adopted and their later changes, the
 * Table II → Table I transfer of phenylacetic acid, the dated additions (APAAN, MAPA, mephedrone), and the counts of
 * the 1988 Tables against INCB's own count. Findings are read through the compiled registry and `listingDates`, the
 * one date logic that classify and lookup share; structures are cross-checked against SWGDRUG 3.4 full InChIKeys.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { listingDates } from '../law/listed-findings.js';
import { missingReason, nameKey, readMspHeaders, sharedFile } from '../reference-data.js';
import { loadRegistry } from './registry.js';
import type { Listing, Registry } from './types.js';

const unDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'data/lists/un');
const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
const swgdrugPath = sharedFile(SWGDRUG_FILE);

let registry: Registry;
beforeAll(async () => {
  registry = await loadRegistry({ cacheFile: false });
}, 300_000);

/** The listing of a substance on a list (exactly one is expected). */
function listingOf(id: string, list: string): Listing {
  const s = registry.byId(id);
  expect(s, `${id} is in the registry`).toBeDefined();
  const found = s!.listings.filter((l) => l.list === list);
  expect(found, `${id} on ${list}`).toHaveLength(1);
  return found[0];
}

/** Substances of a list whose listing is certainly in effect on a date, and those the dates leave open. */
function standing(list: string, asOf: string): { inEffect: string[]; review: string[] } {
  const inEffect: string[] = [];
  const review: string[] = [];
  for (const s of registry.byList(list)!.substances)
    for (const l of s.listings.filter((x) => x.list === list)) {
      const d = listingDates(l, asOf);
      if (d.inEffect) inEffect.push(s.id);
      else if (d.needsReview) review.push(s.id);
    }
  return { inEffect: inEffect.sort(), review: review.sort() };
}

/** The gap lines of a UN list's part files. */
function gapsOf(list: string): string[] {
  return readdirSync(unDir)
    .filter((f) => f.startsWith(`${list}.`) && f.endsWith('.yaml'))
    .flatMap((f) => ((parse(readFileSync(join(unDir, f), 'utf8')) as { gaps?: string[] }).gaps ?? []));
}

describe('1988 Convention Tables as adopted (annex, Netherlands treaty database BWBV0001103)', () => {
  it('holds the six substances of each Table, in force with the Convention on 1990-11-11', () => {
    const original = (list: string) =>
      registry
        .byList(list)!
        .substances.filter((s) => s.listings.some((l) => l.list === list && l.effective === '1990-11-11'))
        .map((s) => s.id)
        .sort();
    // Annex: Table I "Ephedrine, Ergometrine, Ergotamine, Lysergic acid, 1-phenyl-2-propanone, Pseudoephedrine";
    // Table II "Acetic anhydride, Acetone, Anthranilic acid, Ethyl ether, Phenylacetic acid, Piperidine".
    expect(original('UN-1988-I')).toEqual(['ephedrine', 'ergometrine', 'ergotamine', 'lysergic-acid', 'phenylacetone', 'pseudoephedrine']);
    expect(original('UN-1988-II')).toEqual(['acetic-anhydride', 'acetone', 'anthranilic-acid', 'ethyl-ether', 'phenylacetic-acid', 'piperidine']);
  });
});

describe('phenylacetic acid: Table II → Table I (CND vote, March 2010)', () => {
  it('is in Table II before the vote and in Table I from the date the transfer is certainly in force, never in both', () => {
    const tableII = listingOf('phenylacetic-acid', 'UN-1988-II');
    const tableI = listingOf('phenylacetic-acid', 'UN-1988-I');
    expect(tableII.until).toBe('2011-12-31');
    expect(tableI.effective).toBe('by 2011-12-31');

    const before = '2005-06-01';
    expect(listingDates(tableII, before).inEffect).toBe(true);
    expect(listingDates(tableI, before)).toMatchObject({ inEffect: false, needsReview: true });

    // Between the vote and the "by" date the day of effect is unknown: both need review, neither is certain.
    const between = '2010-09-01';
    expect(listingDates(tableII, between)).toMatchObject({ inEffect: false, needsReview: true, pastKnown: true });
    expect(listingDates(tableI, between)).toMatchObject({ inEffect: false, needsReview: true, beforeBy: true });

    for (const after of ['2011-12-31', '2024-01-01']) {
      expect(listingDates(tableII, after)).toMatchObject({ inEffect: false, needsReview: false });
      expect(listingDates(tableI, after)).toMatchObject({ inEffect: true, needsReview: false });
    }
  });

  it('no substance is certainly in effect in two Tables or Schedules of one UN convention on the same day', () => {
    const clash: string[] = [];
    const days = ['1991-01-01', '2001-06-01', '2010-09-01', '2012-01-01', '2015-01-01', '2020-11-03', '2024-01-01', '2026-06-01'];
    for (const s of registry.substances) {
      const un = s.listings.filter((l) => l.jurisdiction === 'UN');
      for (const day of days) {
        const current = un.filter((l) => listingDates(l, day).inEffect).map((l) => l.list);
        for (const convention of ['UN-1961-', 'UN-1971-', 'UN-1988-']) {
          const inConvention = current.filter((l) => l.startsWith(convention));
          // The 1961 Convention lists some drugs in Schedule IV as well as Schedule I (art. 2(5)): that is one listing, not a clash.
          const distinct = new Set(inConvention.filter((l) => !(convention === 'UN-1961-' && l === 'UN-1961-IV')));
          if (distinct.size > 1) clash.push(`${s.id} on ${day}: ${[...distinct].join(', ')}`);
        }
      }
    }
    expect(clash).toEqual([]);
  });
});

describe('dated additions', () => {
  it('APAAN: Table I from 2014-10-06 (CND decision 57/1)', () => {
    const l = listingOf('apaan', 'UN-1988-I');
    expect(l.effective).toBe('2014-10-06');
    expect(l.covers).toEqual(expect.arrayContaining(['salts', 'stereoisomers']));
    expect(listingDates(l, '2014-10-05').inEffect).toBe(false);
    expect(listingDates(l, '2014-10-06').inEffect).toBe(true);
  });

  it('APAA and the PMK glycidates: Table I in 2019 (year only: review within 2019)', () => {
    for (const id of ['apaa', 'pmk-glycidic-acid', 'pmk-glycidate']) {
      const l = listingOf(id, 'UN-1988-I');
      expect(l.effective, id).toBe('2019');
      expect(listingDates(l, '2019-06-01'), id).toMatchObject({ inEffect: false, needsReview: true, withinYear: true });
      expect(listingDates(l, '2020-01-01').inEffect, id).toBe(true);
    }
  });

  it('MAPA: Table I from 2020-11-03', () => {
    const l = listingOf('mapa', 'UN-1988-I');
    expect(listingDates(l, '2020-11-02').inEffect).toBe(false);
    expect(listingDates(l, '2020-11-03').inEffect).toBe(true);
  });

  it('mephedrone: 1971 Schedule II, in force by 2016-12-31 (CND vote of March 2015)', () => {
    const l = listingOf('mephedrone', 'UN-1971-II');
    expect(l.status).toBe('Schedule II');
    expect(l.effective).toBe('by 2016-12-31');
    expect(listingDates(l, '2015-01-01')).toMatchObject({ inEffect: false, needsReview: true });
    expect(listingDates(l, '2024-01-01')).toMatchObject({ inEffect: true, needsReview: false });
    // The entry merges with the US and Chinese listings of the same structure.
    const lists = registry.byId('mephedrone')!.listings.map((x) => x.list);
    expect(lists).toEqual(expect.arrayContaining(['UN-1971-II', 'US-CSA-I']));
  });
});

describe('counts of the 1988 Tables against INCB (Precursors report 2020: 22 in Table I, 8 in Table II on 2020-11-03)', () => {
  // Substances INCB counts that the data cannot yet date; each must be named in the list's gaps.
  const MISSING_I = ['N-Acetylanthranilic acid', 'isosafrole', '3,4-methylenedioxyphenyl-2-propanone', 'piperonal', 'safrole', 'norephedrine', 'Acetic anhydride', 'potassium permanganate'];
  const MISSING_II = ['Hydrochloric acid', 'methyl ethyl ketone', 'sulphuric acid', 'toluene'];

  it('Table I: 14 written and in force or under review, plus 8 named gaps = 22', () => {
    const { inEffect, review } = standing('UN-1988-I', '2020-11-03');
    expect(inEffect).toEqual(
      ['anpp', 'apaa', 'apaan', 'ephedrine', 'ergometrine', 'ergotamine', 'lysergic-acid', 'mapa', 'npp', 'phenylacetic-acid', 'phenylacetone', 'pmk-glycidate', 'pmk-glycidic-acid', 'pseudoephedrine'],
    );
    expect(review).toEqual([]);
    const gaps = gapsOf('UN-1988-I').join('\n');
    for (const name of MISSING_I) expect(gaps, name).toContain(name);
    expect(inEffect.length + MISSING_I.length).toBe(22);
  });

  it('Table II: 4 in force (acetic anhydride under review, phenylacetic acid moved), plus 4 named gaps = 8', () => {
    const { inEffect, review } = standing('UN-1988-II', '2020-11-03');
    expect(inEffect).toEqual(['acetone', 'anthranilic-acid', 'ethyl-ether', 'piperidine']);
    expect(review).toEqual(['acetic-anhydride']);
    const gaps = gapsOf('UN-1988-II').join('\n');
    for (const name of MISSING_II) expect(gaps, name).toContain(name);
    expect(inEffect.length + MISSING_II.length).toBe(8);
  });

  it('reports the count of every UN list', () => {
    const counts = Object.fromEntries(
      registry.lists.filter((l) => l.jurisdiction === 'UN').map((l) => [l.id, registry.byList(l.id)!.substances.length]),
    );
    console.log(`UN list counts (substances written): ${JSON.stringify(counts)}`);
    expect(counts['UN-1988-I']).toBe(19);
    expect(counts['UN-1988-II']).toBe(6);
  });
});

if (!swgdrugPath) console.log(`The SWGDRUG cross-check of the UN additions ${missingReason(SWGDRUG_FILE)}`);

describe.skipIf(!swgdrugPath)('new UN entries against SWGDRUG 3.4 (full InChIKey, no isotopologues)', () => {
  it('mephedrone, APAAN, phenylacetic acid and PMK glycidate agree with SWGDRUG full keys and CAS; the others are not in SWGDRUG 3.4', async () => {
    await loadRDKit();
    const records = readMspHeaders(swgdrugPath!, { parentsOnly: true });
    const byName = (name: string) => records.filter((r) => [r.name, ...r.synonyms].some((n) => nameKey(n) === nameKey(name)) && r.inchikey);
    const keyOf = (id: string): string => {
      const r = prepareStructure(registry.byId(id)!.smiles);
      if (!r.ok) throw new Error(`${id}: ${r.problem.message}`);
      const key = r.prepared.structure.inchikey ?? '';
      r.prepared.dispose();
      return key;
    };
    // [registry id, SWGDRUG 3.4 record name, its CASNO digits (0 = none given)].
    for (const [id, name, cas] of [
      ['mephedrone', 'Mephedrone', '1189805466'],
      ['apaan', 'Phenylacetoacetonitrile', '4468488'],
      ['phenylacetic-acid', 'Phenylacetic Acid', '103822'],
      ['pmk-glycidate', 'MDP2P methyl glycidate', '13605486'],
    ] as const) {
      const named = byName(name);
      expect(named.map((r) => r.inchikey), id).toContain(keyOf(id));
      expect(named.map((r) => r.cas), id).toContain(cas);
    }
    expect(keyOf('mephedrone')).toBe('YELGFTGWJGBAQU-UHFFFAOYSA-N');
    for (const [id, name] of [
      ['apaa', 'APAA'],
      ['mapa', 'MAPA'],
      ['pmk-glycidic-acid', 'PMK glycidic acid'],
    ] as const) {
      expect(byName(name), `${name} is not in SWGDRUG 3.4 (else cross-check it)`).toEqual([]);
      expect(records.filter((r) => r.inchikey === keyOf(id)), `${id}: no SWGDRUG record with its key`).toEqual([]);
    }
  });
});
