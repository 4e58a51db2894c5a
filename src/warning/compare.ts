/**
 * Coverage comparison between two jurisdictions (issue 13): for each structure, whether both, one,
 * neither, or (on one side) only a human reading controls it at a date, and by which list or clause.
 * Pure: it reads Verdicts that src/law produced (`Classifier.classify`, or the bulk path's JSON lines)
 * and never evaluates law itself.
 */
import type { Category, Finding, Jurisdiction, JurisdictionVerdict } from '../law/verdict.js';

export type CoverageOutcome = 'both' | 'only-a' | 'only-b' | 'neither' | 'review';
export const OUTCOMES: readonly CoverageOutcome[] = ['both', 'only-a', 'only-b', 'neither', 'review'];

/** One thing a jurisdiction's answer rests on: a listing or a class rule with its clauses. */
export interface Basis {
  rule: string;
  kind: 'listed' | 'class';
  category: Category;
  status: string;
  clauses: string[];
  citation: string;
  effective: string;
  applies: boolean;
  needsReview: boolean;
  reason: string;
  reasonZh?: string;
  /** For a listing: the registry substance's name. */
  substance?: string;
}

export interface Side {
  jurisdiction: Jurisdiction;
  controlled: boolean;
  needsReview: boolean;
  /** Applying findings first, then reviews, then findings that do not apply (displaced, not yet in force). */
  basis: Basis[];
}

export interface ComparisonRow {
  /** What was classified (SMILES, name …) and where it came from. */
  input: string;
  name?: string;
  /** 'registry:<id>', 'rule-example:<rule>', 'input:<record>'. */
  source: string;
  ok: boolean;
  errorCode?: string;
  smiles?: string;
  inchikey?: string;
  outcome: CoverageOutcome | 'error';
  /** For 'review': the side(s) that need a reading. */
  reviewOn?: ('a' | 'b')[];
  a: Side;
  b: Side;
  /** The list or class rule ids of every finding on either side (the groups it is counted in). */
  groups: string[];
  category: Category | 'none';
  /** For one-sided and review outcomes: what makes the difference, in one line. */
  difference?: string;
}

export interface Counts {
  total: number;
  both: number;
  'only-a': number;
  'only-b': number;
  neither: number;
  review: number;
  error: number;
}

export interface ComparisonTotals {
  all: Counts;
  byCategory: Record<string, Counts>;
  /** Per list or class rule id ('(none)': no finding on either side). */
  byGroup: Record<string, Counts>;
}

export interface ComparisonReport {
  a: Jurisdiction;
  b: Jurisdiction;
  asOf: string;
  dataVersion: string;
  totals: ComparisonTotals;
  rows: ComparisonRow[];
}

/** The parts of a Verdict line (classify, or the bulk path's JSON line) that a comparison reads. */
export interface VerdictLike {
  input: string;
  name?: string;
  ok: boolean;
  error?: { code: string };
  structure?: { smiles: string; inchikey?: string } | null;
  jurisdictions?: Partial<Record<Jurisdiction, JurisdictionVerdict>>;
}

function basisOf(f: Finding): Basis {
  return {
    rule: f.rule,
    kind: f.kind,
    category: f.category,
    status: f.statusEn && f.statusEn !== f.status ? `${f.status} (${f.statusEn})` : f.status,
    clauses: f.clauses,
    citation: f.citation,
    effective: f.effective,
    applies: f.applies,
    needsReview: f.needsReview,
    reason: f.reason,
    ...(f.reasonZh ? { reasonZh: f.reasonZh } : {}),
    ...(f.substance ? { substance: f.substance.name } : {}),
  };
}

const rank = (b: Basis) => (b.applies ? 0 : b.needsReview ? 1 : 2);

function sideOf(j: Jurisdiction, v: JurisdictionVerdict | undefined): Side {
  const basis = (v?.findings ?? []).map(basisOf).sort((x, y) => rank(x) - rank(y));
  return { jurisdiction: j, controlled: !!v?.controlled, needsReview: !!v?.needsReview, basis };
}

/** "CN-FENTANYL-CLASS clause 四" / "US-CSA-I (acetylfentanyl)". */
export function describeBasis(b: Basis): string {
  if (b.kind === 'class') return `${b.rule}${b.clauses.length ? ` clause ${b.clauses.join(', ')}` : ''}`;
  return `${b.rule}${b.substance ? ` (${b.substance})` : ''}`;
}

/** How one side stands, in a short phrase: "controlled by …", "needs review under …", "not controlled". */
export function describeSide(s: Side): string {
  const applying = s.basis.filter((b) => b.applies);
  if (applying.length) return `${s.jurisdiction} controlled by ${applying.map(describeBasis).join('; ')}`;
  const review = s.basis.filter((b) => b.needsReview);
  if (review.length) return `${s.jurisdiction} needs review under ${review.map(describeBasis).join('; ')}`;
  const other = s.basis[0];
  return other ? `${s.jurisdiction} not controlled (${describeBasis(other)}: ${other.reason})` : `${s.jurisdiction} not controlled (no list or class rule)`;
}

