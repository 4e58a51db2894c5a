/**
 * The bulk prefilter: a cheap NECESSARY-condition test that settles most records of a catalogue
 * without classifying them.
 *
 * Stage 1 reads the SMILES text only far enough to count heavy atoms per element in each
 * '.'-separated fragment (an element census). Normalisation keeps the organic fragment with the most
 * heavy atoms and never changes its heavy atoms (it strips other fragments, charges and isotopes), so
 * a record can match a class rule only if a fragment it may keep has at least the rule's minimum
 * counts, and a listing only if such a fragment's heavy-atom composition equals a listed substance's.
 * When neither is possible the record is proven not controlled. The census never decides that
 * something IS controlled; for anything it does not fully recognise (and for obviously over-bonded
 * atoms) it answers "must parse" so that RDKit gives the real verdict or error. It is not a SMILES
 * parser: it checks no aromaticity, stereo or chemistry beyond counting.
 *
 * Requirements are data: class rules carry `prefilter: [{ minCounts, minAliphatic? }, ...]` and registry
 * substances carry their Hill formula. Nothing about any rule is written here.
 *
 * Stage 2 (optional, `scaffolds`): a kept fragment that stage 1 cannot settle and that has no charges
 * (but bonded pairs normalisation leaves alone) and no isotopes is parsed by RDKit from its own text;
 * that parse is then exactly the normalised parent. It is tested against each candidate rule's core
 * scaffold SMARTS: the class engine reports nothing for a rule whose scaffold is absent. If it has a
 * listed substance's heavy atoms, it is settled when its hydrogen count differs or its InChIKey is not
 * in the registry (listings match on the InChIKey, its first block at least, which implies the same
 * formula, hydrogens included). This costs one parse but none of the normalisation, identity and
 * region analysis of a full classification.
 *
 * Between the two, the topology test (src/law/prefilter-topology.ts) settles most of the rest from the
 * text's atom graph: rule skeletons with what each group region allows, ester/ether listings with degree
 * bounds, listed graphs, positional-isomer listings by a coarse signature, and records without carbon by
 * their compositions (docs/performance.md has each soundness argument).
 */
import { z } from 'zod';
import { elementSymbol, heavyAtomCounts } from '../chem/graph.js';
import { lap, mark, PROFILE } from '../chem/profile.js';
import { query, rdkit, type JSMol } from '../chem/rdkit.js';
import { LIMITS, prepareStructure } from '../chem/structure.js';
import type { Registry, Substance } from '../registry/types.js';
import { derivableSubstances, type DerivableSubstance } from './derivatives.js';
import { embeds, skeletonEmbedsIn, skeletonOfGraph, skeletonOfQuery, TextGraph, type Skeleton } from './prefilter-topology.js';
import { scaffoldAtomOfMap } from './engine.js';
import { groupRegionPieces } from './vocabulary.js';
import { coarseIsomerSignature } from './positional-isomers.js';
import type { ClassRule } from './rule-schema.js';
import type { Jurisdiction } from './verdict.js';

/** Heavy-atom counts of one '.'-separated fragment of the SMILES text. */
export interface FragmentCensus {
  /** Element symbol (Hill spelling: C, Cl, Se) → number of heavy atoms; hydrogens are not counted. */
  counts: Record<string, number>;
  /** Atoms written upper-case (aliphatic in the text), per element. */
  writtenAliphatic: Record<string, number>;
  /** Heavy atoms in the fragment. */
  heavy: number;
  /** Ring-closure bonds written in the fragment: its number of rings (cyclomatic number) once parsed. */
  rings: number;
  /** The fragment's own SMILES text (no ring bond spans a '.', so it stands alone). */
  text: string;
  /**
   * No charge (other than bonded pairs normalisation leaves alone), isotope or hydrogen isotope: if
   * normalisation keeps this fragment, it keeps it exactly as RDKit parses it from `text`.
   */
  plain: boolean;
  /** Atomic number of each atom as written, hydrogen atoms ([H], [2H]) included (the topology test's graph). */
  z: number[];
  /** Bonds as written, as pairs of indices into `z` (flat: a0, b0, a1, b1, ...). */
  bonds: number[];
  /** Each bond's written order (1 - / \\, 2 =, 3 #, 4 $, 5 :; 0 when no symbol was written), in the order of `bonds`. */
  orders: number[];
  /** 1 for each atom of `z` written lower-case (aromatic in the text), else 0. */
  lowerCase: number[];
  /** The graph of `z` and `bonds`, once textGraph() has built it. */
  graph: TextGraph | undefined;
}

export type Census = { ok: true; fragments: FragmentCensus[] } | { ok: false; reason: string };

/** Minimum heavy-atom counts that any structure matching a class rule must have in one fragment. */
export const CountRequirementSchema = z.object({
  minCounts: z.record(z.string().regex(/^[A-Z][a-z]?$/), z.number().int().nonnegative()).default({}),
  /** Minimum counts of atoms that are aliphatic in the parsed molecule. */
  minAliphatic: z.record(z.string().regex(/^[A-Z][a-z]?$/), z.number().int().nonnegative()).default({}),
  /** Minimum number of rings (ring-closure bonds in the text, which equal the parsed fragment's cyclomatic number). */
  minRings: z.number().int().nonnegative().default(0),
});
export type CountRequirement = z.infer<typeof CountRequirementSchema>;
/** The part of a class rule stage 2 reads: its core scaffold, without which the engine reports nothing. */
const ScaffoldSchema = z.object({ scaffold: z.object({ smarts: z.string().min(1) }) });
/** A rule's prefilter: alternatives, a record may match only if one of them is satisfied. */
export const RulePrefilterSchema = z.array(CountRequirementSchema).min(1);

