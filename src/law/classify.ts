/**
 * The one classification flow: structure → normalised parent → explicit listings (src/registry)
 * + class rules (rules/) → Verdict. Every door calls this; none re-implements it.
 */
import { lap, mark, PROFILE } from '../chem/profile.js';
import { identityOf, prepareStructure, type PrepareOptions } from '../chem/structure.js';
import { problem, ProblemError } from '../problems.js';
import { jurisdictionOfId } from '../registry/jurisdictions.js';
import type { Registry } from '../registry/types.js';
import { derivativeFindings, derivativeKindText } from './derivatives.js';
import { evaluateClassRules, type ClassRule } from './engine.js';
import { listedFindings } from './listed-findings.js';
import { positionalIsomerFindings } from './positional-isomers.js';
import { message, messageIn } from './messages.js';
import {
  JURISDICTIONS,
  today,
  type Finding,
  type Jurisdiction,
  type JurisdictionVerdict,
  type VerdictResult,
} from './verdict.js';

export interface ClassifyOptions {
  /** YYYY-MM-DD; default today. */
  asOf?: string;
  jurisdictions?: readonly Jurisdiction[];
  /** 'lean' skips InChI/InChIKey for records with no finding (bulk screening). Default 'full'. */
  identity?: 'full' | 'lean';
}

export interface Classifier {
  readonly dataVersion: string;
  readonly rules: readonly ClassRule[];
  readonly registry: Registry;
  classify(input: string, options?: ClassifyOptions): VerdictResult;
}

export function createClassifier(rules: readonly ClassRule[], registry: Registry): Classifier {
  const dataVersion = `rules:${rules.map((r) => `${r.id}@${r.version}`).join(',')};registry:${registry.version}`;
  const yielding = new Set(rules.filter((r) => r.yieldsToListing).map((r) => r.id));
  const prepareOptions: PrepareOptions = {
    resolveInchiKey: (key) => registry.byInchiKey(key)[0]?.smiles,
    resolveName: (name) => resolveName(registry, name),
  };

  function classify(input: string, options: ClassifyOptions = {}): VerdictResult {
    const asOf = options.asOf ?? today();
    const jurisdictions = options.jurisdictions ?? JURISDICTIONS;
    const lean = options.identity === 'lean';
    const result = prepareStructure(input, { ...prepareOptions, identity: lean ? 'lean' : 'full' });
    if (!result.ok) return { input, ok: false, error: result.problem };
    const { prepared } = result;
    let t = mark();
    try {
      const classFindings = evaluateClassRules(rules, prepared, asOf, jurisdictions);
      if (PROFILE) t = lap('classify.rules', t);
      // Listings are matched by InChIKey. In lean mode the key is computed only when a class rule
      // matched or the registry's composition index says a listed substance has this formula.
      const needsIdentity = !lean || classFindings.length > 0 || !!prepared.structure.inorganic || mayBeListed(registry, prepared.structure.formula);
      if (lean && needsIdentity && !prepared.structure.inchikey) {
        Object.assign(prepared.structure, identityOf(prepared.mol, prepared.graph));
        if (PROFILE) t = lap('classify.identity', t);
      }
      const listed = needsIdentity && prepared.structure.inchikey
        ? listedFindings(
            registry,
            { inchikey: prepared.structure.inchikey, smiles: prepared.structure.smiles, saltForm: prepared.structure.saltForm, inorganic: prepared.structure.inorganic },
            asOf,
            jurisdictions,
          )
        : [];
      if (PROFILE) t = lap('classify.listings', t);
      const derived = derivativeFindings(registry, prepared, asOf, jurisdictions);
      if (PROFILE) t = lap('classify.cleavage', t);
      // A structure listed itself in a jurisdiction is not reported there as a possible positional isomer of another listing.
      const listedHere = new Set(listed.filter((f) => f.applies).flatMap((f) => jurisdictionOf(f) ?? []));
      const positional = positionalIsomerFindings(registry, prepared, asOf, jurisdictions, listedHere);
      if (PROFILE) t = lap('classify.positional', t);
      const findings = resolveDisplacement([...listed, ...derived, ...positional, ...classFindings], yielding);
      const verdicts: Partial<Record<Jurisdiction, JurisdictionVerdict>> = {};
      for (const j of jurisdictions) {
        const mine = findings.filter((f) => jurisdictionOf(f) === j);
        verdicts[j] = {
          controlled: mine.some((f) => f.applies),
          needsReview: mine.some((f) => f.needsReview),
          findings: mine,
        };
      }
      if (PROFILE) lap('classify.verdict', t);
      return { input, ok: true, structure: prepared.structure, asOf, jurisdictions: verdicts, dataVersion };
    } finally {
      prepared.dispose();
    }
  }

  return { dataVersion, rules, registry, classify };
}

