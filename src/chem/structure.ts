/**
 * Structure input → the normalised parent used for classification.
 *
 * Normalisation for the law (docs/interpretation.md, "Normalisation"): keep the largest organic
 * fragment and report what was stripped (salts, solvents), neutralise charges that can be neutralised
 * by adding or removing hydrogen, and drop isotope labels (fentanyl-d5 is fentanyl for the law).
 * Stereo is kept in the output; class matching does not use it.
 */
import { problem, ProblemError, type Problem } from '../problems.js';
import { elementSymbol, graphFromRdkitJson, molecularFormula, type MolGraph } from './graph.js';
import { lap, mark, PROFILE } from './profile.js';
import { rdkit, withRDKitLog, type JSMol } from './rdkit.js';

export const LIMITS = {
  /** Longest SMILES / InChI / name accepted, in characters. */
  maxLineChars: 50_000,
  /** Longest molfile or SDF record accepted, in characters. */
  maxBlockChars: 2_000_000,
  /**
   * Largest structure classified. RDKit-WASM's recursive algorithms overflow their stack (and may corrupt
   * memory) on chains or rings of ~600+ atoms, so the limit is checked on the text before RDKit sees it.
   * Controlled substances are far smaller; polymers and proteins are out of scope.
   */
  maxHeavyAtoms: 500,
} as const;

const ATOM_TOKEN = /\[[^\]]*\]|Cl|Br|[BCNOSPFI]|[bcnosp]/g;

/** Upper bound on the atom count of a SMILES or a molfile, read without parsing it. */
export function atomCountBound(text: string, format: InputFormat): number {
  if (format === 'molfile') {
    const v3 = /M {2}V30 COUNTS (\d+)/.exec(text);
    if (v3) return Number(v3[1]);
    const counts = text.split('\n')[3] ?? '';
    const n = Number(counts.slice(0, 3));
    return Number.isFinite(n) ? n : 0;
  }
  return text.split(/\s/, 1)[0].match(ATOM_TOKEN)?.length ?? 0;
}

export type InputFormat = 'smiles' | 'molfile' | 'inchi' | 'name';

export interface Structure {
  /** Canonical SMILES of the normalised parent, stereo kept. */
  smiles: string;
  inchi?: string;
  inchikey?: string;
  formula: string;
  monoisotopicMass?: number;
  heavyAtoms: number;
  /** Canonical SMILES of every fragment that was removed (counter-ions, solvents). */
  stripped: string[];
  /** What normalisation changed, in words, e.g. "neutralised 1 charged atom". */
  changes: string[];
  /**
   * True when other fragments were stripped or charges neutralised: the input is a salt, solvate or
   * ionised form of the parent. Listings that do not extend to salts do not reach it.
   */
  saltForm: boolean;
  /**
   * Only for an input with no carbon in any fragment (an inorganic substance such as potassium
   * permanganate): the whole substance as given, every ion kept, isotope labels ignored. Inorganic
   * listings name a salt as such, so they are matched on this, not on the parent (docs/interpretation.md,
   * I-INORGANIC).
   */
  inorganic?: { smiles: string; formula: string };
  /** How the input was read. */
  format: InputFormat;
}

/** A parsed, normalised molecule. The caller owns `mol` and must call `dispose()`. */
export interface PreparedMolecule {
  mol: JSMol;
  graph: MolGraph;
  structure: Structure;
  dispose(): void;
}

export interface PrepareOptions {
  /** 'full' adds InChI, InChIKey and mass; 'lean' skips them (bulk screening of non-matching records). */
  identity?: 'full' | 'lean';
  /** Resolves an InChIKey (from an InChI input) to a SMILES, e.g. from the registry. */
  resolveInchiKey?: (inchikey: string) => string | undefined;
  /** Resolves a substance name or CAS number to a SMILES, e.g. from the registry. */
  resolveName?: (name: string) => string | undefined;
}

export type PrepareResult = { ok: true; prepared: PreparedMolecule } | { ok: false; problem: Problem };

function isMolBlock(text: string): boolean {
  return text.includes('\n') && /M {2}END/.test(text);
}

