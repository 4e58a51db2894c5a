/**
 * The chemical vocabulary of the legal texts ("alkyl", "ester", "monocycle", "acyl", ...), as
 * predicates on parts of a molecule's graph. Each definition here is written down once, in words, in
 * docs/interpretation.md under the id given in INTERPRETATIONS; findings cite those ids.
 */
import type { MolGraph } from '../chem/graph.js';
import type { GroupKind, SubstituentKind } from './rule-schema.js';

export const INTERPRETATIONS = {
  normalisation: 'I-NORMALISE',
  monocycle: 'I-MONOCYCLE',
  aromaticMonocycle: 'I-AROMATIC-MONOCYCLE',
  substitutedPhenyl: 'I-SUBSTITUTED-RING',
  inOrOn: 'I-IN-OR-ON',
  acyl: 'I-ACYL',
  carbamate: 'I-ACYL-CARBAMATE',
  carbamoyl: 'I-ACYL-CARBAMOYL',
  thioacyl: 'I-THIOACYL',
  substituentKinds: 'I-SUBSTITUENTS',
  composite: 'I-COMPOSITE-SUBSTITUENT',
  openEnded: 'I-OPEN-ENDED-LIST',
  bridged: 'I-FUSED-OR-BRIDGED',
  anyGroup: 'I-ANY-GROUP',
  derivatives: 'I-PRECURSOR-DERIVATIVES',
  stereo: 'I-STEREO',
  esterEther: 'I-ESTER-ETHER',
  positionalIsomer: 'I-POSITIONAL-ISOMER',
  hydrocarbonLinker: 'I-HYDROCARBON-LINKER',
  aromaticGroup: 'I-AROMATIC-GROUP',
} as const;

const HALOGENS = new Set([9, 17, 35, 53]);
const C = 6;
const N = 7;
const O = 8;

/** A substituent: a connected set of atoms outside the scaffold, bonded to it through one bond. */
export interface Substituent {
  atoms: number[];
  /** The substituent atom bonded to the parent. */
  root: number;
  /** The parent atom (scaffold or ring atom) it hangs on. */
  parent: number;
  /** Order of the bond root–parent. */
  bondOrder: number;
}

function internalBonds(graph: MolGraph, atoms: Set<number>) {
  return graph.bonds.filter((b) => atoms.has(b.a) && atoms.has(b.b));
}

function isAcyclic(graph: MolGraph, atoms: Set<number>): boolean {
  // A connected set is a tree iff it has |atoms| - 1 internal bonds.
  return internalBonds(graph, atoms).length === atoms.size - 1;
}

/** Saturated acyclic hydrocarbon set (all atoms carbon, all bonds single, no charge). */
function isAlkylSet(graph: MolGraph, atoms: Set<number>): boolean {
  if (atoms.size === 0) return false;
  for (const a of atoms) if (graph.atoms[a].z !== C || graph.atoms[a].charge !== 0 || graph.atoms[a].aromatic) return false;
  return isAcyclic(graph, atoms) && internalBonds(graph, atoms).every((b) => b.order === 1);
}

