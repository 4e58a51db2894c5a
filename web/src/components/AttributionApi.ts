/**
 * The attribution page's calls to /api/attribution (src/server/routes/attribution.ts). Every call
 * resolves to a value (data or an ApiProblem with its code), as in api/client.ts; the DTOs are the
 * server's own types.
 */
import type { CalibrationResult, PairScore } from '../../../src/attribution/calibration.js';
import type { LinkGraph } from '../../../src/attribution/graph.js';
import type { RouteIndicator, RouteMarker } from '../../../src/attribution/markers.js';
import type { TargetPanel } from '../../../src/attribution/panels.js';
import type { CalibrationSummary, ProfileSummary, StoredProfile } from '../../../src/attribution/store.js';
import type { ApiProblem } from '../api/types.js';
import { apiRequest } from '../api/client.js';

export type { CalibrationResult, CalibrationSummary, LinkGraph, PairScore, ProfileSummary, RouteIndicator, RouteMarker, StoredProfile, TargetPanel };
export type Result<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };
export type Calibration = CalibrationSummary & { result: CalibrationResult };
export interface ImportOutcome {
  inserted: string[];
  updated: string[];
  problems: ApiProblem[];
}
export interface PairComparison extends PairScore {
  variables: string[];
  /** Each sample's profile as % of its total area, per variable. */
  a: number[];
  b: number[];
}
export type Match = PairScore & { sample: string; incident?: string };
export interface Reference {
  markers: RouteMarker[];
  panels: TargetPanel[];
  pretreatments: string[];
  metrics: string[];
}

/** Through the one API client (web/src/api/client.ts): a body makes it a POST unless `method` says otherwise. */
function call<T>(url: string, body?: unknown, method?: string): Promise<Result<T>> {
  return apiRequest<T>(url, { method: method ?? (body === undefined ? 'GET' : 'POST'), body: body === undefined ? undefined : JSON.stringify(body) });
}

const map = <A, B>(r: Result<A>, f: (a: A) => B): Result<B> => (r.ok ? { ok: true, value: f(r.value) } : r);

export const listProfiles = async () => map(await call<{ profiles: ProfileSummary[] }>('/api/attribution/profiles'), (v) => v.profiles);
export const getProfile = (id: number) => call<{ profile: StoredProfile; indicators: RouteIndicator[] }>(`/api/attribution/profiles/${id}`);
export const importProfiles = (csv: string) => call<ImportOutcome>('/api/attribution/profiles', { csv });
export const listCalibrations = async () => map(await call<{ calibrations: CalibrationSummary[] }>('/api/attribution/calibrations'), (v) => v.calibrations);
export const getCalibration = async (id: number) => map(await call<{ calibration: Calibration }>(`/api/attribution/calibrations/${id}`), (v) => v.calibration);
export const calibrate = async (body: { name: string; targetFpr?: number; panel?: string }) =>
  map(await call<{ calibration: Calibration }>('/api/attribution/calibrations', body), (v) => v.calibration);
/** What the link-graph answer adds to a cluster: its incidents as the reader may see them (exchange visibility). */
export interface ClusterIncident {
  uid: string;
  kind: string;
  occurredOn: string;
  place: { country: string; region?: string };
  route: { origin?: string; destination?: string; transitPoints?: string[] } | null;
}
export type ClusteredGraph = Omit<LinkGraph, 'clusters'> & { clusters: (LinkGraph['clusters'][number] & { incidentDetails?: ClusterIncident[] })[] };
export const linkGraph = async (calibration: number) => map(await call<{ graph: ClusteredGraph }>('/api/attribution/link', { calibration }), (v) => v.graph);
export const linkMatches = async (calibration: number, sample: string) => map(await call<{ matches: Match[] }>('/api/attribution/link', { calibration, sample }), (v) => v.matches);
export const linkPair = async (calibration: number, sample: string, against: string) =>
  map(await call<{ pair: PairComparison }>('/api/attribution/link', { calibration, sample, against }), (v) => v.pair);
export const getReference = () => call<Reference>('/api/attribution/reference');
