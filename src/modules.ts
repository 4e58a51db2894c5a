/**
 * The modules of Narcotrace, in one list: what each contributes to the shared error format, the
 * access policy and the database schema. A new module adds its folder and one entry here; nothing in
 * another module changes. Its HTTP routes are one entry in src/server/routes/index.ts, its web page
 * one entry in web/src/pages/index.tsx.
 */
import { attributionMigrations } from './attribution/migrations.js';
import { ATTRIBUTION_PERMISSIONS } from './attribution/permissions.js';
import { ATTRIBUTION_PROBLEMS } from './attribution/problems.js';
import { CHEM_PROBLEMS } from './chem/problems.js';
import { exchangeMigrations } from './exchange/migrations.js';
import { EXCHANGE_PERMISSIONS } from './exchange/permissions.js';
import { EXCHANGE_PROBLEMS } from './exchange/problems.js';
import { IDENTITY_PERMISSIONS, type PermissionCatalogue } from './identity/access.js';
import { identityMigrations } from './identity/migrations.js';
import { IDENTITY_PROBLEMS } from './identity/problems.js';
import { JOB_PERMISSIONS } from './jobs/permissions.js';
import { jobsMigrations } from './jobs/migrations.js';
import { JOB_PROBLEMS } from './jobs/problems.js';
import { lawMigrations } from './law/migrations.js';
import { LAW_PERMISSIONS } from './law/permissions.js';
import { COMMON_PROBLEMS, type ProblemCatalogue } from './problems.js';
import { REGISTRY_PROBLEMS } from './registry/problems.js';
import { screeningMigrations } from './screening/migrations.js';
import { SCREENING_PERMISSIONS } from './screening/permissions.js';
import { SCREENING_PROBLEMS } from './screening/problems.js';
import { SPECTRA_PERMISSIONS } from './spectra/permissions.js';
import { spectraMigrations } from './spectra/migrations.js';
import { SPECTRA_PROBLEMS } from './spectra/problems.js';
import type { ModuleMigrations } from './store/migrations.js';
import { warningMigrations } from './warning/migrations.js';
import { WARNING_PERMISSIONS } from './warning/permissions.js';

export interface ModuleManifest {
  /** The folder under src/, and the middle part of its migration names. */
  name: string;
  what: string;
  problems?: ProblemCatalogue;
  permissions?: PermissionCatalogue;
  migrations?: ModuleMigrations;
}

export const MODULES: readonly ModuleManifest[] = [
  { name: 'chem', what: 'Structures: parsing, normalisation, identity, depiction (RDKit).', problems: CHEM_PROBLEMS },
  { name: 'registry', what: 'Reference data: jurisdictions, explicit lists and their substances; look-up and structure search.', problems: REGISTRY_PROBLEMS },
  { name: 'law', what: 'Class rules and the one classification flow → Verdict; the classification history.', permissions: LAW_PERMISSIONS, migrations: lawMigrations },
  { name: 'identity', what: 'Agencies, users, roles, sessions and API tokens; the access policy.', problems: IDENTITY_PROBLEMS, permissions: IDENTITY_PERMISSIONS, migrations: identityMigrations },
  { name: 'jobs', what: 'Long work as jobs with state and progress, on a local worker pool.', problems: JOB_PROBLEMS, permissions: JOB_PERMISSIONS, migrations: jobsMigrations },
  { name: 'spectra', what: 'Mass-spectral libraries and library search (identity, analogue, MS/MS); each hit’s legal status.', problems: SPECTRA_PROBLEMS, permissions: SPECTRA_PERMISSIONS, migrations: spectraMigrations },
  { name: 'exchange', what: 'Incidents, samples and analytical results shared between agencies; signed exchange packages; the hash-chained audit log.', problems: EXCHANGE_PROBLEMS, permissions: EXCHANGE_PERMISSIONS, migrations: exchangeMigrations },
  { name: 'attribution', what: 'Impurity profiles, linkage calibrated at a chosen false-positive rate, score-based likelihood ratios, and route indicators with their evidence.', problems: ATTRIBUTION_PROBLEMS, permissions: ATTRIBUTION_PERMISSIONS, migrations: attributionMigrations },
  { name: 'screening', what: 'Precursor know-your-customer screening: product verdicts, designer precursors, party matching against sanctions lists, red flags and the risk decision.', problems: SCREENING_PROBLEMS, permissions: SCREENING_PERMISSIONS, migrations: screeningMigrations },
  { name: 'warning', what: 'Early warning: the coverage comparison of two jurisdictions, first-detection alerts on incidents’ samples, spike detection on weekly counts.', permissions: WARNING_PERMISSIONS, migrations: warningMigrations },
];

/** Every error code with its HTTP status and meaning: the platform's and each module's. */
export function problemCatalogue(modules: readonly ModuleManifest[] = MODULES): ProblemCatalogue {
  const all: ProblemCatalogue = { ...COMMON_PROBLEMS };
  for (const m of modules)
    for (const [code, spec] of Object.entries(m.problems ?? {})) {
      if (all[code]) throw new Error(`error code ${code} of module ${m.name} is declared twice`);
      all[code] = spec;
    }
  return all;
}
