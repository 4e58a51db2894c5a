/**
 * China's nitazene class (rules/CN-NITAZENE-CLASS.yaml, in force 2025-07-01): named structures with the
 * clause each relies on. Isotonitazene, etodesnitazene and N-pyrrolidino etonitazene are written as in
 * data/lists (their CN and US entries); the others are drawn to isolate one clause each.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from './index.js';
import type { Classifier } from './classify.js';
import type { Finding, Verdict } from './verdict.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
});

function nitazeneFinding(smiles: string, asOf = '2025-08-01'): { finding?: Finding; verdict: Verdict } {
  const v = classifier.classify(smiles, { asOf, jurisdictions: ['CN'] });
  if (!v.ok) throw new Error(v.error.message);
  return { finding: v.jurisdictions.CN!.findings.find((f) => f.rule === 'CN-NITAZENE-CLASS'), verdict: v };
}

const ETONITAZENE = 'CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1';

describe('CN-NITAZENE-CLASS', () => {
  it.each([
    ['isotonitazene: 4-isopropoxyphenyl (三)', 'CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21', ['三']],
    ['etodesnitazene: the nitro group removed (一)', 'CCOc1ccc(Cc2nc3ccccc3n2CCN(CC)CC)cc1', ['一']],
    ['N-pyrrolidino etonitazene: a pyrrolidinyl amino group (四)', 'CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN2CCCC2)cc1', ['四']],
    ['N-desethyl isotonitazene: 4-isopropoxyphenyl and an ethylamino group (三, 四)', 'CCNCCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21', ['三', '四']],
  ])('%s matches; its own listing governs', (_name, smiles, clauses) => {
    const { finding } = nitazeneFinding(smiles);
    expect(finding).toMatchObject({ kind: 'class', clauses, applies: false, needsReview: false });
    expect(finding!.reason).toMatch(/listed individually/);
  });

  it.each([
    ['an ethylene linker between the benzimidazole and the phenyl (二)', 'CCOc1ccc(CCc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1', ['二']],
    ['a thiophene instead of 4-ethoxyphenyl (三)', 'CCN(CC)CCn1c(Cc2cccs2)nc2cc([N+](=O)[O-])ccc21', ['三']],
    ['a 5-chloro benzimidazole and a 4-fluorophenyl (一, 三)', 'CCN(CC)CCn1c(Cc2ccc(F)cc2)nc2cc(Cl)ccc21', ['一', '三']],
    ['a methylated linker (二)', 'CCOc1ccc(C(C)c2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1', ['二']],
  ])('an unlisted analogue with %s is in the class from 2025-07-01', (_name, smiles, clauses) => {
    const { finding, verdict } = nitazeneFinding(smiles);
    expect(finding).toMatchObject({ applies: true, clauses, effective: '2025-07-01', interpretations: expect.arrayContaining(['I-NORMALISE']) });
    expect(verdict.jurisdictions.CN!.controlled).toBe(true);
    expect(nitazeneFinding(smiles, '2025-06-30').finding).toMatchObject({ applies: false });
  });

  it.each([
    ['etonitazene itself (no modification)', ETONITAZENE],
    ['a propylene linker (three carbons)', 'CCOc1ccc(CCCc2nc3cc([N+](=O)[O-])ccc3n2CCN(CC)CC)cc1'],
    ['no aromatic group on C2 (2-methyl)', 'CCN(CC)CCn1c(C)nc2cc([N+](=O)[O-])ccc21'],
    ['an amide instead of the amino group', 'CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCN(C(C)=O)CC)cc1'],
    ['a propyl chain on N1 (the ethylene is not modifiable)', 'CCOc1ccc(Cc2nc3cc([N+](=O)[O-])ccc3n2CCCN(CC)CC)cc1'],
    ['brorphine (a benzimidazolone, no 2-benzyl)', 'CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1'],
  ])('%s is not in the class', (_name, smiles) => {
    expect(nitazeneFinding(smiles).finding).toBeUndefined();
  });

  it('a linker fused into a ring with the aromatic group needs review', () => {
    const { finding } = nitazeneFinding('CCN(CC)CCn1c(C2CCc3ccccc32)nc2cc([N+](=O)[O-])ccc21');
    expect(finding).toMatchObject({ applies: false, needsReview: true });
  });
});
