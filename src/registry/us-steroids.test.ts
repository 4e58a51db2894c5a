/**
 * The anabolic steroids of data/lists/us/US-CSA-III.steroids.yaml against SWGDRUG 3.4 on the full InChIKey.
 * SWGDRUG's steroid records leave the stereocentres that carry a ring-fusion hydrogen (8, 9, 14; 10 in 19-nor
 * steroids) undefined, so each entry is compared with those centres unset: every centre SWGDRUG defines must agree,
 * and the centres it leaves open may only be ring-fusion CH centres.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRDKit, rdkit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { missingReason, readMspHeaders, sharedFile } from '../reference-data.js';
import { DEFAULT_DATA_DIR } from './registry.js';

const SWGDRUG_FILE = 'data/spectra/swgdrug-3.4.msp';
const swgdrugPath = sharedFile(SWGDRUG_FILE);
const FILE = join(DEFAULT_DATA_DIR, 'us', 'US-CSA-III.steroids.yaml');

interface SteroidEntry {
  id: string;
  name: string;
  smiles: string;
  stereo: string;
  covers: string[];
  effective: string;
}
const entries = (parse(readFileSync(FILE, 'utf8')) as { entries: SteroidEntry[] }).entries;

/** Entry id → the SWGDRUG 3.4 record it was checked against, and how many ring-fusion centres that record leaves open. */
const CHECKED: Record<string, { record: string; open: number }> = {
  clostebol: { record: 'Clostebol', open: 3 },
  '4-hydroxytestosterone': { record: '4-Hydroxytestosterone', open: 3 },
  norbolethone: { record: 'Norbolethone', open: 0 },
  dehydrochloromethyltestosterone: { record: 'Chlorodehydromethyltestosterone', open: 3 },
  '4-androstenediol': { record: '4-Androstenediol', open: 3 },
  bolandiol: { record: 'Bolandiol', open: 4 },
  '19-nor-4-androstenediol-3alpha': { record: '3.alpha.,17.beta.-Dihydroxyestr-4-ene', open: 4 },
};

/** The template that fixes the ring-fusion configuration (8beta,9alpha,14alpha) of every entry. */
const TESTOSTERONE = 'C[C@]12CC[C@H]3[C@H]([C@@H]1CC[C@@H]2O)CCC4=CC(=O)CC[C@]34C';

/**
 * The InChIKeys of `smiles` with every subset of its ring-fusion CH stereocentres (one hydrogen, in two or more
 * rings) unset, each with the size of the smallest subset that gives it.
 */
function keysWithFusionCentresOpen(smiles: string): Map<string, number> {
  const mol = rdkit().get_mol(smiles);
  if (!mol) throw new Error(`unparsable ${smiles}`);
  const json = mol.get_json();
  mol.delete();
  // RDKit's JSON: atoms (with "stereo" and "impHs") and the ring atoms in the rdkitRepresentation extension.
  const doc = JSON.parse(json) as { molecules: { atoms: { stereo?: string; impHs?: number }[]; extensions: { atomRings?: number[][] }[] }[] };
  const rings = doc.molecules[0].extensions.find((x) => x.atomRings)?.atomRings ?? [];
  const fusion = doc.molecules[0].atoms.flatMap((a, i) => (a.stereo && a.impHs === 1 && rings.filter((r) => r.includes(i)).length >= 2 ? [i] : []));
  const keys = new Map<string, number>();
  for (let mask = 0; mask < 1 << fusion.length; mask++) {
    const copy = JSON.parse(json) as typeof doc;
    let open = 0;
    fusion.forEach((atom, bit) => {
      if (mask & (1 << bit)) {
        delete copy.molecules[0].atoms[atom].stereo;
        open++;
      }
    });
    const relaxed = rdkit().get_mol(JSON.stringify(copy));
    if (!relaxed) throw new Error('RDKit could not read its own JSON');
    const key = rdkit().get_inchikey_for_inchi(relaxed.get_inchi());
    relaxed.delete();
    if (!keys.has(key) || keys.get(key)! > open) keys.set(key, open);
  }
  return keys;
}

const fullKey = (smiles: string): string => {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(r.problem.message);
  const key = r.prepared.structure.inchikey ?? '';
  r.prepared.dispose();
  return key;
};

beforeAll(async () => {
  await loadRDKit();
});

describe('US Schedule III steroids: format', () => {
  it('every entry is a stereo-specific listing with its salts, esters and ethers, in force by the DEA list date', () => {
    expect(entries.map((e) => e.id).sort()).toEqual(Object.keys(CHECKED).sort());
    for (const e of entries) {
      expect(e.stereo, e.id).toBe('exact');
      expect(e.smiles, e.id).toMatch(/@/);
      expect(e.covers, e.id).toEqual(['salts', 'esters', 'ethers']);
      expect(e.effective, e.id).toBe('by 2020-08-20');
    }
  });

  it('the 3alpha and 3beta isomers of 19-nor-4-androstenediol are two substances with one skeleton', () => {
    const a = fullKey(entries.find((e) => e.id === 'bolandiol')!.smiles);
    const b = fullKey(entries.find((e) => e.id === '19-nor-4-androstenediol-3alpha')!.smiles);
    expect(a.slice(0, 14)).toBe(b.slice(0, 14));
    expect(a).not.toBe(b);
  });
});

if (!swgdrugPath) console.log(`SWGDRUG cross-checks of the US steroids ${missingReason(SWGDRUG_FILE)}`);

describe.skipIf(!swgdrugPath)('US Schedule III steroids against SWGDRUG 3.4 (full InChIKey)', () => {
  const records = swgdrugPath ? readMspHeaders(swgdrugPath) : [];
  const keyOf = (name: string) => {
    const r = records.find((x) => x.name === name);
    if (!r?.inchikey) throw new Error(`no SWGDRUG record ${name}`);
    return r.inchikey;
  };

  it('the testosterone template, with its ring-fusion centres open, is SWGDRUG\'s "Testosterone"', () => {
    const keys = keysWithFusionCentresOpen(TESTOSTERONE);
    expect(keys.get(keyOf('Testosterone'))).toBe(3);
    // Written whole it is not: SWGDRUG's record lacks the three ring-fusion centres.
    expect(fullKey(TESTOSTERONE)).not.toBe(keyOf('Testosterone'));
  });

  it.each(Object.entries(CHECKED))('%s agrees with SWGDRUG "%s" on every centre the record defines', (id, { record, open }) => {
    const e = entries.find((x) => x.id === id)!;
    const swgdrugKey = keyOf(record);
    const keys = keysWithFusionCentresOpen(e.smiles);
    expect(keys.get(swgdrugKey), `${id}: ${[...keys.keys()].join(', ')} vs ${swgdrugKey}`).toBe(open);
    if (open === 0) expect(fullKey(e.smiles)).toBe(swgdrugKey);
  });

  it('an isomer is caught: the 17-epimer of clostebol does not agree with SWGDRUG', () => {
    const epimer = entries.find((x) => x.id === 'clostebol')!.smiles.replace('[C@@H]2O', '[C@H]2O');
    expect(keysWithFusionCentresOpen(epimer).has(keyOf('Clostebol'))).toBe(false);
  });
});