export interface PrefilterRequirements {
  /**
   * One entry per class rule in scope with its alternatives (a fragment must satisfy one);
   * `requirement: null` means the rule declares none, so every record must be parsed.
   */
  classRules: readonly { id: string; requirement: readonly CountRequirement[] | null }[];
  /**
   * How minAliphatic is bounded. 'sound' (default): by the element count, because RDKit re-perceives
   * aromaticity and may make an atom written aromatic aliphatic (c1cnc1 becomes C1=CN=C1).
   * 'written': by the atoms written upper-case, as the rule files describe it; faster, but it relies
   * on no rule matching an atom that was written aromatic.
   */
  aliphaticBound?: 'sound' | 'written';
  /** Composition keys (see compositionKey) of every listed substance in scope. */
  listedCompositions: ReadonlySet<string>;
  /**
   * For records without carbon (I-INORGANIC: matched on the kept fragment's InChIKey, on the whole
   * substance's formula, or as another salt of a listed salt's ion): the compositions of the ions
   * (normalised parents) of listed substances without carbon, and of their whole formulas. Absent: every
   * record without carbon is classified.
   */
  inorganic?: { ions: ReadonlySet<string>; wholes: ReadonlySet<string> };
  /** Stage 2: formula keys (see formulaKey) of every listed substance in scope. */
  listedFormulas?: ReadonlySet<string>;
  /** Lower-cased names, synonyms and CAS numbers the classifier resolves: such inputs are always parsed. */
  names: ReadonlySet<string>;
  /**
   * Stage 2: whether a listing in scope may match this InChIKey (full key or its first block, as the
   * registry matches). Absent: records with a listed substance's formula are always classified.
   * Stage 2 computes the key without stereo perception: the answer must be true whenever the first
   * block (connectivity) is that of a listed substance, as requirementsFrom's is.
   */
  mayBeListedInchiKey?: (inchikey: string) => boolean;
  /** Stage 2: formula keys of listed substances whose listing covers positional isomers (any InChIKey may match). */
  positionalFormulas?: ReadonlySet<string>;
  /** Stage 2: core scaffold SMARTS per class rule id (a rule missing here is never excluded by stage 2). */
  scaffolds?: ReadonlyMap<string, string>;
  /**
   * Stage 2: a cheaper SMARTS per rule id that every match of its scaffold also matches; tested once per
   * record for all the rules that share it, so that many scaffolds are skipped together.
   */
  gates?: ReadonlyMap<string, string>;
  /**
   * Topology test (src/law/prefilter-topology.ts): per rule id, skeletons any finding of the rule needs
   * one of (a class rule's scaffold with its necessary neighbours; for an ester/ether listing, the
   * degree-bounded graphs of the substances it stands for). A fragment keeps a rule only if one of them
   * embeds in its graph as written; a rule missing here is never excluded by it.
   */
  skeletons?: ReadonlyMap<string, SkeletonTest>;
  /**
   * Topology test for listings, per composition key of listed substances in scope: their graphs, and for
   * those whose listing covers positional isomers their coarse isomer signatures; null when one of them
   * cannot be tested (elements whose bonds InChI may cut, such as metals). A fragment with a listed
   * composition stays a candidate only if one of these graphs embeds in its own (same first block, same
   * connectivity and atoms: the same heavy-atom graph) or its coarse signature is one of these
   * (positional-isomers.ts: equal signatures need equal coarse signatures).
   */
  listedSkeletons?: (compositionKey: string) => ListedTest | null;
}

/** A rule's topology test: `gate` must embed, and then, for each list of `allOf`, one of its skeletons. */
export interface SkeletonTest {
  /** A cheaper skeleton every other one contains: when it does not embed, none does. */
  gate: Skeleton;
  allOf: readonly (readonly Skeleton[])[];
  /**
   * Other rules' gates that embed in this gate (the piperidine ring of the 4-piperidone rule in the
   * fentanyl scaffold): when one of them does not embed in a fragment, this one cannot either.
   */
  within?: readonly Skeleton[];
}

/** What a fragment with a listed composition must have to match one of the listed substances. */
export interface ListedTest {
  graphs: Skeleton[];
  signatures: Set<string>;
}

/** How a record was settled: from its text's counts ('census') or graph ('topology'), or after one parse ('scaffold'). */
export type Screen = { screenedOut: true; stage: 'census' | 'topology' | 'scaffold' } | { screenedOut: false; reason: string };

const ELEMENTS = new Set(Array.from({ length: 118 }, (_, i) => elementSymbol(i + 1)));
/** Aromatic symbols allowed inside brackets, mapped to their element. */
const BRACKET_AROMATIC: Record<string, string> = { b: 'B', c: 'C', n: 'N', o: 'O', p: 'P', s: 'S', se: 'Se', as: 'As', te: 'Te', si: 'Si' };
/** Organic-subset atoms outside brackets. Two-letter ones are only Cl and Br: "Sc" outside brackets is S then c. */
const ORGANIC: Record<string, string> = { B: 'B', C: 'C', N: 'N', O: 'O', P: 'P', S: 'S', F: 'F', I: 'I', b: 'B', c: 'C', n: 'N', o: 'O', p: 'P', s: 'S' };
// Inside brackets after the symbol: chirality, hydrogen count, charge, atom class.
const BRACKET_TAIL = /^(?:@(?:@|TH[12]|AL[12]|SP[1-3]|TB(?:[1-9]|1\d|20)|OH(?:[1-9]|[12]\d|30))?)?(?:H\d?)?(?:[+-](?:\d{1,2}|[+-]*))?(?::\d+)?$/;

function newFragment(): FragmentCensus {
  // Every field set here, graph included, so that all fragments share one object shape.
  return { counts: {}, writtenAliphatic: {}, heavy: 0, rings: 0, text: '', plain: true, z: [], bonds: [], orders: [], lowerCase: [], graph: undefined };
}

const ATOMIC_NUMBER = new Map(Array.from({ length: 118 }, (_, i) => [elementSymbol(i + 1), i + 1]));

/** The fragment's atom graph as written (built on first use, kept on the fragment). */
export function textGraph(f: FragmentCensus): TextGraph {
  return (f.graph ??= new TextGraph(f.z, f.bonds, f.counts, f.orders, f.lowerCase));
}

/** Organic-subset letters outside brackets (by char code) → atomic number; 0 when not one. */
const ORGANIC_Z = new Int8Array(128);
for (const [letter, symbol] of Object.entries(ORGANIC))
  ORGANIC_Z[letter.charCodeAt(0)] = ATOMIC_NUMBER.get(symbol)!;
const CL = 17;
const BR = 35;

/**
 * Heavy atoms per atomic number of the fragment being read, all written and written upper-case, with
 * the atomic numbers seen (one tally for the thread, cleared per fragment: the census runs per record).
 */
const tally = new Int32Array(119);
const tallyUpper = new Int32Array(119);
const seenElements: number[] = [];

