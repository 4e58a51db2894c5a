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
import { JURISDICTIONS } from '../law/verdict.js';
import { coverageOf, detectFirstSightings, type Detector, type FirstDetectionAlert, type JurisdictionCoverage, type Sighting } from './alerts.js';
import type { StoredAlert, WarningStore } from './store.js';

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
  constructor(private readonly store: WarningStore, private readonly classifier: Classifier, private readonly now: () => string = () => new Date().toISOString()) {}

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

  /** The feed, brought up to date first. */
  async alerts(scope: AccessScope, filter: { limit: number; from?: string; to?: string; gapsOnly?: boolean }): Promise<StoredAlert[]> {
    await this.scan(scope);
    return this.store.listAlerts(scope, filter);
  }
}
