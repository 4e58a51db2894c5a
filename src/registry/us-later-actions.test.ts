/**
 * Review checks for the US later actions on nitazenes entered without reading the US orders' chemical names
 * (issue #8): butonitazene (87 FR 21556, 89 FR 25517, 89 FR 85047) and N-desethyl etonitazene and ethyleneoxynitazene
 * (temporary order FR Doc. 2025-19542). Their structures come from the registry's China entries, whose chemical
 * names are read again here in the shared copy of the catalogue; the full InChIKeys must agree. Dates are judged
 * as `classify` judges them (listingDates).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { listingDates } from '../law/listed-findings.js';
import { missingReason, nameKey, readMspHeaders, sharedFile } from '../reference-data.js';
import { type Entry, readListEntries } from './__fixtures__/list-entries.js';
import { loadRegistry } from './registry.js';
import type { Registry } from './types.js';
import { parse } from 'yaml';

const listsDir = join(fileURLToPath(new URL('../../', import.meta.url)), 'data/lists');
const US_PART = 'us/US-CSA-I.novel-opioids.yaml';
const CN_PART = 'cn/CN-NONMEDICAL.2024.yaml';
const CN_SOURCE = 'data/legal-sources/cn/cn_feiyaoyong_zengbu_mulu_2015-2025.Benzyl-titanium.html.md';
const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';

/**
 * The nitazenes entered from the China entries: the full InChIKey computed from the SMILES (pinned, so a changed
 * SMILES fails here), and the chemical name of the China 2024 table that the structure was checked against.
 */
const FROM_CN = [
  { id: 'butonitazene', inchikey: 'UZZPOLCDCVWLAZ-UHFFFAOYSA-N', formula: 'C24H32N4O3', cnName: '2-(2-(4-Butoxybenzyl)-5-nitro-1H-benzo[d]imidazol-1-yl)-N,N-diethylethan-1-amine' },
  { id: 'n-desethyl-etonitazene', inchikey: 'RESPFUMJVJRUMB-UHFFFAOYSA-N', formula: 'C20H24N4O3', cnName: '2-(2-(4-Ethoxybenzyl)-5-nitro-1H-benzo[d]imidazol-1-yl)-N-ethylethan-1-amine' },
  {
    id: 'ethyleneoxynitazene',
    inchikey: 'IPSJQZUMCSELFZ-UHFFFAOYSA-N',
    formula: 'C22H26N4O3',
    cnName: '2-(2-((2,3-Dihydrobenzofuran-5-yl)methyl)-5-nitro-1H-benzo[d]imidazol-1-yl)-N,N-diethylethan-1-amine',
  },
] as const;

/** Listed in the US orders but not entered: no reference record gives their structure (the part file's gaps). */
const NOT_ENTERED = [
  'flunitazene',
  'metodesnitazene',
  'methylenedioxynitazene',
  '5-methyl etodesnitazene',
  'n-desethyl protonitazene',
  'n,n-dimethylamino etonitazene',
  'n-pyrrolidino isotonitazene',
];

const us = readListEntries(listsDir, [US_PART]);
const cn = readListEntries(listsDir, [CN_PART]);
const entry = (entries: Entry[], id: string): Entry => {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new Error(`no entry ${id}`);
  return e;
};

let registry: Registry;
beforeAll(async () => {
  await loadRDKit();
  registry = await loadRegistry({ cacheFile: false });
});

function keyAndFormula(smiles: string): { inchikey: string; formula: string } {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(`${r.problem.code}: ${r.problem.message}`);
  try {
    return { inchikey: r.prepared.structure.inchikey ?? '', formula: r.prepared.structure.formula };
  } finally {
    r.prepared.dispose();
  }
}

/** The US listing of a substance on a date, as classify judges it. */
function usOn(id: string, asOf: string) {
  const s = registry.byId(id);
  if (!s) throw new Error(`no substance ${id}`);
  const l = s.listings.find((x) => x.list === 'US-CSA-I');
  if (!l) throw new Error(`${id} has no US-CSA-I listing`);
  return listingDates(l, asOf);
}

