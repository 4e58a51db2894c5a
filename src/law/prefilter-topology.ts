/**
 * The prefilter's topology test: whether a fragment's atom graph, as the SMILES text writes it, can hold
 * a rule's required skeleton. Used before any RDKit parse, so most records with enough atoms of the
 * right elements but without, say, a piperidine ring are settled from the text.
 *
 * Why it is sound. A skeleton is a rule's scaffold SMARTS (or a listed substance's graph for its esters
 * and ethers) with every constraint dropped except "this atom is one of these elements" and "these two
 * atoms are bonded". RDKit reads each atom-query from the SMARTS itself (its rdkitjson "rdkitQueries"),
 * so no SMARTS is read here; any query it cannot reduce to a set of elements (negations, recursive
 * SMARTS, anything unknown) becomes "any atom". A SMARTS match maps the scaffold injectively onto the
 * molecule's atoms with every scaffold bond on a molecule bond, so it is also an embedding of the
 * skeleton. Normalisation keeps a fragment's heavy atoms and bonds (it strips other fragments, charges,
 * isotopes and hydrogen atoms), so the text's graph of the kept fragment, with its explicit hydrogen
 * atoms as extra nodes, contains the normalised parent's graph. No embedding in the text graph, then no
 * scaffold match in the parent, and the class engine reports nothing for a rule without its scaffold.
 *
 * Skeletons may carry more than the scaffold (docs/performance.md, round 2, for each argument): atoms
 * that every group a region allows has beside its anchor, bonds that must be ones RDKit may read as
 * double, anchors with no neighbour outside the scaffold, and degree bounds (a derivative's cleavage
 * product is the listed substance). Each is a necessary condition of a finding, so the test stays sound.
 *
 * The search is a plain backtracking embedding with element, degree and ring (2-core) pruning; past a
 * step budget it answers "may match", so a pathological record costs at most the budget and is parsed.
 */
import { elementSymbol, heavyAtomCounts, type MolGraph } from '../chem/graph.js';
import type { JSMol } from '../chem/rdkit.js';

const NONE: readonly number[] = [];

/**
 * The atom graph of one fragment as written: atomic numbers (1 for hydrogen atoms) and bonds, stored as
 * compact adjacency (one array of neighbours, sliced per atom) because it is built for most records of a
 * catalogue. Heavy degrees, ring bonds, the 2-core and the bonds RDKit may read as double are worked out
 * on first use.
 */

export class TextGraph {
  /** Neighbours of atom a: to[start[a]] .. to[start[a + 1] - 1]. */
  readonly start: Int32Array;
  readonly to: Int32Array;
  private heavy?: Int32Array;
  private double?: Uint8Array;
  /** bridgeTo[a] = b when the bond from a to its DFS parent b is on no cycle (a bridge); -1 otherwise. */
  private bridgeTo?: Int32Array;
  /** 1 for atoms of the heavy-atom graph's 2-core. */
  private core?: Uint8Array;
  /** Atom indices per atomic number. */
  private byElement?: Map<number, number[]>;

  /**
   * @param z atomic number of each atom
   * @param bonds pairs of atom indices (flat: a0, b0, a1, b1, ...)
   * @param counts heavy atoms per element symbol
   * @param orders each bond's written order (1 - / \\, 2 =, 3 #, 4 $, 5 :; 0 unwritten), when known
   * @param lowerCase 1 for each atom written lower-case (aromatic), when known
   */
  constructor(
    readonly z: readonly number[],
    private readonly bonds: readonly number[],
    readonly counts: Readonly<Record<string, number>>,
    private readonly orders?: readonly number[],
    private readonly lowerCase?: readonly number[],
  ) {
    const n = z.length;
    const start = new Int32Array(n + 1);
    for (let i = 0; i < bonds.length; i++) start[bonds[i] + 1]++;
    for (let a = 0; a < n; a++) start[a + 1] += start[a];
    const to = new Int32Array(bonds.length);
    const fill = start.slice(0, n);
    for (let i = 0; i < bonds.length; i += 2) {
      to[fill[bonds[i]]++] = bonds[i + 1];
      to[fill[bonds[i + 1]]++] = bonds[i];
    }
    this.start = start;
    this.to = to;
  }

