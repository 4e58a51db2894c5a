/**
 * A scripted sequence of incidents yields exactly the expected spike alerts in the agency's feed: one
 * per series (substance, class, region, incident kind) in the week of the burst, none from another
 * agency's private incidents, and they go when the incidents that made them stop being visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { openTwoAgencies, type TwoAgencies } from './__fixtures__/two-agencies.js';

let A: AccessScope;
let B: AccessScope;
let exchange: TwoAgencies['exchange'];
let warning: TwoAgencies['warning'];
let fixture: TwoAgencies;

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
  fixture = await openTwoAgencies(() => '2020-06-01T00:00:00.000Z');
  ({ A, B, exchange, warning } = fixture);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
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
