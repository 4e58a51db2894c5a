/**
 * The attribution store port: impurity profiles (one per sample name and agency) and linkage
 * calibrations, both owned by an agency. Every method takes the caller's AccessScope; another
 * agency's record is "not found". Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { CalibrationResult } from './calibration.js';
import type { ImpurityProfile } from './profile.js';

export interface StoredProfile extends ImpurityProfile {
  id: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProfileSummary {
  id: number;
  sample: string;
  batch?: string;
  incident?: string;
  drug?: string;
  peaks: number;
  updatedAt: string;
}

export interface CalibrationSummary {
  id: number;
  name: string;
  pretreatment: string;
  metric: string;
  auc: number;
  threshold: number;
  createdAt: string;
}

export interface AttributionStore {
  /** Inserts new samples and replaces the peak table of samples the agency already has, in one transaction. */
  saveProfiles(scope: AccessScope, profiles: readonly ImpurityProfile[], now: string): Promise<{ inserted: string[]; updated: string[] }>;
  listProfiles(scope: AccessScope): Promise<ProfileSummary[]>;
  /** Every profile of the agency with its peaks (for calibration and the link graph). */
  allProfiles(scope: AccessScope): Promise<StoredProfile[]>;
  profileById(scope: AccessScope, id: number): Promise<StoredProfile | undefined>;
  deleteProfile(scope: AccessScope, id: number): Promise<boolean>;
  saveCalibration(scope: AccessScope, name: string, result: CalibrationResult, now: string): Promise<CalibrationSummary>;
  listCalibrations(scope: AccessScope): Promise<CalibrationSummary[]>;
  calibrationById(scope: AccessScope, id: number): Promise<(CalibrationSummary & { result: CalibrationResult }) | undefined>;
}
