/**
 * Designer precursors: unlisted compounds one easy step from a listed precursor (a protecting group, an
 * ester or acetal, a halogen or small substituent added to it). Found with RDKit (src/chem) by
 * substructure — the product contains a listed precursor's whole structure — and by Morgan similarity
 * against the listed precursors (src/registry/structure-search.ts), and explained with the matched
 * scaffold and the group that differs (its atoms, formula and, where recognised, its name).
 */
import { rdkit, type JSMol } from '../chem/rdkit.js';
import type { MolGraph } from '../chem/graph.js';
import { createStructureSearch, type StructureSearch } from '../registry/structure-search.js';
import type { Registry, Substance } from '../registry/types.js';

/** A listed precursor must have a ring and this many heavy atoms to serve as a scaffold (acetone, acetic anhydride or piperidine would be in everything; 4-piperidone, with 7, is the smallest kept). */
const MIN_SCAFFOLD_ATOMS = 7;
/** At most this many added heavy atoms count as "one easy step". */
export const MAX_ADDED_ATOMS = 14;
/** Morgan (r=2, 2048 bits) Tanimoto at or above which an unlisted product is reported as similar to a listed precursor. */
export const SIMILARITY_THRESHOLD = 0.55;

/** Named groups recognised in the part that differs (SMARTS; first that matches within the added atoms wins). */
const GROUPS: { name: string; smarts: string }[] = [
  { name: 'tert-butoxycarbonyl (Boc) protecting group', smarts: 'CC(C)(C)OC(=O)' },
  { name: 'benzyloxycarbonyl (Cbz) protecting group', smarts: 'O=C(OCc1ccccc1)' },
  { name: 'fluorenylmethoxycarbonyl (Fmoc) protecting group', smarts: 'O=C(OCC1c2ccccc2-c2ccccc21)' },
  { name: 'trifluoroacetyl group', smarts: 'O=C(C(F)(F)F)' },
  { name: 'alkoxycarbonyl (carbamate/ester) group', smarts: '[CX3](=O)O[#6]' },
  { name: 'cyclic acetal (ketal) of the ketone', smarts: '[CX4]1(O[#6][#6]O1)' },
  { name: 'acyl (amide) group', smarts: '[CX3](=O)[#6]' },
  { name: 'phenethyl group', smarts: '[CH2][CH2]c1ccccc1' },
  { name: 'benzyl group', smarts: '[CH2]c1ccccc1' },
  { name: 'halogen', smarts: '[F,Cl,Br,I]' },
  { name: 'alkyl group', smarts: '[CX4]' },
];

export interface DesignerHit {
  /** How it was found. */
  method: 'substructure' | 'similarity';
  /** The listed precursor used as scaffold. */
  scaffold: { id: string; name: string; nameZh?: string; smiles: string; lists: string[] };
  /** Substructure: atoms of the product (canonical SMILES order) that are the scaffold. */
  scaffoldAtoms?: number[];
  /** Substructure: the groups the product adds to the scaffold. */
  differing?: { atoms: number[]; formula: string; group?: string; attachedTo: string }[];
  /** Similarity: Tanimoto of Morgan fingerprints. */
  similarity?: number;
  explanation: string;
}

interface Scaffold {
  substance: Substance;
  smiles: string;
  mol: JSMol;
  heavy: number;
  lists: string[];
}

const SCAFFOLDS = new WeakMap<Registry, { scaffolds: Scaffold[]; search: StructureSearch }>();

function precursorsOf(registry: Registry): Substance[] {
  return registry.substances.filter((s) => !s.form && s.smiles && s.listings.some((l) => l.category === 'precursor'));
}

function scaffoldsOf(registry: Registry): { scaffolds: Scaffold[]; search: StructureSearch } {
  let cached = SCAFFOLDS.get(registry);
  if (cached) return cached;
  const R = rdkit();
  const scaffolds: Scaffold[] = [];
  const precursors = precursorsOf(registry);
  for (const substance of precursors) {
    const mol = R.get_mol(substance.smiles);
    if (!mol || !mol.is_valid()) {
      mol?.delete();
      continue;
    }
    const desc = JSON.parse(mol.get_descriptors()) as { NumHeavyAtoms?: number; NumRings?: number };
    const heavy = desc.NumHeavyAtoms ?? 0;
    // A scaffold needs a heteroatom too: toluene or xylene would make every benzyl compound a designer precursor.
    if (heavy < MIN_SCAFFOLD_ATOMS || !desc.NumRings || !/[NOSPFIBr]|Cl/.test(substance.formula.replace(/^C\d*H\d*/, ''))) {
      mol.delete();
      continue;
    }
    scaffolds.push({ substance, smiles: substance.smiles, mol, heavy, lists: [...new Set(substance.listings.filter((l) => l.category === 'precursor').map((l) => l.list))] });
  }
  // Larger scaffolds first: the closest listed relative explains best.
  scaffolds.sort((a, b) => b.heavy - a.heavy);
  cached = { scaffolds, search: createStructureSearch(precursors) };
  SCAFFOLDS.set(registry, cached);
  return cached;
}

