/**
 * A read-only view of a molecule's graph as RDKit reports it (its rdkitjson), for the law engine's
 * region analysis. RDKit does the parsing, aromaticity and ring perception; this only indexes its answer.
 */
export interface GraphAtom {
  index: number;
  /** Atomic number. */
  z: number;
  symbol: string;
  charge: number;
  isotope: number;
  /** Implicit plus explicit hydrogens that are not graph atoms. */
  hydrogens: number;
  aromatic: boolean;
}

export interface GraphBond {
  index: number;
  a: number;
  b: number;
  /** 1, 2, 3; aromatic bonds are flagged separately and keep their Kekulé order here. */
  order: number;
  aromatic: boolean;
}

export interface MolGraph {
  atoms: GraphAtom[];
  bonds: GraphBond[];
  /** neighbours[i] = [{atom, bond}] */
  neighbours: { atom: number; bond: number }[][];
  /** Smallest set of smallest rings (atom indices), as RDKit perceives them. */
  rings: number[][];
}

const SYMBOLS = [
  '*', 'H', 'He', 'Li', 'Be', 'B', 'C', 'N', 'O', 'F', 'Ne', 'Na', 'Mg', 'Al', 'Si', 'P', 'S', 'Cl', 'Ar', 'K', 'Ca',
  'Sc', 'Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn', 'Ga', 'Ge', 'As', 'Se', 'Br', 'Kr', 'Rb', 'Sr', 'Y', 'Zr',
  'Nb', 'Mo', 'Tc', 'Ru', 'Rh', 'Pd', 'Ag', 'Cd', 'In', 'Sn', 'Sb', 'Te', 'I', 'Xe', 'Cs', 'Ba', 'La', 'Ce', 'Pr', 'Nd',
  'Pm', 'Sm', 'Eu', 'Gd', 'Tb', 'Dy', 'Ho', 'Er', 'Tm', 'Yb', 'Lu', 'Hf', 'Ta', 'W', 'Re', 'Os', 'Ir', 'Pt', 'Au', 'Hg',
  'Tl', 'Pb', 'Bi', 'Po', 'At', 'Rn', 'Fr', 'Ra', 'Ac', 'Th', 'Pa', 'U', 'Np', 'Pu', 'Am', 'Cm', 'Bk', 'Cf', 'Es', 'Fm',
  'Md', 'No', 'Lr', 'Rf', 'Db', 'Sg', 'Bh', 'Hs', 'Mt', 'Ds', 'Rg', 'Cn', 'Nh', 'Fl', 'Mc', 'Lv', 'Ts', 'Og',
];

export function elementSymbol(z: number): string {
  return SYMBOLS[z] ?? `Z${z}`;
}

/** Heavy atoms per element symbol ("C" → 17): hydrogen atoms left out. */
export function heavyAtomCounts(graph: MolGraph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of graph.atoms) if (a.z !== 1) counts[a.symbol] = (counts[a.symbol] ?? 0) + 1;
  return counts;
}

interface RdkitJson {
  defaults: { atom: Record<string, unknown>; bond: Record<string, unknown> };
  molecules: {
    atoms: { z?: number; impHs?: number; chg?: number; isotope?: number }[];
    bonds: { bo?: number; atoms: [number, number] }[];
    extensions?: { name: string; aromaticAtoms?: number[]; aromaticBonds?: number[]; atomRings?: number[][] }[];
  }[];
}

export function graphFromRdkitJson(json: string): MolGraph {
  const doc = JSON.parse(json) as RdkitJson;
  const mol = doc.molecules[0];
  const d = doc.defaults.atom as { z: number; impHs: number; chg: number; isotope: number };
  const ext = mol.extensions?.find((e) => e.name === 'rdkitRepresentation');
  const aromaticAtoms = new Set(ext?.aromaticAtoms ?? []);
  const aromaticBonds = new Set(ext?.aromaticBonds ?? []);
  const atoms: GraphAtom[] = mol.atoms.map((a, index) => {
    const z = a.z ?? d.z;
    return {
      index,
      z,
      symbol: elementSymbol(z),
      charge: a.chg ?? d.chg,
      isotope: a.isotope ?? d.isotope,
      hydrogens: a.impHs ?? d.impHs,
      aromatic: aromaticAtoms.has(index),
    };
  });
  const neighbours: MolGraph['neighbours'] = atoms.map(() => []);
  const bonds: GraphBond[] = (mol.bonds ?? []).map((b, index) => {
    const [a, c] = b.atoms;
    neighbours[a].push({ atom: c, bond: index });
    neighbours[c].push({ atom: a, bond: index });
    return { index, a, b: c, order: b.bo ?? 1, aromatic: aromaticBonds.has(index) };
  });
  return { atoms, bonds, neighbours, rings: ext?.atomRings ?? [] };
}

/** Hill-order molecular formula (C, H, then alphabetical), counting hydrogens on atoms and H atoms. */
export function molecularFormula(graph: MolGraph): string {
  const counts = new Map<string, number>();
  const add = (sym: string, n: number) => counts.set(sym, (counts.get(sym) ?? 0) + n);
  for (const atom of graph.atoms) {
    add(atom.symbol, 1);
    if (atom.hydrogens) add('H', atom.hydrogens);
  }
  const charge = graph.atoms.reduce((s, a) => s + a.charge, 0);
  const order = [...counts.keys()].sort((x, y) => {
    if (counts.has('C')) {
      const rank = (s: string) => (s === 'C' ? 0 : s === 'H' ? 1 : 2);
      if (rank(x) !== rank(y)) return rank(x) - rank(y);
    }
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const body = order.map((s) => s + (counts.get(s) === 1 ? '' : String(counts.get(s)))).join('');
  if (charge === 0) return body;
  const mag = Math.abs(charge) === 1 ? '' : String(Math.abs(charge));
  return `${body}${mag}${charge > 0 ? '+' : '-'}`;
}
