/**
 * The warning store port. Every method takes the caller's AccessScope: sightings are read from the
 * incidents visible to it (src/exchange `visibleTo`), alerts are owned by its agency (`ownedBy`) and
 * read only while their incident stays visible. Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { FirstDetectionAlert, Sighting } from './alerts.js';
import type { SpikeAlert } from './trends.js';

export interface PendingSighting extends Sighting {
  incidentId: number;
  revision: number;
}

export interface StoredAlert {
  id: number;
  createdAt: string;
  alert: FirstDetectionAlert;
}

export interface StoredSpike {
  id: number;
  createdAt: string;
  alert: SpikeAlert;
}

/**
 * An incident shared between agencies (shared with all or by name, or imported from a package), as
 * the briefing shows it: only fields that are never withheld from a reader (no parties, coordinates,
 * operational details or attachments), taken from the redacted view (src/exchange `viewFor`).
 */
export interface SharedCase {
  uid: string;
  kind: string;
  occurredOn: string;
  country: string;
  region?: string;
  route?: { origin?: string; destination?: string; transitPoints: string[] };
  sharing: 'agencies' | 'all' | 'imported';
  /** The owner's name (an agency of this instance), or the origin agency of an imported record. */
  agency: string;
  own: boolean;
  samples: { label: string; smiles: string | null; inchikey: string | null; controlled: Record<string, boolean>; needsReview: boolean }[];
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
  /** Replaces the feed's spike alerts by `spikes` (keyed by series and week): a spike kept keeps its first `createdAt`. */
  syncSpikes(scope: AccessScope, spikes: readonly SpikeAlert[], at: string): Promise<void>;
  listSpikes(scope: AccessScope, filter: { limit: number; from?: string; to?: string }): Promise<StoredSpike[]>;
  /** Visible incidents in a period that are shared (not private) or imported, oldest first. */
  sharedCases(scope: AccessScope, filter: { from?: string; to?: string }): Promise<SharedCase[]>;
}
