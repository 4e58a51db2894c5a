import { beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from './classify.js';
import { loadClassifier } from './index.js';
import { verdictCsvHeader, verdictCsvRow } from './verdict-summary.js';
import { JURISDICTIONS } from './verdict.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
});

describe('a Verdict as a CSV row', () => {
  it('has one column group per jurisdiction and names the applying rules', () => {
    expect(verdictCsvHeader().trimEnd().split(',')).toHaveLength(6 + 3 * JURISDICTIONS.length);
    const row = verdictCsvRow(classifier.classify('CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', { asOf: '2025-01-01', jurisdictions: ['US'] }));
    const cells = row.trimEnd().split(',');
    expect(cells[2]).toBe('true');
    expect(cells[6]).toBe('true'); // US controlled
    expect(cells[8]).toContain('US-CSA-II');
    expect(cells[9]).toBe(''); // CN not asked
  });

  it('quotes commas and quotes, and defuses spreadsheet formulas', () => {
    const row = verdictCsvRow({ input: '=HYPERLINK("x"),y', ok: false, error: { code: 'INVALID_SMILES', message: 'bad' } });
    expect(row.startsWith(`"'=HYPERLINK(""x""),y",,false,INVALID_SMILES`)).toBe(true);
  });
});

describe('a Verdict as SDF data items', () => {
  it('keeps the non-empty summary fields', async () => {
    const { verdictSdfData } = await import('./verdict-summary.js');
    const data = verdictSdfData(classifier.classify('CCO', { asOf: '2025-01-01', jurisdictions: ['US'] }));
    expect(data).toMatchObject({ input: 'CCO', ok: 'true', US_controlled: 'false' });
    expect(data).not.toHaveProperty('CN_controlled');
  });
});
