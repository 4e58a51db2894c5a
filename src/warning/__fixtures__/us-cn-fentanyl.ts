/**
 * The US–China coverage comparison's evidence: structures whose legal status on both dates is settled,
 * with the expected per-jurisdiction answer. SMILES are those of src/law/__fixtures__/named-molecules.ts.
 *
 * The two dates bracket the class definitions: 2018-01-01 is before the US fentanyl-related-substances
 * order (temporary scheduling, 83 FR 5188, from 2018-02-06) and before China's 芬太尼类物质 (from
 * 2019-05-01); 2019-06-01 is after both. `state`: 'C' controlled, '-' not controlled. `basis`: the
 * applying listings and class rules with their clauses ("US-FRS:D", "CN-FENTANYL-CLASS:四", "US-CSA-I").
 */
export interface ExpectedSide {
  state: 'C' | '-';
  basis: string[];
}
export interface ExpectedAt {
  US: ExpectedSide;
  CN: ExpectedSide;
  outcome: 'both' | 'only-a' | 'only-b' | 'neither';
}
export interface CoverageCase {
  name: string;
  smiles: string;
  why: string;
  '2018-01-01': ExpectedAt;
  '2019-06-01': ExpectedAt;
}

const NONE: ExpectedSide = { state: '-', basis: [] };
const c = (...basis: string[]): ExpectedSide => ({ state: 'C', basis });
const neither: ExpectedAt = { US: NONE, CN: NONE, outcome: 'neither' };

