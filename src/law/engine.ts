/**
 * The generic class-rule engine. It interprets the declarative rule files in rules/: a core scaffold
 * (SMARTS), regions around it, and for each region the modifications each clause allows. For every
 * mapping of the scaffold onto the molecule (symmetry, several candidate rings) it partitions the
 * molecule into scaffold, regions and substituents, judges each region, and keeps the best mapping:
 * a clean match beats one needing review, which beats a no.
 */
import type { MolGraph } from '../chem/graph.js';
import type { PreparedMolecule } from '../chem/structure.js';
import { query, type JSMol as Mol } from '../chem/rdkit.js';
import type { ClassRule, Region, SubstituentKind } from './rule-schema.js';
import { message, type Bilingual } from './messages.js';
import { inEffect, type Finding, type Highlight, type Jurisdiction } from './verdict.js';
import {
  INTERPRETATIONS as I,
  components,
  describeRing,
  describeSubstituent,
  formulaOf,
  groupIs,
  isCompositeOfListed,
  substituentIs,
  type Substituent,
} from './vocabulary.js';

export type { ClassRule };

export type RuleOutcomeStatus = 'match' | 'review' | 'no' | 'no-scaffold';

export interface RuleOutcome {
  rule: ClassRule;
  status: RuleOutcomeStatus;
  /** Clauses used by the best mapping. */
  clauses: string[];
  /** Why it matched, needs review, or did not match, in sentences. */
  reasons: string[];
  interpretations: string[];
  highlights: Highlight[];
}

interface RegionJudgement {
  status: 'reference' | 'modified' | 'no' | 'review';
  clauses: string[];
  reasons: string[];
  interpretations: string[];
  highlights: Highlight[];
}

interface CompiledScaffold {
  smarts: string;
  /** map number → query atom index */
  indexOfMap: Map<number, number>;
}

const compiled = new Map<string, CompiledScaffold>();
function compileScaffold(rule: ClassRule): CompiledScaffold {
  let c = compiled.get(rule.id + '@' + rule.version);
  if (!c) {
    const maps = [...rule.scaffold.smarts.matchAll(/\[[^\]]*:(\d+)\]/g)].map((m) => Number(m[1]));
    const q = query(rule.scaffold.smarts);
    const atomCount = q.get_num_atoms();
    if (maps.length !== atomCount) throw new Error(`rule ${rule.id}: every scaffold atom must be a bracket atom with a map number`);
    c = { smarts: rule.scaffold.smarts, indexOfMap: new Map(maps.map((m, i) => [m, i])) };
    compiled.set(rule.id + '@' + rule.version, c);
  }
  return c;
}

/** Query-atom index of each map number of the rule's scaffold SMARTS (for skeletons built from it). */
export function scaffoldAtomOfMap(rule: ClassRule): ReadonlyMap<number, number> {
  return compileScaffold(rule).indexOfMap;
}

/** Whether the molecule contains the rule's scaffold at all: cheap, used before full evaluation. */
function scaffoldMatches(rule: ClassRule, prepared: PreparedMolecule): number[][] {
  const c = compileScaffold(rule);
  const raw = prepared.mol.get_substruct_matches(query(c.smarts), JSON.stringify({ uniquify: false, maxMatches: 1000 }));
  if (raw === '{}' || raw === '[]' || raw === '') return [];
  const parsed = JSON.parse(raw) as { atoms: number[] }[];
  return parsed.map((m) => m.atoms);
}

export function evaluateRule(rule: ClassRule, prepared: PreparedMolecule): RuleOutcome {
  const mappings = scaffoldMatches(rule, prepared);
  if (mappings.length === 0)
    return { rule, status: 'no-scaffold', clauses: [], reasons: [`The structure does not contain the core scaffold: ${rule.scaffold.description}.`], interpretations: [], highlights: [] };
  const c = compileScaffold(rule);
  let best: RuleOutcome | undefined;
  const rank = { match: 3, review: 2, no: 1, 'no-scaffold': 0 } as const;
  const seen = new Set<string>();
  for (const atoms of mappings) {
    const key = atoms.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    const outcome = evaluateMapping(rule, prepared, atoms, c);
    if (!best || rank[outcome.status] > rank[best.status] || (outcome.status === best.status && outcome.clauses.length < best.clauses.length)) best = outcome;
  }
  return best!;
}

