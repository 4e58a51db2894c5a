/**
 * Listings that extend to positional isomers (US Schedule I hallucinogens, 21 CFR 1308.11(d), with the
 * definition in 21 CFR 1300.01(b): "the same molecular formula and core structure and … the same
 * functional group(s) and/or substituent(s) … attached at any position(s) on the core structure …, in
 * such manner that no new chemical functionalities are created and no existing chemical
 * functionalities are destroyed"). Whether an arrangement creates or destroys a functionality is a
 * chemist's judgement, so a structure that passes the mechanical test below is reported as a possible
 * positional isomer with needsReview, never as controlled (docs/interpretation.md, I-POSITIONAL-ISOMER).
 *
 * The mechanical test: same molecular formula; the same ring systems (size, elements, aromaticity); and
 * the same heteroatom environments (each N, O, S, P and halogen with its charge, hydrogens and the kind
 * of every bond and neighbour, carbons told apart only as aromatic or not). Carbon skeletons are not
 * compared, because the definition allows alkyl groups to be rearranged, divided or combined.
 */
import { elementSymbol, type MolGraph } from '../chem/graph.js';
import type { TextGraph } from './prefilter-topology.js';
import { prepareStructure } from '../chem/structure.js';
import { listedFinding } from './listed-findings.js';
import type { Listing, Registry, Substance } from '../registry/types.js';
import { message } from './messages.js';
import { INTERPRETATIONS } from './vocabulary.js';
import type { Finding, Jurisdiction } from './verdict.js';

/** Formula, ring systems and heteroatom environments: equal signatures pass the mechanical test. */
export function isomerSignature(graph: MolGraph, formula: string): string {
  return [formula, ringSystems(graph).join(';'), heteroatomEnvironments(graph).join(';')].join('|');
}

/** The heaviest element the coarse signature handles (calcium): its tallies are sized by it. */
const LAST_Z = 20;

/**
 * What isomerSignature keeps of the heavy-atom graph alone, with no bond orders, aromaticity, charges or
 * hydrogens: the heavy-atom composition, each ring system's elements, and each heteroatom with its heavy
 * neighbours' elements. It is a function of isomerSignature (the formula gives the composition; a ring
 * system there is a connected set of SSSR rings, i.e. a component of the ring bonds, which every SSSR
 * covers; an environment names each neighbour's element), so structures with equal signatures have equal
 * coarse ones. The bulk prefilter computes it from the SMILES text's graph (hydrogen atoms, z = 1, are
 * left out). Undefined for graphs it does not handle (a hydrogen bonded to two atoms, elements past
 * calcium). Written with typed arrays and no closures: it runs for thousands of records of a catalogue.
 */
export function coarseIsomerSignature(graph: TextGraph): string | undefined {
  const { z, start, to } = graph;
  const n = z.length;
  for (let a = 0; a < n; a++) if (z[a] > LAST_Z || z[a] < 1 || (z[a] === 1 && start[a + 1] - start[a] > 1)) return undefined;
  const stack = new Int32Array(n);
  const composition = new Int32Array(LAST_Z + 1);
  const environments: string[] = [];
  const around: string[] = [];
  for (let a = 0; a < n; a++) {
    if (z[a] === 1) continue;
    composition[z[a]]++;
    if (z[a] === 6) continue;
    around.length = 0;
    for (let i = start[a]; i < start[a + 1]; i++) if (z[to[i]] !== 1) around.push(elementSymbol(z[to[i]]));
    environments.push(`${elementSymbol(z[a])}[${around.sort().join(',')}]`);
  }
  // Ring systems: components of the ring bonds, each written as its element counts.
  const seen = new Uint8Array(n);
  const systems: string[] = [];
  const elements = new Int32Array(LAST_Z + 1);
  for (let s = 0; s < n; s++) {
    if (z[s] === 1 || seen[s]) continue;
    let inRing = false;
    for (let i = start[s]; i < start[s + 1] && !inRing; i++) inRing = z[to[i]] !== 1 && graph.isRingBond(s, to[i]);
    if (!inRing) continue;
    elements.fill(0);
    let top = 0;
    stack[0] = s;
    seen[s] = 1;
    while (top >= 0) {
      const a = stack[top--];
      elements[z[a]]++;
      for (let i = start[a]; i < start[a + 1]; i++) {
        const b = to[i];
        if (z[b] !== 1 && !seen[b] && graph.isRingBond(a, b)) {
          seen[b] = 1;
          stack[++top] = b;
        }
      }
    }
    systems.push(countsText(elements));
  }
  return [countsText(composition), systems.sort().join(';'), environments.sort().join(';')].join('|');
}

/** "C6N1" from counts per atomic number, elements in alphabetical order. */
function countsText(counts: Int32Array): string {
  const parts: string[] = [];
  for (let e = 1; e < counts.length; e++) if (counts[e]) parts.push(`${elementSymbol(e)}${counts[e]}`);
  return parts.sort().join('');
}