function clearTally(): void {
  for (const z of seenElements) tally[z] = tallyUpper[z] = 0;
  seenElements.length = 0;
}

/** The fragment's counts from the tally, keys in atomic-number order (fragments with the same elements share an object shape). */
function closeCounts(fragment: FragmentCensus): void {
  seenElements.sort((a, b) => a - b);
  for (const z of seenElements) {
    fragment.counts[elementSymbol(z)] = tally[z];
    if (tallyUpper[z]) fragment.writtenAliphatic[elementSymbol(z)] = tallyUpper[z];
  }
  clearTally();
}

/**
 * Valence of a neutral organic-subset atom above which RDKit either rejects the SMILES (C(C)(C)(C)(C)C)
 * or rewrites the atom (its clean-up turns N(=O)=O into [N+](=O)[O-]). Such records go to the
 * classifier, which reports the error or classifies the rewritten molecule.
 */
const MAX_VALENCE: Record<string, number> = { B: 3, C: 4, N: 3, O: 2, F: 1 };
const MAX_VALENCE_OF = Array.from({ length: 119 }, (_, z) => (z && MAX_VALENCE[elementSymbol(z)]) || Infinity);
const BOND_ORDER: Record<string, number> = { '-': 1, '=': 2, '#': 3, $: 4, ':': 1, '/': 1, '\\': 1 };

/**
 * Counts heavy atoms per fragment. Returns `{ok:false}` for anything it does not fully recognise:
 * unknown tokens, wildcards, unbalanced brackets or parentheses, ring bonds left open or spanning a
 * '.', a ring-closure or branch before any atom, an organic-subset atom with more bonds than RDKit
 * allows, or text too long to be a SMILES. (Other defects, such as aromatic rings that cannot be
 * kekulized, are not seen; only RDKit's parse, with --no-prefilter, finds those in screened records.)
 */
export function census(text: string): Census {
  const s = text.trim();
  if (s.length === 0) return { ok: false, reason: 'empty' };
  if (s.length > LIMITS.maxLineChars) return { ok: false, reason: 'too long' };
  clearTally();
  const r = new CensusReader();
  let depth = 0;
  let fragmentStart = 0;
  let pairs: Set<number> | undefined;
  const branchStack: number[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const code = s.charCodeAt(i);
    if (code === 91 /* [ */) {
      const close = s.indexOf(']', i + 1);
      if (close < 0) return { ok: false, reason: 'unclosed bracket atom' };
      const inner = s.slice(i + 1, close);
      const element = bracketElement(inner);
      if (!element) return { ok: false, reason: `unrecognised bracket atom [${inner}]` };
      r.atom(ATOMIC_NUMBER.get(element) ?? 0, /[A-Z]/.test(inner.replace(/^\d+/, '')[0] ?? ''), false);
      if (r.fragment.plain && (/^\d/.test(inner) || (/[+-]/.test(inner) && !(pairs ??= bondedPairs(s)).has(i)))) r.fragment.plain = false;
      i = close + 1;
      continue;
    }
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      // Organic subset: Cl and Br first (greedy), then one letter.
      const next = s.charCodeAt(i + 1);
      if (code === 67 /* C */ && next === 108 /* l */) {
        r.atom(CL, true, true);
        i += 2;
        continue;
      }
      if (code === 66 /* B */ && next === 114 /* r */) {
        r.atom(BR, true, true);
        i += 2;
        continue;
      }
      const z = code < 128 ? ORGANIC_Z[code] : 0;
      if (!z) return { ok: false, reason: `unrecognised atom "${s[i]}"` };
      r.atom(z, code <= 90, true);
      i++;
      continue;
    }
    if (code >= 48 && code <= 57) {
      if (r.atomsInFragment === 0) return { ok: false, reason: 'ring bond before any atom' };
      r.ring(code - 48);
      i++;
      continue;
    }
    const ch = s[i];
    switch (ch) {
      case '%': {
        if (r.atomsInFragment === 0) return { ok: false, reason: 'ring bond before any atom' };
        let m: RegExpExecArray | null;
        if ((m = /^%(\d\d)/.exec(s.slice(i, i + 3)))) {
          r.ring(Number(m[1]));
          i += 3;
        } else if ((m = /^%\((\d{1,5})\)/.exec(s.slice(i, i + 8)))) {
          r.ring(Number(m[1]));
          i += m[0].length;
        } else return { ok: false, reason: 'malformed %nn ring bond' };
        continue;
      }
      case '(':
        if (r.atomsInFragment === 0) return { ok: false, reason: 'branch before any atom' };
        depth++;
        branchStack.push(r.previous);
        i++;
        continue;
      case ')':
        if (depth === 0) return { ok: false, reason: 'unbalanced parenthesis' };
        depth--;
        r.previous = branchStack.pop()!;
        r.bond = 0;
        r.colon = false;
        i++;
        continue;
      case '.':
        if (depth !== 0) return { ok: false, reason: "'.' inside a branch" };
        if (r.openRings.size) return { ok: false, reason: "ring bond spans a '.'" };
        if (r.atomsInFragment === 0) return { ok: false, reason: 'empty fragment' };
        r.fragment.text = s.slice(fragmentStart, i);
        r.nextFragment();
        fragmentStart = i + 1;
        i++;
        continue;
      default: {
        const order = BOND_ORDER[ch];
        if (order === undefined) return { ok: false, reason: `unrecognised character ${JSON.stringify(ch)}` };
        r.bond = Math.max(r.bond, order);
        if (ch === ':') r.colon = true;
        i++;
        continue;
      }
    }
  }
  if (depth !== 0) return { ok: false, reason: 'unbalanced parenthesis' };
  if (r.openRings.size) return { ok: false, reason: 'ring bond left open' };
  if (r.atomsInFragment === 0) return { ok: false, reason: 'empty fragment' };
  const { valence, maxValence } = r;
  for (let a = 0; a < valence.length; a++) if (valence[a] > maxValence[a]) return { ok: false, reason: 'an atom has more bonds than its valence allows' };
  r.fragment.text = s.slice(fragmentStart);
  closeCounts(r.fragment);
  r.fragments.push(r.fragment);
  return { ok: true, fragments: r.fragments };
}