function evaluateMapping(rule: ClassRule, prepared: PreparedMolecule, match: number[], c: CompiledScaffold): RuleOutcome {
  const { graph, mol } = prepared;
  const at = (map: number) => match[c.indexOfMap.get(map)!];
  const scaffold = new Set(match);
  const claimed = new Set(match);
  const judgements: RegionJudgement[] = [];
  const fail = (reason: string): RuleOutcome => ({ rule, status: 'no', clauses: [], reasons: [reason], interpretations: [], highlights: [] });

  // 1. Ring regions claim their ring atoms first.
  const ringOf = new Map<string, number[]>();
  for (const region of rule.regions) {
    if (region.type !== 'ring') continue;
    const anchor = at(region.anchor);
    const rings = graph.rings.filter((r) => r.includes(anchor));
    if (rings.length !== 1) {
      judgements.push(ringNotMonocycle(region, rings.length === 0 ? 'not in a ring' : 'part of a fused, bridged or spiro ring system'));
      continue;
    }
    const ring = rings[0];
    if (ring.some((a) => graph.rings.filter((r) => r.includes(a)).length > 1)) {
      judgements.push(ringNotMonocycle(region, 'part of a fused, bridged or spiro ring system'));
      continue;
    }
    if (ring.some((a) => a !== anchor && scaffold.has(a))) return fail(`The ${region.label} shares atoms with the core scaffold.`);
    ringOf.set(region.id, ring);
    for (const a of ring) claimed.add(a);
  }
  if (judgements.some((j) => j.status === 'no')) return combine(rule, judgements, match);

  // 2. Group regions claim everything reached from their anchor outside the scaffold.
  const groupOf = new Map<string, number[]>();
  for (const region of rule.regions) {
    if (region.type !== 'group' && region.type !== 'acyl' && region.type !== 'linked-aromatic') continue;
    const anchor = at(region.anchor);
    const exclude = new Set(scaffold);
    if (region.type === 'acyl') exclude.add(at(region.chalcogen));
    const group = reach(graph, anchor, exclude);
    const touches = group.some((a) => claimed.has(a) || graph.neighbours[a].some((n) => n.atom !== anchor && scaffold.has(n.atom)));
    if (touches) {
      // A joined-back group is a reading question only if the group could otherwise be what a clause allows:
      // a quinuclidine has no ketone or acetal at C4 at all, so it is simply not a 4-piperidone derivative.
      if (region.type === 'group') {
        const plain = judgeGroup(region, mol, graph, anchor, group, match);
        if (plain.status === 'no') {
          judgements.push(plain);
          continue;
        }
      }
      judgements.push({ status: 'review', clauses: [], interpretations: [I.bridged], highlights: [], reasons: [`The ${region.label} is joined back to the core (a fused or bridged system); whether that is a "replacement" or "substitution" is not settled by the text.`] });
      continue;
    }
    groupOf.set(region.id, group);
    for (const a of group) claimed.add(a);
  }

  // 3. What is left are substituents, each hanging from one scaffold or ring atom.
  const rest = new Set<number>();
  for (let i = 0; i < graph.atoms.length; i++) if (!claimed.has(i) && graph.atoms[i].z !== 1) rest.add(i);
  const substituentsOn = new Map<number, Substituent[]>();
  for (const comp of components(graph, rest)) {
    const attachments: { root: number; parent: number; bond: number }[] = [];
    for (const a of comp) for (const n of graph.neighbours[a]) if (claimed.has(n.atom)) attachments.push({ root: a, parent: n.atom, bond: n.bond });
    if (attachments.length !== 1) {
      judgements.push({ status: 'review', clauses: [], interpretations: [I.bridged], highlights: [{ role: 'bridge', modified: true, atoms: comp }], reasons: [`A group of ${comp.length} atoms links two parts of the core (a fused or bridged ring); the text speaks of substitution and replacement, not ring fusion.`] });
      continue;
    }
    const { root, parent, bond } = attachments[0];
    const s: Substituent = { atoms: comp, root, parent, bondOrder: graph.bonds[bond].order };
    substituentsOn.set(parent, [...(substituentsOn.get(parent) ?? []), s]);
  }

  const usedSubstituents = new Set<Substituent>();
  for (const region of rule.regions) {
    switch (region.type) {
      case 'ring': {
        const ring = ringOf.get(region.id);
        if (!ring) break;
        const subs = ring.flatMap((a) => (a === at(region.anchor) ? [] : (substituentsOn.get(a) ?? [])));
        subs.forEach((s) => usedSubstituents.add(s));
        judgements.push(judgeRing(region, graph, ring, subs));
        break;
      }
      case 'substituents': {
        const subs = region.atoms.flatMap((m) => substituentsOn.get(at(m)) ?? []);
        subs.forEach((s) => usedSubstituents.add(s));
        const reference = region.reference.map((r) => ({ atom: at(r.atom), kind: r.kind }));
        judgements.push(judgeSubstituents(region, graph, subs, reference));
        break;
      }
      case 'group': {
        const group = groupOf.get(region.id);
        if (group) judgements.push(judgeGroup(region, mol, graph, at(region.anchor), group, match));
        break;
      }
      case 'linked-aromatic': {
        const group = groupOf.get(region.id);
        if (group) judgements.push(judgeLinkedAromatic(region, mol, graph, at(region.anchor), group));
        break;
      }
      case 'acyl': {
        const group = groupOf.get(region.id);
        if (group) judgements.push(judgeAcyl(region, mol, graph, at(region.anchor), at(region.chalcogen), group, match));
        break;
      }
    }
  }
  // Substituents on scaffold atoms that no region allows (e.g. on the amide nitrogen) rule the mapping out.
  for (const [parent, subs] of substituentsOn) {
    for (const s of subs) {
      if (usedSubstituents.has(s)) continue;
      return fail(`The core atom ${graph.atoms[parent].symbol}${parent + 1} carries a ${describeSubstituent(graph, s)}, a position none of the clauses allows to be modified.`);
    }
  }
  return combine(rule, judgements, match);
}

