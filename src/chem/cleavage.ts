/**
 * Formal cleavage of ester and ether bonds at oxygen: the structures a molecule would give if one or
 * more of its acyclic O–C single bonds were broken and the oxygen kept a hydrogen (hydrolysis of an
 * ester, O-dealkylation of an ether). The law reads "esters and ethers of X" this way: a structure is
 * an ester or ether of X when such a cleavage gives X (docs/interpretation.md, I-ESTER-ETHER).
 *
 * Enumeration is pure graph work; RDKit is asked for a product only when its formula is wanted, so
 * a caller can test thousands of cleavages against a set of formulas for the price of a few parses.
 */
import type { JSMol } from './rdkit.js';
import { rdkit } from './rdkit.js';
import { molecularFormula, type GraphAtom, type MolGraph } from './graph.js';

const C = 6;
const O = 8;

export type CleavageKind =
  /** The removed group is an acyl group on the kept oxygen (an ester of an alcohol or phenol). */
  | 'ester-of-alcohol'
  /** The kept oxygen belongs to a carboxyl group; the removed group is its alcohol part (an ester of an acid). */
  | 'ester-of-acid'
  /** Neither side is a carbonyl: an ether. */
  | 'ether';

export interface Cut {
  /** The oxygen that stays in the product (and gets a hydrogen). */
  oxygen: number;
  /** The carbon of the removed group that was bonded to it. */
  carbon: number;
  bond: number;
  kind: CleavageKind;
}

export interface CleavageProduct {
  cuts: Cut[];
  /** Atoms of the product (indices into the molecule). */
  kept: number[];
  /** Atoms removed with the cleaved groups. */
  removed: number[];
  /** Hill formula of the product, hydrogens added on the cut oxygens. */
  formula: string;
}

export interface CleavageOptions {
  /** Most bonds cleaved at once (heroin is a diester of morphine). Default 3. */
  maxCuts?: number;
  /** Only products with a formula for which this returns true are kept. */
  wanted: (formula: string) => boolean;
}

/** Cut bonds tried, at most: beyond this the molecule is not a plausible ester/ether of a small listed drug. */
const MAX_CANDIDATE_CUTS = 24;

function isCarbonyl(graph: MolGraph, atom: number): boolean {
  return graph.atoms[atom].z === C && graph.neighbours[atom].some((n) => graph.atoms[n.atom].z === O && graph.bonds[n.bond].order === 2 && !graph.bonds[n.bond].aromatic);
}

/** Whether bond `bond` between a and b lies on a ring: b is reachable from a without it. */
function inRing(graph: MolGraph, a: number, b: number, bond: number): boolean {
  return component(graph, a, new Set([bond]))[b] === 1;
}

/** Every acyclic single bond from a neutral, hydrogen-free, two-connected oxygen to a carbon, in both directions. */
export function candidateCuts(graph: MolGraph): Cut[] {
  const cuts: Cut[] = [];
  for (const atom of graph.atoms) {
    if (atom.z !== O || atom.charge !== 0 || atom.isotope !== 0 || atom.hydrogens !== 0 || atom.aromatic) continue;
    const around = graph.neighbours[atom.index];
    if (around.length !== 2) continue;
    for (const [i, n] of around.entries()) {
      const bond = graph.bonds[n.bond];
      if (graph.atoms[n.atom].z !== C || bond.order !== 1 || bond.aromatic) continue;
      if (inRing(graph, atom.index, n.atom, n.bond)) continue;
      const other = around[1 - i].atom;
      const kind: CleavageKind = isCarbonyl(graph, n.atom) ? 'ester-of-alcohol' : isCarbonyl(graph, other) ? 'ester-of-acid' : 'ether';
      cuts.push({ oxygen: atom.index, carbon: n.atom, bond: n.bond, kind });
    }
  }
  return cuts;
}

/** Atoms reachable from `start` without crossing the cut bonds. */
function component(graph: MolGraph, start: number, cutBonds: ReadonlySet<number>): Uint8Array {
  const seen = new Uint8Array(graph.atoms.length);
  const stack = [start];
  seen[start] = 1;
  while (stack.length) {
    const x = stack.pop()!;
    for (const n of graph.neighbours[x]) {
      if (cutBonds.has(n.bond) || seen[n.atom]) continue;
      seen[n.atom] = 1;
      stack.push(n.atom);
    }
  }
  return seen;
}

