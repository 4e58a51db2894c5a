/**
 * The whole flow: structure → normalised parent → explicit listings + class rules → Verdict.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Classifier } from './classify.js';
import { loadClassifier } from './index.js';
import type { Finding, Verdict, VerdictResult } from './verdict.js';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await loadClassifier();
});

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const CARFENTANIL = 'CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCc2ccccc2)CC1';
const ACETYLFENTANYL = 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const BENZYLFENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1';

function ok(result: VerdictResult): Verdict {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}
function finding(v: Verdict, j: 'US' | 'CN' | 'UN', rule: string): Finding | undefined {
  return v.jurisdictions[j]!.findings.find((f) => f.rule === rule);
}

describe('classification verdicts', () => {
  it('fentanyl is US Schedule II by its listing, and is not itself a fentanyl-related substance', () => {
    const v = ok(classifier.classify(FENTANYL));
    expect(v.jurisdictions.US!.controlled).toBe(true);
    expect(finding(v, 'US', 'US-CSA-II')).toMatchObject({ kind: 'listed', applies: true, status: 'Schedule II' });
    expect(finding(v, 'US', 'US-FRS')).toBeUndefined();
    expect(v.structure.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    expect(v.structure.formula).toBe('C22H28N2O');
  });

  it('acetylfentanyl matches US-FRS clause E, but its own Schedule I listing governs (applies:false, reason names it)', () => {
    const v = ok(classifier.classify(ACETYLFENTANYL));
    const frs = finding(v, 'US', 'US-FRS')!;
    expect(frs).toMatchObject({ kind: 'class', applies: false, clauses: ['E'] });
    expect(frs.reason).toMatch(/listed individually.*Schedule I/);
    expect(v.jurisdictions.US!.findings.some((f) => f.kind === 'listed' && f.applies && f.status === 'Schedule I')).toBe(true);
    expect(v.jurisdictions.US!.controlled).toBe(true);
  });

  it('carfentanil matches US-FRS by clause C (a methyl ester on the piperidine ring)', () => {
    const v = ok(classifier.classify(CARFENTANIL));
    const frs = finding(v, 'US', 'US-FRS')!;
    expect(frs.clauses).toEqual(['C']);
    // When carfentanil's own Schedule II listing is in the registry, it displaces the class finding.
    const listed = v.jurisdictions.US!.findings.some((f) => f.kind === 'listed' && f.category === 'drug' && f.applies);
    expect(frs.applies).toBe(!listed);
  });

  it('benzylfentanyl: CN fentanyl class by clause 四; US List I by listing and no FRS finding', () => {
    const v = ok(classifier.classify(BENZYLFENTANYL));
    expect(finding(v, 'CN', 'CN-FENTANYL-CLASS')).toMatchObject({ applies: true, clauses: ['四'] });
    expect(finding(v, 'US', 'US-FRS')).toBeUndefined();
    expect(v.jurisdictions.US!.findings.some((f) => f.kind === 'listed' && f.status === 'List I' && f.applies)).toBe(true);
  });

  it('N-methyl-norfentanyl is in the Chinese class only', () => {
    const v = ok(classifier.classify('CCC(=O)N(c1ccccc1)C1CCN(C)CC1'));
    expect(finding(v, 'CN', 'CN-FENTANYL-CLASS')).toMatchObject({ applies: true, clauses: ['四'] });
    expect(finding(v, 'US', 'US-FRS')).toBeUndefined();
  });

  it('an unlisted analogue (4\'-methylfentanyl) is controlled in the US as an FRS since 2018-02-06', () => {
    const v = ok(classifier.classify('Cc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1'));
    const frs = finding(v, 'US', 'US-FRS')!;
    expect(frs).toMatchObject({ applies: true, clauses: ['B'], effective: '2018-02-06', status: 'Schedule I' });
    expect(frs.citation).toMatch(/812/);
    expect(frs.highlights!.some((h) => h.modified && h.clause === 'B')).toBe(true);
    const before = ok(classifier.classify('Cc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', { asOf: '2017-01-01' }));
    expect(finding(before, 'US', 'US-FRS')!.applies).toBe(false);
    expect(before.jurisdictions.US!.controlled).toBe(false);
  });

  it('as of 2019-04-30 the Chinese class does not yet apply; as of 2019-05-01 it does', () => {
    const before = ok(classifier.classify(BENZYLFENTANYL, { asOf: '2019-04-30', jurisdictions: ['CN'] }));
    expect(finding(before, 'CN', 'CN-FENTANYL-CLASS')).toMatchObject({ applies: false });
    expect(finding(before, 'CN', 'CN-FENTANYL-CLASS')!.reason).toMatch(/2019-05-01/);
    const after = ok(classifier.classify(BENZYLFENTANYL, { asOf: '2019-05-01', jurisdictions: ['CN'] }));
    expect(finding(after, 'CN', 'CN-FENTANYL-CLASS')!.applies).toBe(true);
    expect(Object.keys(after.jurisdictions)).toEqual(['CN']);
  });

  it('4-AP is not US List I on 2019-06-01, and is from 2020-05-15', () => {
    const early = ok(classifier.classify('c1ccc(NC2CCNCC2)cc1', { asOf: '2019-06-01', jurisdictions: ['US'] }));
    expect(early.jurisdictions.US!.controlled).toBe(false);
    const later = ok(classifier.classify('c1ccc(NC2CCNCC2)cc1', { asOf: '2020-05-15', jurisdictions: ['US'] }));
    expect(later.jurisdictions.US!.controlled).toBe(true);
  });

  it('a halide of 4-AP is List I only from 2023-11-30, when the halides clause took effect', () => {
    const early = ok(classifier.classify('Fc1ccc(NC2CCNCC2)cc1', { asOf: '2021-01-01', jurisdictions: ['US'] }));
    const f = finding(early, 'US', 'US-4AP-DERIVATIVES')!;
    expect(f).toMatchObject({ applies: false, clauses: ['halides'] });
    expect(f.reason).toMatch(/2023-11-30/);
    const later = ok(classifier.classify('Fc1ccc(NC2CCNCC2)cc1', { asOf: '2024-01-01', jurisdictions: ['US'] }));
    expect(finding(later, 'US', 'US-4AP-DERIVATIVES')!.applies).toBe(true);
  });

  it('1-boc-4-AP and 1-Cbz-4-AP are carbamates of 4-AP (List I)', () => {
    for (const s of ['CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1', 'O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1']) {
      const v = ok(classifier.classify(s, { jurisdictions: ['US'] }));
      expect(finding(v, 'US', 'US-4AP-DERIVATIVES')).toMatchObject({ applies: true, clauses: ['carbamates'], status: 'List I', category: 'precursor' });
    }
  });

  it('salts, isotopes and stereo do not change the verdict, and what was stripped is reported', () => {
    const base = ok(classifier.classify(FENTANYL));
    const citrate = ok(classifier.classify(`${FENTANYL}.OC(=O)CC(O)(C(=O)O)CC(=O)O`));
    const d5 = ok(classifier.classify('[2H]c1c([2H])c([2H])c(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)c([2H])c1[2H]'));
    expect(citrate.structure.stripped).toEqual(['O=C(O)CC(O)(CC(=O)O)C(=O)O']);
    for (const v of [citrate, d5]) {
      expect(v.structure.inchikey).toBe(base.structure.inchikey);
      expect(v.jurisdictions.US!.controlled).toBe(true);
    }
    const stereo = ok(classifier.classify('C[C@H]1CN(CCc2ccccc2)CC[C@@H]1N(C(=O)CC)c1ccccc1'));
    expect(stereo.structure.smiles).toContain('@');
    expect(stereo.jurisdictions.CN!.findings.some((f) => f.rule === 'CN-FENTANYL-CLASS' || f.kind === 'listed')).toBe(true);
  });

  it('non-fentanyl opioids get no fentanyl-class finding', () => {
    for (const s of ['CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1', 'CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21', 'CN(C)[C@@H]1CCCC[C@H]1N(C)C(=O)c1ccc(Cl)c(Cl)c1', 'CCOC(=O)C1(c2ccccc2)CCN(C)CC1']) {
      const v = ok(classifier.classify(s));
      // Isotonitazene is in China's nitazene class (src/law/nitazene-class.test.ts), not a fentanyl class.
      const classFindings = Object.values(v.jurisdictions).flatMap((j) => j!.findings.filter((f) => f.kind === 'class' && f.rule !== 'CN-NITAZENE-CLASS'));
      expect(classFindings, s).toEqual([]);
    }
  });

  it('classifies inorganic substances too (water, sodium chloride): not controlled, nothing lost', () => {
    const water = ok(classifier.classify('O'));
    expect(water.structure.formula).toBe('H2O');
    expect(Object.values(water.jurisdictions).every((j) => !j!.controlled)).toBe(true);
    const salt = ok(classifier.classify('[Na+].[Cl-]'));
    expect(salt.structure.stripped).toHaveLength(1);
    expect(salt.structure.changes.join(' ')).toMatch(/no fragment contains carbon/);
  });

  it('potassium permanganate is CN Category 3 as a whole salt; sodium permanganate needs review; sodium sulphate is not sulphuric acid (I-INORGANIC)', () => {
    const kmno4 = ok(classifier.classify('[K+].[O-][Mn](=O)(=O)=O', { asOf: '2025-01-01' }));
    expect(kmno4.structure.inorganic).toEqual({ smiles: '[K+].[O]=[Mn](=[O])(=[O])[O-]', formula: 'KMnO4' });
    expect(kmno4.jurisdictions.CN).toMatchObject({ controlled: true, needsReview: false });
    expect(kmno4.jurisdictions.CN!.findings[0]).toMatchObject({ rule: 'CN-PRECURSOR-3', applies: true, interpretations: ['I-INORGANIC'], substance: { id: 'potassium-permanganate' } });
    const namno4 = ok(classifier.classify('[Na+].[O-][Mn](=O)(=O)=O', { asOf: '2025-01-01' }));
    expect(namno4.jurisdictions.CN).toMatchObject({ controlled: false, needsReview: true });
    // In the US both salts are listed (List II), each only as itself.
    expect(namno4.jurisdictions.US).toMatchObject({ controlled: true, needsReview: false });
    expect(kmno4.jurisdictions.US!.findings.map((f) => [f.substance?.id, f.applies, f.needsReview])).toEqual([['potassium-permanganate', true, false]]);
    const sulfate = ok(classifier.classify('[Na+].[Na+].[O-]S([O-])(=O)=O', { asOf: '2025-01-01' }));
    expect(sulfate.jurisdictions.CN).toMatchObject({ controlled: false, needsReview: false });
    // Organic inputs carry no `inorganic` field: their verdict JSON is unchanged.
    expect('inorganic' in ok(classifier.classify('CCO')).structure).toBe(false);
  });

  it('reads a molfile, a registry name and a registry InChI', () => {
    const byCas = ok(classifier.classify('437-38-7'));
    expect(byCas.structure.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    const byChinese = ok(classifier.classify('芬太尼'));
    expect(byChinese.structure.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    const byName = ok(classifier.classify('fentanyl'));
    expect(byName.structure.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    expect(byName.structure.format).toBe('name');
    const byInchi = ok(classifier.classify('InChI=1S/C22H28N2O/c1-2-22(25)24(20-11-7-4-8-12-20)21-14-17-23(18-15-21)16-13-19-9-5-3-6-10-19/h3-12,21H,2,13-18H2,1H3'));
    expect(byInchi.structure.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    const molfile = `\n     RDKit          2D\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n    1.2990    0.7500    0.0000 O   0  0\n  1  2  1  0\n M  END\n`.replace(' M  END', 'M  END');
    const m = ok(classifier.classify(molfile));
    expect(m.structure.formula).toBe('CH4O');
  });
});

describe('bad input never crashes and gives a stable code', () => {
  const cases: [string, string, string][] = [
    ['empty', '', 'EMPTY_INPUT'],
    ['whitespace', '   ', 'EMPTY_INPUT'],
    ['invalid SMILES', 'C1CC(', 'INVALID_SMILES'],
    ['unclosed ring', 'C1CCC', 'INVALID_SMILES'],
    ['bad valence', 'C(C)(C)(C)(C)C', 'BAD_VALENCE'],
    ['unsupported element', '[Xx]CC', 'UNSUPPORTED_ELEMENT'],
    ['wildcard atom', '*CC(=O)O', 'UNSUPPORTED_ELEMENT'],
    ['binary junk', '\u0000\u0001\u0002garbage\uFFFD', 'BINARY_INPUT'],
    ['10 MB of text', 'C'.repeat(10 * 1024 * 1024), 'INPUT_TOO_LARGE'],
    ['over 1,000 heavy atoms', 'C'.repeat(1200), 'TOO_MANY_ATOMS'],
    ['unknown InChI', 'InChI=1S/C3H8/c1-3-2/h3H2,1-2H3', 'INCHI_NOT_RESOLVABLE'],
    ['malformed InChI', 'InChI=garbage', 'INVALID_INCHI'],
    ['CAS number with a bad check digit', '437-38-8', 'CAS_CHECK_DIGIT'],
  ];
  for (const [label, input, code] of cases) {
    it(`${label} → ${code}`, () => {
      const r = classifier.classify(input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe(code);
        expect(r.error.message.length).toBeGreaterThan(5);
        expect(r.input).toBe(input);
      }
    });
  }
});
