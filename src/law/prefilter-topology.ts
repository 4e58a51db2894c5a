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
 * The search is a plain backtracking embedding with element and degree pruning; past a step budget it
 * answers "may match", so a pathological record costs at most the budget and is parsed.
 */
import type { JSMol } from '../chem/rdkit.js';

/** The atom graph of one fragment as written: atomic numbers (1 for hydrogen atoms) and adjacency. */
export interface TextGraph {
  z: number[];
  adjacency: number[][];
}

/** A required skeleton, ready to search: atoms in search order. */
export interface Skeleton {
  /** Allowed atomic numbers per atom (in search order); null: any atom. */
  elements: (readonly number[] | null)[];
  /** Number of skeleton bonds at each atom (a text atom needs at least as many neighbours). */
  degree: number[];
  /** Search-order index of an earlier atom bonded to this one (-1: the first atom of a component). */
  parent: number[];
  /** Search-order indices of all earlier atoms bonded to this one. */
  back: number[][];
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
 * The skeleton of a query molecule (RDKit's `get_qmol`). Undefined when RDKit gives no atom queries
 * or the query needs hydrogen atoms (then the rule gets no topology test).
 */
export function skeletonOfQuery(qmol: JSMol): Skeleton | undefined {
  const doc = JSON.parse(qmol.get_json()) as RdkitQueryJson;
  const mol = doc.molecules?.[0];
  const queries = mol?.extensions?.find((e) => e.name === 'rdkitQueries')?.atomQueries;
  if (!mol || !queries || queries.length !== mol.atoms.length) return undefined;
  const elements = queries.map((q) => elementsOfQuery(q));
  // An empty set (contradictory AND) or a hydrogen atom: do not try to be clever.
  if (elements.some((e) => e && (e.length === 0 || e.includes(1)))) return undefined;
  return compileSkeleton(elements, (mol.bonds ?? []).map((b) => b.atoms));
}

/**
 * The skeleton of a molecule's graph (atomic numbers and bonds): for a listed substance, whose InChIKey
 * a record can share only with the same heavy-atom graph. Undefined when the graph has hydrogen atoms.
 */
export function skeletonOfGraph(z: readonly number[], bonds: readonly (readonly [number, number])[]): Skeleton | undefined {
  if (z.some((x) => x <= 1)) return undefined;
  return compileSkeleton(z.map((x) => [x]), bonds);
}

function compileSkeleton(elements: (number[] | null)[], bonds: readonly (readonly [number, number])[]): Skeleton {
  const n = elements.length;
  const neighbours: number[][] = elements.map(() => []);
  for (const [a, c] of bonds) {
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
  return {
    elements: order.map((i) => elements[i]),
    degree: order.map((i) => neighbours[i].length),
    parent: parentOf,
    back: order.map((i, k) => neighbours[i].map((j) => position[j]).filter((p) => p < k)),
  };
}

/** Search steps after which `embeds` gives up and answers true (the record is then parsed). */
export const EMBED_BUDGET = 20_000;

/** Whether the skeleton embeds in the graph (true also when the search ran out of budget). */
export function embeds(skeleton: Skeleton, graph: TextGraph, budget = EMBED_BUDGET): boolean {
  const n = skeleton.elements.length;
  if (n === 0) return true;
  if (n > graph.z.length) return false;
  const search = new Search(skeleton, graph, budget);
  return search.from(0);
}

/** One backtracking search (a class rather than closures: it runs for most records of a catalogue). */
class Search {
  private readonly map: Int32Array;
  private readonly used: Uint8Array;
  private steps = 0;

  constructor(
    private readonly skeleton: Skeleton,
    private readonly graph: TextGraph,
    private readonly budget: number,
  ) {
    this.map = new Int32Array(skeleton.elements.length).fill(-1);
    this.used = new Uint8Array(graph.z.length);
  }

  private fits(k: number, v: number): boolean {
    if (this.used[v]) return false;
    const allowed = this.skeleton.elements[k];
    if (allowed && !allowed.includes(this.graph.z[v])) return false;
    const around = this.graph.adjacency[v];
    if (around.length < this.skeleton.degree[k]) return false;
    for (const j of this.skeleton.back[k]) if (!around.includes(this.map[j])) return false;
    return true;
  }

  from(k: number): boolean {
    if (k === this.map.length) return true;
    if (++this.steps > this.budget) return true;
    const p = this.skeleton.parent[k];
    const candidates = p >= 0 ? this.graph.adjacency[this.map[p]] : undefined;
    const count = candidates ? candidates.length : this.graph.z.length;
    for (let c = 0; c < count; c++) {
      const v = candidates ? candidates[c] : c;
      if (!this.fits(k, v)) continue;
      this.map[k] = v;
      this.used[v] = 1;
      if (this.from(k + 1)) return true;
      this.used[v] = 0;
    }
    this.map[k] = -1;
    return false;
  }
}