function combine(rule: ClassRule, judgements: RegionJudgement[], match: number[]): RuleOutcome {
  const reasons = judgements.flatMap((j) => j.reasons);
  const interpretations = [...new Set(judgements.flatMap((j) => j.interpretations))];
  const highlights: Highlight[] = [{ role: 'core', modified: false, atoms: [...match] }, ...judgements.flatMap((j) => j.highlights)];
  const no = judgements.filter((j) => j.status === 'no');
  if (no.length) return { rule, status: 'no', clauses: [], reasons: no.flatMap((j) => j.reasons), interpretations, highlights };
  const clauses = [...new Set(judgements.flatMap((j) => j.clauses))].sort((a, b) => clauseOrder(rule, a) - clauseOrder(rule, b));
  const review = judgements.some((j) => j.status === 'review');
  if (!review && clauses.length === 0 && rule.requires === 'one-or-more')
    return { rule, status: 'no', clauses: [], reasons: [`This is ${rule.parent.name} itself, with none of the modifications; the class covers substances related to it by one or more modifications.`], interpretations, highlights };
  if (rule.combinations === 'review' && clauses.length > 1)
    return {
      rule,
      status: 'review',
      clauses,
      reasons: [...reasons, `It combines ${clauses.length} derivative kinds (${clauses.join(' + ')}); the instrument lists each kind separately and does not say whether combinations are covered.`],
      interpretations: [...interpretations, I.derivatives],
      highlights,
    };
  return { rule, status: review ? 'review' : 'match', clauses, reasons, interpretations, highlights };
}

function clauseOrder(rule: ClassRule, id: string): number {
  const i = rule.clauses.findIndex((c) => c.id === id);
  return i < 0 ? 99 : i;
}

function reach(graph: MolGraph, anchor: number, exclude: Set<number>): number[] {
  const seen = new Set<number>();
  const stack = graph.neighbours[anchor].map((n) => n.atom).filter((a) => !exclude.has(a) && graph.atoms[a].z !== 1);
  for (const a of stack) seen.add(a);
  while (stack.length) {
    const a = stack.pop()!;
    for (const n of graph.neighbours[a]) {
      if (n.atom === anchor || exclude.has(n.atom) || seen.has(n.atom) || graph.atoms[n.atom].z === 1) continue;
      seen.add(n.atom);
      stack.push(n.atom);
    }
  }
  return [...seen];
}

