/** Spectral libraries on both backends: import, add, replace, one agency's libraries only, and an import that fails stores nothing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { msp } from './formats/msp.js';
import { createSpectraStore } from './kysely-store.js';
import type { SpectrumRecord } from './spectrum.js';
import type { SpectraStore } from './store.js';

const labA: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const labB: AccessScope = { agencyId: 2, userId: 20, role: 'analyst', operator: false };
const records = msp.parse(readFileSync(join(import.meta.dirname, '__fixtures__', 'three.msp'), 'utf8'), 'three.msp').records;
const now = '2026-12-02T00:00:00.000Z';

await forEachBackend('spectral library store', (config) => {
  let database: OpenDatabase;
  let store: SpectraStore;
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    store = createSpectraStore(database.db);
  });
  afterAll(async () => database?.close());

  it('imports a library with its source and version, and gives back every spectrum as read', async () => {
    const lib = await store.importLibrary(labA, { library: 'swg', source: 'three.msp', version: '3.4', format: 'msp', records, now });
    expect(lib).toMatchObject({ name: 'swg', source: 'three.msp', version: '3.4', format: 'msp', spectra: 3, revision: 1 });
    const spectra = await store.spectraOf(labA, lib.id);
    expect(spectra.map((s) => s.name)).toEqual(records.map((r) => r.name));
    expect(spectra[0]).toMatchObject({ inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', mw: 336, kind: 'EI', formula: 'C22H28N2O', libraryId: lib.id });
    expect(spectra[0].peaks).toEqual(records[0].peaks);
    expect(await store.spectrumById(labA, lib.id, spectra[1].id)).toMatchObject({ name: 'Unknown thing' });
  });

  it('adds to a library, or replaces its spectra, bumping the revision', async () => {
    const more = await store.importLibrary(labA, { library: 'swg', source: 'more.msp', version: '3.5', format: 'msp', records: records.slice(0, 1), now });
    expect(more).toMatchObject({ spectra: 4, revision: 2, version: '3.5', source: 'three.msp, more.msp' });
    const replaced = await store.importLibrary(labA, { library: 'swg', source: 'one.msp', version: '4', format: 'msp', records: records.slice(1, 2), replace: true, now });
    expect(replaced).toMatchObject({ spectra: 1, revision: 3, source: 'one.msp' });
  });

  it('shows one agency’s libraries to it alone', async () => {
    const mine = await store.libraryByName(labA, 'swg');
    expect(mine).toBeDefined();
    expect(await store.libraryByName(labB, 'swg')).toBeUndefined();
    expect(await store.libraryById(labB, mine!.id)).toBeUndefined();
    expect(await store.spectraOf(labB, mine!.id)).toEqual([]);
    expect(await store.listLibraries(labB)).toEqual([]);
    expect(await store.deleteLibrary(labB, mine!.id)).toBe(false);
    // The same name in another agency is another library.
    const theirs = await store.importLibrary(labB, { library: 'swg', source: 'b.msp', version: '1', format: 'msp', records, now });
    expect(theirs.id).not.toBe(mine!.id);
    expect((await store.listLibraries(labA)).map((l) => l.spectra)).toEqual([1]);
  });

  it('stores nothing of an import that fails part-way', async () => {
    const many: SpectrumRecord[] = Array.from({ length: 150 }, (_, i) => ({ ...records[0], name: `r${i}` }));
    many[140] = { ...many[140], kind: null as never }; // breaks the third chunk of rows
    await expect(store.importLibrary(labA, { library: 'broken', source: 'x.msp', version: '1', format: 'msp', records: many, now })).rejects.toThrow();
    expect(await store.libraryByName(labA, 'broken')).toBeUndefined();
    const swg = (await store.libraryByName(labA, 'swg'))!;
    await expect(store.importLibrary(labA, { library: 'swg', source: 'x.msp', version: '9', format: 'msp', records: many, replace: true, now })).rejects.toThrow();
    expect(await store.libraryByName(labA, 'swg')).toMatchObject({ spectra: 1, revision: swg.revision, version: '4' });
  });

  it('deletes a library with its spectra', async () => {
    const lib = (await store.libraryByName(labA, 'swg'))!;
    expect(await store.deleteLibrary(labA, lib.id)).toBe(true);
    expect(await store.libraryById(labA, lib.id)).toBeUndefined();
    expect(await store.spectraOf(labA, lib.id)).toEqual([]);
  });
});
