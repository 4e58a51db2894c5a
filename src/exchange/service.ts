/**
 * The exchange module's flows, for every door (API, CLI): validate input with the zod schemas, classify
 * each sample through src/law's Classifier (never re-implemented here; its dataVersion is kept with
 * the result), write through the store port, and make and check signed packages. No HTTP, no SQL, no
 * environment: the doors pass the store, the classifier and the clock.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { AccessScope } from '../identity/access.js';
import type { Classifier } from '../law/classify.js';
import { problem, ProblemError, type Problem } from '../problems.js';
import { AttachmentInput, checkAttachment, decodeBase64, MAX_ATTACHMENT_BYTES, type AttachmentInfo } from './attachments.js';
import { IncidentInput, SharingInput, type Incident, type IncidentSummary, type Sample, type SampleResult } from './model.js';
import { checkPackage, generateAgencyKey, signPackage, type KeyPairText, type PackageBody, type PackageCheck, type PackageIncident } from './package.js';
import './problems.js';
import { ATTACHMENTS, viewFor, type StoredIncident } from './redaction.js';
import type { ExchangeStore, ExportSelection, ImportResult, IncidentFilter, IncidentWrite } from './store.js';

export interface ExchangeServiceOptions {
  now?: () => Date;
  newId?: () => string;
  /** The largest attachment in bytes (default MAX_ATTACHMENT_BYTES, ./attachments.ts); tests lower it. */
  maxAttachmentBytes?: number;
}

export interface ExportResult {
  packageId: string;
  digest: string;
  incidents: number;
  keyId: string;
  /** The package file's text. */
  text: string;
}

export interface VerifiedPackage {
  packageId: string;
  exporter: PackageBody['exporter'];
  exportedAt: string;
  incidents: number;
  keyId: string;
  /** The local agency the signing key is registered to. */
  senderAgencyId: number;
  digest: string;
}

/** The first zod issue as a problem naming its field. */
export function problemOf(error: z.ZodError, prefix = ''): Problem {
  const issue = error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
  return problem('INVALID_REQUEST', `${field}: ${issue.message}`, { field });
}

export class ExchangeService {
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly maxAttachmentBytes: number;