function ringNotMonocycle(region: Extract<Region, { type: 'ring' }>, why: string): RegionJudgement {
  return { status: 'no', clauses: [], interpretations: [I.monocycle], highlights: [], reasons: [`The ${region.label} position holds a ring that is ${why}; only a monocycle can replace it.`] };
}

function isBenzene(graph: MolGraph, ring: number[]): boolean {
  return ring.length === 6 && ring.every((a) => graph.atoms[a].z === 6 && graph.atoms[a].aromatic);
}

function judgeRing(region: Extract<Region, { type: 'ring' }>, graph: MolGraph, ring: number[], subs: Substituent[]): RegionJudgement {
  const j: RegionJudgement = { status: 'reference', clauses: [], reasons: [], interpretations: [], highlights: [] };
  const benzene = isBenzene(graph, ring);
  const ringName = describeRing(graph, ring);
  if (!benzene) {
    const rep = region.replacement;
    if (!rep) return { ...j, status: 'no', reasons: [`The ${region.label} is a ${ringName}, not benzene, and no clause allows replacing it.`] };
    const aromatic = ring.every((a) => graph.atoms[a].aromatic);
    if (rep.ring === 'aromatic-monocycle' && !aromatic)
      return { ...j, status: 'no', interpretations: [I.aromaticMonocycle], reasons: [`The ${region.label} is replaced by a ${ringName}, which is not aromatic; clause ${rep.clause} allows only an aromatic monocycle.`] };
    j.status = 'modified';
    j.clauses.push(rep.clause);
    j.interpretations.push(rep.ring === 'aromatic-monocycle' ? I.aromaticMonocycle : I.monocycle);
    j.reasons.push(`(${rep.clause}) The ${region.label} is replaced by a ${ringName}${subs.length ? `, further substituted with ${subs.map((s) => describeSubstituent(graph, s)).join(', ')}` : ''}.`);
    j.highlights.push({ role: region.id, modified: true, clause: rep.clause, atoms: [...ring, ...subs.flatMap((s) => s.atoms)] });
    return j;
  }
  if (subs.length === 0) return j;
  const { listed, any } = region.substituents;
  const unlisted: Substituent[] = [];
  for (const s of subs) {
    if (listed && listed.kinds.some((k) => substituentIs(graph, s, k))) {
      j.clauses.push(listed.clause);
      j.reasons.push(`(${listed.clause}) The ${region.label} carries ${describeSubstituent(graph, s)}.`);
      j.highlights.push({ role: `${region.id}-substituent`, modified: true, clause: listed.clause, atoms: s.atoms });
      j.interpretations.push(I.substituentKinds, I.inOrOn);
    } else unlisted.push(s);
  }
  if (unlisted.length) {
    if (!any) return { ...j, status: 'no', reasons: [`The ${region.label} carries ${unlisted.map((s) => describeSubstituent(graph, s)).join(', ')}, which no clause allows there.`] };
    j.clauses.push(any.clause);
    j.interpretations.push(I.substitutedPhenyl);
    j.reasons.push(`(${any.clause}) The ${region.label} is a benzene ring further substituted with ${unlisted.map((s) => describeSubstituent(graph, s)).join(', ')}; a substituted phenyl is read as a monocycle "further substituted".`);
    for (const s of unlisted) j.highlights.push({ role: `${region.id}-substituent`, modified: true, clause: any.clause, atoms: s.atoms });
  }
  j.status = 'modified';
  return j;
}

