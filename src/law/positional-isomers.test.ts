/**
 * Possible positional isomers (I-POSITIONAL-ISOMER) of US Schedule I hallucinogens, whose listings in
 * 21 CFR 1308.11(d) extend to positional isomers (21 CFR 1300.01(b)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit } from '../chem/rdkit.js';
import { loadRegistry } from '../registry/registry.js';
import { createClassifier, type Classifier } from './classify.js';
import { requirementsFrom, screen } from './prefilter.js';
import type { Verdict } from './verdict.js';

let classifier: Classifier;
beforeAll(async () => {
  await loadRDKit();
  classifier = createClassifier([], await loadRegistry());
});

function us(smiles: string, asOf = '2024-01-01') {
  const v = classifier.classify(smiles, { asOf, jurisdictions: ['US'] });
  if (!v.ok) throw new Error(v.error.message);
  return (v as Verdict).jurisdictions.US!;
}

// MDMA as written in data/lists (SWGDRUG 3.4 agrees on its InChIKey); the others are drawn from their names.
const MDMA = 'CC(CC1=CC2=C(C=C1)OCO2)NC';
const TWO_THREE_MDMA = 'CNC(C)Cc1cccc2OCOc12'; // 2,3-methylenedioxymethamphetamine: the ring moved
const MD_DMPEA = 'CN(C)CCc1ccc2OCOc2c1'; // N,N-dimethyl-3,4-methylenedioxyphenethylamine: a tertiary amine

describe('possible positional isomers of 21 CFR 1308.11(d) listings', () => {
  it('2,3-MDMA is a possible positional isomer of MDMA: needs review, not controlled', () => {
    const v = us(TWO_THREE_MDMA);
    expect(v).toMatchObject({ controlled: false, needsReview: true });
    const f = v.findings.find((x) => x.positionalIsomerOf === 'mdma')!;
    expect(f).toMatchObject({ applies: false, needsReview: true, rule: 'US-CSA-I', interpretations: ['I-POSITIONAL-ISOMER'] });
    expect(f.reason).toMatch(/^Possibly a positional isomer of 3,4-Methylenedioxymethamphetamine/);
    expect(f.reasonZh).toMatch(/位置异构体/);
  });

  it('before the listing took effect it is reported without review', () => {
    const f = us(TWO_THREE_MDMA, '1980-01-01').findings.find((x) => x.positionalIsomerOf === 'mdma')!;
    expect(f).toMatchObject({ applies: false, needsReview: false });
  });

  it('an isomer with a different functional group (a tertiary amine) is not flagged', () => {
    expect(us(MD_DMPEA).findings.filter((x) => x.positionalIsomerOf)).toEqual([]);
  });

  it('MDMA itself is listed, not a positional isomer of anything', () => {
    const v = us(MDMA);
    expect(v.controlled).toBe(true);
    expect(v.findings.filter((x) => x.positionalIsomerOf)).toEqual([]);
  });

  it('the prefilter does not screen out a possible positional isomer', () => {
    const req = requirementsFrom([], classifier.registry, ['US']);
    expect(screen(TWO_THREE_MDMA, req).screenedOut).toBe(false);
  });
});
