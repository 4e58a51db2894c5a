/** The classification history on both backends: per-jurisdiction rows, one agency's records only, and the move from the former columns. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { MODULES } from '../modules.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { createHistoryStore } from './kysely-store.js';
import type { ClassificationRecord, HistoryStore } from './store.js';
import type { Verdict, VerdictError } from './verdict.js';

const verdict: Verdict = {
  input: 'CCO',
  ok: true,
  structure: { smiles: 'CCO', inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N', formula: 'C2H6O', heavyAtoms: 3, stripped: [], changes: [], format: 'smiles', saltForm: false },
  asOf: '2025-01-01',
  jurisdictions: { US: { controlled: false, needsReview: false, findings: [] }, CN: { controlled: true, needsReview: false, findings: [] } },
  dataVersion: 'test-data',
};
const rejected: VerdictError = { input: 'bad\u0000input', ok: false, error: { code: 'BINARY_INPUT', message: 'binary' } };

const labA: AccessScope = { agencyId: 1, userId: 10, role: 'analyst', operator: false };
const labB: AccessScope = { agencyId: 2, userId: 20, role: 'admin', operator: true };
const byA = { agencyId: 1, userId: 10 };
const byB = { agencyId: 2, userId: 20 };

function record(input: string, createdAt: string, extra: Partial<ClassificationRecord> = {}): ClassificationRecord {
  return { input, asOf: '2025-01-01', jurisdictions: ['US', 'CN'], verdict: { ...verdict, input }, dataVersion: 'test-data', createdAt, owner: byA, ...extra };
}

await forEachBackend('classification history store', (config) => {
  let database: OpenDatabase;
  let store: HistoryStore;
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    store = createHistoryStore(database.db);
  });
  afterAll(async () => database?.close());

  it('records classifications and lists the agency’s own newest first, with a summary per jurisdiction asked', async () => {
    const long = 'C'.repeat(800);
    await store.recordClassifications([
      record('CCO', '2026-01-01T00:00:00.000Z'),
      { ...record(rejected.input, '2026-01-01T00:00:01.000Z'), verdict: rejected, jurisdictions: ['US', 'CN', 'UN'] },
      { ...record(long, '2026-01-01T00:00:02.000Z'), jurisdictions: ['UN'], verdict: { ...verdict, input: long, jurisdictions: {} } },
    ]);
    await store.recordClassifications([]);
    const recent = await store.recentClassifications(labA, 10);
    expect(recent).toHaveLength(3);
    const [newest, middle, oldest] = recent;
    expect(newest.inputTruncated).toBe(true);
    expect(newest.input).toHaveLength(500);
    expect(middle).toMatchObject({ ok: false, errorCode: 'BINARY_INPUT', controlled: {}, inchikey: null, input: 'bad\uFFFDinput' });
    expect(oldest).toMatchObject({
      ok: true,
      input: 'CCO',
      inputTruncated: false,
      jurisdictions: ['US', 'CN'],
      inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N',
      controlled: { US: false, CN: true },
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await store.recentClassifications(labA, 1)).toHaveLength(1);
    expect((await store.classificationById(labA, newest.id))?.input).toBe(long);
    expect((await store.classificationById(labA, oldest.id))?.verdict).toEqual({ ...verdict, input: 'CCO' });
    expect(await store.classificationById(labA, 987654)).toBeUndefined();
  });

  it('never shows one agency’s classifications to another, nor anonymous ones to anybody', async () => {
    await store.recordClassifications([record('CCN', '2026-01-02T00:00:00.000Z', { owner: byB }), record('CCC', '2026-01-02T00:00:01.000Z', { owner: null })]);
    const mine = await store.recentClassifications(labB, 50);
    expect(mine.map((r) => r.input)).toEqual(['CCN']);
    const ofA = await store.recentClassifications(labA, 50);
    expect(ofA.map((r) => r.input)).not.toContain('CCN');
    expect(ofA.map((r) => r.input)).not.toContain('CCC');
    for (const r of ofA) expect(await store.classificationById(labB, r.id)).toBeUndefined();
    expect(await store.classificationById(labA, mine[0].id)).toBeUndefined();
  });

  it('keeps each distinct verdict once, however often it is asked, across batches', async () => {
    const before = await store.countStoredVerdicts();
    const json = JSON.stringify(verdict);
    const asked = (createdAt: string) => ({ ...record('CCO', createdAt), verdict, verdictJson: json });
    await store.recordClassifications([asked('2026-01-03T00:00:00.000Z'), asked('2026-01-03T00:00:01.000Z')]);
    await store.recordClassifications([asked('2026-01-03T00:00:02.000Z')]);
    expect(await store.countStoredVerdicts()).toBe(before); // the first test stored this very answer
    const recent = await store.recentClassifications(labA, 3);
    expect(recent.map((r) => r.createdAt)).toEqual(['2026-01-03T00:00:02.000Z', '2026-01-03T00:00:01.000Z', '2026-01-03T00:00:00.000Z']);
  });

  it('stores injection-looking input as plain text', async () => {
    const input = "'; DROP TABLE classification_history; --";
    await store.recordClassifications([{ ...record(input, '2026-01-04T00:00:00.000Z'), verdict: { ...rejected, input } }]);
    const [latest] = await store.recentClassifications(labA, 1);
    expect(latest.input).toBe(input);
    expect((await store.recentClassifications(labA, 100)).length).toBeGreaterThan(1);
  });
});

await forEachBackend('classification history migration', (config) => {
  it('moves the former us_/cn_/un_controlled columns into per-jurisdiction rows, keeping every answer', async () => {
    const where = config();
    const baselineOnly = await openDatabase(where, []); // the schema as released before modules owned migrations
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the former columns have no type any more
    const old = baselineOnly.db as any;
    const row = { as_of: '2025-01-01', ok: 1, inchikey: null, smiles: 'CCO', error_code: null, verdict_hash: 'h', data_version: 'v', created_at: '2026-01-01T00:00:00.000Z' };
    await old.insertInto('verdicts').values({ hash: 'h', verdict: JSON.stringify(verdict) }).execute();
    await old.insertInto('classification_history').values({ ...row, input: 'a', jurisdictions: 'US,CN,UN', us_controlled: 1, cn_controlled: 0, un_controlled: null }).execute();
    await old.insertInto('classification_history').values({ ...row, input: 'b', jurisdictions: 'CN', us_controlled: null, cn_controlled: 1, un_controlled: null }).execute();
    await baselineOnly.close();

    const migrated = await openDatabase(where, MODULES);
    try {
      const db = migrated.db.withTables<{ classification_results: { history_id: number; jurisdiction: string; controlled: number } }>();
      const rows = await db.selectFrom('classification_results').selectAll().orderBy('history_id').orderBy('jurisdiction').execute();
      expect(rows.map((r) => [Number(r.history_id), r.jurisdiction, Number(r.controlled)])).toEqual([
        [1, 'CN', 0],
        [1, 'US', 1],
        [2, 'CN', 1],
      ]);
    } finally {
      await migrated.close();
    }
  });
});
