/**
 * Product screening of one order line: what the product is (structure, CAS number or name, through the
 * registry's search), its controlled status in the exporting and importing jurisdictions and under the
 * UN conventions (from the one classification flow, src/law), the thresholds its listings carry
 * against the ordered quantity, whether it is itself a drug under a class definition, and the
 * designer-precursor analysis (./designer.ts). A country without reference data says "no data".
 */
import { prepareStructure } from '../chem/structure.js';
import type { Classifier } from '../law/classify.js';
import { isJurisdiction, type Finding, type Jurisdiction, type Verdict } from '../law/verdict.js';
import type { Substance, Threshold } from '../registry/types.js';
import { designerPrecursorHits, type DesignerHit } from './designer.js';
import type { OrderLine } from './order.js';

export type ControlStatus = 'controlled' | 'not controlled' | 'needs review' | 'no data';

export interface ThresholdCheck {
  list: string;
  threshold: Threshold;
  /** The ordered amount in the threshold's unit, when the units are comparable. */
  ordered?: number;
  /** true: the order reaches the threshold (a regulated transaction); false: below it; null: not comparable. */
  reached: boolean | null;
  note: string;
}

export interface JurisdictionStatus {
  role: 'export' | 'import' | 'international';
  country: string;
  jurisdiction?: Jurisdiction;
  status: ControlStatus;
  /** Lists and class rules that apply, e.g. "US-LIST-I", "US-4AP-DERIVATIVES". */
  controls: { rule: string; category: 'drug' | 'precursor'; status: string; statusEn?: string; clauses: string[]; citation: string; reason: string; reasonZh?: string; derivative?: Finding['derivative'] }[];
  thresholds: ThresholdCheck[];
}

export interface ProductScreening {
  line: number;
  input: { name?: string; cas?: string; structure?: string };
  identified: boolean;
  /** How the product was identified: structure, cas, name. */
  identifiedBy?: 'structure' | 'cas' | 'name';
  substance?: { id: string; name: string; nameZh?: string; cas: string[] };
  smiles?: string;
  inchikey?: string;
  problem?: string;
  jurisdictions: JurisdictionStatus[];
  /** The product is itself a drug (a listed drug or a member of a class definition) somewhere. */
  isDrug: { drug: boolean; rules: string[]; explanation?: string };
  /** Listed (or derivative-covered) as a precursor somewhere. */
  isPrecursor: boolean;
  /** Every jurisdiction with data where the product is controlled, and by what (also beyond the order's two sides). */
  controlledIn: { jurisdiction: string; rules: string[] }[];
  designer: DesignerHit[];
  /** Designer hits exist and the product is controlled in neither the exporting nor the importing jurisdiction. */
  designerGap: boolean;
  verdict?: Verdict;
}

const MASS: Record<string, number> = { mg: 1e-6, g: 1e-3, kg: 1, t: 1000 };
const VOLUME: Record<string, number> = { ml: 1e-3, l: 1, gal: 3.785411784 };

/** `quantity unit` in `to` units, or undefined when not comparable (mass vs volume). */
export function convert(quantity: number, unit: string, to: string): number | undefined {
  const u = unit.toLowerCase();
  const t = to.toLowerCase();
  if (MASS[u] && MASS[t]) return (quantity * MASS[u]) / MASS[t];
  if (VOLUME[u] && VOLUME[t]) return (quantity * VOLUME[u]) / VOLUME[t];
  return undefined;
}