function judgeSubstituents(
  region: Extract<Region, { type: 'substituents' }>,
  graph: MolGraph,
  subs: Substituent[],
  reference: readonly { atom: number; kind: SubstituentKind }[] = [],
): RegionJudgement {
  const j: RegionJudgement = { status: 'reference', clauses: [], reasons: [], interpretations: [], highlights: [] };
  // The parent's own substituents here (etonitazene's 5-nitro): exactly these is the unmodified state.
  const isReference =
    subs.length === reference.length && reference.every((r) => subs.some((s) => s.parent === r.atom && substituentIs(graph, s, r.kind)));
  if (reference.length && isReference) return j;
  if (region.anyClause) {
    const now = subs.length ? subs.map((s) => describeSubstituent(graph, s)).join(', ') : 'no substituent';
    const was = reference.map((r) => `${r.kind} on ${graph.atoms[r.atom].symbol}${r.atom + 1}`).join(', ') || 'no substituent';
    return {
      status: 'modified',
      clauses: [region.anyClause],
      interpretations: [I.inOrOn],
      reasons: [`(${region.anyClause}) The ${region.label} carries ${now} instead of ${was}; the clause allows it substituted or unsubstituted.`],
      highlights: [{ role: region.id, modified: true, clause: region.anyClause, atoms: subs.flatMap((s) => s.atoms) }],
    };
  }
  for (const s of subs) {
    const what = describeSubstituent(graph, s);
    const kind = region.kinds.find((k) => substituentIs(graph, s, k));
    if (kind && region.clause) {
      if (j.status === 'reference') j.status = 'modified';
      j.clauses.push(region.clause);
      j.interpretations.push(I.substituentKinds, I.inOrOn);
      j.reasons.push(`(${region.clause}) The ${region.label} carries ${kind === 'ether' || kind === 'ester' ? `an ${kind} group` : what}.`);
      j.highlights.push({ role: region.id, modified: true, clause: region.clause, atoms: s.atoms });
      continue;
    }
    if (region.kinds.length === 0 || !region.clause)
      return { ...j, status: 'no', reasons: [`The ${region.label} carries ${what}; the instrument allows no substitution there.`] };
    if (region.openEnded) {
      j.status = 'review';
      j.clauses.push(region.clause);
      j.interpretations.push(I.openEnded);
      j.reasons.push(`(${region.clause}) The ${region.label} carries ${what}, which is not among the listed kinds; the list is open-ended ("etc."), so whether it is covered needs review.`);
      j.highlights.push({ role: region.id, modified: true, clause: region.clause, atoms: s.atoms });
      continue;
    }
    if (isCompositeOfListed(graph, s)) {
      j.status = 'review';
      j.clauses.push(region.clause);
      j.interpretations.push(I.composite);
      j.reasons.push(`(${region.clause}) The ${region.label} carries ${what}, built only from listed groups (e.g. an alkyl bearing a hydroxyl) but not itself one of them; whether such a combination is "substitution with" the listed groups needs review.`);
      j.highlights.push({ role: region.id, modified: true, clause: region.clause, atoms: s.atoms });
      continue;
    }
    return { ...j, status: 'no', interpretations: [I.substituentKinds], reasons: [`The ${region.label} carries ${what}, which is not one of the kinds clause ${region.clause} lists (${region.kinds.join(', ')}).`] };
  }
  return j;
}

/** The reference SMARTS starts at the anchor; the group must be exactly its atoms outside the scaffold. */
function matchesReference(mol: Mol, reference: string, anchor: number, group: number[], scaffold: number[]): boolean {
  const raw = mol.get_substruct_matches(query(reference), JSON.stringify({ uniquify: false, maxMatches: 200 }));
  if (raw === '{}' || raw === '[]') return false;
  const want = [...group].sort((a, b) => a - b).join(',');
  const scaffoldSet = new Set(scaffold);
  for (const m of JSON.parse(raw) as { atoms: number[] }[]) {
    if (m.atoms[0] !== anchor) continue;
    const outside = m.atoms.filter((a) => a !== anchor && !scaffoldSet.has(a)).sort((a, b) => a - b).join(',');
    if (outside === want) return true;
  }
  return false;
}

function judgeGroup(region: Extract<Region, { type: 'group' }>, mol: Mol, graph: MolGraph, anchor: number, group: number[], scaffold: number[]): RegionJudgement {
  const j: RegionJudgement = { status: 'reference', clauses: [], reasons: [], interpretations: [], highlights: [] };
  const isReference =
    region.reference === 'hydrogen' ? group.length === 0 : region.reference === 'oxo' ? groupIs(graph, anchor, group, 'oxo').ok : matchesReference(mol, region.reference, anchor, group, scaffold);
  if (isReference) return j;
  for (const alt of region.alternatives) {
    const r = groupIs(graph, anchor, group, alt.kind);
    if (!r.ok) continue;
    j.status = 'modified';
    j.clauses.push(alt.clause);
    if (r.interpretation) j.interpretations.push(r.interpretation);
    if (alt.kind === 'acyl' || alt.kind === 'alkoxycarbonyl' || alt.kind === 'acetal') j.interpretations.push(I.derivatives);
    const what = group.length === 0 ? 'hydrogen' : `${describeGroupKind(alt.kind)} (${formulaOf(graph, group)})`;
    j.reasons.push(`(${alt.clause}) The ${region.label} is ${what}.`);
    j.highlights.push({ role: region.id, modified: true, clause: alt.clause, atoms: group });
    return j;
  }
  const what = group.length === 0 ? 'hydrogen' : `a ${formulaOf(graph, group)} group`;
  return { ...j, status: 'no', reasons: [`The ${region.label} is ${what}, which none of the clauses allows (${region.alternatives.map((a) => `${a.clause}: ${describeGroupKind(a.kind)}`).join('; ')}).`] };
}