const FORMULA_INDEX = new WeakMap<Registry, Set<string>>();
function mayBeListed(registry: Registry, formula: string): boolean {
  let set = FORMULA_INDEX.get(registry);
  if (!set) {
    set = new Set(registry.substances.map((s) => s.formula));
    FORMULA_INDEX.set(registry, set);
  }
  return set.has(formula);
}

/**
 * Findings carry their jurisdiction in the rule/list id prefix ("US-", "CN-", "UN-"; data/jurisdictions.yaml).
 * The schemas of the list and rule files only admit ids with a known prefix, so every finding has one.
 */
function jurisdictionOf(f: Finding): Jurisdiction | undefined {
  return jurisdictionOfId(f.rule);
}

/**
 * A class rule yields to an explicit drug listing of the same jurisdiction in effect on the date
 * (e.g. fentanyl is Schedule II, so US-FRS is reported with applies:false and names that listing).
 */
function resolveDisplacement(all: Finding[], yielding: ReadonlySet<string>): Finding[] {
  // An ester or ether of a listed substance that is itself listed (heroin, a diester of morphine) is
  // governed by its own listing in that jurisdiction and category.
  const findings = all.map((f) => {
    if (!f.derivative || !f.applies) return f;
    const own = all.find((g) => g.kind === 'listed' && !g.derivative && g.applies && g.category === f.category && jurisdictionOf(g) === jurisdictionOf(f));
    if (!own) return f;
    const text = derivativeKindText(f.derivative.kind);
    const common = { status: own.status, citation: own.citation };
    const reason = messageIn(
      'displacedDerivative',
      { ...common, kind: text.en, parent: f.substance?.name ?? '', name: own.substance?.name ?? 'this substance' },
      { ...common, kind: text.zh, parent: f.substance?.nameZh ?? f.substance?.name ?? '', name: own.substance?.nameZh ?? own.substance?.name ?? '该物质' },
    );
    return { ...f, applies: false, reason: reason.en, reasonZh: reason.zh };
  });
  // A class rule that yields to listings (its `yieldsToListing`) gives way to an individual drug listing
  // of its jurisdiction: a drug class to the substance's own schedule, a precursor class to the
  // substance's control as a drug (norfentanyl is Schedule II, not a List I amide of 4-AP).
  return findings.map((f) => {
    if (f.kind !== 'class' || !f.applies || !yielding.has(f.rule)) return f;
    const listing = findings.find((g) => g.kind === 'listed' && g.applies && g.category === 'drug' && jurisdictionOf(g) === jurisdictionOf(f));
    if (!listing) return f;
    const reason = message('displacedByListing', { name: listing.substance?.name ?? 'this substance', status: listing.status, citation: listing.citation });
    return { ...f, applies: false, reason: reason.en, reasonZh: reason.zh };
  });
}

/**
 * A name, code name, pinyin or CAS number resolves to a registry structure only on an exact hit:
 * a typo-tolerant match must never silently stand in for the substance the user meant.
 * A malformed CAS number or a bad check digit throws its ProblemError (CAS_FORMAT, CAS_CHECK_DIGIT).
 */
function resolveName(registry: Registry, name: string): string | undefined {
  let hits;
  try {
    hits = registry.search(name, { limit: 5 });
  } catch (err) {
    if (err instanceof ProblemError && err.problem.code !== 'INVALID_QUERY') throw err;
    return undefined;
  }
  const exact = hits.filter((h) => h.matchedBy !== 'fuzzy' && h.matchedBy !== 'partial');
  if (exact.length !== 1) return undefined;
  const { substance } = exact[0];
  if (substance.form === 'none') {
    const lists = [...new Set(substance.listings.map((l) => l.list))].join(', ');
    throw new ProblemError(
      problem('NO_STRUCTURE', `${substance.names.en} has no structure to classify (it is listed on ${lists}); look it up instead: narcotrace lookup "${name}".`),
    );
  }
  return substance.smiles;
}