function thresholdChecks(findings: Finding[], line: OrderLine): ThresholdCheck[] {
  const out: ThresholdCheck[] = [];
  for (const f of findings) {
    if (!f.applies) continue;
    for (const th of f.threshold ?? []) {
      if (th.basis === 'preparation-at-most' || th.basis === 'preparation-at-least') {
        out.push({ list: f.rule, threshold: th, reached: null, note: `A preparation threshold (${th.quantity} ${th.unit}); it depends on the preparation's concentration, not the order quantity.` });
        continue;
      }
      const ordered = convert(line.quantity, line.unit, th.unit);
      if (ordered === undefined) {
        out.push({ list: f.rule, threshold: th, reached: null, note: `The order is in ${line.unit} and the threshold in ${th.unit}; not comparable without the density.` });
        continue;
      }
      const reached = ordered >= th.quantity;
      const per = th.basis === 'cumulative-per-month' ? 'cumulative per calendar month' : 'per transaction';
      out.push({
        list: f.rule,
        threshold: th,
        ordered: Math.round(ordered * 1e6) / 1e6,
        reached,
        note: `${line.quantity} ${line.unit} is ${reached ? 'at or above' : 'below'} the ${per} threshold of ${th.quantity} ${th.unit}${th.weight === 'base' ? ' (as base)' : ''} (${th.citation}).`,
      });
    }
  }
  return out;
}

function statusFor(role: JurisdictionStatus['role'], country: string, verdict: Verdict | undefined, substance: Substance | undefined, line: OrderLine, asOf: string): JurisdictionStatus {
  const j = role === 'international' ? 'UN' : country.toUpperCase();
  if (!isJurisdiction(j)) return { role, country, status: 'no data', controls: [], thresholds: [] };
  if (verdict) {
    const jv = verdict.jurisdictions[j];
    if (!jv) return { role, country, jurisdiction: j, status: 'no data', controls: [], thresholds: [] };
    const applying = jv.findings.filter((f) => f.applies);
    return {
      role,
      country,
      jurisdiction: j,
      status: jv.controlled ? 'controlled' : jv.needsReview ? 'needs review' : 'not controlled',
      controls: applying.map((f) => ({ rule: f.rule, category: f.category, status: f.status, ...(f.statusEn ? { statusEn: f.statusEn } : {}), clauses: f.clauses, citation: f.citation, reason: f.reason, ...(f.reasonZh ? { reasonZh: f.reasonZh } : {}), ...(f.derivative ? { derivative: f.derivative } : {}) })),
      thresholds: thresholdChecks(applying, line),
    };
  }
  // A substance without a structure (red phosphorus): its listings, by name or CAS number.
  const listings = (substance?.listings ?? []).filter((l) => l.jurisdiction === j && l.effective <= asOf && (!l.until || asOf < l.until));
  const findings = listings.map((l) => ({ kind: 'listed', category: l.category, rule: l.list, applies: true, threshold: l.threshold, status: l.status, statusEn: l.statusEn, clauses: [], citation: l.citation, reason: `Listed on ${l.list} (matched by name or CAS number; no structure).` }) as unknown as Finding);
  return {
    role,
    country,
    jurisdiction: j,
    status: findings.length ? 'controlled' : 'not controlled',
    controls: findings.map((f) => ({ rule: f.rule, category: f.category, status: f.status, ...(f.statusEn ? { statusEn: f.statusEn } : {}), clauses: [], citation: f.citation, reason: f.reason })),
    thresholds: thresholdChecks(findings, line),
  };
}