/** The census's running state (a class, not closures: this runs once per record of a catalogue). */
class CensusReader {
  fragments: FragmentCensus[] = [];
  fragment = newFragment();
  atomsInFragment = 0;
  // Bond bookkeeping, for the valence check: a lower bound of each atom's bond-order sum.
  valence: number[] = [];
  maxValence: number[] = [];
  previous = -1;
  bond = 0;
  /** The pending bond was written ':' (aromatic). */
  colon = false;
  openRings = new Map<number, { atom: number; bond: number; colon: boolean }>();
  /** Index in `valence` of the fragment's first atom: atoms are numbered per fragment in `fragment.z`. */
  base = 0;

  atom(z: number, upperCase: boolean, organicSubset: boolean): void {
    const fragment = this.fragment;
    if (z !== 1) {
      if (tally[z]++ === 0) seenElements.push(z);
      if (upperCase) tallyUpper[z]++;
      fragment.heavy++;
    }
    const index = this.valence.length;
    this.valence.push(0);
    this.maxValence.push(organicSubset ? MAX_VALENCE_OF[z] : Infinity);
    fragment.z.push(z);
    fragment.lowerCase.push(upperCase ? 0 : 1);
    if (this.previous >= 0) {
      const order = this.bond || 1;
      this.valence[this.previous] += order;
      this.valence[index] += order;
      fragment.bonds.push(this.previous - this.base, index - this.base);
      fragment.orders.push(this.colon ? 5 : this.bond);
    }
    this.previous = index;
    this.bond = 0;
    this.colon = false;
    this.atomsInFragment++;
  }

  ring(number: number): void {
    const open = this.openRings.get(number);
    if (open) {
      const order = this.bond || open.bond || 1;
      this.valence[open.atom] += order;
      this.valence[this.previous] += order;
      this.fragment.bonds.push(open.atom - this.base, this.previous - this.base);
      this.fragment.orders.push(this.colon || open.colon ? 5 : this.bond || open.bond);
      this.openRings.delete(number);
      this.fragment.rings++;
    } else this.openRings.set(number, { atom: this.previous, bond: this.bond, colon: this.colon });
    this.bond = 0;
    this.colon = false;
  }

  nextFragment(): void {
    closeCounts(this.fragment);
    this.fragments.push(this.fragment);
    this.fragment = newFragment();
    this.atomsInFragment = 0;
    this.base = this.valence.length;
    this.previous = -1;
    this.bond = 0;
    this.colon = false;
  }
}

/**
 * A positive atom written next to an [O-] it is bonded to: "[N+](=O)[O-]", "[N+]([O-])", "[O-][n+]".
 * Normalisation leaves such pairs as drawn (nitro groups, N-oxides, azides), so they keep a fragment
 * "plain". Only pairs written side by side (optionally with a bond symbol, "(" or "(=O)" between) are
 * recognised: there the second atom is bonded to the first.
 */
const POSITIVE = String.raw`\[[A-Za-z]{1,2}\+1?\]`;
const NEGATIVE = String.raw`\[[A-Za-z]{1,2}-1?\]`;
const BONDED_PAIR = new RegExp(`${POSITIVE}(?:\\(=O\\))?\\(?[=#-]?${NEGATIVE}|${NEGATIVE}(?:\\(=O\\))?\\(?[=#-]?${POSITIVE}`, 'g');

/** Start positions of the bracket atoms that are part of a bonded opposite-charge pair. */
function bondedPairs(s: string): Set<number> {
  const starts = new Set<number>();
  for (const m of s.matchAll(BONDED_PAIR)) {
    starts.add(m.index);
    starts.add(m.index + m[0].lastIndexOf('['));
  }
  return starts;
}

/** Element of a bracket atom's content ("13CH3" → C, "nH" → N, "se" → Se), or undefined if not recognised. */
function bracketElement(inner: string): string | undefined {
  let i = 0;
  while (i < inner.length && inner.charCodeAt(i) >= 48 && inner.charCodeAt(i) <= 57) i++;
  const rest = inner.slice(i);
  // Two-letter symbols take precedence: [Sc] is scandium, [se] aromatic selenium.
  for (const len of [2, 1]) {
    const sym = rest.slice(0, len);
    if (sym.length !== len) continue;
    let element: string | undefined;
    if (ELEMENTS.has(sym)) element = sym;
    else if (BRACKET_AROMATIC[sym]) element = BRACKET_AROMATIC[sym];
    if (element && BRACKET_TAIL.test(rest.slice(len))) return element;
  }
  return undefined;
}

const TOTALS = new WeakMap<ReadonlySet<string>, Set<number>>();
/** The heavy-atom totals of a set of composition keys ("C17,N2,O1" → 20). */
function listedTotals(keys: ReadonlySet<string>): Set<number> {
  let totals = TOTALS.get(keys);
  if (!totals) {
    totals = new Set([...keys].map((k) => k.split(',').reduce((sum, part) => sum + Number(/\d+$/.exec(part)?.[0] ?? 0), 0)));
    TOTALS.set(keys, totals);
  }
  return totals;
}

/** Canonical key of a heavy-atom composition: "C17,N2,O1" (elements sorted, zero counts dropped). */
export function compositionKey(counts: Record<string, number>): string {
  return Object.keys(counts)
    .filter((e) => e !== 'H' && counts[e] > 0)
    .sort()
    .map((e) => `${e}${counts[e]}`)
    .join(',');
}

/** Heavy-atom composition of a Hill formula ("C22H28N2O", "C17H19NO3.HCl" is not a Hill formula and is rejected). */
export function compositionOfFormula(formula: string): Record<string, number> | undefined {
  const body = formula.replace(/\d*[+-]$/, '');
  if (!/^(?:[A-Z][a-z]?\d*)+$/.test(body)) return undefined;
  const counts: Record<string, number> = {};
  for (const m of body.matchAll(/([A-Z][a-z]?)(\d*)/g)) {
    if (!ELEMENTS.has(m[1])) return undefined;
    if (m[1] === 'H') continue;
    counts[m[1]] = (counts[m[1]] ?? 0) + (m[2] ? Number(m[2]) : 1);
  }
  return counts;
}

/** Key of a formula: heavy-atom composition plus hydrogen count, "C10,O2;H12". */
export function formulaKey(heavy: Record<string, number>, hydrogens: number): string {
  return `${compositionKey(heavy)};H${hydrogens}`;
}

