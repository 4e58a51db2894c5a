/**
 * Listings that cover esters and ethers (I-ESTER-ETHER), on a fixture registry (not law) whose small
 * molecules isolate each case, and on data/lists for the opioid listings that say so.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { loadRegistry } from '../registry/registry.js';
import { createClassifier, type Classifier } from './classify.js';
import { requirementsFrom, screen } from './prefilter.js';
import type { Finding, Verdict } from './verdict.js';

let fixture: Classifier;
let real: Classifier;
beforeAll(async () => {
  await loadRDKit();
  fixture = createClassifier([], await loadRegistry({ dataDir: join(import.meta.dirname, '__fixtures__', 'esters'), cacheFile: false }));
  real = createClassifier([], await loadRegistry());
});

function findings(c: Classifier, smiles: string, asOf = '2020-01-01', j: 'US' | 'CN' | 'UN' = 'US'): Finding[] {
  const v = c.classify(smiles, { asOf, jurisdictions: [j] });
  if (!v.ok) throw new Error(v.error.message);
  return (v as Verdict).jurisdictions[j]!.findings;
}

describe('esters and ethers of a listed substance (fixture registry)', () => {
  it('a methyl ester of a listed hydroxy acid that covers esters is controlled, with the ester group highlighted', () => {
    const [f, ...rest] = findings(fixture, 'COC(=O)CCCO');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ applies: true, needsReview: false, derivative: { kind: 'ester', of: 'hydroxybutanoic-acid' }, interpretations: ['I-ESTER-ETHER'] });
    expect(f.reason).toMatch(/^An ester of 4-Hydroxybutanoic acid \(fixture\): cleaving the ester bond gives/);
    expect(f.reasonZh).toMatch(/酯/);
    expect(f.highlights!.map((h) => [h.role, h.atoms.length])).toEqual([['listed-substance', 7], ['ester-group', 1]]);
  });

  it('an ether of the hydroxyl, and an ester cleaved at two bonds, are covered too', () => {
    expect(findings(fixture, 'COCCCC(=O)O')[0]).toMatchObject({ applies: true, derivative: { kind: 'ether', of: 'hydroxybutanoic-acid' } });
    expect(findings(fixture, 'COC(=O)CCCOC(C)=O')[0]).toMatchObject({ applies: true, derivative: { kind: 'ester', of: 'hydroxybutanoic-acid' } });
  });

  it('an ester that is listed itself is governed by its own listing', () => {
    const all = findings(fixture, 'CCOC(=O)CCCO');
    expect(all.find((f) => !f.derivative)).toMatchObject({ applies: true, substance: { id: 'ethyl-hydroxybutanoate' } });
    const derived = all.find((f) => f.derivative)!;
    expect(derived).toMatchObject({ applies: false, derivative: { of: 'hydroxybutanoic-acid' } });
    expect(derived.reason).toMatch(/listed itself: Ethyl 4-hydroxybutanoate \(fixture\) is Schedule I/);
  });

  it('a listing that covers ethers only does not reach an ester, and one that covers salts only reaches neither', () => {
    expect(findings(fixture, 'COc1ccc(C)cc1')[0]).toMatchObject({ applies: true, derivative: { kind: 'ether', of: 'p-cresol' } });
    expect(findings(fixture, 'CC(=O)Oc1ccc(C)cc1')).toEqual([]);
    expect(findings(fixture, 'CC(=O)OC1CCCCC1')).toEqual([]);
    expect(findings(fixture, 'COC1CCCCC1')).toEqual([]);
  });

  it('a stereo-specific listing reaches only the ester of its own stereoisomer, from its own date', () => {
    expect(findings(fixture, 'C[C@@H](OC(C)=O)CC')[0]).toMatchObject({ applies: true, derivative: { kind: 'ester', of: 'r-butan-2-ol' } });
    expect(findings(fixture, 'C[C@H](OC(C)=O)CC')).toEqual([]);
    expect(findings(fixture, 'CC(OC(C)=O)CC')).toEqual([]);
    expect(findings(fixture, 'C[C@@H](OC(C)=O)CC', '2005-01-01')[0]).toMatchObject({ applies: false, effective: '2010-01-01' });
  });

  it('the prefilter never screens out a derivative, and still screens out what cannot be one', () => {
    const req = requirementsFrom([], fixture.registry, ['US']);
    for (const smiles of ['COC(=O)CCCO', 'COCCCC(=O)O', 'COc1ccc(C)cc1', 'C[C@@H](OC(C)=O)CC', 'CCCCOC(=O)CCCO'])
      expect(screen(smiles, req).screenedOut, smiles).toBe(false);
    // Enough atoms, but not the listed substance's graph (stage 2), or too few atoms (stage 1).
    expect(screen('CC(C)(C)OC(=O)C(C)O', req).screenedOut).toBe(true);
    expect(screen('CCCO', req).screenedOut).toBe(true);
  });
});

describe('esters and ethers on data/lists', () => {
  it('the methyl ester of pethidine-intermediate-C is Schedule I under the 1961 Convention, which covers esters', () => {
    const f = findings(real, 'COC(=O)C1(c2ccccc2)CCN(C)CC1', '2020-01-01', 'UN').find((x) => x.rule === 'UN-1961-I')!;
    expect(f).toMatchObject({ applies: true, derivative: { kind: 'ester', of: 'pethidine-intermediate-c' } });
  });

  it('pethidine, the ethyl ester, is governed by its own listing', () => {
    const all = findings(real, 'CCOC(=O)C1(c2ccccc2)CCN(C)CC1', '2020-01-01', 'UN');
    expect(all.find((x) => !x.derivative && x.rule === 'UN-1961-I')).toMatchObject({ applies: true, substance: { id: 'pethidine' } });
    expect(all.filter((x) => x.derivative).every((x) => !x.applies)).toBe(true);
  });
});

describe('prefilter requirements for esters and ethers', () => {
  it('a substance whose graph contains another derivable substance needs no rule of its own', () => {
    const ids = requirementsFrom([], real.registry, ['CN']).classRules.map((r) => r.id).filter((id) => id.startsWith('esters-ethers-of:'));
    // Codeine, ethylmorphine and pholcodine contain morphine's graph, which contains normorphine's.
    expect(ids).toContain('esters-ethers-of:normorphine');
    expect(ids).not.toContain('esters-ethers-of:morphine');
    expect(ids).not.toContain('esters-ethers-of:codeine');
    // Still never screens out an ester of a contained substance.
    expect(screen('CC(=O)Oc1ccc2C[C@H]3N(C)CC[C@@]45[C@@H](Oc1c24)[C@@H](OC(=O)CC)C=C[C@@H]35', requirementsFrom([], real.registry, ['CN'])).screenedOut).toBe(false);
  });
});
