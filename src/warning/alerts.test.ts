/**
 * A scripted sequence of incidents, by two agencies, yields exactly the expected first-detection
 * alerts in each agency's feed: first sightings only, coverage per jurisdiction on the incident's date,
 * coverage gaps from near misses, and nothing from an incident the feed cannot see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessScope } from '../identity/access.js';
import { openTwoAgencies, type TwoAgencies } from './__fixtures__/two-agencies.js';

let A: AccessScope;
let B: AccessScope;
let exchange: TwoAgencies['exchange'];
let warning: TwoAgencies['warning'];
let fixture: TwoAgencies;

const incident = (occurredOn: string, structure: string, label = 'S-1') => ({
  kind: 'seizure',
  occurredOn,
  place: { country: 'US', region: 'California' },
  samples: [{ label, structure, method: 'GC-MS', confidence: 'confirmed' }],
});
const ACETYLFENTANYL = 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const BENZYLFENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1';
const CYCLOHEXYL_ANALOGUE = 'CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1';
const PARA_METHOXYFENTANYL = 'CCC(=O)N(c1ccc(OC)cc1)C1CCN(CCc2ccccc2)CC1';

beforeAll(async () => {
  fixture = await openTwoAgencies();
  ({ A, B, exchange, warning } = fixture);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

const summary = async (scope: AccessScope) =>
  (await warning.alerts(scope, { limit: 100 })).map(({ alert }) => ({ on: alert.sighting.occurredOn, smiles: alert.sighting.smiles, reasons: alert.reasons, gap: alert.coverageGap })).reverse();

describe('first-detection alerts on a scripted incident sequence', () => {
  it('alerts on first sightings only, with coverage per jurisdiction, and flags a coverage gap', async () => {
    await exchange.createIncident(A, incident('2019-06-10', ACETYLFENTANYL));
    await exchange.createIncident(A, incident('2019-06-20', ACETYLFENTANYL));
    await exchange.createIncident(A, incident('2019-07-01', BENZYLFENTANYL));
    await exchange.createIncident(A, incident('2019-07-05', CYCLOHEXYL_ANALOGUE));
    const hidden = await exchange.createIncident(B, incident('2019-07-02', PARA_METHOXYFENTANYL, 'B-1'));

    expect(await summary(A)).toEqual([
      { on: '2019-06-10', smiles: ACETYLFENTANYL, reasons: ['new'], gap: false },
      { on: '2019-07-01', smiles: BENZYLFENTANYL, reasons: ['new'], gap: false },
      { on: '2019-07-05', smiles: CYCLOHEXYL_ANALOGUE, reasons: ['new', 'unlisted'], gap: true },
    ]);
    // Reading again judges nothing twice.
    expect((await summary(A)).length).toBe(3);

    const feed = await warning.alerts(A, { limit: 100 });
    const benzyl = feed.find((f) => f.alert.sighting.smiles === BENZYLFENTANYL)!.alert;
    // Benzylfentanyl lacks the US definition's phenethyl scaffold altogether; it has the 4-AP and 4-piperidone
    // scaffolds, whose clauses rule it out (near misses of the precursor designations).
    expect(benzyl.message).toContain('not covered by US (near miss of US-4AP-DERIVATIVES, US-4PIPERIDONE-DERIVATIVES); covered by CN 芬太尼类物质 clause 四; not UN-controlled');
    const gap = feed.find((f) => f.alert.coverageGap)!.alert;
    expect(gap.coverage.map((c) => [c.jurisdiction, c.covered, c.nearMisses.map((n) => n.rule)])).toEqual([
      ['US', false, ['US-4PIPERIDONE-DERIVATIVES', 'US-FRS']],
      ['CN', false, ['CN-FENTANYL-CLASS']],
      ['UN', false, []],
    ]);
    expect(gap.message).toMatch(/coverage gap\.$/);
    expect((await warning.alerts(A, { limit: 100, gapsOnly: true })).length).toBe(1);

    // B's private incident raised an alert in B's feed only; once shared with all, A's feed has it too.
    expect((await summary(B)).map((s) => s.smiles)).toEqual([PARA_METHOXYFENTANYL]);
    await exchange.setSharing(B, hidden.uid, { scope: 'all' });
    expect((await summary(A)).map((s) => s.smiles)).toEqual([ACETYLFENTANYL, BENZYLFENTANYL, PARA_METHOXYFENTANYL, CYCLOHEXYL_ANALOGUE]);
    const pmf = (await warning.alerts(A, { limit: 100 })).find((f) => f.alert.sighting.smiles === PARA_METHOXYFENTANYL)!.alert;
    expect(pmf.message).toContain('in no registry list: covered by US Fentanyl-related substances clause D; covered by CN 芬太尼类物质 clause 二; not UN-controlled.');
    // Unshared again: its alert leaves A's feed with it.
    await exchange.setSharing(B, hidden.uid, { scope: 'private' });
    expect((await summary(A)).map((s) => s.smiles)).toEqual([ACETYLFENTANYL, BENZYLFENTANYL, CYCLOHEXYL_ANALOGUE]);
  }, 120_000);
});
