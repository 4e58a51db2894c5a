/**
 * The exchange store port. Every method that reads incidents takes the caller's AccessScope and
 * filters with `visibleTo` (./visibility.ts); every method that writes takes it and filters with
 * `ownedBy`, so only the owner changes a record, and never an imported one. Each write appends its
 * audit entry in the same transaction. Methods named `system…` are for the operator at the machine
 * (the CLI) and for checking packages: key look-up by id and the whole audit log.
 * Adapter: ./kysely-store.ts.
 */
import type { AccessScope } from '../identity/access.js';
import type { AttachmentInfo } from './attachments.js';
import type { AuditEntry } from './audit.js';
import type { Incident, IncidentContent, IncidentSummary, Party, Sample, SharingInput } from './model.js';
import type { KeyPairText, PackageIncident } from './package.js';
import type { StoredIncident } from './redaction.js';

export interface IncidentWrite {
  content: IncidentContent;
  parties: Party[];
  samples: Sample[];
}

export interface IncidentFilter {
  limit: number;
  /** Occurred on or after / before (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** A sample's substance. */
  inchikey?: string;
}

export interface ExportSelection {
  incidents?: string[];
  from?: string;
  to?: string;
  inchikey?: string;
}

export interface ImportRequest {
  digest: string;
  packageId: string;
  senderKeyId: string;
  /** The sender's agency here (the owner the key is registered to), and its name as the package gives it. */
  senderAgencyId: number;
  senderAgencyName: string;
  incidents: PackageIncident[];
}

export interface ImportResult {
  packageId: string;
  /** True when this agency had imported this very package before: nothing changed. */
  replay: boolean;
  inserted: string[];
  updated: string[];
  unchanged: string[];
}

/** An attachment as written: checked (size, type by content) by the service before it reaches the store. */
export interface AttachmentWrite {
  info: AttachmentInfo;
  bytes: Buffer;
}

export interface KeyInfo {
  keyId: string;
  agencyId: number;
  publicKey: string;
  /** Whether this instance holds the private key (the agency is local). */
  local: boolean;
  createdAt: string;
}

export interface Partner {
  id: number;
  name: string;
  kind: string;
  jurisdiction: string | null;
}

export interface ExchangeStore {
  createIncident(scope: AccessScope, uid: string, write: IncidentWrite, at: string): Promise<Incident>;
  /** Undefined when not found or not the scope's; IMPORTED_READ_ONLY for an imported record. */
  updateIncident(scope: AccessScope, uid: string, write: IncidentWrite, at: string): Promise<Incident | undefined>;
  setSharing(scope: AccessScope, uid: string, sharing: SharingInput, at: string): Promise<Incident | undefined>;
  listIncidents(scope: AccessScope, filter: IncidentFilter): Promise<IncidentSummary[]>;
  /** Reading another agency's record is audited. */
  getIncident(scope: AccessScope, uid: string, at: string): Promise<Incident | undefined>;
  /** Adds an attachment to the scope's own local incident (one transaction, audited); undefined when not found, NOT_OWNER / IMPORTED_READ_ONLY as for edits. */
  addAttachment(scope: AccessScope, incidentUid: string, write: AttachmentWrite, at: string): Promise<AttachmentInfo | undefined>;
  /**
   * An attachment with its bytes, when its incident is visible to the scope and, for another agency,
   * the incident's operational details are released; undefined otherwise. Reading another agency's is audited.
   */
  attachment(scope: AccessScope, incidentUid: string, attachmentId: string, at: string): Promise<{ info: AttachmentInfo; bytes: Buffer } | undefined>;
  /** The scope's own local incidents matching the selection, whole (the caller redacts them). */
  incidentsForExport(scope: AccessScope, selection: ExportSelection): Promise<StoredIncident[]>;
  recordExport(scope: AccessScope, info: { packageId: string; digest: string; uids: string[]; recipient?: string }, at: string): Promise<void>;
  /** All or nothing, in one transaction; idempotent. RECORD_CONFLICT when a uid is taken by a record of another origin. */
  importPackage(scope: AccessScope, request: ImportRequest, at: string): Promise<ImportResult>;
  /** The agencies one may share with (every agency of the instance but one's own). */
  partners(scope: AccessScope): Promise<Partner[]>;

  /** The agency's own key pair, if it has one. */
  agencyKey(agencyId: number): Promise<KeyPairText | undefined>;
  /** Stores a key pair made here; false when the agency already has one (it is kept). */
  saveAgencyKey(agencyId: number, key: KeyPairText, at: string): Promise<boolean>;
  /** Registers another agency's public key; ALREADY_EXISTS when the key is registered to another agency. */
  systemRegisterPublicKey(agencyId: number, publicKey: string, keyId: string, at: string): Promise<'registered' | 'known'>;
  systemKeyById(keyId: string): Promise<KeyInfo | undefined>;
  systemKeys(): Promise<KeyInfo[]>;

  /** Audit entries about the scope's agency: its actions and actions on its records, newest first. */
  auditEntries(scope: AccessScope, limit: number): Promise<AuditEntry[]>;
  /** The whole log in sequence order, with the head row. */
  systemAuditLog(): Promise<{ entries: AuditEntry[]; head: { seq: number; hash: string } }>;
}