/** Substituent kinds (the lists in US-FRS (B)/(C) and CN 三). */
export function substituentIs(graph: MolGraph, s: Substituent, kind: SubstituentKind): boolean {
  const atoms = new Set(s.atoms);
  const root = graph.atoms[s.root];
  const single = s.bondOrder === 1;
  switch (kind) {
    case 'halo':
      return single && atoms.size === 1 && HALOGENS.has(root.z);
    case 'hydroxyl':
      return single && atoms.size === 1 && root.z === O && root.hydrogens === 1 && root.charge === 0;
    case 'alkyl':
      return single && isAlkylSet(graph, atoms);
    case 'alkenyl': {
      if (!single) return false;
      for (const a of atoms) if (graph.atoms[a].z !== C || graph.atoms[a].aromatic || graph.atoms[a].charge) return false;
      const bonds = internalBonds(graph, atoms);
      return isAcyclic(graph, atoms) && bonds.some((b) => b.order === 2) && bonds.every((b) => b.order <= 2);
    }
    case 'haloalkyl': {
      if (!single || root.z !== C) return false;
      const carbons = new Set(s.atoms.filter((a) => graph.atoms[a].z === C));
      const halogens = s.atoms.filter((a) => HALOGENS.has(graph.atoms[a].z));
      if (halogens.length === 0 || carbons.size + halogens.length !== atoms.size) return false;
      return isAlkylSet(graph, carbons) && isAcyclic(graph, atoms);
    }
    case 'alkoxyl': {
      if (!single || root.z !== O || root.charge) return false;
      const rest = new Set(s.atoms.filter((a) => a !== s.root));
      const bondedToRoot = graph.neighbours[s.root].filter((n) => rest.has(n.atom));
      return bondedToRoot.length === 1 && isAlkylSet(graph, rest);
    }
    case 'ether': {
      // Carbon and at least one oxygen; every oxygen bonded by single bonds to two carbons (the parent counts).
      if (!single || !isAcyclic(graph, atoms)) return false;
      const oxygens = s.atoms.filter((a) => graph.atoms[a].z === O);
      if (oxygens.length === 0) return false;
      for (const a of s.atoms) {
        const at = graph.atoms[a];
        if (at.aromatic || at.charge) return false;
        if (at.z !== C && at.z !== O) return false;
      }
      if (!internalBonds(graph, atoms).every((b) => b.order === 1)) return false;
      return oxygens.every((o) => {
        const ns = graph.neighbours[o].map((n) => n.atom);
        return ns.length === 2 && ns.every((x) => graph.atoms[x].z === C);
      });
    }
    case 'amino': {
      if (!single || root.z !== N || root.charge || root.aromatic) return false;
      const rest = new Set(s.atoms.filter((a) => a !== s.root));
      if (rest.size === 0) return true;
      // N-alkyl amino: each group on N is alkyl.
      return isAlkylSet(graph, rest) || componentsAreAlkyl(graph, rest);
    }
    case 'nitro': {
      if (root.z !== N || atoms.size !== 3) return false;
      const os = s.atoms.filter((a) => a !== s.root && graph.atoms[a].z === O);
      return single && os.length === 2 && os.every((o) => graph.neighbours[o].length === 1);
    }
    case 'ester': {
      if (!single) return false;
      // C-attached: -C(=O)-O-R ; O-attached: -O-C(=O)-R ; R a hydrocarbon (for the O-attached form R may be H).
      const carbonylO = (c: number) => graph.neighbours[c].find((n) => graph.atoms[n.atom].z === O && graph.bonds[n.bond].order === 2)?.atom;
      if (root.z === C) {
        const dO = carbonylO(s.root);
        const sO = graph.neighbours[s.root].find((n) => n.atom !== dO && graph.atoms[n.atom].z === O && graph.bonds[n.bond].order === 1)?.atom;
        if (dO === undefined || sO === undefined || !atoms.has(dO) || !atoms.has(sO)) return false;
        const r = new Set(s.atoms.filter((a) => a !== s.root && a !== dO && a !== sO));
        return r.size > 0 && isHydrocarbon(graph, r) && graph.neighbours[sO].filter((n) => r.has(n.atom)).length === 1;
      }
      if (root.z === O) {
        const c = graph.neighbours[s.root].find((n) => atoms.has(n.atom) && graph.atoms[n.atom].z === C)?.atom;
        if (c === undefined) return false;
        const dO = carbonylO(c);
        if (dO === undefined || !atoms.has(dO)) return false;
        const r = new Set(s.atoms.filter((a) => a !== s.root && a !== c && a !== dO));
        return r.size === 0 || isHydrocarbon(graph, r);
      }
      return false;
    }
  }
}

function componentsAreAlkyl(graph: MolGraph, atoms: Set<number>): boolean {
  for (const comp of components(graph, atoms)) if (!isAlkylSet(graph, new Set(comp))) return false;
  return true;
}

/** Only carbon (aromatic or not), no charges. */
function isHydrocarbon(graph: MolGraph, atoms: Set<number>): boolean {
  for (const a of atoms) if (graph.atoms[a].z !== C || graph.atoms[a].charge) return false;
  return true;
}

/**
 * A substituent outside the listed kinds that is nonetheless built only from listed functions
 * (e.g. hydroxymethyl = alkyl + hydroxyl, 2-methoxyethoxy): whether that counts as "substitution with
 * alkyl ... hydroxyl" is a reading, so it gives needsReview (I-COMPOSITE-SUBSTITUENT).
 */
