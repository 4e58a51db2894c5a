/** The reference tables on both backends. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { createReferenceStore } from './kysely-store.js';
import type { ReferenceStore, SeedData } from './store.js';
import type { Substance } from './types.js';

// Test records: made-up ids and citations, not reference data.
function substance(id: string, listCount: number): Substance {
  return {
    id,
    names: { en: `Test substance ${id}`, zh: '测试物质' },
    synonyms: [],
    cas: [],
    smiles: 'CCO',
    inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N',
    formula: 'C2H6O',
    stereo: 'any',
    listings: Array.from({ length: listCount }, (_, i) => ({
      list: `US-TEST-${i}`,
      jurisdiction: 'US',
      category: 'drug' as const,
      status: 'Test status',
      citation: 'test citation',
      effective: '2020-01-01',
      covers: [],
    })),
  };
}

function seedData(version: string, count: number): SeedData {
  return {
    dataVersion: version,
    substances: Array.from({ length: count }, (_, i) => substance(`test-${i}`, 2)),
    lists: [
      { id: 'US-TEST-0', jurisdiction: 'US', category: 'drug', title: { en: 'Test list', original: 'Test list', language: 'en' }, instrument: 'test', citation: 'test', count },
    ] as unknown as SeedData['lists'], // only the fields the tables keep
    rules: [{ id: 'US-TEST-RULE', version: '1', jurisdiction: 'US' }],
  };
}

await forEachBackend('reference store', (config) => {
  let database: OpenDatabase;
  let store: ReferenceStore;
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    store = createReferenceStore(database.db);
  });
  afterAll(async () => database?.close());

  it('starts empty', async () => {
    expect(await store.storedDataVersion()).toBeUndefined();
  });

  it('seeds reference data once per data version and replaces it when the version changes', async () => {
    const first = await store.seed(seedData('v1', 250));
    expect(first).toMatchObject({ seeded: true, substances: 250, listings: 500 });
    expect(await store.countReferenceRows()).toEqual({ substances: 250, listings: 500, lists: 1, rules: 1 });
    expect((await store.seed(seedData('v1', 250))).seeded).toBe(false);
    expect(await store.storedDataVersion()).toBe('v1');

    const second = await store.seed(seedData('v2', 3));
    expect(second.seeded).toBe(true);
    expect(await store.countReferenceRows()).toEqual({ substances: 3, listings: 6, lists: 1, rules: 1 });
    expect(await store.storedDataVersion()).toBe('v2');
  });
});