/** Screens one order line. `exporter` and `importer` are ISO country codes (or jurisdiction ids). */
export function screenProduct(classifier: Classifier, line: OrderLine, context: { index: number; exporter: string; importer: string; asOf: string }): ProductScreening {
  const registry = classifier.registry;
  const base: ProductScreening = {
    line: context.index,
    input: { ...(line.name ? { name: line.name } : {}), ...(line.cas ? { cas: line.cas } : {}), ...(line.structure ? { structure: line.structure } : {}) },
    identified: false,
    jurisdictions: [],
    isDrug: { drug: false, rules: [] },
    isPrecursor: false,
    controlledIn: [],
    designer: [],
    designerGap: false,
  };
  let substance: Substance | undefined;
  let structure = line.structure?.trim();
  let by: ProductScreening['identifiedBy'] = structure ? 'structure' : undefined;
  for (const [q, how] of [[line.cas, 'cas'], [line.name, 'name']] as const) {
    if (structure || substance || !q?.trim()) continue;
    try {
      const hit = registry.search(q.trim(), { limit: 1 })[0];
      if (hit && hit.score >= 0.9) {
        substance = hit.substance;
        structure = hit.substance.smiles || undefined;
        by = how;
      }
    } catch {
      // A malformed CAS number or name: fall through to "not identified".
    }
  }
  if (!structure && !substance) {
    const jurisdictions = [statusFor('export', context.exporter, undefined, undefined, line, context.asOf), statusFor('import', context.importer, undefined, undefined, line, context.asOf)].map((s) => (s.jurisdiction ? { ...s, status: 'needs review' as const } : s));
    return { ...base, problem: 'The product was not identified: give a structure (SMILES, InChI, molfile), a CAS number or a name the registry knows.', jurisdictions };
  }
  let verdict: Verdict | undefined;
  if (structure) {
    const v = classifier.classify(structure, { asOf: context.asOf });
    if (!v.ok) return { ...base, problem: `${v.error.code}: ${v.error.message}` };
    verdict = v;
    if (!substance) {
      const key = v.structure.inchikey;
      substance = key ? registry.byInchiKey(key)[0] : undefined;
    }
  }
  const jurisdictions = [
    statusFor('export', context.exporter, verdict, substance, line, context.asOf),
    statusFor('import', context.importer, verdict, substance, line, context.asOf),
    statusFor('international', 'UN', verdict, substance, line, context.asOf),
  ];
  const applying = verdict ? Object.values(verdict.jurisdictions).flatMap((jv) => jv?.findings.filter((f) => f.applies) ?? []) : [];
  const drugFindings = applying.filter((f) => f.category === 'drug');
  const isPrecursor = applying.some((f) => f.category === 'precursor') || !!substance?.listings.some((l) => l.category === 'precursor');
  let designer: DesignerHit[] = [];
  if (verdict && !verdict.structure.inorganic) {
    const prepared = prepareStructure(verdict.structure.smiles, { identity: 'lean' });
    if (prepared.ok) {
      try {
        designer = designerPrecursorHits(registry, { mol: prepared.prepared.mol, graph: prepared.prepared.graph, smiles: prepared.prepared.structure.smiles, inchikey: verdict.structure.inchikey });
      } finally {
        prepared.prepared.dispose();
      }
    }
  }
  const orderSides = jurisdictions.filter((j) => j.role !== 'international');
  const listedItself = !!substance?.listings.some((l) => l.category === 'precursor');
  const designerGap = designer.length > 0 && !drugFindings.length && !listedItself && orderSides.some((j) => j.status !== 'controlled');
  return {
    ...base,
    identified: true,
    identifiedBy: by,
    ...(substance ? { substance: { id: substance.id, name: substance.names.en, ...(substance.names.zh ? { nameZh: substance.names.zh } : {}), cas: substance.cas } } : {}),
    ...(verdict ? { smiles: verdict.structure.smiles, inchikey: verdict.structure.inchikey } : {}),
    jurisdictions,
    isDrug: {
      drug: drugFindings.length > 0,
      rules: [...new Set(drugFindings.map((f) => f.rule))],
      ...(drugFindings.length ? { explanation: `The product is itself a controlled drug: ${drugFindings.map((f) => `${f.rule} (${f.kind === 'class' ? 'class definition' : 'listed'})`).join(', ')}.` } : {}),
    },
    isPrecursor,
    controlledIn: verdict
      ? Object.entries(verdict.jurisdictions).flatMap(([j, jv]) => (jv?.controlled ? [{ jurisdiction: j, rules: [...new Set(jv.findings.filter((f) => f.applies).map((f) => f.rule))] }] : []))
      : [...new Set((substance?.listings ?? []).map((l) => l.jurisdiction))].map((j) => ({ jurisdiction: j, rules: (substance?.listings ?? []).filter((l) => l.jurisdiction === j).map((l) => l.list) })),
    designer,
    designerGap,
    verdict,
  };
}