  /** The graph of a parsed molecule (atomic numbers and bonds; no written orders). */
  static ofMolGraph(graph: MolGraph): TextGraph {
    return new TextGraph(
      graph.atoms.map((a) => a.z),
      graph.bonds.flatMap((b) => [b.a, b.b]),
      heavyAtomCounts(graph),
    );
  }

  /** The atoms of atomic number z (an empty list when there are none). */
  atomsOf(z: number): readonly number[] {
    if (!this.byElement) {
      const byElement = new Map<number, number[]>();
      for (let a = 0; a < this.z.length; a++) {
        const list = byElement.get(this.z[a]);
        if (list) list.push(a);
        else byElement.set(this.z[a], [a]);
      }
      this.byElement = byElement;
    }
    return this.byElement.get(z) ?? NONE;
  }

  degree(a: number): number {
    return this.start[a + 1] - this.start[a];
  }

  /** The neighbours of atom a (a new array: for tests and rare paths). */
  neighbours(a: number): number[] {
    return Array.from(this.to.subarray(this.start[a], this.start[a + 1]));
  }

  bonded(a: number, b: number): boolean {
    for (let i = this.start[a], end = this.start[a + 1]; i < end; i++) if (this.to[i] === b) return true;
    return false;
  }

  /** Distinct neighbours other than hydrogen atoms: a doubled ring bond (C12CC12) does not count twice. */
  heavyDegree(a: number): number {
    if (!this.heavy) {
      const heavy = new Int32Array(this.z.length);
      for (let x = 0; x < this.z.length; x++) {
        for (let i = this.start[x], end = this.start[x + 1]; i < end; i++) {
          const y = this.to[i];
          let first = true;
          for (let j = this.start[x]; j < i && first; j++) first = this.to[j] !== y;
          if (first && this.z[y] !== 1) heavy[x]++;
        }
      }
      this.heavy = heavy;
    }
    return this.heavy[a];
  }

  /** Whether the bond between a and b lies on a cycle of heavy atoms (a ring bond once parsed). */
  isRingBond(a: number, b: number): boolean {
    const bridgeTo = (this.bridgeTo ??= this.findBridges());
    return bridgeTo[a] !== b && bridgeTo[b] !== a;
  }

  /**
   * Whether atom a is in the 2-core of the heavy-atom graph (what is left after stripping atoms with at most
   * one neighbour, repeatedly): every atom on a cycle is, so an atom outside it is on no ring.
   */
  inTwoCore(a: number): boolean {
    if (!this.core) {
      const n = this.z.length;
      const degree = new Int32Array(n);
      const stack = new Int32Array(n);
      let top = 0;
      for (let x = 0; x < n; x++) {
        if (this.z[x] === 1) continue;
        for (let i = this.start[x]; i < this.start[x + 1]; i++) if (this.z[this.to[i]] !== 1) degree[x]++;
        if (degree[x] <= 1) stack[top++] = x;
      }
      const core = new Uint8Array(n).fill(1);
      for (let x = 0; x < n; x++) if (this.z[x] === 1) core[x] = 0;
      while (top > 0) {
        const x = stack[--top];
        if (!core[x]) continue;
        core[x] = 0;
        for (let i = this.start[x]; i < this.start[x + 1]; i++) {
          const y = this.to[i];
          if (core[y] && --degree[y] <= 1) stack[top++] = y;
        }
      }
      this.core = core;
    }
    return this.core[a] === 1;
  }

  /** Bridges of the heavy-atom graph (iterative Tarjan), as bridgeTo (see the field). */
  private findBridges(): Int32Array {
    const { z, start, to } = this;
    const n = z.length;
    const order = new Int32Array(n).fill(-1);
    const low = new Int32Array(n);
    const parent = new Int32Array(n).fill(-1);
    const next = new Int32Array(n);
    const stack = new Int32Array(n);
    const bridgeTo = new Int32Array(n).fill(-1);
    let counter = 0;
    for (let root = 0; root < n; root++) {
      if (order[root] >= 0 || z[root] === 1) continue;
      let top = 0;
      stack[0] = root;
      order[root] = low[root] = counter++;
      next[root] = start[root];
      while (top >= 0) {
        const a = stack[top];
        if (next[a] < start[a + 1]) {
          const b = to[next[a]++];
          if (z[b] === 1 || b === parent[a]) continue;
          if (order[b] < 0) {
            order[b] = low[b] = counter++;
            parent[b] = a;
            next[b] = start[b];
            stack[++top] = b;
          } else if (order[b] < low[a]) low[a] = order[b];
        } else {
          top--;
          const p = parent[a];
          if (p >= 0) {
            if (low[a] < low[p]) low[p] = low[a];
            if (low[a] > order[p]) bridgeTo[a] = p;
          }
        }
      }
    }
    return bridgeTo;
  }

