/**
 * A scripted sequence of incidents yields exactly the expected spike alerts in the agency's feed: one
 * per series (substance, class, region, incident kind) in the week of the burst, none from another
 * agency's private incidents, and they go when the incidents that made them stop being visible.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExchangeService } from '../exchange/service.js';
import { createExchangeStore } from '../exchange/kysely-store.js';
import { exchangeMigrations } from '../exchange/migrations.js';
import type { AccessScope } from '../identity/access.js';
import { createIdentityStore } from '../identity/kysely-store.js';
import { identityMigrations } from '../identity/migrations.js';
import { loadClassifier, type Classifier } from '../law/index.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { createWarningStore } from './kysely-store.js';
import { warningMigrations } from './migrations.js';
import { WarningService } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'narcotrace-spikes-'));
let database: OpenDatabase;
let classifier: Classifier;
let exchange: ExchangeService;
let warning: WarningService;
let A: AccessScope;
let B: AccessScope;

const ACETYLFENTANYL = 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const ACETYLFENTANYL_KEY = 'FYIUUQUPOKIKNI-UHFFFAOYSA-N';
const incident = (occurredOn: string, region: string, structure = ACETYLFENTANYL) => ({
  kind: 'seizure',
  occurredOn,
  place: { country: 'US', region },
  samples: [{ label: `S-${occurredOn}`, structure, method: 'GC-MS', confidence: 'confirmed' }],
});
/** The date `weeks` weeks and `days` days after Monday 2020-01-06. */
const on = (weeks: number, days = 0) => new Date(Date.UTC(2020, 0, 6) + (weeks * 7 + days) * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  classifier = await loadClassifier();
  database = await openDatabase({ backend: 'sqlite', path: join(dir, 's.db') }, [
    { name: 'identity', migrations: identityMigrations },
    { name: 'exchange', migrations: exchangeMigrations },
    { name: 'warning', migrations: warningMigrations },
  ]);
  const identity = createIdentityStore(database.db);
  const ids = [];
  for (const name of ['US lab', 'CN lab']) ids.push((await identity.insertAgency({ name, kind: 'laboratory', jurisdiction: null, operator: false }, '2026-01-01T00:00:00.000Z')).id);
  A = { agencyId: ids[0], userId: 1, role: 'analyst', operator: false };
  B = { agencyId: ids[1], userId: 2, role: 'analyst', operator: false };
  exchange = new ExchangeService(createExchangeStore(database.db), classifier);
  warning = new WarningService(createWarningStore(database.db), classifier, () => '2020-06-01T00:00:00.000Z');
}, 120_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spikes = async (scope: AccessScope) => (await warning.feed(scope, { limit: 100, kind: 'spike' })).map(({ alert }) => (alert.kind === 'spike' ? [alert.series.key, alert.week, alert.count] : []));

describe('spike alerts on a scripted incident sequence', () => {
  it('raises exactly one spike per series in the burst week, never from what the feed cannot see', async () => {
    // A steady trickle: one seizure every other week in California for 16 weeks …
    for (let w = 0; w < 16; w += 2) await exchange.createIncident(A, incident(on(w), 'California'));
    // … and B's private burst in the same weeks, invisible to A.
    const hidden = [];
    for (let d = 0; d < 6; d++) hidden.push(await exchange.createIncident(B, incident(on(10, d % 7), 'Texas')));
    expect(await spikes(A)).toEqual([]);
    // Then five seizures in the week of 2020-04-27 (week 16).
    for (let d = 0; d < 5; d++) await exchange.createIncident(A, incident(on(16, d), 'California'));
    // Acetylfentanyl meets CN's 芬太尼类物质 and the US FRS definition structurally (the engine's clause evaluation).
    const expected = [
      ['class:CN-FENTANYL-CLASS', '2020-04-27', 5],
      ['class:US-FRS', '2020-04-27', 5],
      ['kind:seizure', '2020-04-27', 5],
      ['region:US · California', '2020-04-27', 5],
      [`substance:${ACETYLFENTANYL_KEY}`, '2020-04-27', 5],
    ];
    expect((await spikes(A)).sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1))).toEqual(expected);
    // Reading again raises nothing twice.
    expect((await spikes(A)).length).toBe(expected.length);
    // B's feed: its burst came in its first weeks of data (the warm-up), so no spike either.
    expect(await spikes(B)).toEqual([]);

    // The trends as the page shows them: the alarm week marked in each series.
    const trends = await warning.trends(A, { from: on(0), to: on(20) });
    const substance = trends.series.find((s) => s.key === `substance:${ACETYLFENTANYL_KEY}`)!;
    expect(substance.counts).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 5, 0, 0, 0, 0]);
    expect(substance.alarms.map((i) => trends.weeks[i])).toEqual(['2020-04-27']);
    expect(trends.series.some((s) => s.key === 'region:US · Texas')).toBe(false);

    // Shared with all, B's burst in Texas is A's to see: a Texas region series, which has no history to alarm against.
    await exchange.setSharing(B, hidden[0].uid, { scope: 'all' });
    expect((await warning.trends(A, { from: on(0), to: on(20) })).series.some((s) => s.key === 'region:US · Texas')).toBe(true);
    await exchange.setSharing(B, hidden[0].uid, { scope: 'private' });
  }, 120_000);
});
