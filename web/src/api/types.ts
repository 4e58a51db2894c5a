/**
 * The JSON the UI receives from /api. These mirror the server's wire format (the serialised Verdict of
 * src/law/verdict.ts and the registry/rule DTOs); optional fields are optional because the UI must
 * render whatever subset a given server version sends.
 */
// The one Verdict type (src/law/verdict.ts) and the registry DTOs (src/registry/types.ts), imported as
// types only: nothing from the server is bundled, and the UI cannot drift from the wire format.
export type { Finding, Highlight, Jurisdiction, JurisdictionVerdict, Verdict } from '../../../src/law/verdict.js';
export type { Structure as StructureInfo } from '../../../src/chem/structure.js';
export type { Listing, SearchHit, Substance, Threshold } from '../../../src/registry/types.js';
import type { AgencyKind, Role } from '../../../src/identity/access.js';
import type { Me as ServerMe } from '../../../src/identity/service.js';

/**
 * A jurisdiction the server classifies under (GET /api/jurisdictions). The UI takes the list and the
 * names from the server, so a new jurisdiction needs no UI change; see web/src/jurisdictions.tsx.
 */
export interface JurisdictionInfo {
  id: string;
  names: { en: string; zh?: string; [lang: string]: string | undefined };
  kind?: string;
}

/** A server error (ProblemCode of src/problems.ts) or a client-side one (NETWORK_ERROR, BAD_RESPONSE). */
export interface ApiProblem {
  code: string;
  message: string;
  where?: { line?: number; field?: string; record?: number };
}

export interface LocalText {
  original: string;
  en: string;
  language?: string;
}

/** What the signed-in user may do (Me.permissions); the UI decides what to show from these, not from the role. */
export type Permission =
  | 'history:read'
  | 'jobs:read'
  | 'jobs:submit'
  | 'jobs:cancel'
  | 'tokens:own'
  | 'users:manage'
  | 'agencies:manage'
  | (string & {});

// Identity and jobs DTOs, likewise from the server's own types (src/identity, src/jobs).
export type { AgencyKind, Role } from '../../../src/identity/access.js';
export type { Agency, ApiToken as TokenInfo, User } from '../../../src/identity/store.js';
export type { Job, JobState } from '../../../src/jobs/port.js';

export const ROLES: readonly Role[] = ['analyst', 'reviewer', 'admin'];
export const AGENCY_KINDS: readonly AgencyKind[] = ['operator', 'laboratory', 'regulator', 'enforcement', 'exporter', 'international'];

/** GET /api/auth/me: who is asking, with the permissions that decide what the UI shows. */
export type Me = ServerMe & { permissions: Permission[] };

export interface RuleClause {
  id: string;
  text: LocalText;
  effective?: string;
}

export interface RuleExample {
  name?: string;
  nameZh?: string;
  smiles: string;
  clauses?: string[];
  /** What the rule engine must conclude for this example (tested in the rule suite). */
  expect?: 'match' | 'no-match' | 'review';
  note?: string;
}

export interface ClassRule {
  id: string;
  version?: string;
  jurisdiction: string;
  category: 'drug' | 'precursor';
  status: string;
  statusEn?: string;
  title: { en: string; original: string; language: string };
  instrument: string;
  citation: string;
  effective: { from: string; until?: string; citation: string }[];
  text: { language: string; original: string; en: string };
  clauses: RuleClause[];
  examples?: (RuleExample | string)[];
}

export type { ListInfo } from '../../../src/registry/types.js';
import type { ListInfo } from '../../../src/registry/types.js';

export interface RulesResponse {
  rules: ClassRule[];
  lists: ListInfo[];
}