describe('US later actions: structures from the China entries', () => {
  it.each(FROM_CN.map((x) => [x.id, x] as const))('%s has the China entry\'s SMILES and the pinned full InChIKey', (id, x) => {
    const u = entry(us, id);
    const c = entry(cn, id);
    expect(u.smiles).toBe(c.smiles);
    expect(keyAndFormula(u.smiles!)).toEqual({ inchikey: x.inchikey, formula: x.formula });
    // The registry merges the entries by id: one substance, listed in the US and in China.
    const s = registry.byId(id)!;
    expect(s.inchikey).toBe(x.inchikey);
    expect(s.listings.map((l) => l.list)).toEqual(expect.arrayContaining(['US-CSA-I', 'CN-NONMEDICAL']));
    expect(registry.byInchiKey(x.inchikey).map((m) => m.id)).toEqual([id]);
  });

  const sourcePath = sharedFile(CN_SOURCE);
  it.skipIf(!sourcePath)('the chemical names are those of the China 2024 table in the shared copy of the catalogue', () => {
    // The copy is HTML; its names carry <em> around the italic locants (1<em>H</em>, <em>N</em>).
    const text = readFileSync(sourcePath!, 'utf8').replace(/<\/?em>/g, '');
    const section = text.slice(text.indexOf('将溴啡等46种物质'));
    for (const x of FROM_CN) {
      expect(section, x.id).toContain(x.cnName);
      expect(entry(cn, x.id).synonyms, x.id).toContain(x.cnName);
    }
  });
  if (!sourcePath) console.log(`The China catalogue name check ${missingReason(CN_SOURCE)}`);

  const swgdrugPath = sharedFile(SWGDRUG_FILE);
  it.skipIf(!swgdrugPath)('SWGDRUG 3.4 still has no record of the nitazenes left in gaps (a record would let them be entered)', () => {
    const names = new Set(readMspHeaders(swgdrugPath!).flatMap((h) => [h.name, ...h.synonyms].map(nameKey)));
    expect(NOT_ENTERED.filter((n) => names.has(nameKey(n)))).toEqual([]);
  });
});

describe('US later actions: dates', () => {
  it('butonitazene is controlled from the temporary order of 2022-04-12, without a break through its extension and final rule', () => {
    expect(usOn('butonitazene', '2022-04-11').inEffect).toBe(false);
    for (const d of ['2022-04-12', '2024-04-12', '2024-10-25', '2026-12-01']) expect(usOn('butonitazene', d), d).toMatchObject({ inEffect: true, needsReview: false });
    expect(entry(us, 'butonitazene')).not.toHaveProperty('knownUntil');
  });

  it.each(['n-desethyl-etonitazene', 'ethyleneoxynitazene'])('%s is controlled from 2025-10-15 and needs review from the end of the temporary order, 2027-10-15', (id) => {
    expect(usOn(id, '2025-10-14').inEffect).toBe(false);
    expect(usOn(id, '2025-10-15')).toMatchObject({ inEffect: true, needsReview: false });
    expect(usOn(id, '2027-10-14')).toMatchObject({ inEffect: true, needsReview: false });
    expect(usOn(id, '2027-10-15')).toMatchObject({ inEffect: false, needsReview: true, pastKnown: true });
    expect(entry(us, id).citation).toContain('FR Doc. 2025-19542');
  });

  it('keeps in gaps exactly the nitazenes of these orders that are not entered', () => {
    const gaps: string[] = (parse(readFileSync(join(listsDir, US_PART), 'utf8')) as { gaps: string[] }).gaps;
    // What each gap line is about: the words before its first colon.
    const subjects = gaps.map((g) => g.slice(0, g.indexOf(':')).toLowerCase()).join(' | ');
    for (const n of NOT_ENTERED) expect(subjects, n).toContain(n);
    for (const x of FROM_CN) expect(subjects, x.id).not.toContain(entry(us, x.id).name.toLowerCase());
    for (const n of NOT_ENTERED) expect(us.some((e) => e.name.toLowerCase() === n), n).toBe(false);
  });
});
