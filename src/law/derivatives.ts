/**
 * Listings that extend to a substance's esters and ethers ("…and its isomers, esters, ethers and
 * salts"): a structure is an ester or ether of listed X when cleaving one to three of its ester or ether
 * bonds at oxygen gives X (src/chem/cleavage.ts; docs/interpretation.md, I-ESTER-ETHER). Only listed
 * substances with a hydroxyl group (O–H, including the OH of a carboxyl) can have esters or ethers.
 */
import { cleavageProducts, productMol, type CleavageKind, type CleavageProduct } from '../chem/cleavage.js';
import { heavyAtomCounts, type MolGraph } from '../chem/graph.js';
import { prepareStructure } from '../chem/structure.js';
import { rdkit, type JSMol } from '../chem/rdkit.js';
import { listedFinding } from './listed-findings.js';
import type { Listing, Registry, Substance } from '../registry/types.js';
import { join, messageIn } from './messages.js';
import { INTERPRETATIONS } from './vocabulary.js';
import type { Finding, Jurisdiction } from './verdict.js';

/** A listed substance whose listing covers esters or ethers and that has an oxygen such derivatives can form on. */
export interface DerivableSubstance {
  substance: Substance;
  /** Heavy-atom composition of the listed substance. */
  composition: Record<string, number>;
  /** The substance as a SMARTS (RDKit's, from its SMILES): every derivative contains this graph. */
  smarts: string;
  /** Its number of rings (cyclomatic number of the heavy-atom graph). */
  rings: number;
  /** Canonical SMILES of its normalised parent. */
  smiles: string;
}

const INDEX = new WeakMap<Registry, DerivableSubstance[]>();

function coversDerivatives(l: Listing): boolean {
  return l.covers.includes('esters') || l.covers.includes('ethers');
}

/** Needs RDKit loaded. Computed once per registry. */
export function derivableSubstances(registry: Registry): DerivableSubstance[] {
  const cached = INDEX.get(registry);
  if (cached) return cached;
  const out: DerivableSubstance[] = [];
  for (const substance of registry.substances) {
    if (!substance.listings.some(coversDerivatives)) continue;
    // The normalised parent, as the registry computed the substance's InChIKey from it.
    const prepared = prepareStructure(substance.smiles, { identity: 'lean' });
    if (!prepared.ok) continue;
    try {
      const { graph, mol } = prepared.prepared;
      if (!graph.atoms.some((a) => a.z === 8 && a.hydrogens > 0 && a.charge === 0)) continue;
      out.push({ substance, composition: heavyAtomCounts(graph), smarts: looseSmarts(mol.get_smarts()), rings: graph.bonds.length - graph.atoms.length + 1, smiles: prepared.prepared.structure.smiles });
    } finally {
      prepared.prepared.dispose();
    }
  }
  INDEX.set(registry, out);
  return out;
}

/**
 * RDKit's SMARTS of the substance without chirality and hydrogen counts: a derivative may be drawn
 * without stereo or with explicit hydrogen atoms, and must still contain this graph.
 */
function looseSmarts(smarts: string): string {
  return smarts.replace(/\[([^\]]*)\]/g, (_, inner: string) => `[${inner.replace(/@+/g, '').replace(/H\d*/g, '')}]`);
}

/** Necessary condition: the structure has every heavy atom of the substance and at least one more carbon. */
export function mayBeDerivativeOf(counts: Record<string, number>, d: DerivableSubstance): boolean {
  for (const e in d.composition) if ((counts[e] ?? 0) < d.composition[e] + (e === 'C' ? 1 : 0)) return false;
  return true;
}

type DerivativeKind = NonNullable<Finding['derivative']>['kind'];

const KIND_TEXT = {
  ester: { en: 'ester', zh: '酯', bonds: 'the ester bond', bondsZh: '酯键' },
  ether: { en: 'ether', zh: '醚', bonds: 'the ether bond', bondsZh: '醚键' },
  'ester and ether': { en: 'ester and ether', zh: '酯及醚', bonds: 'the ester and ether bonds', bondsZh: '酯键和醚键' },
} as const;

/** The words for a derivative kind, in English and 中文. */
export function derivativeKindText(kind: DerivativeKind): { en: string; zh: string } {
  return { en: KIND_TEXT[kind].en, zh: KIND_TEXT[kind].zh };
}

