/**
 * The UN lists against what their sources say (issue #8): the 1988 Tables as adopted and their later changes, the
 * Table II → Table I transfer of phenylacetic acid, the dated additions (APAAN, MAPA, mephedrone, the CND's 2017
 * Schedule II substances, U-47700, the 2020 and 2021 decisions), and the counts of
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

describe('CND 60th session, 16 March 2017 (Finnish Government decision STM/2017/92; Tractatenblad 2018, 37)', () => {
  const SCHEDULE_II_2017 = ['4-mec', 'ethylone', 'pentedrone', 'ethylphenidate', 'methiopropamine', 'mdmb-chmica', '5f-apinaca', 'xlr11'];

  it('the eight 1971 Schedule II additions are in force by 2017-10-18 (revised Schedules in force as of that day)', () => {
    for (const id of SCHEDULE_II_2017) {
      const l = listingOf(id, 'UN-1971-II');
      expect(l.status, id).toBe('Schedule II');
      expect(l.effective, id).toBe('by 2017-10-18');
      // Between the vote and the consolidated text the day of effect is unknown: review, not certainty.
      expect(listingDates(l, '2017-06-01'), id).toMatchObject({ inEffect: false, needsReview: true });
      expect(listingDates(l, '2017-10-18'), id).toMatchObject({ inEffect: true, needsReview: false });
      // The UN listing merges with the national listings of the same structure.
      expect(registry.byId(id)!.listings.some((x) => x.jurisdiction === 'US' || x.jurisdiction === 'CN'), id).toBe(true);
    }
    const { inEffect } = standing('UN-1971-II', '2024-01-01');
    expect(inEffect).toEqual(expect.arrayContaining(SCHEDULE_II_2017));
    // The gap lines no longer call them missing.
    expect(gapsOf('UN-1971-II').join('\n')).not.toMatch(/ethylphenidate|methiopropamine|MDMB-CHMICA/);
  });

  it('U-47700: 1961 Schedule I, in force by the end of the year after the vote', () => {
    const l = listingOf('u-47700', 'UN-1961-I');
    expect(l.effective).toBe('by 2018-12-31');
    expect(l.covers).toEqual(expect.arrayContaining(['isomers', 'salts']));
    expect(listingDates(l, '2017-06-01')).toMatchObject({ inEffect: false, needsReview: true });
    expect(listingDates(l, '2019-01-01')).toMatchObject({ inEffect: true, needsReview: false });
    expect(registry.byId('u-47700')!.listings.map((x) => x.list)).toEqual(expect.arrayContaining(['UN-1961-I', 'US-CSA-I']));
    expect(gapsOf('UN-1961-I').join('\n')).not.toMatch(/U-47700[^.]*not written/);
  });
});

describe('CND 63rd session, March 2020: the twelve WHO recommendations (E/CN.7/2020/10), all placed (UNODC EWA)', () => {
  it('each is in the Schedule WHO recommended, in force by 2021-12-31 (crotonylfentanyl earlier, by a DEA treaty order)', () => {
    const expected: [string, string][] = [
      ['crotonyl-fentanyl', 'UN-1961-I'],
      ['valeryl-fentanyl', 'UN-1961-I'],
      ['doc', 'UN-1971-I'],
      ...['ab-fubinaca', '5f-amb', '5f-mdmb-pica', '4f-mdmb-binaca', '4-chloromethcathinone', 'n-ethylhexedrone', 'alpha-php'].map((id): [string, string] => [id, 'UN-1971-II']),
      ['flualprazolam', 'UN-1971-IV'],
      ['etizolam', 'UN-1971-IV'],
    ];
    expect(expected).toHaveLength(12);
    for (const [id, list] of expected) {
      const l = listingOf(id, list);
      expect(listingDates(l, '2020-01-01'), id).toMatchObject({ inEffect: false });
      expect(listingDates(l, '2022-01-01'), id).toMatchObject({ inEffect: true, needsReview: false });
      // Exactly one UN 1971 or 1961 listing for each: no second Schedule of the same Convention.
      const convention = list.slice(0, 8);
      expect(registry.byId(id)!.listings.filter((x) => x.list.startsWith(convention)).map((x) => x.list), id).toEqual([list]);
    }
  });
});

describe('CND 64th session, April 2021 (WHO 43rd ECDD; Fimea, 13.1.2022)', () => {
  it('clonazolam, diclazepam and flubromazolam in Schedule IV and 3-MeO-PCP in Schedule II, in force by 2022-12-31', () => {
    for (const [id, list] of [
      ['clonazolam', 'UN-1971-IV'],
      ['diclazepam', 'UN-1971-IV'],
      ['flubromazolam', 'UN-1971-IV'],
      ['3-meo-pcp', 'UN-1971-II'],
    ] as const) {
      const l = listingOf(id, list);
      expect(l.effective, id).toBe('by 2022-12-31');
      expect(listingDates(l, '2021-06-01'), id).toMatchObject({ inEffect: false, needsReview: true });
      expect(listingDates(l, '2023-01-01'), id).toMatchObject({ inEffect: true, needsReview: false });
    }
    // What the sources leave open is named in the gaps, with the reason.
    const gaps = gapsOf('UN-1971-I').join('\n');
    for (const name of ['CUMYL-PEGACLONE', 'diphenidine', 'MDMB-4en-PINACA']) expect(gaps, name).toContain(name);
    expect(gapsOf('UN-1971-IV').join('\n')).not.toMatch(/Clonazolam, diclazepam and flubromazolam/);
  });
});

describe('1971 Schedule II additions dated from WHO summaries and the consolidated Schedules of 18 October 2017', () => {
  it('MDPV and methylone (CND 2015), alpha-PVP (CND 2016) and eutylone (CND 2022) are in force by the dates their sources give', () => {
    for (const [id, by] of [
      ['methylone', 'by 2016-11-18'],
      ['mdpv', 'by 2017-10-18'],
      ['alpha-pvp', 'by 2017-10-18'],
      ['eutylone', 'by 2023-12-31'],
    ] as const) {
      const l = listingOf(id, 'UN-1971-II');
      expect(l.effective, id).toBe(by);
      expect(listingDates(l, by.slice(3)), id).toMatchObject({ inEffect: true, needsReview: false });
      expect(listingDates(l, '2015-01-01'), id).toMatchObject({ inEffect: false });
    }
    // What is still unsourced stays named in the gaps.
    const gaps = gapsOf('UN-1971-II').join('\n');
    for (const name of ['BZP', 'JWH-018', 'AM-2201']) expect(gaps, name).toContain(name);
    expect(gapsOf('UN-1971-I').join('\n')).not.toMatch(/Eutylone[^.]*not written/);
  });
});

describe('valerylfentanyl: 1961 Schedule I (CND, March 2020)', () => {
  it('is in force by 2021-12-31 and needs review between the vote and then', () => {
    const l = listingOf('valeryl-fentanyl', 'UN-1961-I');
    expect(l.status).toBe('Schedule I');
    expect(l.effective).toBe('by 2021-12-31');
    expect(listingDates(l, '2020-06-01')).toMatchObject({ inEffect: false, needsReview: true });
    expect(listingDates(l, '2022-01-01').inEffect).toBe(true);
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
  it('mephedrone, APAAN, phenylacetic acid, PMK glycidate and the 2017/2020 additions agree with SWGDRUG keys and CAS; the others are not in SWGDRUG 3.4', async () => {
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

    // The 2017 Schedule II substances, U-47700 and valerylfentanyl: [registry id, SWGDRUG 3.4 record name, CASNO].
    // Same full key; or, where SWGDRUG's record names a stereoisomer (MDMB-CHMICA's (S), U-47700's trans) and the
    // entry leaves stereo open, the same skeleton with the entry's stereo block unspecified.
    const unspecified = (k: string) => k.slice(15, 25) === 'UHFFFAOYSA';
    for (const [id, name, cas] of [
      ['4-mec', '4-Methyl-N-ethylcathinone', '1225617184'],
      ['ethylone', 'Ethylone', '1112937640'],
      ['pentedrone', 'Pentedrone', '879669951'],
      ['ethylphenidate', 'Ethylphenidate', '57413431'],
      ['methiopropamine', 'Methiopropamine', '801156478'],
      ['mdmb-chmica', 'MDMB-CHMICA', '0'],
      ['5f-apinaca', '5-Fluoro-AKB48', '1400742133'],
      ['xlr11', 'XLR11', '1364933549'],
      ['u-47700', 'U-47700', '0'],
      ['valeryl-fentanyl', 'Valeryl Fentanyl', '117332919'],
    ] as const) {
      const named = byName(name);
      expect(named.length, `${name} is in SWGDRUG 3.4`).toBeGreaterThan(0);
      const key = keyOf(id);
      const same = named.filter((r) => r.inchikey === key || (r.inchikey!.slice(0, 14) === key.slice(0, 14) && unspecified(key)));
      expect(same.map((r) => r.name), id).not.toEqual([]);
      expect(same.map((r) => r.cas), id).toContain(cas);
    }
    expect(keyOf('xlr11')).toBe('PXLDPUUMIHVLEC-UHFFFAOYSA-N');

    // The 2020 and 2021 1971-Convention additions (keys only: several SWGDRUG records give no CAS or a salt's).
    for (const [id, name] of [
      ['doc', 'DOC'],
      ['ab-fubinaca', 'AB-FUBINACA'],
      ['5f-amb', '5F-AMB'],
      ['5f-mdmb-pica', '5F-MDMB-PICA'],
      ['4-chloromethcathinone', '4-CMC'],
      ['n-ethylhexedrone', 'N-Ethyl Hexedrone'],
      ['alpha-php', '.alpha.-Pyrrolidinohexanophenone'],
      ['3-meo-pcp', '3-MeO-PCP'],
      ['clonazolam', 'Clonazolam'],
      ['diclazepam', 'Diclazepam'],
      ['flubromazolam', 'Flubromazolam'],
      ['mdpv', 'MDPV'],
      ['methylone', 'Methylone'],
      ['alpha-pvp', '.alpha.-PVP'],
      ['eutylone', 'Eutylone'],
    ] as const) {
      const key = keyOf(id);
      const same = byName(name).filter((r) => r.inchikey === key || (r.inchikey!.slice(0, 14) === key.slice(0, 14) && unspecified(key)));
      expect(same.map((r) => r.name), `${id} against SWGDRUG ${name}`).not.toEqual([]);
    }
    expect(byName('4F-MDMB-BINACA'), '4F-MDMB-BINACA is not in SWGDRUG 3.4 (else cross-check it)').toEqual([]);
    expect(keyOf('valeryl-fentanyl')).toBe('VCCPXHWAJYWQMR-UHFFFAOYSA-N');
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