export function isCompositeOfListed(graph: MolGraph, s: Substituent): boolean {
  const atoms = new Set(s.atoms);
  if (s.bondOrder !== 1 || !isAcyclic(graph, atoms)) return false;
  const allowed = new Set([C, N, O, ...HALOGENS]);
  for (const a of s.atoms) {
    const at = graph.atoms[a];
    if (!allowed.has(at.z) || at.aromatic) return false;
  }
  for (const b of internalBonds(graph, atoms)) {
    if (b.order === 3) return false;
    if (b.order === 2) {
      const [x, y] = [graph.atoms[b.a].z, graph.atoms[b.b].z];
      // C=C (alkenyl) and nitro N=O are listed functions; C=O / C=N are not (ketone, imine, amide).
      if (!(x === C && y === C) && !((x === N && y === O) || (x === O && y === N))) return false;
    }
  }
  return true;
}

/** Whole-group kinds at an anchor atom (group regions). `group` is every atom outside the scaffold reached from the anchor. */
export function groupIs(graph: MolGraph, anchor: number, group: number[], kind: GroupKind): { ok: boolean; interpretation?: string } {
  const atoms = new Set(group);
  const attached = graph.neighbours[anchor].filter((n) => atoms.has(n.atom));
  switch (kind) {
    case 'hydrogen':
      return { ok: group.length === 0 };
    case 'any-non-hydrogen':
      return { ok: group.length > 0, interpretation: INTERPRETATIONS.anyGroup };
    case 'oxo':
      return { ok: group.length === 1 && graph.atoms[group[0]].z === O && attached.length === 1 && graph.bonds[attached[0].bond].order === 2 };
    case 'acetal': {
      // Two single-bonded oxygens on the anchor, each bonded to one carbon of a hydrocarbon part (cyclic acetals allowed).
      if (attached.length !== 2) return { ok: false };
      if (!attached.every((n) => graph.atoms[n.atom].z === O && graph.bonds[n.bond].order === 1)) return { ok: false };
      const rest = group.filter((a) => !attached.some((n) => n.atom === a));
      if (rest.length === 0 || !rest.every((a) => graph.atoms[a].z === C && !graph.atoms[a].charge)) return { ok: false };
      return { ok: attached.every((n) => graph.neighbours[n.atom].filter((m) => m.atom !== anchor).length === 1) };
    }
    case 'acyl':
    case 'alkoxycarbonyl': {
      if (attached.length !== 1) return { ok: false };
      const c = attached[0].atom;
      if (graph.atoms[c].z !== C || graph.bonds[attached[0].bond].order !== 1) return { ok: false };
      const carbonyl = graph.neighbours[c].find((n) => graph.atoms[n.atom].z === O && graph.bonds[n.bond].order === 2);
      if (!carbonyl) return { ok: false };
      const others = graph.neighbours[c].filter((n) => n.atom !== anchor && n.atom !== carbonyl.atom);
      if (kind === 'acyl') {
        // R-C(=O)- with R hydrogen or carbon: an acyl group of a carboxylic acid (an amide of the anchor N).
        return { ok: others.every((n) => graph.atoms[n.atom].z === C) };
      }
      // R-O-C(=O)- with R carbon: an alkoxycarbonyl (a carbamate of the anchor N).
      if (others.length !== 1 || graph.atoms[others[0].atom].z !== O || graph.bonds[others[0].bond].order !== 1) return { ok: false };
      const o = others[0].atom;
      return { ok: graph.neighbours[o].filter((n) => n.atom !== c).every((n) => graph.atoms[n.atom].z === C) && graph.neighbours[o].length === 2 };
    }
  }
}

/**
 * What every group of a kind has around its anchor, for the bulk prefilter's topology test: atoms
 * bonded to the anchor (`bondedTo: -1`) or to an earlier atom of the list, each of `elements` (null: any
 * heavy atom), with a double bond when `double`; `closed` when the anchor has no neighbour outside the
 * scaffold. An atom is outside the scaffold and distinct from the others unless `mayBeScaffold`. Read off
 * groupIs above, whose every accepted group has these (group: the atoms outside the scaffold reached from
 * the anchor):
 * - hydrogen: the group is empty, so every heavy neighbour of the anchor is a scaffold atom;
 * - any-non-hydrogen: the group is not empty, so the anchor has a neighbour in it;
 * - oxo: the group is one oxygen, double-bonded to the anchor;
 * - acetal: two oxygens of the group on the anchor;
 * - acyl, alkoxycarbonyl: one carbon of the group on the anchor, double-bonded to an oxygen (which groupIs
 *   does not require to be in the group, so it may be a scaffold atom).
 */
export interface GroupPieces {
  atoms: readonly { bondedTo: number; elements: readonly number[] | null; double?: boolean; mayBeScaffold?: boolean }[];
  closed?: boolean;
}