  /**
   * Whether RDKit may read a bond between a and b as double: written '=' or ':', or unwritten between two
   * atoms written aromatic (kekulisation decides). Any other bond is read single, triple or quadruple.
   * True when the written orders are not known.
   */
  mayBeDouble(a: number, b: number): boolean {
    if (!this.orders || !this.lowerCase) return true;
    if (!this.double) {
      const double = new Uint8Array(this.to.length);
      const fill = this.start.slice(0, this.z.length);
      for (let i = 0, k = 0; i < this.bonds.length; i += 2, k++) {
        const [x, y, order] = [this.bonds[i], this.bonds[i + 1], this.orders[k]];
        const may = order === 2 || order === 5 || (order === 0 && this.lowerCase[x] === 1 && this.lowerCase[y] === 1) ? 1 : 0;
        double[fill[x]++] = may;
        double[fill[y]++] = may;
      }
      this.double = double;
    }
    for (let i = this.start[a], end = this.start[a + 1]; i < end; i++) if (this.to[i] === b && this.double[i]) return true;
    return false;
  }
}

/** Key of the bond between atoms a and b (fewer than 65,536 atoms). */
function edgeKey(a: number, b: number): number {
  return a < b ? a * 65536 + b : b * 65536 + a;
}

/** A required skeleton, ready to search: atoms in search order. */
export interface Skeleton {
  /** Allowed atomic numbers per atom (in search order); null: any atom. */
  elements: (readonly number[] | null)[];
  /** Number of skeleton bonds at each atom (a text atom needs at least as many neighbours). */
  degree: number[];
  /** Most heavy-atom neighbours a text atom may have to stand for this atom (Infinity: no limit). */
  maxHeavyDegree: number[];
  /** Search-order index of an earlier atom bonded to this one (-1: the first atom of a component). */
  parent: number[];
  /** Search-order indices of all earlier atoms bonded to this one. */
  back: number[][];
  /** For each entry of `back`: whether that bond must be one RDKit may read as double. */
  backDouble: boolean[][];
  /** Atoms whose every heavy neighbour must be the image of a core atom (a group region that is hydrogen). */
  closed: boolean[];
  /** Atoms of the core (the query itself), as opposed to atoms added beside it. */
  core: boolean[];
  /** Added atoms that may stand on the same text atom as a core atom. */
  mayBeCore: boolean[];
  /** Atoms on a cycle of the skeleton: a cycle maps to a cycle, so they can only stand on atoms of the text's 2-core. */
  inCycle: boolean[];
  /** Atoms of each named element the skeleton needs ([element symbol, count]): checked before searching. */
  needs: [string, number][];
  /**
   * Its cyclomatic number (bonds − atoms + components). A graph holding the skeleton has at least as many
   * independent rings, so a fragment with fewer ring closures written cannot hold it.
   */
  rings: number;
}

interface QueryNode {
  descr?: string;
  negated?: boolean;
  val?: number;
  children?: QueryNode[];
}

/** The atomic numbers an RDKit atom query can match, or null when it may match any atom. */
export function elementsOfQuery(q: QueryNode | undefined): number[] | null {
  if (!q || q.negated) return null;
  switch (q.descr) {
    case 'AtomAtomicNum':
      return typeof q.val === 'number' && q.val > 0 ? [q.val] : null;
    // RDKit's atom type is the atomic number, plus 1000 when aromatic.
    case 'AtomType':
      return typeof q.val === 'number' && q.val > 0 ? [q.val % 1000] : null;
    case 'AtomAnd': {
      let out: number[] | null = null;
      for (const child of q.children ?? []) {
        const e = elementsOfQuery(child);
        if (e) out = out ? out.filter((z) => e.includes(z)) : e;
      }
      return out;
    }
    case 'AtomOr': {
      const out = new Set<number>();
      for (const child of q.children ?? []) {
        const e = elementsOfQuery(child);
        if (!e) return null;
        for (const z of e) out.add(z);
      }
      return out.size ? [...out] : null;
    }
    default:
      return null;
  }
}

