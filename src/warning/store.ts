/**
 * The warning store port. Every method takes the caller's AccessScope: sightings are read from the
 * incidents visible to it (src/exchange `visibleTo`), alerts are owned by its agency (`ownedBy`) and
 * read only while their incident stays visible. Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { FirstDetectionAlert, Sighting } from './alerts.js';

export interface PendingSighting extends Sighting {
  incidentId: number;
  revision: number;
}

export interface StoredAlert {
  id: number;
  createdAt: string;
  alert: FirstDetectionAlert;
}

export interface WarningStore {
  /** Samples (with an InChIKey) of visible incidents whose current revision this feed has not judged, oldest first. */
  pendingSightings(scope: AccessScope): Promise<PendingSighting[]>;
  /** InChIKeys this feed has alerted on before. */
  seenInchikeys(scope: AccessScope): Promise<Set<string>>;
  /** Saves alerts and marks the incidents' revisions judged, in one transaction. */
  recordScan(scope: AccessScope, alerts: { incidentId: number; alert: FirstDetectionAlert }[], judged: { incidentId: number; revision: number }[], at: string): Promise<void>;
  listAlerts(scope: AccessScope, filter: { limit: number; from?: string; to?: string; gapsOnly?: boolean }): Promise<StoredAlert[]>;
  /** Sightings of visible incidents in a period (for the trends). */
  sightings(scope: AccessScope, filter: { from?: string; to?: string }): Promise<Sighting[]>;
}
