/**
 * The early-warning flows every door uses: bring an agency's alert feed up to date (judge the samples
 * of the incidents it can see that it has not judged yet) and read it. Coverage comes from the one
 * classification flow (`Classifier.classify`) and near misses from the engine's own clause evaluation
 * (`explainClassRules`); nothing here interprets law.
 */
import { prepareStructure } from '../chem/structure.js';
import type { AccessScope } from '../identity/access.js';
import type { Classifier } from '../law/classify.js';
import { explainClassRules } from '../law/engine.js';
import { JURISDICTIONS, type Jurisdiction } from '../law/verdict.js';
import { casesBetween, gapRows, type Briefing } from './briefing.js';
import { runComparison } from './run.js';
import { coverageOf, detectFirstSightings, type Detector, type FirstDetectionAlert, type JurisdictionCoverage, type Sighting } from './alerts.js';
import type { StoredAlert, StoredSpike, WarningStore } from './store.js';
import { buildTrends, spikeAlerts, weekOf, type ClassesOf, type SpikeAlert, type TrendReport, type TrendSighting } from './trends.js';

/** One item of the alerts feed: a first detection or a spike. */
export type FeedItem = ({ id: number; createdAt: string } & { alert: FirstDetectionAlert }) | ({ id: number; createdAt: string } & { alert: SpikeAlert });

/** The class rules a structure belongs to by the engine's clause evaluation (status "match"), whatever the date. */
export function classesAt(classifier: Classifier, smiles: string): { id: string; title: string }[] {
  const prepared = prepareStructure(smiles, { identity: 'lean' });
  if (!prepared.ok) return [];
  try {
    return explainClassRules(classifier.rules, prepared.prepared)
      .filter((o) => o.status === 'match')
      .map((o) => ({ id: o.rule.id, title: o.rule.title.original }));
  } finally {
    prepared.prepared.dispose();
  }
}

/** Coverage of one structure on a date, in every jurisdiction. */
export function coverageAt(classifier: Classifier, smiles: string, asOf: string): JurisdictionCoverage[] {
  const verdict = classifier.classify(smiles, { asOf });
  const prepared = prepareStructure(smiles, { identity: 'lean' });
  let outcomes: ReturnType<typeof explainClassRules> = [];
  if (prepared.ok) {
    try {
      outcomes = explainClassRules(classifier.rules, prepared.prepared);
    } finally {
      prepared.prepared.dispose();
    }
  }
  return coverageOf(verdict, outcomes, JURISDICTIONS, classifier.rules);
}

export function detectorFor(classifier: Classifier, seen: Set<string>): Detector {
  const { registry } = classifier;
  return {
    seen,
    listed: (key) => registry.byInchiKey(key).some((s) => s.listings.length > 0),
    coverage: (s: Sighting) => ({ coverage: coverageAt(classifier, s.smiles, s.occurredOn), asOf: s.occurredOn, dataVersion: classifier.dataVersion }),
  };
}

export class WarningService {
  /** Class membership per InChIKey (structural, so it holds for a data version). */
  private readonly classes = new Map<string, { id: string; title: string }[]>();

  constructor(private readonly store: WarningStore, private readonly classifier: Classifier, private readonly now: () => string = () => new Date().toISOString()) {}

  readonly classesOf: ClassesOf = (s: TrendSighting) => {
    const key = `${this.classifier.dataVersion}|${s.inchikey}`;
    let found = this.classes.get(key);
    if (!found) {
      found = classesAt(this.classifier, s.smiles);
      if (this.classes.size > 20_000) this.classes.clear();
      this.classes.set(key, found);
    }
    return found;
  };