function derivativeKind(kinds: readonly CleavageKind[]): DerivativeKind {
  const ester = kinds.some((k) => k !== 'ether');
  const ether = kinds.includes('ether');
  return ester && ether ? 'ester and ether' : ester ? 'ester' : 'ether';
}

function inchikeyOf(mol: JSMol, product: CleavageProduct): string {
  const built = productMol(mol, product);
  if (!built) return '';
  try {
    const inchi = built.get_inchi();
    return inchi ? rdkit().get_inchikey_for_inchi(inchi) : '';
  } finally {
    built.delete();
  }
}

/**
 * Findings for listings that this structure falls under as an ester or ether of the listed substance.
 * `prepared` is the normalised parent (its RDKit molecule and graph, in the order highlights use).
 */
export function derivativeFindings(
  registry: Registry,
  prepared: { mol: JSMol; graph: MolGraph },
  asOf: string,
  jurisdictions: readonly Jurisdiction[],
): Finding[] {
  const inScope = new Set<string>(jurisdictions);
  const counts = heavyAtomCounts(prepared.graph);
  const candidates = derivableSubstances(registry).filter(
    (d) => d.substance.listings.some((l) => coversDerivatives(l) && inScope.has(l.jurisdiction)) && mayBeDerivativeOf(counts, d),
  );
  if (!candidates.length) return [];
  const formulas = new Set(candidates.map((d) => d.substance.formula));
  const products = cleavageProducts(prepared.graph, { wanted: (f) => formulas.has(f) });
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const listById = new Map(registry.lists.map((l) => [l.id, l]));
  for (const product of products) {
    const key = inchikeyOf(prepared.mol, product);
    if (!key) continue;
    const kind = derivativeKind(product.cuts.map((c) => c.kind));
    const needs = { esters: kind !== 'ether', ethers: kind !== 'ester' };
    const exact = registry.byInchiKey(key);
    const skeleton = registry.byInchiKey(key.slice(0, 14)).filter((s) => s.inchikey !== key);
    for (const [substances, stereoInsensitive] of [[exact, false], [skeleton, true]] as const) {
      for (const substance of substances) {
        for (const listing of substance.listings) {
          if (!inScope.has(listing.jurisdiction)) continue;
          if ((needs.esters && !listing.covers.includes('esters')) || (needs.ethers && !listing.covers.includes('ethers'))) continue;
          if (stereoInsensitive && listing.stereo === 'exact' && !listing.covers.includes('stereoisomers')) continue;
          const id = `${listing.list}|${substance.id}`;
          if (seen.has(id)) continue;
          seen.add(id);
          findings.push(derivedFinding(substance, listing, stereoInsensitive, kind, product, asOf, listById.get(listing.list)));
        }
      }
    }
  }
  return findings;
}

function derivedFinding(
  substance: Substance,
  listing: Listing,
  stereoInsensitive: boolean,
  kind: DerivativeKind,
  product: CleavageProduct,
  asOf: string,
  list: Parameters<typeof listedFinding>[2],
): Finding {
  const base = listedFinding({ substance, listing, stereoInsensitive }, asOf, list);
  const text = KIND_TEXT[kind];
  const covers = listing.covers.filter((c) => c === 'esters' || c === 'ethers');
  const name = substance.names.en;
  const lead = messageIn(
    'derivativeOf',
    { kind: text.en, name, bonds: text.bonds, covers: covers.join(' and ') },
    { kind: text.zh, name: substance.names.zh ?? name, bonds: text.bondsZh, covers: covers.map((c) => (c === 'esters' ? '酯' : '醚')).join('和') },
  );
  const reason = join(lead, { en: base.reason, zh: base.reasonZh ?? base.reason });
  return {
    ...base,
    reason: reason.en,
    reasonZh: reason.zh,
    explanation: `The structure is an ${text.en} of ${name}: cleaving ${text.bonds} (${product.cuts.length} bond${product.cuts.length === 1 ? '' : 's'} at oxygen) leaves ${name} (${substance.formula}). ${base.explanation}`,
    interpretations: [INTERPRETATIONS.esterEther, ...(stereoInsensitive ? [INTERPRETATIONS.stereo] : [])],
    derivative: { kind, of: substance.id },
    highlights: [
      { role: 'listed-substance', modified: false, atoms: product.kept },
      { role: kind === 'ether' ? 'ether-group' : kind === 'ester' ? 'ester-group' : 'ester-ether-groups', modified: true, atoms: product.removed },
    ],
  };
}