/** Hydrogen count of a Hill formula ("C10H12O2" → 12), or undefined if it cannot be read. */
export function hydrogensOfFormula(formula: string): number | undefined {
  const body = formula.replace(/\d*[+-]$/, '');
  if (!/^(?:[A-Z][a-z]?\d*)+$/.test(body)) return undefined;
  let h = 0;
  for (const m of body.matchAll(/([A-Z][a-z]?)(\d*)/g)) if (m[1] === 'H') h += m[2] ? Number(m[2]) : 1;
  return h;
}

function satisfies(fragment: FragmentCensus, req: CountRequirement, written: boolean): boolean {
  if (fragment.rings < req.minRings) return false;
  for (const element in req.minCounts) if ((fragment.counts[element] ?? 0) < req.minCounts[element]) return false;
  const aliphatic = written ? fragment.writtenAliphatic : fragment.counts;
  for (const element in req.minAliphatic) if ((aliphatic[element] ?? 0) < req.minAliphatic[element]) return false;
  return true;
}

/**
 * Whether a record is proven unable to match any class rule or listing in scope. Records that may
 * match, and records the census does not recognise, are not screened out and must be classified.
 */
// No stereo perception either (~30% of the parse): scaffold SMARTS ignore stereo, hydrogen counts do not
// depend on it, and the InChIKey is only asked whether its first block (connectivity, no stereo) is listed.
const STAGE2_PARSE = JSON.stringify({ removeHs: false, assignStereo: false });

/** A kept fragment that may still match: the rules it may match and its listed composition key. */
interface OpenFragment {
  f: FragmentCensus;
  rules: string[];
  listed: string | undefined;
}

// The helpers below are module functions, not closures inside screen(): it runs once per record.

/** The class rules whose count requirements the fragment meets (all of them if one declares none). */
function rulesFor(f: FragmentCensus, req: PrefilterRequirements, written: boolean): string[] {
  const ids: string[] = [];
  for (const rule of req.classRules) {
    if (!rule.requirement) return [rule.id];
    for (const alternative of rule.requirement) {
      if (satisfies(f, alternative, written)) {
        ids.push(rule.id);
        break;
      }
    }
  }
  return ids;
}

/** The fragment's composition key when a listed substance has that composition. */
function listedKey(f: FragmentCensus, req: PrefilterRequirements): string | undefined {
  // Most fragments have a heavy-atom total no listed substance has: no key to build for them.
  if (!listedTotals(req.listedCompositions).has(f.heavy)) return undefined;
  const key = compositionKey(f.counts);
  return req.listedCompositions.has(key) ? key : undefined;
}

/** Whether the fragment's graph passes a rule's topology test (no test: it passes). `failed`: gates found not to embed. */
function fitsSkeletons(test: SkeletonTest | undefined, f: FragmentCensus, failed: Set<Skeleton>): boolean {
  if (!test) return true;
  // Ring closures written are the text graph's cyclomatic number (the census refuses open ring bonds).
  if (f.rings < test.gate.rings) return false;
  if (test.within) for (const smaller of test.within) if (failed.has(smaller)) return false;
  const graph = textGraph(f);
  if (!embeds(test.gate, graph)) {
    failed.add(test.gate);
    return false;
  }
  for (const anyOf of test.allOf) {
    let one = false;
    for (const skeleton of anyOf) if ((one = embeds(skeleton, graph))) break;
    if (!one) return false;
  }
  return true;
}

export function screen(input: string, req: PrefilterRequirements): Screen {
  let t = mark();
  if (req.names.size && req.names.has(input.trim().toLowerCase())) return { screenedOut: false, reason: 'registry name' };
  const c = census(input);
  if (!c.ok) return { screenedOut: false, reason: c.reason };
  let heavy = 0;
  let maxOrganic = 0;
  for (const f of c.fragments) {
    heavy += f.heavy;
    if (f.counts.C) maxOrganic = Math.max(maxOrganic, f.heavy);
  }
  // Records the classifier rejects (too large) go to it so that they get its error; records without
  // carbon can only match listings, decided on their compositions.
  if (heavy > LIMITS.maxHeavyAtoms) return { screenedOut: false, reason: 'too many atoms' };
  if (maxOrganic === 0) return screenWithoutCarbon(c.fragments, req);
  // Normalisation keeps the organic fragment with the most heavy atoms; ties are broken by canonical
  // SMILES, unknown here, so every tied fragment counts. Nothing else in the record can match.
  const written = req.aliphaticBound === 'written';
  const open: OpenFragment[] = [];
  for (const f of c.fragments) {
    if (!f.counts.C || f.heavy !== maxOrganic) continue;
    const rules = rulesFor(f, req, written);
    const listed = listedKey(f, req);
    if (rules.length || listed) open.push({ f, rules, listed });
  }
  if (PROFILE) t = lap('prefilter.census', t);
  if (open.length === 0) return { screenedOut: true, stage: 'census' };
  for (const rule of req.classRules) if (!rule.requirement) return { screenedOut: false, reason: `rule ${rule.id} declares no prefilter` };

  // Topology: drop the rules whose skeletons the fragment's graph cannot hold (every rule was tested
  // above), and the listed composition when no listed substance's graph fits and, for listings of
  // positional isomers, the coarse signature differs.
  const skeletons = req.skeletons;
  if (skeletons) {
    let still = 0;
    for (const k of open) {
      const failed = new Set<Skeleton>();
      k.rules = k.rules.filter((id) => fitsSkeletons(skeletons.get(id), k.f, failed));
      if (k.listed && req.listedSkeletons) {
        const test = req.listedSkeletons(k.listed);
        if (test && !test.graphs.some((g) => embeds(g, textGraph(k.f)))) {
          // A listing of positional isomers: its coarse signature must be the fragment's (undefined: cannot tell, keep it).
          const signature = test.signatures.size ? coarseIsomerSignature(textGraph(k.f)) : '';
          if (signature !== undefined && !test.signatures.has(signature)) k.listed = undefined;
        }
      }
      if (k.rules.length || k.listed) open[still++] = k;
    }
    open.length = still;
    if (PROFILE) t = lap('prefilter.topology', t);
    if (still === 0) return { screenedOut: true, stage: 'topology' };
  }

  // Stage 2, only for fragments whose parse as written is provably the normalised parent.
  const scaffolds = req.scaffolds;
  const formulas = req.listedFormulas;
  for (const { f, rules, listed } of open) {
    const undecided = { screenedOut: false as const, reason: listed ? 'composition of a listed substance' : `may match ${rules[0]}` };
    if (!scaffolds || !formulas || !f.plain) return undecided;
    for (const id of rules) if (!scaffolds.has(id)) return undecided;
    // Stage 2 only asks "could this match?": skipping RDKit's H-removal pass makes the parse ~20% cheaper.
    // Explicit H atoms then stay atoms, which can only make a degree-based scaffold match more often
    // (sound). Kekulisation must stay: it is what turns a lower-case 'n' in a saturated ring into an sp3 N.
    const mol = rdkit().get_mol(f.text, STAGE2_PARSE);
    if (PROFILE) t = lap('prefilter.parse', t);
    if (!mol) return { screenedOut: false, reason: 'parse failed' };
    try {
      if (!mol.is_valid()) return { screenedOut: false, reason: 'parse failed' };
      // Scaffolds first: adding hydrogens as atoms would change degree-based SMARTS.
      const gateOpen = new Map<string, boolean>();
      for (const id of rules) {
        const gate = req.gates?.get(id);
        if (gate !== undefined) {
          let open = gateOpen.get(gate);
          if (open === undefined) gateOpen.set(gate, (open = mol.get_substruct_match(query(gate)) !== '{}'));
          if (!open) continue;
        }
        if (mol.get_substruct_match(query(scaffolds.get(id)!)) !== '{}') {
          if (PROFILE) lap('prefilter.scaffold', t);
          return { screenedOut: false, reason: `scaffold of ${id}` };
        }
      }
      if (PROFILE) t = lap('prefilter.scaffold', t);
      if (listed) {
        const decided = listedByFormula(mol, f, formulas, req);
        if (PROFILE) t = lap('prefilter.formula', t);
        if (decided) return decided;
      }
    } finally {
      mol.delete();
    }
  }
  return { screenedOut: true, stage: 'scaffold' };
}