function formulaOf(graph: MolGraph, atoms: number[]): string {
  const counts = new Map<string, number>();
  let h = 0;
  for (const i of atoms) {
    const a = graph.atoms[i];
    counts.set(a.symbol, (counts.get(a.symbol) ?? 0) + 1);
    h += a.hydrogens;
  }
  if (h) counts.set('H', (counts.get('H') ?? 0) + h);
  const order = ['C', 'H', ...[...counts.keys()].filter((k) => k !== 'C' && k !== 'H').sort()];
  return order.filter((k) => counts.has(k)).map((k) => `${k}${counts.get(k) === 1 ? '' : counts.get(k)}`).join('');
}

/**
 * Designer-precursor analysis of a normalised product (its RDKit molecule and graph, in canonical
 * SMILES order). `ownInchikey`: a product that is itself a listed precursor is not its own designer variant.
 */
export function designerPrecursorHits(registry: Registry, product: { mol: JSMol; graph: MolGraph; smiles: string; inchikey?: string }): DesignerHit[] {
  const { scaffolds, search } = scaffoldsOf(registry);
  const R = rdkit();
  const hits: DesignerHit[] = [];
  const own = product.inchikey;
  const total = product.graph.atoms.length;
  for (const s of scaffolds) {
    if (own && s.substance.inchikey === own) continue;
    if (s.heavy >= total) continue;
    const match = JSON.parse(product.mol.get_substruct_match(s.mol)) as { atoms?: number[] };
    if (!match.atoms?.length) continue;
    const inScaffold = new Set(match.atoms);
    const added = product.graph.atoms.map((a) => a.index).filter((i) => !inScaffold.has(i));
    if (added.length === 0 || added.length > MAX_ADDED_ATOMS) continue;
    // Connected groups of added atoms, with the scaffold atom each hangs on.
    const seen = new Set<number>();
    const differing: NonNullable<DesignerHit['differing']> = [];
    for (const start of added) {
      if (seen.has(start)) continue;
      const group: number[] = [];
      const stack = [start];
      seen.add(start);
      let attach = -1;
      while (stack.length) {
        const i = stack.pop()!;
        group.push(i);
        for (const { atom } of product.graph.neighbours[i]) {
          if (inScaffold.has(atom)) attach = atom;
          else if (!seen.has(atom)) {
            seen.add(atom);
            stack.push(atom);
          }
        }
      }
      group.sort((a, b) => a - b);
      const groupSet = new Set(group);
      let name: string | undefined;
      for (const g of GROUPS) {
        const q = R.get_qmol(g.smarts);
        if (!q) continue;
        try {
          const parsed = JSON.parse(product.mol.get_substruct_matches(q)) as unknown;
          const all = Array.isArray(parsed) ? (parsed as { atoms: number[] }[]) : [];
          if (all.some((m) => m.atoms.every((a) => groupSet.has(a) || a === attach) && m.atoms.some((a) => groupSet.has(a)))) {
            name = g.name;
            break;
          }
        } finally {
          q.delete();
        }
      }
      const at = attach >= 0 ? product.graph.atoms[attach] : undefined;
      differing.push({ atoms: group, formula: formulaOf(product.graph, group), ...(name ? { group: name } : {}), attachedTo: at ? `${at.symbol}${at.aromatic ? ' (aromatic)' : ''} atom ${attach}` : 'not attached' });
    }
    const what = differing.map((d) => `${d.formula}${d.group ? ` (${d.group})` : ''} on ${d.attachedTo}`).join('; ');
    hits.push({
      method: 'substructure',
      scaffold: { id: s.substance.id, name: s.substance.names.en, ...(s.substance.names.zh ? { nameZh: s.substance.names.zh } : {}), smiles: s.smiles, lists: s.lists },
      scaffoldAtoms: match.atoms,
      differing,
      explanation: `Contains the whole structure of the listed precursor ${s.substance.names.en} (${s.lists.join(', ')}) with ${added.length} added heavy atom${added.length === 1 ? '' : 's'}: ${what}.`,
    });
    if (hits.length >= 5) break;
  }
  const sim = search.similarity(product.smiles, { threshold: SIMILARITY_THRESHOLD, limit: 5 });
  if (sim.ok) {
    for (const h of sim.hits) {
      if (own && h.substance.inchikey === own) continue;
      if (hits.some((x) => x.scaffold.id === h.substance.id)) continue;
      const lists = [...new Set(h.substance.listings.filter((l) => l.category === 'precursor').map((l) => l.list))];
      hits.push({
        method: 'similarity',
        scaffold: { id: h.substance.id, name: h.substance.names.en, ...(h.substance.names.zh ? { nameZh: h.substance.names.zh } : {}), smiles: h.smiles, lists },
        similarity: h.similarity,
        explanation: `Similar to the listed precursor ${h.substance.names.en} (${lists.join(', ')}): Morgan Tanimoto ${h.similarity} ≥ ${SIMILARITY_THRESHOLD}.`,
      });
    }
  }
  return hits;
}
