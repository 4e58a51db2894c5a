import { beforeAll, describe, expect, it } from 'vitest';
import { loadRDKit, rdkit } from './rdkit.js';
import { atomCountBound, depict, prepareStructure, type Structure } from './structure.js';

beforeAll(async () => {
  await loadRDKit();
});

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';

function structureOf(text: string): Structure {
  const r = prepareStructure(text);
  if (!r.ok) throw new Error(`${r.problem.code}: ${r.problem.message}`);
  r.prepared.dispose();
  return r.prepared.structure;
}

describe('input formats', () => {
  it('reads SMILES, CXSMILES, molfile V2000 and V3000, and an SDF record with data items', () => {
    const m = rdkit().get_mol(FENTANYL)!;
    const v2 = m.get_molblock();
    const v3 = m.get_v3Kmolblock();
    m.delete();
    expect(structureOf(FENTANYL).format).toBe('smiles');
    expect(structureOf('C[C@H](N)Cc1ccccc1 |&1:1|').smiles).toBe('C[C@H](N)Cc1ccccc1');
    for (const block of [v2, v3, `${v2}>  <NAME>\nfentanyl\n\n$$$$\n`]) {
      const s = structureOf(block);
      expect(s.format).toBe('molfile');
      expect(s.inchikey).toBe('PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    }
  });
});

describe('normalisation to the parent', () => {
  it('keeps the largest organic fragment and reports what was stripped', () => {
    const s = structureOf(`${FENTANYL}.Cl.O`);
    expect(s.smiles).toBe(FENTANYL);
    expect(s.stripped.sort()).toEqual(['Cl', 'O']);
  });

  it('neutralises a protonated amine and a carboxylate, but keeps nitro groups and quaternary ammonium as drawn', () => {
    expect(structureOf('C[NH+](C)CCc1ccccc1').smiles).toBe('CN(C)CCc1ccccc1');
    expect(structureOf('CC(=O)[O-].[Na+]').smiles).toBe('CC(=O)O');
    expect(structureOf('CC[N+](=O)[O-]').smiles).toBe('CC[N+](=O)[O-]');
    expect(structureOf('C[N+](C)(C)CC(=O)[O-]').smiles).toBe('C[N+](C)(C)CC(=O)[O-]');
  });

  it('drops isotope labels (deuterium, 13C) and says so', () => {
    const s = structureOf('[2H]C([2H])([2H])N[13CH3]');
    expect(s.smiles).toBe('CNC');
    expect(s.changes.join(' ')).toMatch(/isotope/);
  });

  it('keeps stereo in the output', () => {
    expect(structureOf('C[C@H](N)Cc1ccccc1').smiles).toContain('@');
  });

  it('computes formula, monoisotopic mass and InChIKey', () => {
    const s = structureOf(FENTANYL);
    expect(s).toMatchObject({ formula: 'C22H28N2O', inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', heavyAtoms: 25 });
    expect(s.monoisotopicMass).toBeCloseTo(336.22016, 4);
  });
});

describe('guards', () => {
  it('bounds the atom count from the text before RDKit parses it', () => {
    expect(atomCountBound('ClC(Br)c1ccccc1[C@@H](O)N', 'smiles')).toBe(12);
    expect(atomCountBound('CCO ethanol', 'smiles')).toBe(3);
    const r = prepareStructure('C'.repeat(700));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.code).toBe('TOO_MANY_ATOMS');
    // The module is still healthy afterwards.
    expect(structureOf('CCO').formula).toBe('C2H6O');
  });
});

describe('depiction', () => {
  it('draws an SVG with highlighted atoms in several colours', () => {
    const r = prepareStructure(FENTANYL);
    if (!r.ok) throw new Error('parse');
    const svg = depict(r.prepared.mol, { highlights: [{ atoms: [0, 1, 2], colour: [1, 0.8, 0.2] }, { atoms: [4], colour: [0.3, 0.6, 1] }] });
    r.prepared.dispose();
    expect(svg.startsWith('<?xml') || svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svg).toMatch(/#FFCC33|#4C99FF|fill:#/i);
  });
});

describe('monoisotopic mass', () => {
  it('agrees with RDKit exact mass for common drug elements (C H N O S P F Cl Br I)', () => {
    for (const smiles of ['CCC(=O)N(c1ccccc1)C1CCN(CCc2cccs2)CC1', 'CC(c1ccc(Br)cc1)N1CCC(n2c(=O)[nH]c3ccccc32)CC1', 'COP(=O)(OC)SC', 'FC(F)(F)c1ccc(Cl)c(I)c1']) {
      const r = prepareStructure(smiles);
      if (!r.ok) throw new Error(smiles);
      const rdkitMass = (JSON.parse(r.prepared.mol.get_descriptors()) as { exactmw: number }).exactmw;
      expect(r.prepared.structure.monoisotopicMass!, smiles).toBeCloseTo(rdkitMass, 4);
      r.prepared.dispose();
    }
  });
});