export function detectFormat(text: string): InputFormat {
  if (/M {2}END|V2000|V3000/.test(text)) return 'molfile';
  if (/^InChI=/.test(text)) return 'inchi';
  return 'smiles';
}

// Bracket atoms hold an element symbol (or H isotopes); used only to name an unknown symbol in an error.
const BRACKET_SYMBOL = /\[(?:\d+)?([A-Za-z][a-z]?)/g;
const KNOWN_SYMBOLS = new Set(
  Array.from({ length: 118 }, (_, i) => elementSymbol(i + 1)).flatMap((s) => [s, s.toLowerCase()]),
);

function inputProblem(text: string): Problem | undefined {
  if (text.trim() === '') return problem('EMPTY_INPUT', 'No structure was given.');
  const isBlock = isMolBlock(text);
  const max = isBlock ? LIMITS.maxBlockChars : LIMITS.maxLineChars;
  if (text.length > max)
    return problem(
      'INPUT_TOO_LARGE',
      `The input is ${text.length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')} are accepted for a ${isBlock ? 'molfile' : 'SMILES or InChI'}.`,
    );
  // NUL, other C0 controls than tab/CR/LF, or U+FFFD from undecodable bytes: not a structure.
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(text))
    return problem('BINARY_INPUT', 'The input contains control characters or undecodable bytes; it does not look like a structure.');
  return undefined;
}

function parseProblem(text: string, format: InputFormat, log: string): Problem {
  if (/valence/i.test(log)) {
    const m = /Explicit valence for atom # (\d+) (\w+), (\d+), is greater than permitted/.exec(log);
    return problem(
      'BAD_VALENCE',
      m ? `Atom ${Number(m[1]) + 1} (${m[2]}) has ${m[3]} bonds, more than its valence allows.` : 'An atom has more bonds than its valence allows.',
    );
  }
  if (format === 'smiles') {
    for (const m of text.matchAll(BRACKET_SYMBOL)) {
      if (!KNOWN_SYMBOLS.has(m[1]) && !KNOWN_SYMBOLS.has(m[1].slice(0, 1)))
        return problem('UNSUPPORTED_ELEMENT', `"${m[1]}" is not a chemical element.`);
    }
    if (/kekulize/i.test(log)) return problem('INVALID_SMILES', 'The aromatic ring system cannot be given a valid Kekulé structure (check aromatic atoms and [nH]).');
    if (/unclosed ring/i.test(log)) return problem('INVALID_SMILES', 'A ring bond is opened but never closed.');
    const pos = /check for mistakes around position (\d+)/.exec(log);
    return problem('INVALID_SMILES', pos ? `The SMILES cannot be parsed; check around position ${pos[1]}.` : 'The SMILES cannot be parsed.');
  }
  return problem('INVALID_MOLFILE', 'The molfile cannot be read' + (log ? `: ${log.split('\n')[0].replace(/^\[[\d:]+\]\s*/, '')}` : '.'));
}