interface RdkitQueryJson {
  molecules: {
    atoms: unknown[];
    bonds?: { atoms: [number, number] }[];
    extensions?: { name: string; atomQueries?: QueryNode[] }[];
  }[];
}

/**
 * Atoms a skeleton adds beside a query, and conditions on its atoms: what a group region's allowed groups
 * all have (vocabulary.ts, groupPieces). Each added atom is distinct from every query atom and from the
 * other added atoms (unless `mayBeCore`: then it may also stand on a query atom's image), is one of
 * `elements` (null: any heavy atom), and is bonded to `bondedTo` (an index into the query atoms followed
 * by the added atoms), with a bond RDKit may read as double when `double`. A `closed` query atom has no
 * heavy neighbour outside the query's own atoms.
 */
export interface ExtraAtoms {
  atoms: readonly { bondedTo: number; elements: readonly number[] | null; double?: boolean; mayBeCore?: boolean }[];
  closed?: readonly number[];
}

/**
 * The skeleton of a query molecule (RDKit's `get_qmol`), with any extra atoms. Undefined when RDKit gives
 * no atom queries or the query needs hydrogen atoms (then the rule gets no topology test).
 */
export function skeletonOfQuery(qmol: JSMol, extra: ExtraAtoms = { atoms: [] }): Skeleton | undefined {
  const doc = JSON.parse(qmol.get_json()) as RdkitQueryJson;
  const mol = doc.molecules?.[0];
  const queries = mol?.extensions?.find((e) => e.name === 'rdkitQueries')?.atomQueries;
  if (!mol || !queries || queries.length !== mol.atoms.length) return undefined;
  const elements = queries.map((q) => elementsOfQuery(q));
  // An empty set (contradictory AND) or a hydrogen atom: do not try to be clever.
  if (elements.some((e) => e && (e.length === 0 || e.includes(1)))) return undefined;
  const core = elements.length;
  const bonds: SkeletonBond[] = (mol.bonds ?? []).map((b) => ({ a: b.atoms[0], b: b.atoms[1] }));
  const all: (number[] | null)[] = [...elements];
  const mayBeCore = new Set<number>();
  for (const x of extra.atoms) {
    if (x.bondedTo < 0 || x.bondedTo >= all.length || (x.elements && (x.elements.length === 0 || x.elements.includes(1)))) return undefined;
    if (x.mayBeCore) mayBeCore.add(all.length);
    bonds.push({ a: x.bondedTo, b: all.length, double: x.double });
    all.push(x.elements ? [...x.elements] : null);
  }
  if ((extra.closed ?? []).some((a) => a < 0 || a >= core)) return undefined;
  return compileSkeleton(all, bonds, { core, closed: new Set(extra.closed ?? []), mayBeCore });
}

/**
 * The skeleton of a molecule's graph (atomic numbers and bonds): for a listed substance, whose InChIKey
 * a record can share only with the same heavy-atom graph. Undefined when the graph has hydrogen atoms.
 * `maxHeavyDegree` (per atom of `z`) bounds the heavy-atom neighbours of the atom standing for it.
 */
export function skeletonOfGraph(z: readonly number[], bonds: readonly (readonly [number, number])[], maxHeavyDegree?: readonly number[]): Skeleton | undefined {
  if (z.some((x) => x <= 1)) return undefined;
  return compileSkeleton(
    z.map((x) => [x]),
    bonds.map(([a, b]) => ({ a, b })),
    { core: z.length, maxHeavyDegree },
  );
}

interface SkeletonBond {
  a: number;
  b: number;
  double?: boolean;
}