  constructor(
    private readonly store: ExchangeStore,
    private readonly classifier: Pick<Classifier, 'classify' | 'dataVersion'>,
    options: ExchangeServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.maxAttachmentBytes = Math.min(options.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_BYTES);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  /** Validates an incident and classifies its samples; nothing is stored when any part is bad. */
  prepare(input: unknown): IncidentWrite {
    const parsed = IncidentInput.safeParse(input);
    if (!parsed.success) throw new ProblemError(problemOf(parsed.error));
    const { parties, samples, ...content } = parsed.data;
    const classified = samples.map((s, i): Sample => ({ ...s, result: this.classify(s.structure, content.occurredOn, `samples.${i}.structure`) }));
    return { content, parties: parties.map((p) => ({ ...p })), samples: classified };
  }

  /** The substance's classification as of the incident's date, through src/law. */
  private classify(structure: string, asOf: string, field: string): SampleResult {
    const verdict = this.classifier.classify(structure, { asOf });
    if (!verdict.ok) throw new ProblemError({ ...verdict.error, message: `${field}: ${verdict.error.message}`, where: { field } });
    const controlled: Record<string, boolean> = {};
    let needsReview = false;
    for (const [j, v] of Object.entries(verdict.jurisdictions)) {
      if (!v) continue;
      controlled[j] = v.controlled;
      needsReview ||= v.needsReview;
    }
    return {
      ok: true,
      smiles: verdict.structure.smiles,
      inchikey: verdict.structure.inchikey ?? null,
      controlled,
      needsReview,
      errorCode: null,
      asOf: verdict.asOf,
      dataVersion: verdict.dataVersion ?? this.classifier.dataVersion,
    };
  }

  async createIncident(scope: AccessScope, input: unknown): Promise<Incident> {
    return this.store.createIncident(scope, this.newId(), this.prepare(input), this.stamp());
  }

  async updateIncident(scope: AccessScope, uid: string, input: unknown): Promise<Incident> {
    return found(await this.store.updateIncident(scope, uid, this.prepare(input), this.stamp()), uid);
  }

  async setSharing(scope: AccessScope, uid: string, input: unknown): Promise<Incident> {
    const parsed = SharingInput.safeParse(input);
    if (!parsed.success) throw new ProblemError(problemOf(parsed.error));
    return found(await this.store.setSharing(scope, uid, parsed.data, this.stamp()), uid);
  }

  listIncidents(scope: AccessScope, filter: IncidentFilter): Promise<IncidentSummary[]> {
    return this.store.listIncidents(scope, filter);
  }

  async getIncident(scope: AccessScope, uid: string): Promise<Incident> {
    return found(await this.store.getIncident(scope, uid, this.stamp()), uid);
  }

  /**
   * Attaches a file to the scope's own local incident: at most the size limit, of an accepted type
   * whose bytes match the declared type (./attachments.ts), naming one of its samples if any. Checked
   * whole before anything is written; stored in one transaction with its audit entry.
   */
  async addAttachment(scope: AccessScope, uid: string, input: unknown): Promise<AttachmentInfo> {
    const parsed = AttachmentInput.safeParse(input);
    if (!parsed.success) throw new ProblemError(problemOf(parsed.error));
    const decoded = decodeBase64(parsed.data.data);
    if (!decoded.ok) throw new ProblemError(decoded.problem);
    const checked = checkAttachment(decoded.bytes, parsed.data.contentType, this.maxAttachmentBytes);
    if (!checked.ok) throw new ProblemError(checked.problem);
    const info: AttachmentInfo = {
      id: this.newId(),
      filename: parsed.data.filename,
      contentType: checked.contentType,
      kind: parsed.data.kind,
      sample: parsed.data.sample ?? null,
      description: parsed.data.description ?? null,
      size: decoded.bytes.length,
      sha256: createHash('sha256').update(decoded.bytes).digest('hex'),
      createdAt: this.stamp(),
    };
    const stored = await this.store.addAttachment(scope, uid, { info, bytes: decoded.bytes }, info.createdAt);
    if (stored === undefined) throw new ProblemError(problem('NOT_FOUND', `There is no incident ${uid} (or it is not visible to your agency).`));
    return stored;
  }

  /** An attachment's bytes: NOT_FOUND unless its incident is visible and, for another agency, its operational details are released. */
  async attachment(scope: AccessScope, uid: string, attachmentId: string): Promise<{ info: AttachmentInfo; bytes: Buffer }> {
    const found = await this.store.attachment(scope, uid, attachmentId, this.stamp());
    if (!found) throw new ProblemError(problem('NOT_FOUND', `There is no attachment ${attachmentId} of incident ${uid} (or it is not visible to your agency).`));
    return found;
  }

  /** The agency's key pair, made on first use. The private key stays in the database (see docs/exchange.md: a deployment keeps it in a KMS). */
  async agencyKey(agencyId: number): Promise<KeyPairText> {
    const existing = await this.store.agencyKey(agencyId);
    if (existing) return existing;
    await this.store.saveAgencyKey(agencyId, generateAgencyKey(), this.stamp());
    const key = await this.store.agencyKey(agencyId);
    if (!key) throw new Error(`agency ${agencyId} has no key after making one`);
    return key;
  }

  /** Exports the scope's own local incidents matching `selection`, redacted as released, signed by the agency's key. */
  async exportPackage(scope: AccessScope, selection: ExportSelection, exporter: { agency: string; user: string }): Promise<ExportResult> {
    const records = await this.store.incidentsForExport(scope, selection);
    const missing = (selection.incidents ?? []).filter((uid) => !records.some((r) => r.uid === uid));
    if (missing.length > 0)
      throw new ProblemError(problem('NOT_FOUND', `There is no incident ${missing.join(', ')} of your agency to export (imported incidents are not re-exported).`, { field: 'incidents' }));
    if (records.length === 0) throw new ProblemError(problem('NOTHING_SELECTED', 'No incident of your agency matches the selection (imported incidents are not re-exported).'));
    const key = await this.agencyKey(scope.agencyId);
    const body: PackageBody = {
      id: this.newId(),
      exportedAt: this.stamp(),
      exporter: { agency: exporter.agency, keyId: key.keyId, user: exporter.user },
      selection: { ...selection },
      records: { incidents: records.map(packageIncidentOf) },
    };
    const text = signPackage(body, key);
    const check = checkPackage(text, (id) => (id === key.keyId ? key.publicKey : undefined));
    if (!check.ok) throw new Error(`a package made here does not check: ${check.problem.code} ${check.problem.message}`);
    await this.store.recordExport(scope, { packageId: body.id, digest: check.digest, uids: records.map((r) => r.uid) }, this.stamp());
    return { packageId: body.id, digest: check.digest, incidents: records.length, keyId: key.keyId, text };
  }

  /** Checks a package against the keys registered here (and the local agencies' own). */
  async check(bytes: Buffer | string): Promise<PackageCheck & { senderAgencyId?: number }> {
    const keys = new Map((await this.store.systemKeys()).map((k) => [k.keyId, k]));
    const check = checkPackage(bytes, (id) => keys.get(id)?.publicKey);
    return check.ok ? { ...check, senderAgencyId: keys.get(check.keyId)?.agencyId } : check;
  }

  async verify(bytes: Buffer | string): Promise<VerifiedPackage> {
    const check = await this.check(bytes);
    if (!check.ok) throw new ProblemError(check.problem);
    return {
      packageId: check.body.id,
      exporter: check.body.exporter,
      exportedAt: check.body.exportedAt,
      incidents: check.body.records.incidents.length,
      keyId: check.keyId,
      senderAgencyId: check.senderAgencyId ?? 0,
      digest: check.digest,
    };
  }

  /** Verifies, then imports all or nothing for the scope's agency; a replay changes nothing. */
  async importPackage(scope: AccessScope, bytes: Buffer | string): Promise<ImportResult> {
    const check = await this.check(bytes);
    if (!check.ok) throw new ProblemError(check.problem);
    return this.store.importPackage(
      scope,
      {
        digest: check.digest,
        packageId: check.body.id,
        senderKeyId: check.keyId,
        senderAgencyId: check.senderAgencyId ?? 0,
        senderAgencyName: check.body.exporter.agency,
        incidents: check.body.records.incidents,
      },
      this.stamp(),
    );
  }
}

function found<T>(value: T | undefined, uid: string): T {
  if (value === undefined) throw new ProblemError(problem('NOT_FOUND', `There is no incident ${uid} (or it is not visible to your agency).`));
  return value;
}

/** A record as it leaves the agency: the view of a reader of another agency (redacted unless released). */
export function packageIncidentOf(record: StoredIncident): PackageIncident {
  const v = viewFor(undefined, record);
  return {
    uid: v.uid,
    revision: v.revision,
    updatedAt: v.updatedAt,
    kind: v.kind,
    occurredOn: v.occurredOn,
    place: v.place,
    quantity: v.quantity,
    form: v.form,
    packaging: v.packaging,
    labelling: v.labelling,
    route: v.route,
    edas: v.edas,
    description: v.description,
    operational: v.operational,
    parties: v.parties.map((p) => ({ role: p.role, kind: p.kind, personal: p.personal, ...(p.notes ? { notes: p.notes } : {}) })),
    samples: v.samples,
    release: v.release,
    // Packages never carry attachments (docs/exchange.md), released or not: nothing of them is named here.
    redacted: v.redacted.filter((field) => field !== ATTACHMENTS),
  };
}