/**
 * A record whose fragments have no carbon. The classifier can find only listings (no class rule or ester,
 * ether or positional-isomer listing reaches a structure without carbon), and those only when the kept
 * fragment's InChIKey is a listed substance's (same first block: the same heavy atoms) or the parent of a
 * listed salt, or the whole record has a listed inorganic substance's formula. Normalisation keeps the
 * fragment with the most heavy atoms (ties decided by canonical SMILES, so every tied one counts).
 */
function screenWithoutCarbon(fragments: readonly FragmentCensus[], req: PrefilterRequirements): Screen {
  const undecided: Screen = { screenedOut: false, reason: 'no carbon' };
  if (!req.inorganic) return undecided;
  for (const rule of req.classRules) if (!rule.requirement) return undecided;
  let most = 0;
  const whole: Record<string, number> = {};
  for (const f of fragments) {
    most = Math.max(most, f.heavy);
    for (const e in f.counts) whole[e] = (whole[e] ?? 0) + f.counts[e];
  }
  if (most === 0 || req.inorganic.wholes.has(compositionKey(whole))) return undecided;
  for (const f of fragments) {
    if (f.heavy !== most) continue;
    const key = compositionKey(f.counts);
    if (req.listedCompositions.has(key) || req.inorganic.ions.has(key)) return undecided;
  }
  return { screenedOut: true, stage: 'census' };
}

/** Heavy-atom composition of a substance's normalised parent (its kept ion), or undefined when it cannot be prepared. */
function ionComposition(smiles: string): string | undefined {
  const prepared = prepareStructure(smiles, { identity: 'lean' });
  if (!prepared.ok) return undefined;
  try {
    return compositionKey(heavyAtomCounts(prepared.prepared.graph));
  } finally {
    prepared.prepared.dispose();
  }
}

/**
 * A parsed fragment with a listed substance's heavy atoms: undecided (classify it) when its formula,
 * hydrogens included, is a listed one and its InChIKey may be listed; undefined when no listing can match.
 */
function listedByFormula(mol: JSMol, f: FragmentCensus, formulas: ReadonlySet<string>, req: PrefilterRequirements): Screen | undefined {
  const heavyAtoms = mol.get_num_atoms(true);
  mol.add_hs_in_place();
  const hydrogens = mol.get_num_atoms() - heavyAtoms;
  if (!formulas.has(formulaKey(f.counts, hydrogens))) return undefined;
  // A listing that covers positional isomers reaches other InChIKeys of its formula.
  if (req.positionalFormulas?.has(formulaKey(f.counts, hydrogens))) return { screenedOut: false, reason: 'formula of a listing that covers positional isomers' };
  // Same formula as a listed substance: decide by the InChIKey, as the registry does.
  if (!req.mayBeListedInchiKey) return { screenedOut: false, reason: 'formula of a listed substance' };
  mol.remove_hs_in_place();
  const inchi = mol.get_inchi();
  const key = inchi ? rdkit().get_inchikey_for_inchi(inchi) : '';
  if (!key || req.mayBeListedInchiKey(key)) return { screenedOut: false, reason: 'InChIKey of a listed substance' };
  return undefined;
}

/**
 * Every ester or ether of a listed substance has an oxygen that src/chem/cleavage.ts can cut: neutral,
 * without hydrogen, two-connected, with an acyclic single bond to a carbon.
 */
const DERIVATIVE_GATE = '[#6]-!@[OX2;H0;+0]';

/**
 * Builds the requirements from the classifier's data: each class rule's `prefilter` field and each
 * listed substance's formula, restricted to the jurisdictions asked for. A rule without a valid
 * `prefilter`, or a substance whose formula cannot be read, disables screening (sound by default).
 */