/**
 * A hydrocarbon linker of min..max carbons from the anchor to an aromatic ring system, with anything on
 * the linker and on the aromatic group (both may be "substituted or unsubstituted"). The linker is the
 * shortest path of non-aromatic carbons from the anchor to an aromatic atom; the aromatic group is that
 * atom's aromatic ring system with everything attached to it (docs/interpretation.md, I-HYDROCARBON-LINKER,
 * I-AROMATIC-GROUP).
 */
function judgeLinkedAromatic(region: Extract<Region, { type: 'linked-aromatic' }>, mol: Mol, graph: MolGraph, anchor: number, group: number[]): RegionJudgement {
  const j: RegionJudgement = { status: 'reference', clauses: [], reasons: [], interpretations: [I.hydrocarbonLinker, I.aromaticGroup], highlights: [] };
  const inGroup = new Set(group);
  const no = (why: string): RegionJudgement => ({ ...j, status: 'no', reasons: [`The ${region.label} ${why}`] });
  // Breadth-first from the anchor through non-aromatic carbons of the group, to the nearest aromatic atom.
  const previous = new Map<number, number>([[anchor, -1]]);
  let frontier = [anchor];
  let reached: number | undefined;
  for (let depth = 0; depth <= region.linker.max && reached === undefined && frontier.length; depth++) {
    const next: number[] = [];
    for (const a of frontier) {
      for (const n of graph.neighbours[a]) {
        if (!inGroup.has(n.atom) || previous.has(n.atom)) continue;
        const atom = graph.atoms[n.atom];
        previous.set(n.atom, a);
        if (atom.aromatic && depth >= 1) {
          reached ??= n.atom;
          continue;
        }
        if (atom.z === 6 && !atom.aromatic) next.push(n.atom);
      }
    }
    frontier = next;
  }
  if (reached === undefined) return no(`has no aromatic group within ${region.linker.max} carbon atoms of the anchor, so it is not a C${region.linker.min}–C${region.linker.max} hydrocarbon linker to an aromatic group.`);
  const linker: number[] = [];
  for (let a = previous.get(reached)!; a !== anchor; a = previous.get(a)!) linker.unshift(a);
  if (linker.length < region.linker.min) return no(`joins the aromatic group directly, without the ${region.linker.label}.`);
  // The aromatic ring system: aromatic atoms joined to `reached` through aromatic bonds.
  const system = new Set([reached]);
  const stack = [reached];
  while (stack.length) {
    const a = stack.pop()!;
    for (const n of graph.neighbours[a]) if (graph.bonds[n.bond].aromatic && !system.has(n.atom)) (system.add(n.atom), stack.push(n.atom));
  }
  // Everything else must hang from the linker or from the aromatic group (nothing joins them back).
  const linkerSet = new Set(linker);
  const aromaticPart = reachWithin(graph, reached, inGroup, linkerSet);
  // A linker that is also part of a ring with the aromatic group (an indanyl, a tetralinyl) is fused, not linked.
  const fused = linker.some((a) => graph.neighbours[a].some((n) => aromaticPart.has(n.atom) && !(a === linker[linker.length - 1] && n.atom === reached)));
  if (fused)
    return { ...j, status: 'review', interpretations: [...j.interpretations, I.bridged], reasons: [`The ${region.linker.label} is part of a ring fused with the aromatic group; whether that is a "C${region.linker.min}–C${region.linker.max} hydrocarbon group" replacing the ${region.linker.label} is not settled by the text.`] };
  const linkerPart = group.filter((a) => !aromaticPart.has(a));
  const linkerSubstituted = linkerPart.length > linker.length;
  const linkerChanged = linker.length !== 1 || linkerSubstituted || graph.atoms[linker[0]].hydrogens !== 2;
  const aromaticChanged = !matchesReference(mol, region.aromatic.reference, reached, [...aromaticPart].filter((a) => a !== reached), []);
  const hlLinker = { role: `${region.id}-linker`, modified: linkerChanged, ...(linkerChanged ? { clause: region.linker.clause } : {}), atoms: linkerPart };
  const hlAromatic = { role: `${region.id}-aromatic`, modified: aromaticChanged, ...(aromaticChanged ? { clause: region.aromatic.clause } : {}), atoms: [...aromaticPart] };
  j.highlights.push(hlLinker, hlAromatic);
  if (linkerChanged) {
    j.clauses.push(region.linker.clause);
    j.reasons.push(`(${region.linker.clause}) The ${region.linker.label} is a C${linker.length} hydrocarbon group${linkerSubstituted ? ` carrying ${formulaOf(graph, linkerPart.filter((a) => !linkerSet.has(a)))}` : ''} instead of an unsubstituted methylene.`);
  }
  if (aromaticChanged) {
    j.clauses.push(region.aromatic.clause);
    j.reasons.push(`(${region.aromatic.clause}) The ${region.aromatic.label} is replaced by another aromatic group (${formulaOf(graph, [...aromaticPart])}, on a ${system.size}-atom aromatic ring system).`);
  }
  if (linkerChanged || aromaticChanged) j.status = 'modified';
  return j;
}

