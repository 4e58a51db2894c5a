/**
 * One repository suite, run against both backends: SQLite in a temp file, and PostgreSQL in a
 * schema of its own (skipped with the reason printed when no server answers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Verdict, VerdictError } from '../law/verdict.js';
import type { Substance } from '../registry/types.js';
import { openStore } from './open.js';
import { dropPostgresSchema, postgresReachable } from './postgres/postgres-store.js';
import type { SeedData, Store } from './store.js';

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
      jurisdiction: 'US' as const,
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
    ],
    rules: [{ id: 'US-TEST-RULE', version: '1', jurisdiction: 'US' }],
  };
}

const verdict: Verdict = {
  input: 'CCO',
  ok: true,
  structure: { smiles: 'CCO', inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N', formula: 'C2H6O', heavyAtoms: 3, stripped: [], changes: [], format: 'smiles' },
  asOf: '2025-01-01',
  jurisdictions: { US: { controlled: false, needsReview: false, findings: [] }, CN: { controlled: true, needsReview: false, findings: [] } },
  dataVersion: 'test-data',
};
const rejected: VerdictError = { input: 'bad\u0000input', ok: false, error: { code: 'BINARY_INPUT', message: 'binary' } };

function repositorySuite(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it('migrates idempotently', async () => {
    await store.migrate();
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

  it('records classifications and lists them newest first with a summary', async () => {
    const long = 'C'.repeat(800);
    await store.recordClassifications([
      { input: 'CCO', asOf: '2025-01-01', jurisdictions: ['US', 'CN'], verdict, dataVersion: 'test-data', createdAt: '2026-01-01T00:00:00.000Z' },
      { input: rejected.input, asOf: '2025-01-02', jurisdictions: ['US', 'CN', 'UN'], verdict: rejected, dataVersion: 'test-data', createdAt: '2026-01-01T00:00:01.000Z' },
      { input: long, asOf: '2025-01-03', jurisdictions: ['UN'], verdict: { ...verdict, input: long, jurisdictions: {} }, dataVersion: 'test-data', createdAt: '2026-01-01T00:00:02.000Z' },
    ]);
    await store.recordClassifications([]);
    const recent = await store.recentClassifications(10);
    expect(recent).toHaveLength(3);
    const [newest, middle, oldest] = recent;
    expect(newest.inputTruncated).toBe(true);
    expect(newest.input).toHaveLength(500);
    expect(middle).toMatchObject({ ok: false, errorCode: 'BINARY_INPUT', controlled: {}, inchikey: null, input: 'bad\uFFFDinput' });
    expect(oldest).toMatchObject({
      ok: true,
      input: 'CCO',
      inputTruncated: false,
      asOf: '2025-01-01',
      jurisdictions: ['US', 'CN'],
      inchikey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N',
      smiles: 'CCO',
      controlled: { US: false, CN: true },
      dataVersion: 'test-data',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(await store.recentClassifications(1)).toHaveLength(1);

    const detail = await store.classificationById(newest.id);
    expect(detail?.input).toBe(long);
    expect(detail?.verdict.ok).toBe(true);
    const first = await store.classificationById(oldest.id);
    expect(first?.verdict).toEqual(verdict);
    expect(await store.classificationById(987654)).toBeUndefined();
  });

  it('keeps each distinct verdict once, however often it is asked, across batches', async () => {
    const json = JSON.stringify(verdict);
    const asked = (createdAt: string) => ({ input: 'CCO', asOf: '2025-01-01', jurisdictions: ['US', 'CN'] as const, verdict, verdictJson: json, dataVersion: 'test-data', createdAt });
    await store.recordClassifications([asked('2026-01-03T00:00:00.000Z'), asked('2026-01-03T00:00:01.000Z')]);
    await store.recordClassifications([asked('2026-01-03T00:00:02.000Z')]);
    const recent = await store.recentClassifications(3);
    expect(recent.map((r) => r.createdAt)).toEqual(['2026-01-03T00:00:02.000Z', '2026-01-03T00:00:01.000Z', '2026-01-03T00:00:00.000Z']);
    for (const r of recent) expect((await store.classificationById(r.id))?.verdict).toEqual(verdict);
    expect(await store.countStoredVerdicts()).toBe(3); // the first test's three distinct verdicts; no new ones
  });

  it('stores injection-looking input as plain text', async () => {
    const input = "'; DROP TABLE classification_history; --";
    await store.recordClassifications([{ input, asOf: '2025-01-01', jurisdictions: ['US'], verdict: { ...rejected, input }, dataVersion: 'x', createdAt: '2026-01-02T00:00:00.000Z' }]);
    const [latest] = await store.recentClassifications(1);
    expect(latest.input).toBe(input);
    expect((await store.recentClassifications(100)).length).toBeGreaterThan(1);
  });
}

describe('SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'narcotrace-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  repositorySuite(() => openStore({ backend: 'sqlite', path: join(dir, 'nested', 'test.db') }));
});

const pgUrl = process.env.NARCOTRACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const pgStatus = await postgresReachable(pgUrl);
if (!pgStatus.ok) console.log(`PostgreSQL store tests skipped: cannot connect to ${pgUrl} (${pgStatus.reason}); set NARCOTRACE_PG_URL to run them.`);

describe.skipIf(!pgStatus.ok)('PostgreSQL store', () => {
  const schema = `narcotrace_test_${process.pid}_${Date.now().toString(36)}`;
  afterAll(async () => {
    await dropPostgresSchema(pgUrl, schema);
  });
  repositorySuite(() => openStore({ backend: 'postgres', url: pgUrl, schema }));
});