/** Parses and normalises one structure. Never throws for bad input. */
export function prepareStructure(raw: string, options: PrepareOptions = {}): PrepareResult {
  const bad = inputProblem(raw);
  if (bad) return { ok: false, problem: bad };
  // A molfile's first lines may be blank and are significant, so only single-line input is trimmed.
  let text = isMolBlock(raw) ? raw : raw.trim();
  let format = detectFormat(text);
  if (format === 'molfile') {
    // An SDF record: the molfile ends at "M  END"; data items after it are not structure.
    const end = text.indexOf('M  END');
    text = text.slice(0, end + 'M  END'.length) + '\n';
  }
  if (format === 'inchi') {
    const key = rdkit().get_inchikey_for_inchi(text);
    if (!key) return { ok: false, problem: problem('INVALID_INCHI', 'The InChI is not valid.') };
    const smiles = options.resolveInchiKey?.(key);
    if (!smiles)
      return {
        ok: false,
        problem: problem(
          'INCHI_NOT_RESOLVABLE',
          `InChIKey ${key} is not in the registry; an InChI can only be turned into a structure for registry substances. Give a SMILES or a molfile.`,
        ),
      };
    text = smiles;
  }

  const bound = atomCountBound(text, format);
  if (bound > LIMITS.maxHeavyAtoms)
    return {
      ok: false,
      problem: problem('TOO_MANY_ATOMS', `The structure has about ${bound} atoms; at most ${LIMITS.maxHeavyAtoms} heavy atoms are classified (controlled substances are far smaller).`),
    };

  let t = mark();
  const parsed = withRDKitLog(() => rdkit().get_mol(text));
  if (PROFILE) t = lap('classify.parse', t);
  let mol = parsed.value;
  if (!mol || !mol.is_valid()) {
    mol?.delete();
    if (format === 'smiles' && options.resolveName && /^[^\s]/.test(text)) {
      let smiles: string | undefined;
      try {
        smiles = options.resolveName(text);
      } catch (err) {
        if (err instanceof ProblemError) return { ok: false, problem: err.problem };
        throw err;
      }
      if (smiles) {
        const byName = prepareStructure(smiles, { ...options, resolveName: undefined });
        if (byName.ok) byName.prepared.structure.format = 'name';
        return byName;
      }
    }
    return { ok: false, problem: parseProblem(text, format, parsed.log) };
  }
  try {
    const prepared = normalise(mol, format);
    if (PROFILE) t = lap('classify.normalise', t);
    if ((options.identity ?? 'full') === 'full') {
      try {
        Object.assign(prepared.structure, identityOf(prepared.mol, prepared.graph));
      } catch (err) {
        prepared.dispose();
        throw err;
      }
      if (PROFILE) lap('classify.identity', t);
    }
    return { ok: true, prepared };
  } catch (err) {
    if (!mol.isDeleted()) mol.delete();
    if (err instanceof NormaliseError) return { ok: false, problem: err.problem };
    throw err;
  }
}

class NormaliseError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

interface JsonAtom {
  z?: number;
  impHs?: number;
  chg?: number;
  isotope?: number;
}

/** The normalised parent, without InChI/InChIKey (prepareStructure adds them when asked). */
function normalise(input: JSMol, format: InputFormat): PreparedMolecule {
  const state = { mol: input };
  try {
    return normaliseOwned(state, format);
  } catch (err) {
    // Free whatever molecule normalisation had reached (the input or the fragment that replaced it).
    if (!state.mol.isDeleted()) state.mol.delete();
    throw err;
  }
}