/** Atoms of `within` reached from `start` without entering `avoid`. */
function reachWithin(graph: MolGraph, start: number, within: ReadonlySet<number>, avoid: ReadonlySet<number>): Set<number> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) {
    const a = stack.pop()!;
    for (const n of graph.neighbours[a]) if (within.has(n.atom) && !avoid.has(n.atom) && !seen.has(n.atom)) (seen.add(n.atom), stack.push(n.atom));
  }
  return seen;
}

function describeGroupKind(kind: string): string {
  return (
    {
      hydrogen: 'hydrogen',
      oxo: 'a ketone oxygen',
      acetal: 'an acetal',
      acyl: 'an acyl group (amide)',
      alkoxycarbonyl: 'an alkoxycarbonyl group (carbamate)',
      'any-non-hydrogen': 'a group other than hydrogen',
    } as Record<string, string>
  )[kind] ?? kind;
}


function judgeAcyl(region: Extract<Region, { type: 'acyl' }>, mol: Mol, graph: MolGraph, carbonyl: number, chalcogen: number, group: number[], scaffold: number[]): RegionJudgement {
  const j: RegionJudgement = { status: 'reference', clauses: [], reasons: [], interpretations: [I.acyl], highlights: [] };
  if (graph.atoms[chalcogen].z === 16)
    return { ...j, status: 'review', clauses: [region.clause], interpretations: [I.thioacyl], reasons: [`(${region.clause}) The ${region.label} is a thioacyl group (C=S); whether a thioacyl group is an "acyl group" needs review.`], highlights: [{ role: region.id, modified: true, clause: region.clause, atoms: [carbonyl, chalcogen, ...group] }] };
  if (matchesReference(mol, region.reference, carbonyl, group, scaffold)) return j;
  const attached = graph.neighbours[carbonyl].filter((n) => group.includes(n.atom));
  const rootZ = attached.length ? graph.atoms[attached[0].atom].z : 1;
  const hl = { role: region.id, modified: true, clause: region.clause, atoms: [carbonyl, chalcogen, ...group] };
  const name = `${formulaOf(graph, [carbonyl, chalcogen, ...group])}`;
  if (rootZ === 1 || rootZ === 6) {
    return { status: 'modified', clauses: [region.clause], interpretations: [I.acyl], highlights: [hl], reasons: [`(${region.clause}) The ${region.label} is replaced by another acyl group (${name}).`] };
  }
  if (rootZ === 8) {
    return { status: 'modified', clauses: [region.clause], interpretations: [I.acyl, I.carbamate], highlights: [hl], reasons: [`(${region.clause}) The ${region.label} is replaced by an alkoxycarbonyl group (${name}), making a carbamate; an alkoxycarbonyl is read as an acyl group (docs/interpretation.md, ${I.carbamate}).`] };
  }
  if (rootZ === 7) {
    return { status: 'modified', clauses: [region.clause], interpretations: [I.acyl, I.carbamoyl], highlights: [hl], reasons: [`(${region.clause}) The ${region.label} is replaced by a carbamoyl group (${name}), making a urea; a carbamoyl is read as an acyl group (docs/interpretation.md, ${I.carbamoyl}).`] };
  }
  return { status: 'review', clauses: [region.clause], interpretations: [I.acyl], highlights: [hl], reasons: [`(${region.clause}) The carbonyl bears a ${graph.atoms[attached[0].atom].symbol}-linked group (${name}); whether that is an acyl group needs review.`] };
}