export function requirementsFrom(
  rules: readonly ClassRule[],
  registry: Registry,
  jurisdictions: readonly Jurisdiction[],
  aliphaticBound: 'sound' | 'written' = 'sound',
  stage2 = true,
  topology = true,
): PrefilterRequirements {
  const inScope = new Set<string>(jurisdictions);
  const classRules = rules
    .filter((r) => inScope.has(r.jurisdiction))
    .map((r) => {
      const parsed = RulePrefilterSchema.safeParse((r as { prefilter?: unknown }).prefilter);
      return { id: r.id, requirement: parsed.success ? parsed.data : null };
    });
  const listedCompositions = new Set<string>();
  const inorganicWholes = new Set<string>();
  const inorganicIons = new Set<string>();
  let inorganicUnknown = false;
  const listedFormulas = new Set<string>();
  const positionalFormulas = new Set<string>();
  const names = new Set<string>();
  for (const s of registry.substances) {
    if (!s.listings.some((l) => inScope.has(l.jurisdiction))) continue;
    // A substance that no structure represents (red phosphorus) is never matched from a structure.
    if (s.form === 'none') continue;
    const counts = compositionOfFormula(s.formula);
    if (!counts) {
      classRules.push({ id: `registry:${s.id} (unreadable formula)`, requirement: null });
      continue;
    }
    listedCompositions.add(compositionKey(counts));
    if (!counts.C) {
      inorganicWholes.add(compositionKey(counts));
      const ion = ionComposition(s.smiles);
      if (ion === undefined) inorganicUnknown = true;
      else inorganicIons.add(ion);
    }
    listedFormulas.add(formulaKey(counts, hydrogensOfFormula(s.formula) ?? -1));
    if (s.listings.some((l) => inScope.has(l.jurisdiction) && l.covers.includes('positional-isomers')))
      positionalFormulas.add(formulaKey(counts, hydrogensOfFormula(s.formula) ?? -1));
  }
  // Every substance name can be typed as input, whatever its jurisdiction (the classifier resolves all).
  for (const s of registry.substances) {
    names.add(s.names.en.toLowerCase());
    if (s.names.zh) names.add(s.names.zh.toLowerCase());
    for (const x of s.synonyms) names.add(x.toLowerCase());
    for (const x of s.cas) names.add(x.toLowerCase());
  }
  const scaffolds = new Map<string, string>();
  const skeletons = new Map<string, SkeletonTest>();
  for (const r of rules) {
    const parsed = ScaffoldSchema.safeParse(r);
    if (!parsed.success || !inScope.has(r.jurisdiction)) continue;
    if (stage2) scaffolds.set(r.id, parsed.data.scaffold.smarts);
    const test = topology ? ruleSkeletons(r) : undefined;
    if (test) skeletons.set(r.id, test);
  }
  // Listings that extend to esters and ethers: a derivative holds every heavy atom of the listed
  // substance plus at least one carbon, and its graph contains the substance's graph (src/law/derivatives.ts).
  const gates = new Map<string, string>();
  const derivable = derivableSubstances(registry).filter((d) =>
    d.substance.listings.some((l) => inScope.has(l.jurisdiction) && (l.covers.includes('esters') || l.covers.includes('ethers'))),
  );
  // A substance may belong to several groups: its degree-bounded skeleton is built once.
  const skeletonOfDerivable = new Map<DerivableSubstance, Skeleton | undefined>();
  for (const { substance: d, members } of minimalUnderSubstructure(derivable)) {
    const id = `esters-ethers-of:${d.substance.id}`;
    // Cleaving acyclic bonds keeps every ring of the substance, so a derivative has at least as many.
    classRules.push({ id, requirement: [{ minCounts: { ...d.composition, C: (d.composition.C ?? 0) + 1 }, minAliphatic: {}, minRings: d.rings }] });
    if (topology) {
      // A derivative of d or of any substance containing d's graph: one of those must fit, bounded degrees and all.
      const fits = members.map((m) => (skeletonOfDerivable.has(m) ? skeletonOfDerivable.get(m) : skeletonOfDerivable.set(m, derivativeSkeleton(m)).get(m)));
      // Every member contains d's graph, so d's skeleton without degree bounds is a gate for all of them.
      const gate = skeletonOfQuery(query(d.smarts));
      if (gate) skeletons.set(id, { gate, allOf: fits.every((x) => x) ? [fits as Skeleton[]] : [] });
    }
    if (stage2) {
      scaffolds.set(id, d.smarts);
      gates.set(id, DERIVATIVE_GATE);
    }
  }
  if (topology) {
    linkContainedGates(skeletons);
    // Smaller gates first, so that a failed one (a piperidine ring) settles the larger ones that contain it.
    const size = (id: string) => skeletons.get(id)?.gate.elements.length ?? 0;
    classRules.sort((x, y) => size(x.id) - size(y.id));
  }
  const listedSkeletons = topology ? listedSkeletonsOf(registry, inScope) : undefined;
  const listedInScope = (found: readonly Substance[]) => found.some((x) => x.listings.some((l) => inScope.has(l.jurisdiction)));
  const mayBeListedInchiKey = (key: string) => listedInScope(registry.byInchiKey(key)) || listedInScope(registry.byInchiKey(key.slice(0, 14)));
  return {
    classRules,
    listedCompositions,
    ...(inorganicUnknown ? {} : { inorganic: { ions: inorganicIons, wholes: inorganicWholes } }),
    names,
    aliphaticBound,
    ...(topology ? { skeletons, listedSkeletons } : {}),
    ...(stage2 ? { scaffolds, gates, listedFormulas, mayBeListedInchiKey, positionalFormulas } : {}),
  };
}

/** Only listed graphs of these elements are used: InChI may disconnect bonds to metals, and then its key would not fix the graph. */
const NON_METALS = new Set(['C', 'N', 'O', 'S', 'P', 'F', 'Cl', 'Br', 'I']);

/**
 * Per composition key, what a fragment must have to match one of the listed substances in scope (see
 * PrefilterRequirements.listedSkeletons), built on first use from each substance's normalised parent,
 * from which the registry computed its InChIKey and its positional-isomer signature.
 */