export function groupPieces(kind: GroupKind): GroupPieces {
  switch (kind) {
    case 'hydrogen':
      return { atoms: [], closed: true };
    case 'any-non-hydrogen':
      return { atoms: [{ bondedTo: -1, elements: null }] };
    case 'oxo':
      return { atoms: [{ bondedTo: -1, elements: [O], double: true }] };
    case 'acetal':
      return { atoms: [{ bondedTo: -1, elements: [O] }, { bondedTo: -1, elements: [O] }] };
    case 'acyl':
    case 'alkoxycarbonyl':
      return { atoms: [{ bondedTo: -1, elements: [C] }, { bondedTo: 0, elements: [O], double: true, mayBeScaffold: true }] };
  }
}

/**
 * For a group region (judgeGroup in engine.ts: the region is "no" unless its group is the reference or one
 * of the alternatives), the pieces of each allowed group; null when one of them is not known here (a
 * reference written as SMARTS), so the region gives the prefilter nothing.
 */
export function groupRegionPieces(reference: string, alternatives: readonly { kind: GroupKind }[]): GroupPieces[] | null {
  if (reference !== 'hydrogen' && reference !== 'oxo') return null;
  const kinds: GroupKind[] = [reference, ...alternatives.map((a) => a.kind)];
  return kinds.map((kind) => groupPieces(kind));
}

/** Connected components of an atom subset. */
export function components(graph: MolGraph, atoms: Set<number>): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const start of atoms) {
    if (seen.has(start)) continue;
    const comp: number[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const a = stack.pop()!;
      comp.push(a);
      for (const n of graph.neighbours[a]) if (atoms.has(n.atom) && !seen.has(n.atom)) (seen.add(n.atom), stack.push(n.atom));
    }
    out.push(comp);
  }
  return out;
}

/** Plain-English name of a substituent, for explanations ("methyl", "fluoro", "methoxycarbonyl"). */
export function describeSubstituent(graph: MolGraph, s: Substituent): string {
  const kinds = (['halo', 'hydroxyl', 'nitro', 'amino', 'alkoxyl', 'ester', 'haloalkyl', 'alkyl', 'alkenyl', 'ether'] as const).filter((k) => substituentIs(graph, s, k));
  const formula = formulaOf(graph, s.atoms);
  return kinds.length ? `${kinds[0]} (${formula})` : `${formula} group`;
}

/** Heavy-atom formula of a part plus its hydrogens, e.g. "CH3", "OCH3", "C(=O)OCH3" is reported as "C2H3O2". */
export function formulaOf(graph: MolGraph, atoms: number[]): string {
  const counts = new Map<string, number>();
  let h = 0;
  for (const a of atoms) {
    const at = graph.atoms[a];
    counts.set(at.symbol, (counts.get(at.symbol) ?? 0) + 1);
    h += at.hydrogens;
  }
  const keys = [...counts.keys()].sort((x, y) => (x === 'C' ? -1 : y === 'C' ? 1 : x < y ? -1 : 1));
  let out = '';
  for (const k of keys) {
    out += k + (counts.get(k)! > 1 ? counts.get(k) : '');
    if (k === 'C' && h) out += 'H' + (h > 1 ? h : '');
  }
  if (!counts.has('C') && h) out += 'H' + (h > 1 ? h : '');
  return out;
}

/** Names of common rings, for explanations. */
export function describeRing(graph: MolGraph, ring: number[]): string {
  const aromatic = ring.every((a) => graph.atoms[a].aromatic);
  const hetero = ring.filter((a) => graph.atoms[a].z !== C).map((a) => graph.atoms[a].symbol);
  const size = ring.length;
  if (aromatic && size === 6 && hetero.length === 0) return 'benzene ring';
  if (aromatic && size === 6 && hetero.length === 1 && hetero[0] === 'N') return 'pyridine ring';
  if (aromatic && size === 5 && hetero.length === 1 && hetero[0] === 'S') return 'thiophene ring';
  if (aromatic && size === 5 && hetero.length === 1 && hetero[0] === 'O') return 'furan ring';
  if (!aromatic && hetero.length === 0) return `${size}-membered carbocycle (cyclo${['', '', '', 'prop', 'but', 'pent', 'hex', 'hept', 'oct'][size] ?? `C${size}`}yl)`;
  return `${aromatic ? 'aromatic' : 'non-aromatic'} ${size}-membered ring${hetero.length ? ` with ${hetero.join(', ')}` : ''}`;
}
