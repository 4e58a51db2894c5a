/**
 * No invented structures: every named test molecule that also appears (by name) in the shared
 * reference data must have the same InChIKey skeleton (first block) there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { missingReason, nameKey, readCsv, readMspHeaders, sharedFile } from '../reference-data.js';
import { CASES } from './__fixtures__/named-molecules.js';

const FILES = {
  hunter: 'data/structures/fentanyl-hunter-structures.csv',
  dea: 'data/structures/dea-schedule-benchmark.csv',
  kim: 'data/structures/fentanyl-analogs-kim2025.csv',
  swgdrug: 'data/spectra/swgdrug-3.4.msp',
};
/** Like nameKey, but primes stay significant: 3-methylfentanyl (piperidine) is not 3'-methylfentanyl (phenethyl ring). */
function primeKey(name: string): string {
  return nameKey(name.replace(/[′']/g, 'prime'));
}

/** Reviewed exceptions: reference names that mean another substance. */
const EXCEPTIONS = [
  { name: 'NPP (N-phenethyl-4-piperidone)', source: 'SWGDRUG synonym', why: 'SWGDRUG uses "NPP" as a synonym of N-isopropylpentedrone, a cathinone' },
];

const available = Object.values(FILES).every((f) => sharedFile(f));
if (!available) console.log(missingReason('data/structures and data/spectra'));

function skeleton(smiles: string): string | undefined {
  const r = prepareStructure(smiles);
  if (!r.ok) return undefined;
  const key = r.prepared.structure.inchikey!.slice(0, 14);
  r.prepared.dispose();
  return key;
}

describe.skipIf(!available)('named test molecules agree with the reference data', () => {
  const references = new Map<string, { source: string; skeleton: string }[]>();
  beforeAll(async () => {
    await loadRDKit();
    const add = (name: string, source: string, key: string | undefined) => {
      if (!key) return;
      const k = primeKey(name);
      references.set(k, [...(references.get(k) ?? []), { source, skeleton: key.slice(0, 14) }]);
    };
    for (const r of readCsv(sharedFile(FILES.hunter)!)) add(r.name, 'Fentanyl-Hunter', r.inchikey);
    for (const r of readCsv(sharedFile(FILES.dea)!)) add(r.name, 'DEA benchmark', skeleton(r.smiles));
    for (const r of readCsv(sharedFile(FILES.kim)!)) add(r.compound, 'Kim 2025', skeleton(r.smiles));
    for (const r of readMspHeaders(sharedFile(FILES.swgdrug)!)) {
      add(r.name, 'SWGDRUG', r.inchikey);
      for (const s of r.synonyms) add(s, 'SWGDRUG synonym', r.inchikey);
    }
  });

  it('every named molecule found in a reference has the same InChIKey skeleton', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const c of CASES) {
      const variants = [c.name, c.name.replace(/\s*\(.*\)$/, ''), ...(/\(([^)]+)\)/.exec(c.name)?.slice(1) ?? [])];
      const all = variants.flatMap((v) => references.get(primeKey(v)) ?? []);
      // Reference synonyms are used only where no primary name matched: SWGDRUG lists some synonyms loosely
      // (its ortho-methyl methoxyacetylfentanyl record also carries "Methoxyacetyl fentanyl").
      const primary = all.filter((r) => !r.source.endsWith('synonym'));
      const refs = (primary.length ? primary : all).filter((r) => !EXCEPTIONS.some((e) => e.name === c.name && e.source === r.source));
      if (refs.length === 0) continue;
      const mine = skeleton(c.smiles)!;
      checked++;
      for (const r of refs) if (r.skeleton !== mine) mismatches.push(`${c.name}: ours ${mine}, ${r.source} ${r.skeleton}`);
    }
    expect(mismatches).toEqual([]);
    // Record how much of the fixture the references confirm (the rest are hypothetical analogues).
    console.log(`named molecules cross-checked against shared references: ${checked} of ${CASES.length}`);
    expect(checked).toBeGreaterThanOrEqual(20);
  });
});
