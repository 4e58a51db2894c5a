import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { createStructureSearch, type StructureSearch } from './structure-search.js';
import type { Substance } from './types.js';

// Test substances: real structures, made-up ids, no listings (the search does not read them).
function substance(id: string, smiles: string): Substance {
  return { id, names: { en: id }, synonyms: [], cas: [], smiles, inchikey: '', formula: '', stereo: 'any', listings: [] };
}
const substances = [
  substance('t-fentanyl', 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1'),
  substance('t-acetylfentanyl', 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1'),
  substance('t-4-anpp', 'C1CN(CCC1Nc1ccccc1)CCc1ccccc1'),
  substance('t-caffeine', 'Cn1c(=O)c2c(ncn2C)n(C)c1=O'),
  substance('t-fentanyl-citrate', 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.OC(=O)CC(O)(CC(=O)O)C(=O)O'),
  substance('t-unreadable', 'C1CC'),
];

let search: StructureSearch;
beforeAll(async () => {
  await loadRDKit();
  search = createStructureSearch(substances);
});
afterAll(() => search.dispose());

describe('substructure search', () => {
  it('finds every substance with the 4-anilinopiperidine core (SMILES query), skipping unreadable entries', () => {
    const result = search.substructure({ smiles: 'c1ccccc1NC1CCNCC1' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.searched).toBe(5);
    expect(result.hits.map((h) => h.substance.id).sort()).toEqual(['t-4-anpp', 't-acetylfentanyl', 't-fentanyl', 't-fentanyl-citrate']);
    for (const hit of result.hits) expect(hit.atoms).toHaveLength(13); // 6 + 1 + 6 query atoms
  });

  it('matches a SMARTS query and reports atoms of the normalised parent (salt stripped)', () => {
    const result = search.substructure({ smarts: '[CH3][CH2]C(=O)N' });
    expect(result.ok && result.hits.map((h) => h.substance.id).sort()).toEqual(['t-fentanyl', 't-fentanyl-citrate']);
    if (!result.ok) return;
    const citrate = result.hits.find((h) => h.substance.id === 't-fentanyl-citrate')!;
    expect(citrate.smiles).not.toContain('.');
    expect(citrate.atoms).toHaveLength(5);
  });

  it('limits hits but counts them all', () => {
    const result = search.substructure({ smarts: 'c1ccccc1' }, { limit: 2 });
    expect(result.ok && [result.total, result.hits.length]).toEqual([4, 2]); // caffeine has no benzene ring
  });

  it('returns a problem for bad or empty queries', () => {
    expect(search.substructure({ smarts: 'C(((' })).toMatchObject({ ok: false, problem: { code: 'INVALID_QUERY', where: { field: 'smarts' } } });
    expect(search.substructure({ smiles: "' OR 1=1 --" })).toMatchObject({ ok: false, problem: { code: 'INVALID_QUERY' } });
    expect(search.substructure({ smiles: '  ' })).toMatchObject({ ok: false, problem: { code: 'EMPTY_INPUT' } });
    expect(search.substructure({ smiles: 'C'.repeat(6000) })).toMatchObject({ ok: false, problem: { code: 'INPUT_TOO_LARGE' } });
  });
});

describe('similarity search', () => {
  it('ranks the identical structure first with similarity 1, and a salt form equally', () => {
    const result = search.similarity('CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1.Cl', { threshold: 0.3 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.hits.slice(0, 2).map((h) => [h.substance.id, h.similarity])).toEqual([
      ['t-fentanyl', 1],
      ['t-fentanyl-citrate', 1],
    ]);
    const acetyl = result.hits.find((h) => h.substance.id === 't-acetylfentanyl');
    expect(acetyl?.similarity).toBeGreaterThan(0.5);
    expect(acetyl?.similarity).toBeLessThan(1);
    expect(result.hits.some((h) => h.substance.id === 't-caffeine')).toBe(false);
    for (let i = 1; i < result.hits.length; i++) expect(result.hits[i - 1].similarity).toBeGreaterThanOrEqual(result.hits[i].similarity);
  });

  it('applies the threshold', () => {
    const result = search.similarity('Cn1c(=O)c2c(ncn2C)n(C)c1=O', { threshold: 0.9 });
    expect(result.ok && result.hits.map((h) => h.substance.id)).toEqual(['t-caffeine']);
  });

  it('rejects a bad threshold or SMILES', () => {
    expect(search.similarity('CCO', { threshold: 1.5 })).toMatchObject({ ok: false, problem: { code: 'INVALID_QUERY', where: { field: 'threshold' } } });
    expect(search.similarity('C1CC')).toMatchObject({ ok: false, problem: { code: 'INVALID_SMILES', where: { field: 'smiles' } } });
  });

  it('rebuilds after dispose', () => {
    search.dispose();
    const result = search.similarity('CCO', { threshold: 0 });
    expect(result.ok && result.searched).toBe(5);
  });
});
