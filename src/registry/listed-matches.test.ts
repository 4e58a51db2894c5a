/** Listing matches: full InChIKey, stereo-insensitive first block, and the jurisdictions asked for (dates are src/law's). */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { prepareStructure } from '../chem/structure.js';
import { loadRegistry } from './registry.js';
import type { Registry } from './types.js';

let registry: Registry;
let fixture: Registry;
beforeAll(async () => {
  await loadRDKit();
  registry = await loadRegistry({ cacheFile: false });
  fixture = await loadRegistry({ dataDir: join(import.meta.dirname, '__fixtures__', 'stereo'), cacheFile: false });
});

function keyOf(smiles: string): { inchikey: string } {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(r.problem.message);
  const { inchikey } = r.prepared.structure;
  r.prepared.dispose();
  return { inchikey: inchikey! };
}

const matched = (r: Registry, smiles: string, jurisdictions = ['US']) =>
  r.matchListings(keyOf(smiles), jurisdictions).map((m) => [m.substance.id, m.listing.list, m.stereoInsensitive]);

describe('matchListings (stereo fixture)', () => {
  it('an exact listing matches its own stereoisomer on the full key', () => {
    expect(matched(fixture, 'C[C@@H](O)CC')).toEqual([['r-butan-2-ol', 'US-CSA-I', false]]);
  });

  it('an exact listing matches neither another stereoisomer nor the unspecified structure', () => {
    expect(matched(fixture, 'C[C@H](O)CC')).toEqual([]);
    expect(matched(fixture, 'CC(O)CC')).toEqual([]);
  });

  it('an exact listing that covers stereoisomers, or a listing with stereo: any, matches other stereoisomers on the first block', () => {
    expect(matched(fixture, 'C[C@H](O)CCC')).toEqual([['r-pentan-2-ol', 'US-CSA-I', true]]);
    expect(matched(fixture, 'C[C@H](N)Cc1ccccc1')).toEqual([['amphetamine-fixture', 'US-CSA-I', true]]);
  });

  it('returns a listing whatever its dates (an ended listing is still a match)', () => {
    const [m] = fixture.matchListings(keyOf('CC(N)Cc1ccccc1'), ['US']);
    expect(m).toMatchObject({ stereoInsensitive: false, listing: { list: 'US-CSA-I', until: '2010-01-01' } });
  });
});

describe('matchListings on data/lists', () => {
  it('fentanyl matches its listings in every jurisdiction asked for, and only those', () => {
    const fentanyl = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
    const all = registry.matchListings(keyOf(fentanyl), ['US', 'CN', 'UN']).map((m) => m.listing.list);
    expect(all).toEqual(expect.arrayContaining(['US-CSA-II', 'CN-NARCOTIC', 'UN-1961-I']));
    expect(registry.matchListings(keyOf(fentanyl), ['CN']).every((m) => m.listing.jurisdiction === 'CN')).toBe(true);
  });

  it('matches nothing for an unlisted structure or an empty key', () => {
    expect(registry.matchListings(keyOf('CCO'), ['US', 'CN', 'UN'])).toEqual([]);
    expect(registry.matchListings({ inchikey: '' }, ['US'])).toEqual([]);
  });
});
