/**
 * Named molecules for the class-rule tests. `us`, `cn`, `ap`, `pip` are the expected outcomes under
 * US-FRS, CN-FENTANYL-CLASS, US-4AP-DERIVATIVES and US-4PIPERIDONE-DERIVATIVES:
 * 'A,E' = match by those clauses, '=' = match as the parent substance itself, '-' = no, '?' = needs review.
 * Omitted = not asserted. `why` states the legal reasoning.
 */
export interface NamedCase {
  name: string;
  smiles: string;
  why: string;
  us?: string;
  cn?: string;
  ap?: string;
  pip?: string;
}

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';

export const CASES: NamedCase[] = [
  // The parent and its salts, isotopologues and stereo forms
  { name: 'fentanyl', smiles: FENTANYL, us: '-', cn: '-', ap: '-', pip: '-', why: 'the parent itself has none of the modifications, so it is not "related to fentanyl by one or more" of them (it is listed in Schedule II instead)' },
  { name: 'fentanyl citrate', smiles: `${FENTANYL}.OC(=O)CC(O)(C(=O)O)CC(=O)O`, us: '-', cn: '-', why: 'the citrate counter-ion is stripped; the parent is fentanyl' },
  { name: 'fentanyl hydrochloride', smiles: 'CCC(=O)N(c1ccccc1)C1CC[NH+](CCc2ccccc2)CC1.[Cl-]', us: '-', cn: '-', why: 'the salt is desalted and neutralised to fentanyl' },
  { name: 'fentanyl-d5 (phenyl-d5)', smiles: '[2H]c1c([2H])c([2H])c(N(C(=O)CC)C2CCN(CCc3ccccc3)CC2)c([2H])c1[2H]', us: '-', cn: '-', why: 'isotope labels are ignored: fentanyl-d5 is fentanyl for the law' },
  { name: 'acetylfentanyl hydrochloride', smiles: 'CC(=O)N(c1ccccc1)C1CC[NH+](CCc2ccccc2)CC1.[Cl-]', us: 'E', cn: '一', why: 'salt stripped; acetyl replaces propionyl (US E, CN 一)' },
  { name: 'cis-3-methylfentanyl with explicit stereo', smiles: 'C[C@H]1CN(CCc2ccccc2)CC[C@@H]1N(C(=O)CC)c1ccccc1', us: 'C', cn: '三', why: 'a methyl (alkyl) on the piperidine ring; stereo does not change class membership' },

  // (E) / 一: acyl replacements
  { name: 'acetylfentanyl', smiles: 'CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'acetyl is another acyl group replacing N-propionyl' },
  { name: 'butyrylfentanyl', smiles: 'CCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'butyryl is another acyl group' },
  { name: 'isobutyrylfentanyl', smiles: 'CC(C)C(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'isobutyryl is another acyl group' },
  { name: 'valerylfentanyl', smiles: 'CCCCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'valeryl (pentanoyl) is another acyl group' },
  { name: 'acrylfentanyl', smiles: 'C=CC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'acryloyl is another acyl group' },
  { name: 'furanylfentanyl', smiles: 'O=C(c1ccco1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'furan-2-carbonyl is an acyl group' },
  { name: 'cyclopropylfentanyl', smiles: 'O=C(C1CC1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'cyclopropanecarbonyl is an acyl group' },
  { name: 'methoxyacetylfentanyl', smiles: 'COCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'methoxyacetyl is an acyl group' },
  { name: 'tetrahydrofuranylfentanyl', smiles: 'O=C(C1CCCO1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'tetrahydrofuran-2-carbonyl is an acyl group' },
  { name: 'benzoylfentanyl', smiles: 'O=C(c1ccccc1)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'benzoyl is an acyl group' },
  { name: 'formylfentanyl (N-formyl)', smiles: 'O=CN(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'formyl (HC(=O)-) is the simplest acyl group' },
  { name: 'fentanyl methyl carbamate', smiles: 'COC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'methoxycarbonyl (a carbamate) is read as an acyl group (I-ACYL-CARBAMATE), reported as an interpretation' },
  { name: 'fentanyl ethyl carbamate', smiles: 'CCOC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: 'E', cn: '一', why: 'ethoxycarbonyl is read as an acyl group (I-ACYL-CARBAMATE)' },
  { name: 'thiopropionyl fentanyl (thioamide)', smiles: 'CCC(=S)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1', us: '?', cn: '?', why: 'whether a thioacyl group is an "acyl group" is not settled by the text: needs review' },

  // (D) / 二: the aniline ring
  { name: 'para-fluorofentanyl', smiles: 'CCC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'a fluorophenyl is an aromatic monocycle "further substituted" replacing the aniline ring' },
  { name: 'ortho-fluorofentanyl', smiles: 'CCC(=O)N(c1ccccc1F)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'a 2-fluorophenyl is a substituted aromatic monocycle' },
  { name: 'para-methoxyfentanyl', smiles: 'CCC(=O)N(c1ccc(OC)cc1)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'a 4-methoxyphenyl is a substituted aromatic monocycle' },
  { name: 'ortho-methylfentanyl', smiles: 'CCC(=O)N(c1ccccc1C)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'a 2-methylphenyl is a substituted aromatic monocycle' },
  { name: 'N-(pyridin-2-yl) fentanyl analogue', smiles: 'CCC(=O)N(c1ccccn1)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'pyridine is an aromatic monocycle replacing the aniline ring' },
  { name: 'N-(thiophen-2-yl) fentanyl analogue', smiles: 'CCC(=O)N(c1cccs1)C1CCN(CCc2ccccc2)CC1', us: 'D', cn: '二', why: 'thiophene is an aromatic monocycle' },
  { name: 'N-cyclohexyl in place of the aniline ring', smiles: 'CCC(=O)N(C1CCCCC1)C1CCN(CCc2ccccc2)CC1', us: '-', cn: '-', why: 'cyclohexane is a monocycle but not aromatic; (D) and 二 require an aromatic monocycle' },
  { name: 'N-(1-naphthyl) in place of the aniline ring', smiles: 'CCC(=O)N(c1cccc2ccccc12)C1CCN(CCc2ccccc2)CC1', us: '-', cn: '-', why: 'naphthalene is a fused bicycle, not a monocycle' },
  { name: 'para-fluoroacetylfentanyl (two modifications)', smiles: 'CC(=O)N(c1ccc(F)cc1)C1CCN(CCc2ccccc2)CC1', us: 'D,E', cn: '一,二', why: 'one or more modifications: both the acyl and the aniline ring are modified' },

  // (A) / (B) / 四: the phenethyl group
  { name: 'thiofentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1', us: 'A', cn: '四', why: 'thiophene is a monocycle replacing the phenyl of the phenethyl group (A); for China the phenethyl group is replaced (四)' },
  { name: 'furanylethyl fentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccco2)CC1', us: 'A', cn: '四', why: 'furan is a monocycle' },
  { name: 'cyclohexylethyl fentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCC2CCCCC2)CC1', us: 'A', cn: '四', why: '(A) allows any monocycle, aromatic or not' },
  { name: 'naphthylethyl fentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2cccc3ccccc23)CC1', us: '-', cn: '四', why: 'naphthalene is not a monocycle (US no); China 四 allows any group other than hydrogen' },
  { name: "4'-methylfentanyl", smiles: 'Cc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'an alkyl on the phenethyl group (B)' },
  { name: "4'-fluorophenethyl fentanyl", smiles: 'Fc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'a halo on the phenethyl group (B)' },
  { name: "4'-nitrophenethyl fentanyl", smiles: 'O=[N+]([O-])c1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'a nitro group on the phenethyl group (B); the charge-separated nitro group is kept as drawn' },
  { name: "4'-aminophenethyl fentanyl", smiles: 'Nc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'an amino group on the phenethyl group (B)' },
  { name: "4'-trifluoromethylphenethyl fentanyl", smiles: 'FC(F)(F)c1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'a haloalkyl on the phenethyl group (B)' },
  { name: "4'-methoxyphenethyl fentanyl", smiles: 'COc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'B', cn: '四', why: 'an alkoxyl on the phenethyl group (B)' },
  { name: "4'-cyanophenethyl fentanyl", smiles: 'N#Cc1ccc(CCN2CCC(N(C(=O)CC)c3ccccc3)CC2)cc1', us: 'A', cn: '四', why: 'cyano is not in the (B) list, but a phenyl carrying it is a monocycle "further substituted" (A, I-SUBSTITUTED-RING)' },
  { name: 'alpha-methylfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(C(C)Cc2ccccc2)CC1', us: 'B', cn: '四', why: 'an alkyl on the ethyl part of the phenethyl group (B)' },
  { name: 'beta-hydroxyfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CC(O)c2ccccc2)CC1', us: 'B', cn: '四', why: 'a hydroxyl on the phenethyl group (B)' },
  { name: 'beta-ketofentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CC(=O)c2ccccc2)CC1', us: '-', cn: '四', why: 'an oxo group is not among (B)\'s substituents (US no); China 四 covers any replacement of the phenethyl group' },
  { name: 'benzylfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(Cc2ccccc2)CC1', us: '-', cn: '四', why: 'a benzyl group shortens the phenethyl chain: not a US modification; China 四 covers it' },
  { name: 'homofentanyl (3-phenylpropyl)', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCCc2ccccc2)CC1', us: '-', cn: '四', why: 'lengthening the ethyl chain is neither substitution nor ring replacement (I-IN-OR-ON); China 四 covers it' },
  { name: 'N-methyl-norfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(C)CC1', us: '-', cn: '四', why: 'a methyl replaces the phenethyl group: outside the US definition, inside China 四' },
  { name: 'remifentanil', smiles: 'CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCC(=O)OC)CC1', us: '-', cn: '三,四', why: 'the phenyl of the phenethyl group is replaced by an ester, not a monocycle (US no); China 四 (phenethyl replaced) and 三 (ester on the ring)' },
  { name: 'norfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCNCC1', us: '-', cn: '-', ap: 'amides', why: 'replacing the phenethyl group by hydrogen is excluded by 四 and is no US modification; it is an amide of 4-AP' },

  // (C) / 三: the piperidine ring
  { name: '3-methylfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1C', us: 'C', cn: '三', why: 'an alkyl on the piperidine ring' },
  { name: '3-hydroxyfentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1O', us: 'C', cn: '三', why: 'a hydroxyl on the piperidine ring' },
  { name: '4-methoxymethylfentanyl', smiles: 'CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2ccccc2)CC1', us: 'C', cn: '三', why: 'a methoxymethyl (ether) group on the piperidine ring' },
  { name: 'carfentanil', smiles: 'CCC(=O)N(c1ccccc1)C1(C(=O)OC)CCN(CCc2ccccc2)CC1', us: 'C', cn: '三', why: 'a methyl ester on the piperidine ring (it is listed in Schedule II, so the class finding yields)' },
  { name: 'sufentanil', smiles: 'CCC(=O)N(c1ccccc1)C1(COC)CCN(CCc2cccs2)CC1', us: 'A,C', cn: '三,四', why: 'thiophene replaces the phenyl (A / 四) and an ether is on the ring (C / 三)' },
  { name: 'alfentanil', smiles: 'CCC(=O)N(c1ccccc1)C1(COC)CCN(CCn2nnn(CC)c2=O)CC1', us: 'A,C', cn: '三,四', why: 'a tetrazolone monocycle replaces the phenyl (A / 四); ether on the ring (C / 三)' },
  { name: '4-phenylfentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1(c2ccccc2)CCN(CCc2ccccc2)CC1', us: '-', cn: '?', why: 'phenyl is not in (C)\'s closed list (US no); 三 ends in 等 ("etc."), so an unlisted substituent needs review' },
  { name: '3-hydroxymethylfentanyl analogue', smiles: 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1CO', us: '?', cn: '?', why: 'hydroxymethyl combines alkyl and hydroxyl: whether that is "substitution with" listed groups needs review (I-COMPOSITE-SUBSTITUENT)' },

  // Precursors: 4-AP and its derivatives
  { name: 'ANPP (4-anilino-N-phenethylpiperidine)', smiles: 'c1ccc(NC2CCN(CCc3ccccc3)CC2)cc1', us: '-', cn: '-', ap: '-', pip: '-', why: 'no acyl group, so not a fentanyl analogue; the phenethyl group is neither an amide nor a carbamate of 4-AP (ANPP is listed individually)' },
  { name: '4-AP (4-anilinopiperidine)', smiles: 'c1ccc(NC2CCNCC2)cc1', us: '-', cn: '-', ap: '=', pip: '-', why: '4-AP itself is named in the List I designation' },
  { name: '1-boc-4-AP', smiles: 'CC(C)(C)OC(=O)N1CCC(Nc2ccccc2)CC1', ap: 'carbamates', pip: '-', why: 'tert-butoxycarbonyl on the piperidine nitrogen: a carbamate of 4-AP' },
  { name: '1-Cbz-4-AP', smiles: 'O=C(OCc1ccccc1)N1CCC(Nc2ccccc2)CC1', ap: 'carbamates', why: 'benzyloxycarbonyl on the piperidine nitrogen: a carbamate of 4-AP' },
  { name: '1-acetyl-4-AP', smiles: 'CC(=O)N1CCC(Nc2ccccc2)CC1', ap: 'amides', why: 'an acetyl on the piperidine nitrogen: an amide of 4-AP' },
  { name: '4-fluoro-4-AP (para-fluoro)', smiles: 'Fc1ccc(NC2CCNCC2)cc1', ap: 'halides', why: 'a halogen on the phenyl ring: a halide of 4-AP (in effect from 2023-11-30)' },
  { name: '1-boc-4-(4-fluoroanilino)piperidine', smiles: 'CC(C)(C)OC(=O)N1CCC(Nc2ccc(F)cc2)CC1', ap: 'carbamates,halides', why: 'a carbamate and a halide at once: the amended designation (88 FR 74358) covers any combination of its derivative kinds' },
  { name: '1-benzyl-4-AP', smiles: 'c1ccc(CN2CCC(Nc3ccccc3)CC2)cc1', ap: '-', why: 'benzyl on the piperidine nitrogen is neither an amide nor a carbamate' },

  // Precursors: 4-piperidone and its derivatives
  { name: '4-piperidone', smiles: 'O=C1CCNCC1', ap: '-', pip: '=', why: '4-piperidone itself is named in the List I designation' },
  { name: '1-boc-4-piperidone', smiles: 'CC(C)(C)OC(=O)N1CCC(=O)CC1', pip: 'carbamates', why: 'a carbamate of 4-piperidone' },
  { name: '1-acetyl-4-piperidone', smiles: 'CC(=O)N1CCC(=O)CC1', pip: 'amides', why: 'an amide of 4-piperidone' },
  { name: '4-piperidone ethylene ketal', smiles: 'C1CC2(CCN1)OCCO2', pip: 'acetals', why: 'a cyclic acetal of 4-piperidone' },
  { name: '4,4-dimethoxypiperidine', smiles: 'COC1(OC)CCNCC1', pip: 'acetals', why: 'the dimethyl acetal of 4-piperidone' },
  { name: '1-boc-4-piperidone ethylene ketal', smiles: 'CC(C)(C)OC(=O)N1CCC2(CC1)OCCO2', pip: 'acetals,carbamates', why: 'an acetal that is also a carbamate: the designation covers "any combination thereof"' },
  { name: 'NPP (N-phenethyl-4-piperidone)', smiles: 'O=C1CCN(CCc2ccccc2)CC1', us: '-', cn: '-', pip: '-', why: 'phenethyl on the nitrogen is neither an amide nor a carbamate (NPP is listed individually)' },
  { name: '1-benzyl-4-piperidone', smiles: 'O=C1CCN(Cc2ccccc2)CC1', pip: '-', why: 'an N-benzyl group is not an amide or carbamate' },
  { name: '3-methyl-4-piperidone', smiles: 'CC1CNCCC1=O', pip: '-', why: 'a substituent on a ring carbon is not one of the named derivatives' },
  { name: 'quinuclidine', smiles: 'C1CN2CCC1CC2', us: '-', cn: '-', ap: '-', pip: '-', why: 'a bridged piperidine with no ketone or acetal at carbon 4: not a 4-piperidone derivative (no review needed)' },
  { name: '3-quinuclidinone', smiles: 'O=C1CN2CCC1CC2', pip: '-', why: 'the ketone is at carbon 3 of every piperidine ring of the bicycle, never at carbon 4' },
  { name: 'piperidine', smiles: 'C1CCNCC1', us: '-', cn: '-', ap: '-', pip: '-', why: 'no ketone or acetal at carbon 4' },

  // Other opioids: outside every fentanyl class
  { name: 'brorphine', smiles: 'CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1', us: '-', cn: '-', ap: '-', pip: '-', why: 'a piperidine benzimidazolone, not an N-aryl amide of 4-aminopiperidine' },
  { name: 'isotonitazene', smiles: 'CCN(CC)CCn1c(Cc2ccc(OC(C)C)cc2)nc2cc([N+](=O)[O-])ccc21', us: '-', cn: '-', ap: '-', pip: '-', why: 'a 2-benzylbenzimidazole (nitazene): no piperidine' },
  { name: 'U-47700', smiles: 'CN(C)[C@@H]1CCCC[C@H]1N(C)C(=O)c1ccc(Cl)c(Cl)c1', us: '-', cn: '-', ap: '-', pip: '-', why: 'a cyclohexyl benzamide: no piperidine' },
  { name: 'pethidine (meperidine)', smiles: 'CCOC(=O)C1(c2ccccc2)CCN(C)CC1', us: '-', cn: '-', ap: '-', pip: '-', why: 'a 4-phenylpiperidine ester with no anilide and no 4-ketone' },
  { name: 'morphine', smiles: 'CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5', us: '-', cn: '-', ap: '-', pip: '-', why: 'a morphinan: no fentanyl scaffold' },
  { name: 'methamphetamine', smiles: 'CNC(C)Cc1ccccc1', us: '-', cn: '-', ap: '-', pip: '-', why: 'a phenethylamine: no piperidine' },
];