function listedSkeletonsOf(registry: Registry, inScope: ReadonlySet<string>): (key: string) => ListedTest | null {
  const bySubstance = new Map<string, Substance[]>();
  for (const s of registry.substances) {
    if (s.form === 'none' || !s.listings.some((l) => inScope.has(l.jurisdiction))) continue;
    const counts = compositionOfFormula(s.formula);
    if (!counts) continue;
    const key = compositionKey(counts);
    bySubstance.set(key, [...(bySubstance.get(key) ?? []), s]);
  }
  const cache = new Map<string, ListedTest | null>();
  /** A substance's graph, or for a listing of positional isomers its coarse signature; undefined: no test possible. */
  const testOf = (s: Substance, key: string): { graph: Skeleton } | { signature: string } | undefined => {
    if (s.form === 'inorganic') return undefined;
    const prepared = prepareStructure(s.smiles, { identity: 'lean' });
    if (!prepared.ok) return undefined;
    try {
      const { graph } = prepared.prepared;
      if (graph.atoms.some((a) => !NON_METALS.has(a.symbol))) return undefined;
      if (compositionKey(heavyAtomCounts(graph)) !== key) return undefined;
      const z = graph.atoms.map((a) => a.z);
      if (s.listings.some((l) => inScope.has(l.jurisdiction) && l.covers.includes('positional-isomers'))) {
        // Its positional isomers have other graphs: only what isomerSignature keeps of the graph is fixed.
        const signature = coarseIsomerSignature(TextGraph.ofMolGraph(graph));
        return signature === undefined || (graph.rings.length === 0 && graph.bonds.length >= graph.atoms.length) ? undefined : { signature };
      }
      const skeleton = skeletonOfGraph(z, graph.bonds.map((b) => [b.a, b.b] as const));
      return skeleton && { graph: skeleton };
    } finally {
      prepared.prepared.dispose();
    }
  };
  return (key) => {
    let test = cache.get(key);
    if (test === undefined) {
      const substances = bySubstance.get(key) ?? [];
      const built = substances.map((s) => testOf(s, key));
      test = null;
      if (substances.length && built.every((t) => t)) {
        test = { graphs: [], signatures: new Set() };
        for (const t of built) 'graph' in t! ? test.graphs.push(t.graph) : test.signatures.add(t!.signature);
      }
      cache.set(key, test);
    }
    return test;
  };
}

/**
 * The derivable substances that contain no other one's graph, each with the derivable substances that
 * contain its graph (itself included). A substance whose graph contains another's (codeine contains
 * morphine) needs no count requirement or scaffold of its own: every derivative of it also holds the
 * smaller graph, at least as many atoms of each element and at least as many rings, so the smaller
 * substance's requirement screens it soundly. Of two substances with the same graph, the first is kept.
 */
function minimalUnderSubstructure(derivable: readonly DerivableSubstance[]): { substance: DerivableSubstance; members: DerivableSubstance[] }[] {
  const mols = derivable.map((d) => rdkit().get_mol(d.smiles));
  try {
    const contains = (i: number, j: number) => i === j || (!!mols[i] && !!mols[j] && mols[i]!.get_substruct_match(query(derivable[j].smarts)) !== '{}');
    const kept = derivable.flatMap((d, i) => {
      if (!mols[i]) return [i];
      const covered = derivable.some((_, j) => j !== i && mols[j] && contains(i, j) && (!contains(j, i) || j < i));
      return covered ? [] : [i];
    });
    // A substance RDKit cannot read is its own group (it then has no skeleton: see derivativeSkeleton).
    return kept.map((i) => ({ substance: derivable[i], members: derivable.filter((_, j) => contains(j, i)) }));
  } finally {
    for (const m of mols) m?.delete();
  }
}

/**
 * The skeleton every ester or ether of `d` holds (src/chem/cleavage.ts): cleaving gives the component
 * holding the cut oxygens, whose heavy-atom graph is d's (same InChIKey first block), and every bond
 * leaving it is a cut bond at one of its oxygens. So d's graph embeds with each atom keeping its heavy
 * degree, except that an oxygen carrying hydrogen in d may have one neighbour more. Undefined (no test)
 * when d's graph has atoms other than non-metals or hydrogen atoms.
 */
function derivativeSkeleton(d: DerivableSubstance): Skeleton | undefined {
  const prepared = prepareStructure(d.smiles, { identity: 'lean' });
  if (!prepared.ok) return undefined;
  try {
    const { graph } = prepared.prepared;
    if (graph.atoms.some((a) => !NON_METALS.has(a.symbol))) return undefined;
    const degree = graph.atoms.map((a) => graph.neighbours[a.index].length);
    return skeletonOfGraph(
      graph.atoms.map((a) => a.z),
      graph.bonds.map((b) => [b.a, b.b] as const),
      graph.atoms.map((a) => degree[a.index] + (a.z === 8 && a.hydrogens > 0 ? 1 : 0)),
    );
  } finally {
    prepared.prepared.dispose();
  }
}

/**
 * Records in each rule's test the other gates that embed in its gate (skeletonEmbedsIn): a fragment that
 * holds this gate holds those too, so one of them failing settles this rule without a search. Rules are
 * tested in their order, so only gates of earlier rules can have failed already; all are linked anyway.
 */
function linkContainedGates(skeletons: Map<string, SkeletonTest>): void {
  const tests = [...skeletons.values()];
  for (const test of tests) {
    const within = tests.filter((other) => other !== test && other.gate !== test.gate && skeletonEmbedsIn(other.gate, test.gate));
    if (within.length) test.within = within.map((other) => other.gate);
  }
}

/**
 * A class rule's topology test: its scaffold as the gate, then for each group region that can only be
 * certain groups (vocabulary.ts, groupRegionPieces), the scaffold with the pieces of one of them. The
 * engine rules out every mapping where a group region is "no" (engine.ts, judgeGroup), so a rule with a
 * finding has a mapping with one allowed group in each region, and each region's list has a skeleton that
 * embeds. (Regions are tested apart: two regions' groups may share atoms.)
 */
function ruleSkeletons(rule: ClassRule): SkeletonTest | undefined {
  const gate = skeletonOfQuery(query(rule.scaffold.smarts));
  if (!gate) return undefined;
  const indexOfMap = scaffoldAtomOfMap(rule);
  const core = indexOfMap.size;
  const allOf: Skeleton[][] = [];
  for (const region of rule.regions) {
    if (region.type !== 'group') continue;
    const anchor = indexOfMap.get(region.anchor);
    const groups = groupRegionPieces(region.reference, region.alternatives);
    if (anchor === undefined || !groups) continue;
    const alternatives = groups.map((pieces) =>
      skeletonOfQuery(query(rule.scaffold.smarts), {
        atoms: pieces.atoms.map((a) => ({ bondedTo: a.bondedTo < 0 ? anchor : core + a.bondedTo, elements: a.elements, double: a.double, mayBeCore: a.mayBeScaffold })),
        closed: pieces.closed ? [anchor] : [],
      }),
    );
    if (alternatives.every((x) => x)) allOf.push(alternatives as Skeleton[]);
  }
  return { gate, allOf };
}
