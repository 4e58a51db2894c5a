/** Formal ester/ether cleavage at oxygen: which bonds are cut, and what the products are. */
import { beforeAll, describe, expect, it } from 'vitest';
import { candidateCuts, cleavageProducts, productMol } from './cleavage.js';
import { loadRDKit, rdkit } from './rdkit.js';
import { prepareStructure, type PreparedMolecule } from './structure.js';

beforeAll(async () => {
  await loadRDKit();
});

// Stereo SMILES of the natural (-)-morphine series; first InChIKey blocks agree with SWGDRUG 3.4
// (Morphine BQJCRHHNABKAKU, Codeine OROGSEYTTFOCAN, Heroin GVGLGOZIDCSQPN).
const MORPHINE = 'CN1CC[C@]23c4c5ccc(O)c4O[C@H]2[C@@H](O)C=C[C@H]3[C@H]1C5';
const CODEINE = 'COc1ccc2C[C@H]3N(C)CC[C@@]45[C@@H](Oc1c24)[C@@H](O)C=C[C@@H]35';
const HEROIN = 'CC(=O)O[C@H]1C=C[C@H]2[C@H]3Cc4ccc(OC(C)=O)c5O[C@@H]1[C@]2(CCN3C)c45';

function withPrepared<T>(smiles: string, use: (p: PreparedMolecule) => T): T {
  const r = prepareStructure(smiles);
  if (!r.ok) throw new Error(r.problem.message);
  try {
    return use(r.prepared);
  } finally {
    r.prepared.dispose();
  }
}

function inchikeyOfSmiles(smiles: string): string {
  return withPrepared(smiles, (p) => p.structure.inchikey!);
}

function productKeys(smiles: string): { kinds: string; formula: string; inchikey: string }[] {
  return withPrepared(smiles, (p) =>
    cleavageProducts(p.graph, { wanted: () => true }).map((product) => {
      const mol = productMol(p.mol, product)!;
      try {
        return { kinds: product.cuts.map((c) => c.kind).join('+'), formula: product.formula, inchikey: rdkit().get_inchikey_for_inchi(mol.get_inchi()) };
      } finally {
        mol.delete();
      }
    }),
  );
}

describe('ester and ether cleavage', () => {
  it('heroin gives morphine, with its stereo, when both acetyl esters are cleaved', () => {
    const morphine = inchikeyOfSmiles(MORPHINE);
    expect(morphine.slice(0, 14)).toBe('BQJCRHHNABKAKU');
    const products = productKeys(HEROIN);
    expect(products).toContainEqual({ kinds: 'ester-of-alcohol+ester-of-alcohol', formula: 'C17H19NO3', inchikey: morphine });
    // Each single cleavage gives a monoacetylmorphine; the acid side gives acetic acid.
    expect(products.filter((p) => p.formula === 'C19H21NO4')).toHaveLength(2);
    expect(products.filter((p) => p.kinds === 'ester-of-acid').map((p) => p.formula)).toEqual(['C2H4O2', 'C2H4O2']);
  });

  it('codeine is the 3-methyl ether of morphine', () => {
    expect(inchikeyOfSmiles(CODEINE).slice(0, 14)).toBe('OROGSEYTTFOCAN');
    expect(productKeys(CODEINE)).toContainEqual({ kinds: 'ether', formula: 'C17H19NO3', inchikey: inchikeyOfSmiles(MORPHINE) });
  });

  it('never cuts a ring: the 4,5-epoxy bridge of morphine and the lactone of GBL stay', () => {
    expect(withPrepared(MORPHINE, (p) => candidateCuts(p.graph))).toEqual([]);
    expect(withPrepared('O=C1CCCO1', (p) => candidateCuts(p.graph))).toEqual([]);
  });

  it('keeps only the products whose formula is wanted', () => {
    const formulas = withPrepared(HEROIN, (p) => cleavageProducts(p.graph, { wanted: (f) => f === 'C17H19NO3' }).map((x) => x.formula));
    expect(formulas).toEqual(['C17H19NO3']);
  });
});