function compileSkeleton(
  elements: (number[] | null)[],
  bonds: readonly SkeletonBond[],
  options: { core: number; closed?: ReadonlySet<number>; mayBeCore?: ReadonlySet<number>; maxHeavyDegree?: readonly number[] },
): Skeleton {
  const n = elements.length;
  const neighbours: number[][] = elements.map(() => []);
  const double = new Set<number>();
  for (const { a, b: c, double: d } of bonds) {
    if (d) double.add(edgeKey(a, c));
    if (a === c || neighbours[a].includes(c)) continue;
    neighbours[a].push(c);
    neighbours[c].push(a);
  }
  // Search order: breadth-first from the most selective atom (a named non-carbon element, most bonds).
  const score = (i: number) => (elements[i] ? (elements[i]!.length === 1 && elements[i]![0] !== 6 ? 200 : 100) : 0) + neighbours[i].length;
  const order: number[] = [];
  const position = new Array<number>(n).fill(-1);
  const parentOf: number[] = [];
  while (order.length < n) {
    let root = -1;
    for (let i = 0; i < n; i++) if (position[i] < 0 && (root < 0 || score(i) > score(root))) root = i;
    position[root] = order.length;
    order.push(root);
    parentOf.push(-1);
    for (let head = order.length - 1; head < order.length; head++) {
      const at = order[head];
      for (const next of [...neighbours[at]].sort((x, y) => score(y) - score(x))) {
        if (position[next] >= 0) continue;
        position[next] = order.length;
        order.push(next);
        parentOf.push(position[at]);
      }
    }
  }
  const needs = new Map<string, number>();
  for (const e of elements) if (e && e.length === 1) needs.set(elementSymbol(e[0]), (needs.get(elementSymbol(e[0])) ?? 0) + 1);
  const back = order.map((i, k) => neighbours[i].filter((j) => position[j] < k));
  const edges = neighbours.reduce((sum, around) => sum + around.length, 0) / 2;
  // A skeleton atom is on a cycle when one of its bonds is not a bridge (TextGraph's own bridge finder).
  const own = new TextGraph(elements.map(() => 0), neighbours.flatMap((around, a) => around.filter((b) => a < b).flatMap((b) => [a, b])), {});
  const onCycle = neighbours.map((around, a) => around.some((b) => own.isRingBond(a, b)));
  const components = parentOf.filter((p) => p < 0).length;
  return {
    rings: edges - n + components,
    needs: [...needs],
    elements: order.map((i) => elements[i]),
    degree: order.map((i) => neighbours[i].length),
    maxHeavyDegree: order.map((i) => options.maxHeavyDegree?.[i] ?? Infinity),
    parent: parentOf,
    back: back.map((js) => js.map((j) => position[j])),
    backDouble: back.map((js, k) => js.map((j) => double.has(edgeKey(order[k], j)))),
    closed: order.map((i) => options.closed?.has(i) ?? false),
    core: order.map((i) => i < options.core),
    mayBeCore: order.map((i) => options.mayBeCore?.has(i) ?? false),
    inCycle: order.map((i) => onCycle[i] && !options.mayBeCore?.has(i)),
  };
}

/**
 * Whether skeleton `a` surely embeds in skeleton `b`, so that every graph `b` embeds in also holds `a`.
 * `b` is searched as a graph whose atoms are its named elements; an atom of `b` that allows several
 * elements, or any, can only take an atom of `a` that allows any. Only for skeletons without degree
 * bounds, bond or closure conditions on `a` (rule gates). False when unsure (a search over budget).
 */
export function skeletonEmbedsIn(a: Skeleton, b: Skeleton): boolean {
  if (a.maxHeavyDegree.some((d) => d !== Infinity) || a.closed.includes(true) || a.backDouble.some((x) => x.includes(true))) return false;
  const n = b.elements.length;
  const z = b.elements.map((e) => (e && e.length === 1 ? e[0] : 0));
  const bonds: number[] = [];
  for (let k = 0; k < n; k++) for (const j of b.back[k]) bonds.push(j, k);
  const counts: Record<string, number> = {};
  for (const x of z) if (x) counts[elementSymbol(x)] = (counts[elementSymbol(x)] ?? 0) + 1;
  const graph = new TextGraph(z, bonds, counts);
  // Unknown elements (0) match only "any atom" in `a`: the search compares atomic numbers, and 0 is none.
  return embeds(a, graph, EMBED_BUDGET, false);
}

/** Search steps after which `embeds` gives up and answers true (the record is then parsed). */
export const EMBED_BUDGET = 20_000;

/**
 * Whether the skeleton embeds in the graph. A search that runs out of budget answers `overBudget`: true
 * for the prefilter (the record is then parsed), false where unsure must mean no (gate containment).
 */
export function embeds(skeleton: Skeleton, graph: TextGraph, budget = EMBED_BUDGET, overBudget = true): boolean {
  const n = skeleton.elements.length;
  if (n === 0) return true;
  if (n > graph.z.length) return false;
  for (const [symbol, count] of skeleton.needs) if ((graph.counts[symbol] ?? 0) < count) return false;
  return search.run(skeleton, graph, budget, overBudget);
}