function normaliseOwned(state: { mol: JSMol }, format: InputFormat): PreparedMolecule {
  const R = rdkit();
  let mol = state.mol;
  const track = (m: JSMol) => ((state.mol = m), (mol = m));
  const changes: string[] = [];
  const stripped: string[] = [];

  const heavy = mol.get_num_atoms(true);
  if (heavy > LIMITS.maxHeavyAtoms)
    throw new NormaliseError(problem('TOO_MANY_ATOMS', `The structure has ${heavy} heavy atoms; at most ${LIMITS.maxHeavyAtoms} are classified.`));

  let graph = graphFromRdkitJson(mol.get_json());
  let neutralisedAtoms = 0;
  if (graph.atoms.some((a) => a.z === 0))
    throw new NormaliseError(problem('UNSUPPORTED_ELEMENT', 'The structure has a wildcard or R-group atom (*); only complete structures can be classified.'));
  // No carbon anywhere: keep the whole substance's identity (all its ions) for inorganic listings.
  const inorganic = graph.atoms.some((a) => a.z === 6) ? undefined : { smiles: mol.get_smiles(), formula: molecularFormula(graph) };

  // 1. Largest organic fragment.
  const fragmentCount = countFragments(graph);
  if (fragmentCount > 1) {
    const frags = mol.get_frags();
    const list = frags.molList;
    const candidates: { mol: JSMol; heavy: number; organic: boolean; smiles: string }[] = [];
    for (let i = 0; i < list.size(); i++) {
      const m = list.at(i);
      if (!m) continue;
      const g = graphFromRdkitJson(m.get_json());
      candidates.push({ mol: m, heavy: g.atoms.filter((a) => a.z !== 1).length, organic: g.atoms.some((a) => a.z === 6), smiles: m.get_smiles() });
    }
    list.delete();
    candidates.sort((x, y) => Number(y.organic) - Number(x.organic) || y.heavy - x.heavy || (x.smiles < y.smiles ? -1 : 1));
    const [keep, ...rest] = candidates;
    if (!keep) throw new NormaliseError(problem('INVALID_SMILES', 'The structure has no atoms.'));
    for (const c of rest) {
      stripped.push(c.smiles);
      c.mol.delete();
    }
    mol.delete();
    track(keep.mol);
    changes.push(
      keep.organic
        ? `kept the largest organic fragment; stripped ${rest.length} other fragment${rest.length === 1 ? '' : 's'}`
        : `no fragment contains carbon: kept the largest inorganic fragment; stripped ${rest.length} other fragment${rest.length === 1 ? '' : 's'}`,
    );
    graph = graphFromRdkitJson(mol.get_json());
  } else if (!graph.atoms.some((a) => a.z === 6)) {
    // Inorganic substances (water, permanganate, acids) are classified too: some precursor lists name them.
    changes.push('no carbon: classified the inorganic structure as given');
  }

  // 2. Isotopes and charges, by editing RDKit's own JSON and letting RDKit re-perceive the molecule.
  const needsIsotopes = graph.atoms.some((a) => a.isotope !== 0);
  const needsCharges = graph.atoms.some((a) => a.charge !== 0);
  if (needsIsotopes || needsCharges) {
    const doc = JSON.parse(mol.get_json()) as { molecules: { atoms: JsonAtom[] }[] };
    const atoms = doc.molecules[0].atoms;
    let isotopes = 0;
    for (const a of atoms) {
      if (a.isotope) {
        delete a.isotope;
        isotopes++;
      }
    }
    const neutralised = needsCharges ? neutraliseJsonAtoms(atoms, graph) : 0;
    const rebuilt = R.get_mol(JSON.stringify(doc));
    if (rebuilt && rebuilt.is_valid()) {
      rebuilt.remove_hs_in_place();
      mol.delete();
      track(rebuilt);
      if (isotopes) changes.push(`removed ${isotopes} isotope label${isotopes === 1 ? '' : 's'}`);
      neutralisedAtoms = neutralised;
      if (neutralised) changes.push(`neutralised ${neutralised} charged atom${neutralised === 1 ? '' : 's'}`);
      graph = graphFromRdkitJson(mol.get_json());
    } else {
      rebuilt?.delete();
      changes.push('charges or isotopes could not be normalised; classified as given');
    }
  }

  const smiles = mol.get_smiles();
  const structure: Structure = {
    smiles,
    formula: molecularFormula(graph),
    heavyAtoms: graph.atoms.filter((a) => a.z !== 1).length,
    stripped,
    saltForm: stripped.length > 0 || neutralisedAtoms > 0,
    changes,
    ...(inorganic ? { inorganic } : {}),
    format,
  };
  const owned = mol;
  return { mol: owned, graph, structure, dispose: () => owned.delete() };
}

export function identityOf(mol: JSMol, graph: MolGraph): { inchi: string; inchikey: string; monoisotopicMass: number } {
  const inchi = mol.get_inchi();
  const inchikey = inchi ? rdkit().get_inchikey_for_inchi(inchi) : '';
  return { inchi, inchikey, monoisotopicMass: Math.round(monoisotopicMass(mol, graph) * 1e5) / 1e5 };
}

/**
 * Masses of the most abundant isotope (the values RDKit uses for its exact mass). Summing them is
 * ~100× cheaper than RDKit's full descriptor set; other elements fall back to RDKit.
 */
const MONOISOTOPIC: Record<number, number> = {
  1: 1.00782503207, 5: 11.0093054, 6: 12, 7: 14.0030740048, 8: 15.99491461956, 9: 18.99840322, 11: 22.9897692809,
  14: 27.9769265325, 15: 30.97376163, 16: 31.972071, 17: 34.96885268, 19: 38.96370668, 34: 79.9165213, 35: 78.9183371, 53: 126.904473,
};

