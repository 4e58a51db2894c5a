/**
 * The attribution store on both backends: profiles inserted and replaced per sample and agency,
 * calibrations stored whole, and another agency's profiles and calibrations never read, changed or
 * deleted (they look exactly like records that do not exist).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { createAttributionStore } from './kysely-store.js';
import type { ImpurityProfile } from './profile.js';
import { calibrateProfiles } from './service.js';
import { simulateProfiles } from './simulate.js';
import type { AttributionStore } from './store.js';

const labA: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const labB: AccessScope = { agencyId: 2, userId: 20, role: 'admin', operator: true };
const T1 = '2026-12-02T08:00:00.000Z';
const T2 = '2026-12-02T09:00:00.000Z';

const simulated = simulateProfiles({ seed: 5, batches: 6, samplesPerBatch: 3 });
const calibration = calibrateProfiles(simulated, { bootstrap: 100, seed: 1 });

await forEachBackend('attribution store', (config) => {
  let database: OpenDatabase;
  let store: AttributionStore;
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    store = createAttributionStore(database.db);
  });
  afterAll(async () => database?.close());

  const one: ImpurityProfile = {
    sample: 'S-001',
    batch: 'B7',
    incident: 'INC-1',
    drug: 'fentanyl',
    peaks: [
      { compound: 'caffeine', inchikey: 'RYYVLZVUVIJVGH-UHFFFAOYSA-N', area: 1520 },
      { ri: 1720.4, area: 33.1 },
    ],
  };

  it('inserts new samples, then replaces the peak table of a sample the agency already has', async () => {
    expect(await store.saveProfiles(labA, [one, { sample: 'S-002', peaks: [{ compound: 'Caffeine', area: 1388 }] }], T1)).toEqual({ inserted: ['S-001', 'S-002'], updated: [] });
    const replaced = { ...one, batch: 'B8', incident: undefined, peaks: [{ compound: 'caffeine', area: 99.5 }] };
    expect(await store.saveProfiles(labA, [replaced, { sample: 'S-003', peaks: [{ ri: 1500, area: 1 }] }], T2)).toEqual({ inserted: ['S-003'], updated: ['S-001'] });

    const list = await store.listProfiles(labA);
    expect(list.map((p) => p.sample)).toEqual(['S-001', 'S-002', 'S-003']);
    expect(list[0]).toEqual({ id: expect.any(Number), sample: 'S-001', batch: 'B8', drug: 'fentanyl', peaks: 1, updatedAt: T2 });
    expect(list[1]).toEqual({ id: expect.any(Number), sample: 'S-002', peaks: 1, updatedAt: T1 });

    const full = await store.profileById(labA, list[0].id);
    expect(full).toEqual({ id: list[0].id, sample: 'S-001', batch: 'B8', drug: 'fentanyl', peaks: [{ compound: 'caffeine', area: 99.5 }], createdAt: T1, updatedAt: T2 });
    const all = await store.allProfiles(labA);
    expect(all.map((p) => p.sample)).toEqual(['S-001', 'S-002', 'S-003']);
    expect(all[2].peaks).toEqual([{ ri: 1500, area: 1 }]);
  });

  it('keeps the same sample name apart in another agency, and never reads another agency’s profiles', async () => {
    expect(await store.saveProfiles(labB, [{ ...one, sample: 'S-001', batch: 'other' }, { sample: 'B-only', peaks: [{ compound: 'x', area: 1 }] }], T1)).toEqual({
      inserted: ['S-001', 'B-only'],
      updated: [],
    });
    const a = await store.listProfiles(labA);
    const b = await store.listProfiles(labB);
    expect(a.map((p) => p.sample)).toEqual(['S-001', 'S-002', 'S-003']);
    expect(b.map((p) => p.sample)).toEqual(['B-only', 'S-001']);
    expect(a.find((p) => p.sample === 'S-001')?.batch).toBe('B8');
    expect(b.find((p) => p.sample === 'S-001')?.batch).toBe('other');
    expect((await store.allProfiles(labB)).map((p) => p.sample)).toEqual(['B-only', 'S-001']);

    const bId = b[0].id;
    expect(await store.profileById(labA, bId)).toBeUndefined();
    expect(await store.deleteProfile(labA, bId)).toBe(false);
    expect(await store.profileById(labB, bId)).toMatchObject({ sample: 'B-only' });

    const aS1 = a[0].id;
    expect(await store.deleteProfile(labA, aS1)).toBe(true);
    expect(await store.deleteProfile(labA, aS1)).toBe(false);
    expect(await store.profileById(labA, aS1)).toBeUndefined();
    expect((await store.listProfiles(labB)).map((p) => p.sample)).toEqual(['B-only', 'S-001']);
    expect(await store.profileById(labA, 987654)).toBeUndefined();
  });

  it('stores text with a NUL character on both backends, and finds the sample again on re-import', async () => {
    const nul: ImpurityProfile = { sample: 'N\u0000UL', batch: 'b\u0000', drug: 'd\u0000', incident: 'i\u0000', peaks: [{ compound: 'c\u0000', area: 2 }] };
    expect(await store.saveProfiles(labA, [nul], T1)).toEqual({ inserted: ['N\u0000UL'], updated: [] });
    expect(await store.saveProfiles(labA, [{ ...nul, peaks: [{ compound: 'c', area: 3 }] }], T2)).toEqual({ inserted: [], updated: ['N\u0000UL'] });
    const stored = (await store.allProfiles(labA)).find((p) => p.sample.startsWith('N'));
    expect(stored).toMatchObject({ sample: 'N\uFFFDUL', batch: 'b\uFFFD', drug: 'd\uFFFD', incident: 'i\uFFFD', peaks: [{ compound: 'c', area: 3 }] });
  });

  it('saves a calibration whole, lists the agency’s newest first, and never reads another agency’s', async () => {
    const first = await store.saveCalibration(labA, 'simulated, seed 5', calibration, T1);
    expect(first).toEqual({
      id: expect.any(Number),
      name: 'simulated, seed 5',
      pretreatment: calibration.chosen.pretreatment,
      metric: calibration.chosen.metric,
      auc: calibration.chosen.auc,
      threshold: calibration.model.threshold,
      createdAt: T1,
    });
    const second = await store.saveCalibration(labA, 'second\u0000', calibration, T2);
    expect(second.name).toBe('second\uFFFD');
    const other = await store.saveCalibration(labB, 'B’s', calibration, T2);

    expect((await store.listCalibrations(labA)).map((c) => c.id)).toEqual([second.id, first.id]);
    expect((await store.listCalibrations(labB)).map((c) => c.name)).toEqual(['B’s']);

    const back = await store.calibrationById(labA, first.id);
    expect(back).toMatchObject(first);
    // The whole result round-trips: the model (threshold, LR grid), ROC, histograms, intervals.
    expect(back?.result).toEqual(JSON.parse(JSON.stringify(calibration)));
    expect(back?.result.model.threshold).toBe(calibration.model.threshold);

    expect(await store.calibrationById(labA, other.id)).toBeUndefined();
    expect(await store.calibrationById(labB, first.id)).toBeUndefined();
    expect(await store.calibrationById(labB, other.id)).toMatchObject({ name: 'B’s' });
  });

  it('an empty import changes nothing', async () => {
    const before = await store.listProfiles(labA);
    expect(await store.saveProfiles(labA, [], T2)).toEqual({ inserted: [], updated: [] });
    expect(await store.listProfiles(labA)).toEqual(before);
  });
});