export const COVERAGE_CASES: CoverageCase[] = [
  // Caught by both class definitions once both are in force, by neither before.
  { name: 'para-methoxyfentanyl', smiles: 'CCC(=O)N(c1ccc(OC)cc1)C1CCN(CCc2ccccc2)CC1', why: 'a substituted aromatic monocycle replaces the aniline ring: US (D), CN 二', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:D'), CN: c('CN-FENTANYL-CLASS:二'), outcome: 'both' } },
  { name: 'N-(pyridin-2-yl) fentanyl analogue', smiles: 'CCC(=O)N(c1ccccn1)C1CCN(CCc2ccccc2)CC1', why: 'pyridine replaces the aniline ring: US (D), CN 二', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:D'), CN: c('CN-FENTANYL-CLASS:二'), outcome: 'both' } },
  { name: "4'-methylfentanyl", smiles: 'Cc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', why: 'an alkyl on the phenethyl group: US (B), CN 四', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:B'), CN: c('CN-FENTANYL-CLASS:四'), outcome: 'both' } },
  { name: 'fentanyl methyl carbamate', smiles: 'COC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', why: 'methoxycarbonyl read as an acyl group: US (E), CN 一', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:E'), CN: c('CN-FENTANYL-CLASS:一'), outcome: 'both' } },
  { name: 'benzoylfentanyl', smiles: 'O=C(c1ccccc1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', why: 'benzoyl replaces propionyl: US (E), CN 一', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:E'), CN: c('CN-FENTANYL-CLASS:一'), outcome: 'both' } },
  { name: '3-hydroxyfentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1O', why: 'a hydroxyl on the piperidine ring: US (C), CN 三', '2018-01-01': neither, '2019-06-01': { US: c('US-FRS:C'), CN: c('CN-FENTANYL-CLASS:三'), outcome: 'both' } },
  // What China's 2019 class caught that the US FRS definition does not.
  { name: 'benzylfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1', why: 'a shortened phenethyl chain: no US modification; CN 四 (any group but hydrogen)', '2018-01-01': neither, '2019-06-01': { US: NONE, CN: c('CN-FENTANYL-CLASS:四'), outcome: 'only-b' } },
  { name: 'homofentanyl (3-phenylpropyl)', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1', why: 'a lengthened chain: no US modification; CN 四', '2018-01-01': neither, '2019-06-01': { US: NONE, CN: c('CN-FENTANYL-CLASS:四'), outcome: 'only-b' } },
  { name: 'N-methyl-norfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(C)CC1', why: 'a methyl replaces the phenethyl group: outside US FRS, inside CN 四', '2018-01-01': neither, '2019-06-01': { US: NONE, CN: c('CN-FENTANYL-CLASS:四'), outcome: 'only-b' } },
  { name: 'naphthylethyl fentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2cccc3ccccc23)CC1', why: 'naphthalene is not a monocycle (US no); CN 四', '2018-01-01': neither, '2019-06-01': { US: NONE, CN: c('CN-FENTANYL-CLASS:四'), outcome: 'only-b' } },
  { name: 'beta-ketofentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CC(=O)c2ccccc2)CC1', why: 'an oxo group is not among the US (B) substituents; CN 四', '2018-01-01': neither, '2019-06-01': { US: NONE, CN: c('CN-FENTANYL-CLASS:四'), outcome: 'only-b' } },
  // Listed individually on one side first, then caught by the other side's class.
  { name: 'methoxyacetylfentanyl', smiles: 'COCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', why: 'US Schedule I by temporary order (Oct 2017); CN by the class, 一', '2018-01-01': { US: c('US-CSA-I'), CN: NONE, outcome: 'only-a' }, '2019-06-01': { US: c('US-CSA-I'), CN: c('CN-FENTANYL-CLASS:一'), outcome: 'both' } },
  { name: 'ortho-fluorofentanyl', smiles: 'CCC(=O)N(c1ccccc1F)C1CCN(CCc2ccccc2)CC1', why: 'US Schedule I by temporary order (Oct 2017); CN by the class, 二', '2018-01-01': { US: c('US-CSA-I'), CN: NONE, outcome: 'only-a' }, '2019-06-01': { US: c('US-CSA-I'), CN: c('CN-FENTANYL-CLASS:二'), outcome: 'both' } },
  { name: 'cyclopropylfentanyl', smiles: 'O=C(C1CC1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', why: 'US temporary order from 2018-01-04 (after the first date); CN by the class, 一', '2018-01-01': neither, '2019-06-01': { US: c('US-CSA-I'), CN: c('CN-FENTANYL-CLASS:一'), outcome: 'both' } },
  // Listed individually on both sides on both dates.
  { name: 'acetylfentanyl', smiles: 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', why: 'US Schedule I; CN 非药用类 list (2015)', '2018-01-01': { US: c('US-CSA-I'), CN: c('CN-NONMEDICAL'), outcome: 'both' }, '2019-06-01': { US: c('US-CSA-I'), CN: c('CN-NONMEDICAL'), outcome: 'both' } },
  { name: 'U-47700', smiles: 'CN(C)[C@@H]1CCCC[C@H]1N(C)C(=O)c1ccc(Cl)c(Cl)c1', why: 'US Schedule I (2016 order); CN 非药用类 list (2017)', '2018-01-01': { US: c('US-CSA-I'), CN: c('CN-NONMEDICAL'), outcome: 'both' }, '2019-06-01': { US: c('US-CSA-I'), CN: c('CN-NONMEDICAL'), outcome: 'both' } },
  // Outside every fentanyl class, and not yet listed on either side on these dates.
  { name: 'N-cyclohexyl in place of the aniline ring', smiles: 'CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1', why: 'cyclohexane is not aromatic: neither (D) nor 二', '2018-01-01': neither, '2019-06-01': neither },
  { name: 'norfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCNCC1', why: 'hydrogen in place of the phenethyl group is excluded by 四 and is no US modification', '2018-01-01': neither, '2019-06-01': neither },
  { name: 'isotonitazene', smiles: 'CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21', why: 'a nitazene: US order 2020, CN later; not a fentanyl', '2018-01-01': neither, '2019-06-01': neither },
  { name: 'brorphine', smiles: 'CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1', why: 'a piperidine benzimidazolone, listed later on both sides', '2018-01-01': neither, '2019-06-01': neither },
];