/**
 * The backtracking search. One instance serves every search of a thread (it runs for most records of a
 * catalogue): its arrays are reused and grown, not allocated per call.
 */
class Search {
  private skeleton!: Skeleton;
  private graph!: TextGraph;
  private budget = 0;
  private steps = 0;
  /** What a search over budget answers. */
  private overBudget = true;
  private hasClosed = false;
  private map = new Int32Array(64);
  /** Search index of the skeleton atom standing on each text atom, or -1. */
  private owner = new Int32Array(256);

  run(skeleton: Skeleton, graph: TextGraph, budget: number, overBudget: boolean): boolean {
    this.overBudget = overBudget;
    const n = skeleton.elements.length;
    if (this.map.length < n) this.map = new Int32Array(n);
    if (this.owner.length < graph.z.length) this.owner = new Int32Array(graph.z.length);
    this.owner.fill(-1, 0, graph.z.length);
    this.skeleton = skeleton;
    this.graph = graph;
    this.budget = budget;
    this.steps = 0;
    this.hasClosed = skeleton.closed.includes(true);
    return this.from(0);
  }

  private fits(k: number, v: number): boolean {
    const skeleton = this.skeleton;
    const graph = this.graph;
    const owner = this.owner[v];
    // A text atom stands for one skeleton atom, or for a core atom and an added atom that may share it.
    if (owner >= 0 && !((skeleton.mayBeCore[k] && skeleton.core[owner]) || (skeleton.core[k] && skeleton.mayBeCore[owner]))) return false;
    const allowed = skeleton.elements[k];
    if (allowed && !allowed.includes(graph.z[v])) return false;
    if (graph.degree(v) < skeleton.degree[k]) return false;
    if (skeleton.maxHeavyDegree[k] !== Infinity && graph.heavyDegree(v) > skeleton.maxHeavyDegree[k]) return false;
    if (skeleton.inCycle[k] && !graph.inTwoCore(v)) return false;
    const back = skeleton.back[k];
    for (let i = 0; i < back.length; i++) {
      const w = this.map[back[i]];
      if (!graph.bonded(v, w)) return false;
      if (skeleton.backDouble[k][i] && !graph.mayBeDouble(v, w)) return false;
    }
    return true;
  }

  /** Every closed atom's heavy neighbours are images of core atoms (checked once the mapping is complete). */
  private closedHold(): boolean {
    const { closed, core } = this.skeleton;
    const graph = this.graph;
    for (let k = 0; k < closed.length; k++) {
      if (!closed[k]) continue;
      const v = this.map[k];
      for (let i = graph.start[v], end = graph.start[v + 1]; i < end; i++) {
        const w = graph.to[i];
        if (graph.z[w] === 1) continue;
        let isCore = false;
        for (let j = 0; j < core.length && !isCore; j++) isCore = core[j] && this.map[j] === w;
        if (!isCore) return false;
      }
    }
    return true;
  }

  private from(k: number): boolean {
    if (k === this.skeleton.elements.length) return !this.hasClosed || this.closedHold();
    if (++this.steps > this.budget) return this.overBudget;
    const p = this.skeleton.parent[k];
    const graph = this.graph;
    if (p < 0) {
      // A first atom: only the text atoms of its element, when it names one.
      const allowed = this.skeleton.elements[k];
      if (allowed && allowed.length === 1) {
        for (const v of graph.atomsOf(allowed[0])) if (this.tryAt(k, v)) return true;
        return false;
      }
      for (let v = 0; v < graph.z.length; v++) if (this.tryAt(k, v)) return true;
      return false;
    }
    const at = this.map[p];
    for (let c = graph.start[at], end = graph.start[at + 1]; c < end; c++) if (this.tryAt(k, graph.to[c])) return true;
    return false;
  }

  /** Puts skeleton atom k on text atom v if it fits, and searches on from there. */
  private tryAt(k: number, v: number): boolean {
    if (!this.fits(k, v)) return false;
    this.map[k] = v;
    const took = this.owner[v] < 0;
    if (took) this.owner[v] = k;
    if (this.from(k + 1)) return true;
    if (took) this.owner[v] = -1;
    return false;
  }
}

const search = new Search();
