/**
 * First-detection alerts (issue 13): the first time a substance appears in the incidents an agency can
 * see, or a substance that no registry list names, an alert states its coverage per jurisdiction on the
 * incident's date. A structure that no jurisdiction covers but that has the core scaffold of a class
 * rule which one of its clauses rules out (a near miss, by the engine's own clause evaluation,
 * `explainClassRules`) is flagged as a coverage gap. Pure: the verdict and the rule outcomes are given.
 */
import type { RuleOutcome } from '../law/engine.js';
import type { Jurisdiction, VerdictResult } from '../law/verdict.js';

export interface Sighting {
  incidentUid: string;
  occurredOn: string;
  /** Place: the country code, and the region where given. */
  country: string;
  region?: string;
  /** The incident's kind (seizure, stopped-shipment, diversion-attempt, other). */
  kind?: string;
  sampleLabel: string;
  smiles: string;
  inchikey: string;
}

export interface JurisdictionCoverage {
  jurisdiction: Jurisdiction;
  covered: boolean;
  needsReview: boolean;
  /** What covers it: "CN 芬太尼类物质 clause 四", "US-CSA-I (Acetyl fentanyl)". */
  by: string[];
  /** Class rules of this jurisdiction the structure nearly meets: the scaffold is there, a clause rules it out. */
  nearMisses: { rule: string; title: string; reason: string }[];
}

export interface FirstDetectionAlert {
  kind: 'first-detection';
  /** 'new': never seen before in this feed; 'unlisted': in no registry list (by InChIKey). */
  reasons: ('new' | 'unlisted')[];
  coverageGap: boolean;
  sighting: Sighting;
  asOf: string;
  coverage: JurisdictionCoverage[];
  message: string;
  dataVersion: string;
}

export interface RuleInfo {
  id: string;
  jurisdiction: Jurisdiction;
  title: { en: string; original: string };
}

/** Per-jurisdiction coverage from a Verdict and the class rules' outcomes for the same structure. */
export function coverageOf(verdict: VerdictResult, outcomes: readonly RuleOutcome[], jurisdictions: readonly Jurisdiction[], rules: readonly RuleInfo[]): JurisdictionCoverage[] {
  const title = (id: string) => rules.find((r) => r.id === id)?.title.original;
  return jurisdictions.map((j) => {
    const v = verdict.ok ? verdict.jurisdictions[j] : undefined;
    const by = (v?.findings ?? [])
      .filter((f) => f.applies)
      .map((f) => (f.kind === 'class' ? `${j} ${title(f.rule) ?? f.rule}${f.clauses.length ? ` clause ${f.clauses.join(', ')}` : ''}` : `${f.rule}${f.substance ? ` (${f.substance.name})` : ''}`));
    const nearMisses = outcomes
      .filter((o) => o.rule.jurisdiction === j && o.status === 'no')
      .map((o) => ({ rule: o.rule.id, title: o.rule.title.original, reason: o.reasons.join(' ') }));
    return { jurisdiction: j, covered: !!v?.controlled, needsReview: !!v?.needsReview, by, nearMisses };
  });
}

/** "covered by CN 芬太尼类物质 clause 四; not covered by US (near miss of US-FRS); not UN-controlled". */
export function coverageMessage(coverage: readonly JurisdictionCoverage[]): string {
  return coverage
    .map((c) => {
      if (c.covered) return `covered by ${c.by.join(', ')}`;
      const review = c.needsReview ? ' (needs review)' : '';
      if (c.jurisdiction === 'UN') return `not UN-controlled${review}`;
      const near = c.nearMisses.length ? ` (near miss of ${c.nearMisses.map((n) => n.rule).join(', ')})` : '';
      return `not covered by ${c.jurisdiction}${near}${review}`;
    })
    .join('; ');
}

/** Whether no jurisdiction covers it (nor needs a reading) while some class rule nearly does. */
export function isCoverageGap(coverage: readonly JurisdictionCoverage[]): boolean {
  return coverage.every((c) => !c.covered && !c.needsReview) && coverage.some((c) => c.nearMisses.length > 0);
}

export interface Detector {
  /** The substances seen before (InChIKeys); updated as sightings are judged. */
  seen: Set<string>;
  /** Whether a registry list names this InChIKey. */
  listed(inchikey: string): boolean;
  /** Coverage at the sighting's date. */
  coverage(sighting: Sighting): { coverage: JurisdictionCoverage[]; asOf: string; dataVersion: string };
}

/**
 * Judges sightings in the order given (callers sort them by date): an alert for each substance's first
 * sighting, and for a substance no list names (once, at its first sighting: later sightings are counted
 * by the trends, not alerted again).
 */
export function detectFirstSightings(sightings: readonly Sighting[], detector: Detector): FirstDetectionAlert[] {
  const alerts: FirstDetectionAlert[] = [];
  for (const s of sightings) {
    if (detector.seen.has(s.inchikey)) continue;
    detector.seen.add(s.inchikey);
    const reasons: FirstDetectionAlert['reasons'] = ['new'];
    if (!detector.listed(s.inchikey)) reasons.push('unlisted');
    const { coverage, asOf, dataVersion } = detector.coverage(s);
    const gap = isCoverageGap(coverage);
    const head = `First detection of ${s.smiles} (${s.sampleLabel}, ${s.country}${s.region ? ` ${s.region}` : ''}, ${s.occurredOn})${reasons.includes('unlisted') ? ', in no registry list' : ''}`;
    alerts.push({ kind: 'first-detection', reasons, coverageGap: gap, sighting: s, asOf, coverage, message: `${head}: ${coverageMessage(coverage)}${gap ? ' — coverage gap' : ''}.`, dataVersion });
  }
  return alerts;
}