export function outcomeOf(a: Side, b: Side): { outcome: CoverageOutcome; reviewOn?: ('a' | 'b')[] } {
  if (a.controlled && b.controlled) return { outcome: 'both' };
  const reviewOn = (['a', 'b'] as const).filter((k) => {
    const s = k === 'a' ? a : b;
    return !s.controlled && s.needsReview;
  });
  if (reviewOn.length) return { outcome: 'review', reviewOn: [...reviewOn] };
  if (a.controlled) return { outcome: 'only-a' };
  if (b.controlled) return { outcome: 'only-b' };
  return { outcome: 'neither' };
}

/** One structure's comparison, from its Verdict. */
export function compareVerdict(v: VerdictLike, a: Jurisdiction, b: Jurisdiction, source: string): ComparisonRow {
  const sa = sideOf(a, v.ok ? v.jurisdictions?.[a] : undefined);
  const sb = sideOf(b, v.ok ? v.jurisdictions?.[b] : undefined);
  const base = { input: v.input, ...(v.name !== undefined ? { name: v.name } : {}), source, a: sa, b: sb };
  if (!v.ok) return { ...base, ok: false, errorCode: v.error?.code ?? 'INTERNAL_ERROR', outcome: 'error', groups: [], category: 'none' };
  const { outcome, reviewOn } = outcomeOf(sa, sb);
  const all = [...sa.basis, ...sb.basis];
  const groups = [...new Set(all.map((x) => x.rule))].sort();
  const category: Category | 'none' = all.some((x) => x.category === 'drug') ? 'drug' : all.length ? 'precursor' : 'none';
  let difference: string | undefined;
  if (outcome === 'only-a' || outcome === 'only-b' || outcome === 'review') difference = `${describeSide(sa)}; ${describeSide(sb)}`;
  return {
    ...base,
    ok: true,
    ...(v.structure ? { smiles: v.structure.smiles, ...(v.structure.inchikey ? { inchikey: v.structure.inchikey } : {}) } : {}),
    outcome,
    ...(reviewOn ? { reviewOn } : {}),
    groups,
    category,
    ...(difference ? { difference } : {}),
  };
}

export function emptyCounts(): Counts {
  return { total: 0, both: 0, 'only-a': 0, 'only-b': 0, neither: 0, review: 0, error: 0 };
}

export function totalsOf(rows: readonly ComparisonRow[]): ComparisonTotals {
  const all = emptyCounts();
  const byCategory: Record<string, Counts> = {};
  const byGroup: Record<string, Counts> = {};
  const add = (c: Counts, o: ComparisonRow['outcome']) => {
    c.total++;
    c[o]++;
  };
  for (const r of rows) {
    add(all, r.outcome);
    add((byCategory[r.category] ??= emptyCounts()), r.outcome);
    for (const g of r.groups.length ? r.groups : r.ok ? ['(none)'] : ['(error)']) add((byGroup[g] ??= emptyCounts()), r.outcome);
  }
  return { all, byCategory, byGroup: Object.fromEntries(Object.entries(byGroup).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) };
}

/** Rows with the same structure (InChIKey) are counted once: the first (a registry substance before a rule example). */
export function dedupe(rows: readonly ComparisonRow[]): ComparisonRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (!r.inchikey) return true;
    if (seen.has(r.inchikey)) return false;
    seen.add(r.inchikey);
    return true;
  });
}

export interface ComparisonInput {
  input: string;
  name: string;
  source: string;
}

/**
 * The default population: every registry substance that has a structure, then every example structure
 * of the class rules (their reviewed validation members: matches, near misses and reviews).
 */
export function defaultInputs(registry: { substances: readonly { id: string; names: { en: string }; smiles: string; form?: string }[] }, rules: readonly { id: string; examples: readonly { name: string; smiles: string }[] }[]): ComparisonInput[] {
  const out: ComparisonInput[] = [];
  for (const s of registry.substances) if (s.form !== 'none' && s.smiles) out.push({ input: s.smiles, name: s.names.en, source: `registry:${s.id}` });
  for (const r of rules) for (const e of r.examples) out.push({ input: e.smiles, name: e.name, source: `rule-example:${r.id}` });
  return out;
}

/** Labels of the outcomes for a pair, e.g. only-a → "only US". */
export function outcomeLabel(o: CoverageOutcome | 'error', a: Jurisdiction, b: Jurisdiction): string {
  return { both: 'both', 'only-a': `only ${a}`, 'only-b': `only ${b}`, neither: 'neither', review: 'needs review', error: 'error' }[o];
}

/** CSV of the rows (RFC 4180 quoting), one line per structure. */
export function rowsToCsv(report: Pick<ComparisonReport, 'a' | 'b' | 'rows'>): string {
  const q = (s: string | undefined) => (s === undefined ? '' : /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const head = ['name', 'input', 'source', 'smiles', 'inchikey', 'outcome', `${report.a} controlled`, `${report.a} needs review`, `${report.a} basis`, `${report.b} controlled`, `${report.b} needs review`, `${report.b} basis`, 'groups', 'difference'];
  const lines = [head.join(',')];
  const basis = (s: Side) => s.basis.filter((b) => b.applies || b.needsReview).map(describeBasis).join('; ');
  for (const r of report.rows)
    lines.push(
      [r.name, r.input, r.source, r.smiles, r.inchikey, outcomeLabel(r.outcome, report.a, report.b), String(r.a.controlled), String(r.a.needsReview), basis(r.a), String(r.b.controlled), String(r.b.needsReview), basis(r.b), r.groups.join(' '), r.difference]
        .map(q)
        .join(','),
    );
  return lines.join('\n') + '\n';
}