function monoisotopicMass(mol: JSMol, graph: MolGraph): number {
  let mass = 0;
  for (const a of graph.atoms) {
    const m = MONOISOTOPIC[a.z];
    if (m === undefined || a.isotope) return (JSON.parse(mol.get_descriptors()) as { exactmw: number }).exactmw;
    mass += m + a.hydrogens * MONOISOTOPIC[1];
  }
  return mass;
}

function countFragments(graph: MolGraph): number {
  const seen = new Uint8Array(graph.atoms.length);
  let count = 0;
  for (let start = 0; start < graph.atoms.length; start++) {
    if (seen[start]) continue;
    count++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      for (const n of graph.neighbours[i]) if (!seen[n.atom]) (seen[n.atom] = 1), stack.push(n.atom);
    }
  }
  return count;
}

/**
 * Neutralises charged atoms the way a chemist would for a parent structure: a protonated base loses
 * its proton; an anion gains one, unless it balances a cation that has no proton to lose (nitro
 * groups, N-oxides and quaternary ammonium zwitterions stay as drawn). Returns how many atoms changed.
 */
function neutraliseJsonAtoms(atoms: JsonAtom[], graph: MolGraph): number {
  let changed = 0;
  const bondedToOppositeCharge = (i: number, sign: number) => graph.neighbours[i].some((n) => Math.sign(graph.atoms[n.atom].charge) === -sign);
  let unbalancedCations = 0;
  for (const atom of graph.atoms) {
    const a = atoms[atom.index];
    if (atom.charge > 0 && atom.hydrogens > 0 && !bondedToOppositeCharge(atom.index, 1)) {
      const remove = Math.min(atom.charge, atom.hydrogens);
      a.chg = atom.charge - remove || undefined;
      a.impHs = atom.hydrogens - remove;
      if (a.chg === undefined) delete a.chg;
      changed++;
    } else if (atom.charge > 0 && !bondedToOppositeCharge(atom.index, 1)) {
      unbalancedCations += atom.charge;
    }
  }
  for (const atom of graph.atoms) {
    const a = atoms[atom.index];
    if (atom.charge < 0 && [6, 7, 8, 15, 16].includes(atom.z) && !bondedToOppositeCharge(atom.index, -1)) {
      if (unbalancedCations > 0) {
        unbalancedCations += atom.charge;
        continue;
      }
      a.impHs = atom.hydrogens - atom.charge;
      delete a.chg;
      changed++;
    }
  }
  return changed;
}

/** SVG depiction with optional highlighted atoms and bonds, each with its own colour. */
export interface DepictOptions {
  width?: number;
  height?: number;
  highlights?: { atoms: number[]; bonds?: number[]; colour: [number, number, number] }[];
}

export function depict(mol: JSMol, options: DepictOptions = {}): string {
  const atoms: number[] = [];
  const bonds: number[] = [];
  const atomColours: Record<number, [number, number, number]> = {};
  const bondColours: Record<number, [number, number, number]> = {};
  for (const h of options.highlights ?? []) {
    for (const a of h.atoms) if (!(a in atomColours)) (atomColours[a] = h.colour), atoms.push(a);
    for (const b of h.bonds ?? []) if (!(b in bondColours)) (bondColours[b] = h.colour), bonds.push(b);
  }
  return mol.get_svg_with_highlights(
    JSON.stringify({
      width: options.width ?? 360,
      height: options.height ?? 260,
      atoms,
      bonds,
      highlightAtomColors: atomColours,
      highlightBondColors: bondColours,
      clearBackground: false,
      addStereoAnnotation: true,
    }),
  );
}

/** Bonds whose both ends are in the atom set: for highlighting a region. */
export function bondsWithin(graph: MolGraph, atoms: Iterable<number>): number[] {
  const set = new Set(atoms);
  return graph.bonds.filter((b) => set.has(b.a) && set.has(b.b)).map((b) => b.index);
}
