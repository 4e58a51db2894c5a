import { beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from '../law/classify.js';
import { loadClassifier } from '../law/index.js';
import { COVERAGE_CASES, type ExpectedAt } from './__fixtures__/us-cn-fentanyl.js';
import { outcomeOf, rowsToCsv, totalsOf, type ComparisonRow, type Side } from './compare.js';
import { runComparison } from './run.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
}, 120_000);

function observed(row: ComparisonRow): ExpectedAt {
  const side = (s: Side) => ({
    state: (s.controlled ? 'C' : '-') as 'C' | '-',
    basis: s.basis.filter((b) => b.applies).map((b) => (b.kind === 'class' ? `${b.rule}:${b.clauses.join(',')}` : b.rule)).sort(),
  });
  return { US: side(row.a), CN: side(row.b), outcome: row.outcome as ExpectedAt['outcome'] };
}

describe('US–China coverage comparison on the committed fixture', () => {
  for (const asOf of ['2018-01-01', '2019-06-01'] as const) {
    it(`is exact at ${asOf}`, () => {
      const report = runComparison(classifier, { a: 'US', b: 'CN', asOf, inputs: COVERAGE_CASES.map((c) => ({ input: c.smiles, name: c.name, source: 'fixture' })) });
      const got = Object.fromEntries(report.rows.map((r) => [r.name, observed(r)]));
      const want = Object.fromEntries(COVERAGE_CASES.map((c) => [c.name, { ...c[asOf], US: { ...c[asOf].US, basis: [...c[asOf].US.basis].sort() }, CN: { ...c[asOf].CN, basis: [...c[asOf].CN.basis].sort() } }]));
      expect(got).toEqual(want);
      expect(report.totals.all.total).toBe(COVERAGE_CASES.length);
    });
  }

  it('says which clause makes the difference, and counts per class', () => {
    const report = runComparison(classifier, { a: 'US', b: 'CN', asOf: '2019-06-01', inputs: [{ input: 'CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1', name: 'benzylfentanyl', source: 'fixture' }] });
    const row = report.rows[0];
    expect(row.difference).toMatch(/^US not controlled .*; CN controlled by CN-FENTANYL-CLASS clause 四$/);
    expect(report.totals.byGroup['CN-FENTANYL-CLASS']['only-b']).toBe(1);
    expect(report.totals.byCategory.drug.total).toBe(1);
    const csv = rowsToCsv(report);
    expect(csv.split('\n')[0]).toContain('US basis');
    expect(csv).toContain('only CN');
  });

  it('compares the whole default population (registry and rule examples) without errors', () => {
    const report = runComparison(classifier, { a: 'US', b: 'CN', asOf: '2019-06-01' });
    expect(report.rows.length).toBeGreaterThan(classifier.registry.substances.length / 2);
    expect(report.totals.all.error).toBe(0);
    expect(report.totals.byGroup['US-FRS'].total).toBeGreaterThan(10);
    const sum = report.totals.all.both + report.totals.all['only-a'] + report.totals.all['only-b'] + report.totals.all.neither + report.totals.all.review;
    expect(sum).toBe(report.rows.length);
  }, 120_000);
});

describe('outcomes', () => {
  const side = (controlled: boolean, needsReview: boolean): Side => ({ jurisdiction: 'US', controlled, needsReview, basis: [] });
  it('puts an unresolved reading on one side before a one-sided control', () => {
    expect(outcomeOf(side(true, false), side(true, true))).toEqual({ outcome: 'both' });
    expect(outcomeOf(side(true, false), side(false, true))).toEqual({ outcome: 'review', reviewOn: ['b'] });
    expect(outcomeOf(side(false, true), side(false, true))).toEqual({ outcome: 'review', reviewOn: ['a', 'b'] });
    expect(outcomeOf(side(false, false), side(true, false))).toEqual({ outcome: 'only-b' });
    expect(outcomeOf(side(false, false), side(false, false))).toEqual({ outcome: 'neither' });
  });
  it('counts errors apart', () => {
    const t = totalsOf([{ input: 'x', source: 's', ok: false, outcome: 'error', a: side(false, false), b: side(false, false), groups: [], category: 'none' }]);
    expect(t.all.error).toBe(1);
    expect(t.byGroup['(error)'].total).toBe(1);
  });
});