function formulaOf(graph: MolGraph, kept: readonly number[], oxygens: ReadonlySet<number>): string {
  const atoms: GraphAtom[] = kept.map((i) => {
    const a = graph.atoms[i];
    return oxygens.has(i) ? { ...a, hydrogens: a.hydrogens + 1 } : a;
  });
  return molecularFormula({ atoms, bonds: [], neighbours: [], rings: [] });
}

/**
 * The products of cleaving 1..maxCuts candidate bonds whose formula is wanted. The product is the part
 * holding every cut oxygen; each removed group must be on the other side of its own cut.
 */
export function cleavageProducts(graph: MolGraph, options: CleavageOptions): CleavageProduct[] {
  const maxCuts = options.maxCuts ?? 3;
  const cuts = candidateCuts(graph);
  if (!cuts.length || cuts.length > MAX_CANDIDATE_CUTS) return [];
  const products = new Map<string, CleavageProduct>();
  const pick = (from: number, chosen: Cut[]) => {
    if (chosen.length) consider(chosen);
    if (chosen.length === maxCuts) return;
    for (let i = from; i < cuts.length; i++) {
      // One cut per oxygen: cleaving both bonds of an oxygen would remove it from the product.
      if (chosen.some((c) => c.oxygen === cuts[i].oxygen)) continue;
      pick(i + 1, [...chosen, cuts[i]]);
    }
  };
  const consider = (chosen: Cut[]) => {
    const cutBonds = new Set(chosen.map((c) => c.bond));
    const inProduct = component(graph, chosen[0].oxygen, cutBonds);
    if (!chosen.every((c) => inProduct[c.oxygen] && !inProduct[c.carbon])) return;
    const kept: number[] = [];
    const removed: number[] = [];
    for (let i = 0; i < inProduct.length; i++) (inProduct[i] ? kept : removed).push(i);
    const key = kept.join(',');
    if (products.has(key)) return;
    const formula = formulaOf(graph, kept, new Set(chosen.map((c) => c.oxygen)));
    if (options.wanted(formula)) products.set(key, { cuts: chosen, kept, removed, formula });
  };
  pick(0, []);
  return [...products.values()];
}

interface JsonAtom {
  impHs?: number;
  [key: string]: unknown;
}
interface JsonBond {
  atoms: [number, number];
  stereoAtoms?: [number, number];
  [key: string]: unknown;
}

/**
 * The product as an RDKit molecule (caller deletes it), built by editing RDKit's own JSON of `mol`:
 * removed atoms are dropped, the cut oxygens get their hydrogen, stereo of the kept atoms is kept.
 */
export function productMol(mol: JSMol, product: CleavageProduct): JSMol | undefined {
  const doc = JSON.parse(mol.get_json()) as { molecules: { atoms: JsonAtom[]; bonds?: JsonBond[]; extensions?: unknown[] }[] };
  const m = doc.molecules[0];
  const newIndex = new Map(product.kept.map((old, i) => [old, i]));
  const oxygens = new Set(product.cuts.map((c) => c.oxygen));
  m.atoms = product.kept.map((old) => {
    const a = { ...m.atoms[old] };
    if (oxygens.has(old)) a.impHs = (a.impHs ?? 0) + 1;
    return a;
  });
  const bonds: JsonBond[] = [];
  for (const b of m.bonds ?? []) {
    const [x, y] = b.atoms;
    if (!newIndex.has(x) || !newIndex.has(y)) continue;
    const copy: JsonBond = { ...b, atoms: [newIndex.get(x)!, newIndex.get(y)!] };
    if (b.stereoAtoms) {
      const [s, t] = b.stereoAtoms;
      if (!newIndex.has(s) || !newIndex.has(t)) continue;
      copy.stereoAtoms = [newIndex.get(s)!, newIndex.get(t)!];
    }
    bonds.push(copy);
  }
  m.bonds = bonds;
  // RDKit's representation extension (aromaticity, rings, CIP) refers to old indices: let it re-perceive.
  delete m.extensions;
  const built = rdkit().get_mol(JSON.stringify(doc));
  if (!built) return undefined;
  if (!built.is_valid()) {
    built.delete();
    return undefined;
  }
  return built;
}