/** The effective period in force on asOf, and the start of the continuous coverage that leads up to it. */
function effectiveOn(rule: ClassRule, asOf: string) {
  const periods = [...rule.effective].sort((a, b) => (a.from < b.from ? -1 : 1));
  const current = periods.find((p) => inEffect(asOf, p.from, p.until));
  let since = current?.from;
  if (current) {
    for (let i = periods.indexOf(current) - 1; i >= 0; i--) if (periods[i].until === since) since = periods[i].from;
  }
  return { current, since, first: periods[0], last: periods[periods.length - 1] };
}

export function outcomeToFinding(outcome: RuleOutcome, asOf: string): Finding | undefined {
  const { rule } = outcome;
  if (outcome.status === 'no' || outcome.status === 'no-scaffold') return undefined;
  const { current, since, first, last } = effectiveOn(rule, asOf);
  const notYet = outcome.clauses
    .map((id) => rule.clauses.find((c) => c.id === id))
    .filter((c) => c?.effective && c.effective > asOf);
  const review = outcome.status === 'review';
  let applies = !review && !!current && notYet.length === 0;
  let reason: Bilingual;
  if (!current) {
    applies = false;
    reason = asOf < first.from ? message('classNotYet', { asOf, from: first.from }) : message('classEnded', { asOf });
  } else if (notYet.length) {
    reason = message('clauseNotYet', { clauses: notYet.map((c) => c!.id).join(', '), dates: notYet.map((c) => c!.effective!).join(', '), asOf });
  } else if (review) {
    reason = message('classReview');
  } else {
    if (outcome.clauses.length) {
      const params = { clauseWord: outcome.clauses.length > 1 ? 'clauses' : 'clause', clauses: outcome.clauses.join(', '), since: since! };
      reason = { en: message('classApplies', { ...params, parent: rule.parent.name }).en, zh: message('classApplies', { ...params, parent: rule.parent.nameZh ?? rule.parent.name }).zh };
    } else reason = message('classAppliesParent', { since: since! });
  }
  const clauseIntro = outcome.clauses.length ? ` Clauses used: ${outcome.clauses.join(', ')}.` : '';
  return {
    kind: 'class',
    category: rule.category,
    rule: rule.id,
    ruleVersion: `${rule.id}@${rule.version}`,
    applies,
    reason: reason.en,
    reasonZh: reason.zh,
    status: rule.status,
    ...(rule.statusEn ? { statusEn: rule.statusEn } : {}),
    clauses: outcome.clauses,
    citation: (current ?? last).citation,
    effective: since ?? first.from,
    ...((current ?? last).until ? { until: (current ?? last).until } : {}),
    needsReview: review,
    explanation: `${rule.scaffold.description} found.${clauseIntro} ${outcome.reasons.join(' ')}`.trim(),
    interpretations: [I.normalisation, ...outcome.interpretations.filter((x, i, a) => a.indexOf(x) === i)],
    highlights: outcome.highlights,
  };
}

/** Evaluates every class rule of the requested jurisdictions; returns findings for matches and reviews. */
export function evaluateClassRules(rules: readonly ClassRule[], prepared: PreparedMolecule, asOf: string, jurisdictions: readonly Jurisdiction[]): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    if (!jurisdictions.includes(rule.jurisdiction)) continue;
    const f = outcomeToFinding(evaluateRule(rule, prepared), asOf);
    if (f) out.push(f);
  }
  return out;
}

/** All outcomes, including non-matches with their reasons (validation reports, the Rules page). */
export function explainClassRules(rules: readonly ClassRule[], prepared: PreparedMolecule): RuleOutcome[] {
  return rules.map((r) => evaluateRule(r, prepared));
}