/** Each ring system (rings sharing atoms) as "rings:elements:aromatic-count", sorted. */
function ringSystems(graph: MolGraph): string[] {
  const systems: Set<number>[] = [];
  const ringCount: number[] = [];
  for (const ring of graph.rings) {
    const joined = systems.map((s, i) => (ring.some((a) => s.has(a)) ? i : -1)).filter((i) => i >= 0);
    const merged = new Set(ring);
    let rings = 1;
    for (const i of joined.reverse()) {
      for (const a of systems[i]) merged.add(a);
      rings += ringCount[i];
      systems.splice(i, 1);
      ringCount.splice(i, 1);
    }
    systems.push(merged);
    ringCount.push(rings);
  }
  return systems
    .map((atoms, i) => {
      const elements = new Map<string, number>();
      let aromatic = 0;
      for (const a of atoms) {
        const atom = graph.atoms[a];
        elements.set(atom.symbol, (elements.get(atom.symbol) ?? 0) + 1);
        if (atom.aromatic) aromatic++;
      }
      const e = [...elements].sort(([x], [y]) => (x < y ? -1 : 1)).map(([s, n]) => `${s}${n}`).join('');
      return `${ringCount[i]}r:${e}:${aromatic}a`;
    })
    .sort();
}

function heteroatomEnvironments(graph: MolGraph): string[] {
  const out: string[] = [];
  for (const atom of graph.atoms) {
    if (atom.z === 6 || atom.z === 1) continue;
    const around = graph.neighbours[atom.index]
      .map((n) => {
        const b = graph.bonds[n.bond];
        const other = graph.atoms[n.atom];
        const order = b.aromatic ? 'a' : String(b.order);
        return `${order}${other.symbol}${other.aromatic ? '*' : ''}`;
      })
      .sort()
      .join(',');
    out.push(`${atom.symbol}${atom.aromatic ? '*' : ''}${atom.charge ? `(${atom.charge})` : ''}H${atom.hydrogens}[${around}]`);
  }
  return out.sort();
}

interface Candidate {
  substance: Substance;
  signature: string;
}

const INDEX = new WeakMap<Registry, Map<string, Candidate[]>>();

function coversPositional(l: Listing): boolean {
  return l.covers.includes('positional-isomers');
}

/** Substances whose listing covers positional isomers, by formula. Needs RDKit loaded. */
export function positionalCandidates(registry: Registry): Map<string, Candidate[]> {
  const cached = INDEX.get(registry);
  if (cached) return cached;
  const byFormula = new Map<string, Candidate[]>();
  for (const substance of registry.substances) {
    if (!substance.listings.some(coversPositional)) continue;
    const r = prepareStructure(substance.smiles, { identity: 'lean' });
    if (!r.ok) continue;
    try {
      const signature = isomerSignature(r.prepared.graph, r.prepared.structure.formula);
      const list = byFormula.get(substance.formula) ?? [];
      list.push({ substance, signature });
      byFormula.set(substance.formula, list);
    } finally {
      r.prepared.dispose();
    }
  }
  INDEX.set(registry, byFormula);
  return byFormula;
}

/**
 * Possible-positional-isomer findings (needsReview, not applying) for a structure that is not itself a
 * listed substance of that jurisdiction. `inchikey` may be empty (lean identity): then first-block
 * identity with the candidate is decided by the signature alone, which is equal for the substance itself,
 * so the caller passes the key whenever it has one.
 */
export function positionalIsomerFindings(
  registry: Registry,
  prepared: { graph: MolGraph; structure: { formula: string; inchikey?: string } },
  asOf: string,
  jurisdictions: readonly Jurisdiction[],
  listedHere: ReadonlySet<Jurisdiction>,
): Finding[] {
  const candidates = positionalCandidates(registry).get(prepared.structure.formula);
  if (!candidates?.length) return [];
  const signature = isomerSignature(prepared.graph, prepared.structure.formula);
  const skeleton = prepared.structure.inchikey?.slice(0, 14);
  const listById = new Map(registry.lists.map((l) => [l.id, l]));
  const findings: Finding[] = [];
  for (const { substance, signature: theirs } of candidates) {
    if (theirs !== signature || (skeleton && substance.inchikey.startsWith(skeleton))) continue;
    for (const listing of substance.listings) {
      if (!coversPositional(listing) || !jurisdictions.includes(listing.jurisdiction) || listedHere.has(listing.jurisdiction)) continue;
      const base = listedFinding({ substance, listing, stereoInsensitive: false }, asOf, listById.get(listing.list));
      const inForce = base.applies;
      const reason = message(inForce ? 'positionalIsomer' : 'positionalIsomerNotInForce', { name: substance.names.en, where: `${listing.status} (${listing.citation})`, asOf });
      findings.push({
        ...base,
        applies: false,
        needsReview: inForce,
        reason: reason.en,
        reasonZh: reason.zh,
        explanation: `The structure has the molecular formula (${substance.formula}), the ring systems and the heteroatom functional groups of ${substance.names.en}, arranged differently. ${listing.citation} extends to positional isomers; whether this arrangement creates or destroys a chemical functionality (21 CFR 1300.01(b), "positional isomer") needs a chemist's reading. ${base.explanation}`,
        interpretations: [INTERPRETATIONS.positionalIsomer],
        positionalIsomerOf: substance.id,
      });
    }
  }
  return findings;
}
