/** Import and search through the service with the real classifier: legal status by InChIKey (full, first block), by SMILES, or "structure not known"; nothing stored from a bad file. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { loadClassifier } from '../law/index.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { createSpectraStore } from './kysely-store.js';
import { SpectraService } from './service.js';
import { STRUCTURE_NOT_KNOWN } from './legal.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '__fixtures__', name));
const lab: AccessScope = { agencyId: 1, userId: 1, role: 'analyst', operator: false };
const other: AccessScope = { agencyId: 2, userId: 2, role: 'analyst', operator: false };
const now = '2026-12-02T00:00:00.000Z';

describe('spectra service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-spectra-'));
  let database: OpenDatabase;
  let service: SpectraService;
  beforeAll(async () => {
    database = await openDatabase({ backend: 'sqlite', path: join(dir, 's.db') }, MODULES);
    service = new SpectraService(createSpectraStore(database.db), await loadClassifier());
  }, 60_000);
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports MSP, JCAMP and MassBank files into one library and reports none bad', async () => {
    const report = await service.importFiles(lab, {
      library: 'lab',
      files: [
        { name: 'three.msp', bytes: fixture('three.msp') },
        { name: 'fentanyl.jdx', bytes: fixture('fentanyl.jdx') },
        { name: 'heroin.txt', bytes: fixture('heroin.massbank.txt') },
      ],
      now,
    });
    expect(report.error).toBeUndefined();
    expect(report).toMatchObject({ imported: 5, problems: [] });
    expect(report.library).toMatchObject({ name: 'lab', spectra: 5 });
  });

  it('stores nothing from a truncated file, even beside a good one', async () => {
    const text = fixture('three.msp').toString();
    const report = await service.importFiles(lab, {
      library: 'partial',
      files: [
        { name: 'fentanyl.jdx', bytes: fixture('fentanyl.jdx') },
        { name: 'cut.msp', bytes: Buffer.from(text.slice(0, text.indexOf('77 999'))) },
      ],
      now,
    });
    expect(report.error?.code).toBe('INVALID_MSP');
    expect(report.library).toBeNull();
    await expect(service.library(lab, 'partial')).rejects.toMatchObject({ problem: { code: 'LIBRARY_NOT_FOUND' } });
  });

  it('gives each hit its legal status from the classifier, or says the structure is not known', async () => {
    const { results } = await service.search(lab, 'lab', [
      { query: 'q', peaks: [[105, 120], [146, 350], [189, 210], [245, 999], [246, 180], [336, 20]], mode: 'identity', top: 5 },
      { query: 'u', peaks: [[51, 100], [77, 999], [200, 300]], mode: 'identity', top: 1 },
    ]);
    const [fentanyl] = results[0].hits;
    expect(fentanyl).toMatchObject({ name: 'Fentanyl', score: 999, structure: 'inchikey', legal: { US: true, CN: true, UN: true } });
    expect(fentanyl.family?.rules).toContain('US-FRS');
    expect(results[1].hits[0]).toMatchObject({ name: 'Unknown thing', structure: 'not known', legal: null, note: STRUCTURE_NOT_KNOWN });
  });

  it('searches MS/MS records by precursor, with the legal status from the record’s InChIKey', async () => {
    const { results } = await service.search(lab, 'lab', [
      { query: 'heroin', peaks: [[165.07, 120], [211.075, 300], [268.133, 999], [328.154, 500]], precursorMz: 370.165, mode: 'msms', top: 3 },
    ]);
    expect(results[0].hits[0]).toMatchObject({ name: 'Diacetylmorphine (Heroin)', legal: { US: true, CN: true, UN: true } });
    expect(results[0].hits[0].score).toBeGreaterThan(900);
  });

  it('names the fentanyl family for an unknown homologue with the hybrid search, without claiming identity', async () => {
    const homologue: [number, number][] = [[105, 120], [146, 350], [189, 210], [259, 999], [260, 180], [350, 20]];
    const { results } = await service.search(lab, 'lab', [{ query: 'x', peaks: homologue, mode: 'hybrid', top: 3 }]);
    expect(results[0].hits[0]).toMatchObject({ name: 'Fentanyl', massShift: 14 });
    expect(results[0].family?.rules).toContain('US-FRS');
    expect(results[0].family?.message).toMatch(/\+14/);
  });

  it('does not let another agency search the library', async () => {
    await expect(service.search(other, 'lab', [])).rejects.toMatchObject({ problem: { code: 'LIBRARY_NOT_FOUND' } });
  });
});