  /**
   * Weekly series of the incidents the scope can see, from its first visible sighting (so that the
   * baselines have their history) to `to` (default today), shown from `from` (default 52 weeks before `to`).
   */
  async trends(scope: AccessScope, filter: { from?: string; to?: string } = {}): Promise<TrendReport & { from: string; to: string }> {
    const to = filter.to ?? this.now().slice(0, 10);
    const sightings = await this.store.sightings(scope, { to });
    const from = filter.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 51 * 7 * 86_400_000).toISOString().slice(0, 10);
    const first = sightings[0]?.occurredOn;
    const whole = buildTrends(sightings, this.classesOf, { from: first && first < from ? first : from, to });
    const start = whole.weeks.indexOf(weekOf(from));
    const cut = <T>(xs: T[]) => (start > 0 ? xs.slice(start) : xs);
    return {
      from,
      to,
      settings: whole.settings,
      weeks: cut(whole.weeks),
      series: whole.series
        .map((s) => {
          const keep = s.alarms.map((i, n) => ({ i, n })).filter(({ i }) => i >= Math.max(start, 0));
          const counts = cut(s.counts);
          return { ...s, counts, total: counts.reduce((a, b) => a + b, 0), states: cut(s.states), alarms: keep.map(({ i }) => i - Math.max(start, 0)), alarmIncidents: keep.map(({ n }) => s.alarmIncidents[n]) };
        })
        .filter((s) => s.total > 0 || s.alarms.length > 0),
    };
  }

  /** Recomputes the spike alerts from the incidents visible now and stores them; returns them. */
  async refreshSpikes(scope: AccessScope): Promise<SpikeAlert[]> {
    const today = this.now().slice(0, 10);
    const sightings = await this.store.sightings(scope, { to: today });
    const last = sightings[sightings.length - 1]?.occurredOn;
    const spikes = sightings.length ? spikeAlerts(buildTrends(sightings, this.classesOf, { to: last && last > today ? last : today })) : [];
    await this.store.syncSpikes(scope, spikes, this.now());
    return spikes;
  }

  /** Judges what the feed has not judged yet; returns the new alerts. */
  async scan(scope: AccessScope): Promise<FirstDetectionAlert[]> {
    const pending = await this.store.pendingSightings(scope);
    if (pending.length === 0) return [];
    const detector = detectorFor(this.classifier, await this.store.seenInchikeys(scope));
    const alerts = detectFirstSightings(pending, detector);
    const byUid = new Map(pending.map((p) => [p.incidentUid, p]));
    const judged = [...new Map(pending.map((p) => [p.incidentId, { incidentId: p.incidentId, revision: p.revision }])).values()];
    await this.store.recordScan(scope, alerts.map((a) => ({ incidentId: byUid.get(a.sighting.incidentUid)!.incidentId, alert: a })), judged, this.now());
    return alerts;
  }

  /** The first-detection feed, brought up to date first. */
  async alerts(scope: AccessScope, filter: { limit: number; from?: string; to?: string; gapsOnly?: boolean }): Promise<StoredAlert[]> {
    await this.scan(scope);
    return this.store.listAlerts(scope, filter);
  }

  /** The spike alerts, recomputed first. */
  async spikes(scope: AccessScope, filter: { limit: number; from?: string; to?: string }): Promise<StoredSpike[]> {
    await this.refreshSpikes(scope);
    return this.store.listSpikes(scope, { ...filter, ...(filter.from ? { from: weekOf(filter.from) } : {}) });
  }

  /**
   * The bilateral briefing's data, as `scope` sees it: first detections in the period (coverage on each
   * side), the gap list at the period's end, trends over the period with its spikes, and the shared
   * incidents touching both jurisdictions. `comparison` may pass a cached comparison report.
   */
  async briefing(scope: AccessScope, o: { a: Jurisdiction; b: Jurisdiction; from: string; to: string; agency: string; comparison?: ReturnType<typeof runComparison> }): Promise<Briefing> {
    const firsts = await this.alerts(scope, { limit: 10_000, from: o.from, to: o.to });
    const trends = await this.trends(scope, { from: o.from, to: o.to });
    const spikes = (await this.spikes(scope, { limit: 10_000, from: o.from, to: o.to })).map((s) => s.alert).reverse();
    const comparison = o.comparison ?? runComparison(this.classifier, { a: o.a, b: o.b, asOf: o.to });
    const cases = casesBetween(await this.store.sharedCases(scope, { from: o.from, to: o.to }), o.a, o.b);
    return {
      a: o.a,
      b: o.b,
      from: o.from,
      to: o.to,
      generatedAt: this.now(),
      agency: o.agency,
      dataVersion: this.classifier.dataVersion,
      newSubstances: firsts
        .map((f) => f.alert)
        .reverse()
        .map((alert) => ({ alert, a: alert.coverage.find((c) => c.jurisdiction === o.a), b: alert.coverage.find((c) => c.jurisdiction === o.b) })),
      gaps: { asOf: comparison.asOf, totals: comparison.totals.all, byGroup: comparison.totals.byGroup, rows: gapRows(comparison.rows) },
      trends: {
        weeks: trends.weeks,
        series: trends.series.map(({ key, dimension, label, counts, states, alarms, total }) => ({ key, dimension, label, counts, baseline: states.map((x) => x.baseline), alarms, total })),
        spikes,
      },
      cases,
    };
  }

  /** Both kinds (or one), latest first: first detections by occurrence date, spikes by their week. */
  async feed(scope: AccessScope, filter: { limit: number; from?: string; to?: string; gapsOnly?: boolean; kind?: 'first-detection' | 'spike' }): Promise<FeedItem[]> {
    const first: FeedItem[] = filter.kind === 'spike' ? [] : await this.alerts(scope, filter);
    const spikes: FeedItem[] = filter.kind === 'first-detection' || filter.gapsOnly ? [] : await this.spikes(scope, filter);
    const when = (f: FeedItem) => (f.alert.kind === 'spike' ? f.alert.weekEnd : f.alert.sighting.occurredOn);
    return [...first, ...spikes].sort((x, y) => (when(x) < when(y) ? 1 : when(x) > when(y) ? -1 : 0)).slice(0, filter.limit);
  }
}
