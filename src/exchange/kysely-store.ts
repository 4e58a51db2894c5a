/** The ExchangeStore on Kysely (SQLite and PostgreSQL alike). */
import { sql, type Generated, type Kysely, type Transaction } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { problem, ProblemError } from '../problems.js';
import { ownedBy } from '../store/owned.js';
import type { AttachmentInfo } from './attachments.js';
import { entryHash, type AuditAction, type AuditContent, type AuditEntry } from './audit.js';
import type { IncidentSummary, Party, Sample, SharingInput, SharingScope } from './model.js';
import type { PackageIncident } from './package.js';
import './problems.js';
import { viewFor, type StoredIncident } from './redaction.js';
import type { ExchangeStore, ImportRequest, ImportResult, IncidentWrite, KeyInfo } from './store.js';
import { visibleTo } from './visibility.js';

export type ExchangeTables = {
  exchange_incidents: {
    id: Generated<number>;
    uid: string;
    owner_agency_id: number;
    kind: string;
    occurred_on: string;
    country: string;
    sharing: string;
    release_personal: number;
    release_operational: number;
    content: string;
    revision: number;
    origin_agency: string | null;
    origin_key_id: string | null;
    origin_package_id: string | null;
    redacted_at_origin: string;
    created_at: string;
    created_by: number;
    updated_at: string;
  };
  exchange_shares: { incident_id: number; agency_id: number };
  exchange_samples: { id: Generated<number>; incident_id: number; owner_agency_id: number; position: number; inchikey: string | null; content: string };
  exchange_parties: { id: Generated<number>; incident_id: number; owner_agency_id: number; position: number; role: string; content: string };
  exchange_attachments: {
    id: Generated<number>;
    uid: string;
    incident_id: number;
    owner_agency_id: number;
    kind: string;
    sample_label: string | null;
    filename: string;
    content_type: string;
    size: number;
    sha256: string;
    description: string | null;
    content: Buffer;
    created_at: string;
    created_by: number;
  };
  exchange_imports: { digest: string; owner_agency_id: number; package_id: string; sender_key_id: string; incidents: number; imported_at: string };
  exchange_keys: { key_id: string; owner_agency_id: number; public_key: string; private_key: string | null; created_at: string };
  exchange_audit: {
    seq: number;
    at: string;
    action: string;
    actor_agency_id: number;
    actor_user_id: number;
    owner_agency_id: number;
    subject: string;
    detail: string;
    prev_hash: string;
    hash: string;
  };
  exchange_audit_head: { id: number; seq: number; hash: string };
  /** The identity module's table, read for the directory of partners and to check sharing targets. */
  agencies: { id: number; name: string; kind: string; jurisdiction: string | null; operator: number };
};

type Db = Kysely<ExchangeTables>;
type IncidentRow = ExchangeTables['exchange_incidents'] & { id: number };

/** Appends one audit entry in `trx`: the head row's update serialises concurrent appends. */
export async function appendAudit(trx: Transaction<ExchangeTables>, entry: Omit<AuditContent, 'seq'>): Promise<AuditEntry> {
  const head = await trx
    .updateTable('exchange_audit_head')
    .set({ seq: sql<number>`seq + 1` })
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const content: AuditContent = { ...entry, seq: Number(head.seq) };
  const hash = entryHash(head.hash, content);
  await trx
    .insertInto('exchange_audit')
    .values({
      seq: content.seq,
      at: content.at,
      action: content.action,
      actor_agency_id: content.actorAgencyId,
      actor_user_id: content.actorUserId,
      owner_agency_id: content.ownerAgencyId,
      subject: content.subject,
      detail: JSON.stringify(content.detail),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('exchange_audit_head').set({ hash }).where('id', '=', 1).execute();
  return { ...content, prevHash: head.hash, hash };
}

function auditOf(row: ExchangeTables['exchange_audit']): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    action: row.action as AuditAction,
    actorAgencyId: Number(row.actor_agency_id),
    actorUserId: Number(row.actor_user_id),
    ownerAgencyId: Number(row.owner_agency_id),
    subject: row.subject,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createExchangeStore(base: Kysely<object>): ExchangeStore {
  const db: Db = base.withTables<ExchangeTables>();

  async function load(q: Db | Transaction<ExchangeTables>, row: IncidentRow): Promise<StoredIncident> {
    const id = Number(row.id);
    const [parties, samples, shares, attachments] = await Promise.all([
      q.selectFrom('exchange_parties').select('content').where('incident_id', '=', id).orderBy('position').execute(),
      q.selectFrom('exchange_samples').select('content').where('incident_id', '=', id).orderBy('position').execute(),
      q.selectFrom('exchange_shares').select('agency_id').where('incident_id', '=', id).orderBy('agency_id').execute(),
      q.selectFrom('exchange_attachments').select(ATTACHMENT_INFO).where('incident_id', '=', id).orderBy('id').execute(),
    ]);
    return {
      uid: row.uid,
      ownerAgencyId: Number(row.owner_agency_id),
      origin: row.origin_key_id ? { agency: row.origin_agency ?? '', keyId: row.origin_key_id, packageId: row.origin_package_id ?? '' } : null,
      sharing: { scope: row.sharing as SharingScope, agencies: row.sharing === 'agencies' ? shares.map((s) => Number(s.agency_id)) : [] },
      release: { personal: row.release_personal === 1, operational: row.release_operational === 1 },
      content: JSON.parse(row.content) as StoredIncident['content'],
      parties: parties.map((p) => JSON.parse(p.content) as Party),
      samples: samples.map((s) => JSON.parse(s.content) as Sample),
      attachments: attachments.map(attachmentInfoOf),
      redactedAtOrigin: JSON.parse(row.redacted_at_origin) as string[],
      revision: Number(row.revision),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  async function writeChildren(trx: Transaction<ExchangeTables>, incidentId: number, ownerAgencyId: number, parties: readonly Party[], samples: readonly Sample[]): Promise<void> {
    await trx.deleteFrom('exchange_parties').where('incident_id', '=', incidentId).execute();
    await trx.deleteFrom('exchange_samples').where('incident_id', '=', incidentId).execute();
    if (parties.length > 0)
      await trx
        .insertInto('exchange_parties')
        .values(parties.map((p, position) => ({ incident_id: incidentId, owner_agency_id: ownerAgencyId, position, role: p.role, content: JSON.stringify(p) })))
        .execute();
    if (samples.length > 0)
      await trx
        .insertInto('exchange_samples')
        .values(samples.map((s, position) => ({ incident_id: incidentId, owner_agency_id: ownerAgencyId, position, inchikey: s.result.inchikey, content: JSON.stringify(s) })))
        .execute();
  }

  /** The visible row of `uid` for a write: NOT_OWNER / IMPORTED_READ_ONLY when the scope may see but not change it. */
  async function writableRow(trx: Transaction<ExchangeTables>, scope: AccessScope, uid: string): Promise<IncidentRow | undefined> {
    const row = await trx.selectFrom('exchange_incidents').selectAll().where('uid', '=', uid).where(visibleTo(scope)).executeTakeFirst();
    if (!row) return undefined;
    if (row.origin_key_id) throw new ProblemError(problem('IMPORTED_READ_ONLY', `Incident ${uid} was imported from ${row.origin_agency ?? 'another agency'}; it cannot be edited here.`));
    if (Number(row.owner_agency_id) !== scope.agencyId) throw new ProblemError(problem('NOT_OWNER', `Incident ${uid} is shared with your agency; only its owner edits or shares it.`));
    return row as IncidentRow;
  }

  const audit = (trx: Transaction<ExchangeTables>, scope: AccessScope, action: AuditAction, ownerAgencyId: number, subject: string, at: string, detail: Record<string, unknown> = {}) =>
    appendAudit(trx, { at, action, actorAgencyId: scope.agencyId, actorUserId: scope.userId, ownerAgencyId, subject, detail });

  const store: ExchangeStore = {
    async createIncident(scope, uid, write, at) {
      return db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('exchange_incidents')
          .values({
            uid,
            owner_agency_id: scope.agencyId,
            kind: write.content.kind,
            occurred_on: write.content.occurredOn,
            country: write.content.place.country,
            sharing: 'private',
            release_personal: 0,
            release_operational: 0,
            content: JSON.stringify(write.content),
            revision: 1,
            origin_agency: null,
            origin_key_id: null,
            origin_package_id: null,
            redacted_at_origin: '[]',
            created_at: at,
            created_by: scope.userId,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await writeChildren(trx, Number(id), scope.agencyId, write.parties, write.samples);
        await audit(trx, scope, 'create', scope.agencyId, uid, at, { revision: 1 });
        const row = await trx.selectFrom('exchange_incidents').selectAll().where('id', '=', Number(id)).where(ownedBy('exchange_incidents', scope)).executeTakeFirstOrThrow();
        return viewFor(scope.agencyId, await load(trx, row as IncidentRow));
      });
    },

    async updateIncident(scope, uid, write, at) {
      return db.transaction().execute(async (trx) => {
        const row = await writableRow(trx, scope, uid);
        if (!row) return undefined;
        const revision = Number(row.revision) + 1;
        await trx
          .updateTable('exchange_incidents')
          .set({ kind: write.content.kind, occurred_on: write.content.occurredOn, country: write.content.place.country, content: JSON.stringify(write.content), revision, updated_at: at })
          .where('id', '=', Number(row.id))
          .where(ownedBy('exchange_incidents', scope))
          .execute();
        await writeChildren(trx, Number(row.id), scope.agencyId, write.parties, write.samples);
        await audit(trx, scope, 'update', scope.agencyId, uid, at, { revision });
        const updated = await trx.selectFrom('exchange_incidents').selectAll().where('id', '=', Number(row.id)).where(ownedBy('exchange_incidents', scope)).executeTakeFirstOrThrow();
        return viewFor(scope.agencyId, await load(trx, updated as IncidentRow));
      });
    },

    async setSharing(scope, uid, sharing: SharingInput, at) {
      return db.transaction().execute(async (trx) => {
        const row = await writableRow(trx, scope, uid);
        if (!row) return undefined;
        const agencies = [...new Set(sharing.agencies)].filter((a) => a !== scope.agencyId).sort((a, b) => a - b);
        if (agencies.length > 0) {
          const known = await trx.selectFrom('agencies').select('id').where('id', 'in', agencies).execute();
          const unknown = agencies.filter((a) => !known.some((k) => Number(k.id) === a));
          if (unknown.length > 0) throw new ProblemError(problem('INVALID_REQUEST', `agencies: there is no agency ${unknown.join(', ')}.`, { field: 'agencies' }));
        }
        const id = Number(row.id);
        await trx
          .updateTable('exchange_incidents')
          .set({ sharing: sharing.scope, release_personal: Number(sharing.release.personal), release_operational: Number(sharing.release.operational), updated_at: at })
          .where('id', '=', id)
          .where(ownedBy('exchange_incidents', scope))
          .execute();
        await trx.deleteFrom('exchange_shares').where('incident_id', '=', id).execute();
        if (sharing.scope === 'agencies' && agencies.length > 0) await trx.insertInto('exchange_shares').values(agencies.map((agency_id) => ({ incident_id: id, agency_id }))).execute();
        await audit(trx, scope, 'share', scope.agencyId, uid, at, { scope: sharing.scope, agencies: sharing.scope === 'agencies' ? agencies : [], release: sharing.release });
        const updated = await trx.selectFrom('exchange_incidents').selectAll().where('id', '=', id).where(ownedBy('exchange_incidents', scope)).executeTakeFirstOrThrow();
        return viewFor(scope.agencyId, await load(trx, updated as IncidentRow));
      });
    },

    async listIncidents(scope, filter) {
      let q = db.selectFrom('exchange_incidents').selectAll().where(visibleTo(scope));
      if (filter.from) q = q.where('occurred_on', '>=', filter.from);
      if (filter.to) q = q.where('occurred_on', '<=', filter.to);
      if (filter.inchikey) {
        const key = filter.inchikey;
        q = q.where((eb) => eb.exists(eb.selectFrom('exchange_samples').select('exchange_samples.id').whereRef('exchange_samples.incident_id', '=', 'exchange_incidents.id').where('exchange_samples.inchikey', '=', key)));
      }
      const rows = await q.orderBy('occurred_on', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
      const ids = rows.map((r) => Number(r.id));
      const samples = ids.length ? await db.selectFrom('exchange_samples').select(['incident_id', 'inchikey']).where('incident_id', 'in', ids).orderBy('position').execute() : [];
      return rows.map((r): IncidentSummary => {
        const mine = samples.filter((s) => Number(s.incident_id) === Number(r.id));
        return {
          uid: r.uid,
          kind: r.kind as IncidentSummary['kind'],
          occurredOn: r.occurred_on,
          country: r.country,
          ownerAgencyId: Number(r.owner_agency_id),
          originAgency: r.origin_agency,
          sharing: r.sharing as SharingScope,
          samples: mine.length,
          substances: [...new Set(mine.flatMap((s) => (s.inchikey ? [s.inchikey] : [])))],
          updatedAt: r.updated_at,
        };
      });
    },

    async getIncident(scope, uid, at) {
      const row = await db.selectFrom('exchange_incidents').selectAll().where('uid', '=', uid).where(visibleTo(scope)).executeTakeFirst();
      if (!row) return undefined;
      const stored = await load(db, row as IncidentRow);
      if (stored.ownerAgencyId !== scope.agencyId)
        await db.transaction().execute((trx) => audit(trx, scope, 'read', stored.ownerAgencyId, uid, at, { revision: stored.revision }));
      return viewFor(scope.agencyId, stored);
    },

    async addAttachment(scope, incidentUid, write, at) {
      return db.transaction().execute(async (trx) => {
        const row = await writableRow(trx, scope, incidentUid);
        if (!row) return undefined;
        const { info } = write;
        if (info.sample !== null) {
          const samples = await trx.selectFrom('exchange_samples').select('content').where('incident_id', '=', Number(row.id)).execute();
          if (!samples.some((s) => (JSON.parse(s.content) as Sample).label === info.sample))
            throw new ProblemError(problem('INVALID_REQUEST', `sample: incident ${incidentUid} has no sample labelled ${info.sample}.`, { field: 'sample' }));
        }
        await trx
          .insertInto('exchange_attachments')
          .values({
            uid: info.id,
            incident_id: Number(row.id),
            owner_agency_id: scope.agencyId,
            kind: info.kind,
            sample_label: info.sample,
            filename: info.filename,
            content_type: info.contentType,
            size: info.size,
            sha256: info.sha256,
            description: info.description ? JSON.stringify(info.description) : null,
            content: write.bytes,
            created_at: at,
            created_by: scope.userId,
          })
          .execute();
        await audit(trx, scope, 'attach', scope.agencyId, incidentUid, at, { attachment: info.id, contentType: info.contentType, size: info.size, sha256: info.sha256 });
        const back = await trx
          .selectFrom('exchange_attachments')
          .select(ATTACHMENT_INFO)
          .where('uid', '=', info.id)
          .where(ownedBy('exchange_attachments', scope))
          .executeTakeFirstOrThrow();
        return attachmentInfoOf(back);
      });
    },

    async attachment(scope, incidentUid, attachmentId, at) {
      const row = await db
        .selectFrom('exchange_attachments')
        .innerJoin('exchange_incidents', 'exchange_incidents.id', 'exchange_attachments.incident_id')
        .select([...ATTACHMENT_INFO.map((c) => `exchange_attachments.${c}` as const), 'exchange_attachments.content', 'exchange_incidents.release_operational'])
        .where('exchange_incidents.uid', '=', incidentUid)
        .where('exchange_attachments.uid', '=', attachmentId)
        .where(visibleTo(scope))
        .executeTakeFirst();
      if (!row) return undefined;
      const ownerAgencyId = Number(row.owner_agency_id);
      if (ownerAgencyId !== scope.agencyId) {
        // Attachments are operational detail: another agency gets them only when they are released.
        if (Number(row.release_operational) !== 1) return undefined;
        await db.transaction().execute((trx) => audit(trx, scope, 'read', ownerAgencyId, incidentUid, at, { attachment: attachmentId }));
      }
      return { info: attachmentInfoOf(row), bytes: Buffer.from(row.content) };
    },

    async incidentsForExport(scope, selection) {
      let q = db.selectFrom('exchange_incidents').selectAll().where(ownedBy('exchange_incidents', scope)).where('origin_key_id', 'is', null);
      if (selection.incidents) q = q.where('uid', 'in', selection.incidents.length ? selection.incidents : ['']);
      if (selection.from) q = q.where('occurred_on', '>=', selection.from);
      if (selection.to) q = q.where('occurred_on', '<=', selection.to);
      if (selection.inchikey) {
        const key = selection.inchikey;
        q = q.where((eb) => eb.exists(eb.selectFrom('exchange_samples').select('exchange_samples.id').whereRef('exchange_samples.incident_id', '=', 'exchange_incidents.id').where('exchange_samples.inchikey', '=', key)));
      }
      const rows = await q.orderBy('occurred_on').orderBy('id').execute();
      const out: StoredIncident[] = [];
      for (const r of rows) out.push(await load(db, r as IncidentRow));
      return out;
    },

    async recordExport(scope, info, at) {
      await db.transaction().execute((trx) => audit(trx, scope, 'export', scope.agencyId, info.packageId, at, { digest: info.digest, incidents: info.uids, ...(info.recipient ? { recipient: info.recipient } : {}) }));
    },

    async importPackage(scope, request: ImportRequest, at): Promise<ImportResult> {
      return db.transaction().execute(async (trx) => {
        const result: ImportResult = { packageId: request.packageId, replay: false, inserted: [], updated: [], unchanged: [] };
        const before = await trx.selectFrom('exchange_imports').select('package_id').where('digest', '=', request.digest).where(ownedBy('exchange_imports', scope)).executeTakeFirst();
        if (before) {
          result.replay = true;
          result.unchanged = request.incidents.map((i) => i.uid);
          await audit(trx, scope, 'import', scope.agencyId, request.packageId, at, { digest: request.digest, senderKeyId: request.senderKeyId, replay: true });
          return result;
        }
        for (const incoming of request.incidents) {
          // uids are unique in the instance: a taken uid is checked whoever holds it (nothing of it is read back).
          const existing = await trx.selectFrom('exchange_incidents').select(['id', 'origin_key_id', 'revision']).where('uid', '=', incoming.uid).executeTakeFirst();
          if (existing && existing.origin_key_id !== request.senderKeyId)
            throw new ProblemError(problem('RECORD_CONFLICT', `Incident ${incoming.uid} exists here with another origin; nothing was imported.`, { field: 'package.records.incidents' }));
          let id: number;
          if (existing) {
            id = Number(existing.id);
            if (incoming.revision > Number(existing.revision)) {
              await trx.updateTable('exchange_incidents').set(importedColumns(incoming, request, at)).where('id', '=', id).execute();
              await writeChildren(trx, id, request.senderAgencyId, partiesOf(incoming), samplesOf(incoming));
              result.updated.push(incoming.uid);
            } else result.unchanged.push(incoming.uid);
          } else {
            const inserted = await trx
              .insertInto('exchange_incidents')
              .values({ uid: incoming.uid, owner_agency_id: request.senderAgencyId, sharing: 'agencies', created_at: at, created_by: scope.userId, ...importedColumns(incoming, request, at) })
              .returning('id')
              .executeTakeFirstOrThrow();
            id = Number(inserted.id);
            await writeChildren(trx, id, request.senderAgencyId, partiesOf(incoming), samplesOf(incoming));
            result.inserted.push(incoming.uid);
          }
          // The importing agency is who it was sent to: it sees the record.
          await trx.insertInto('exchange_shares').values({ incident_id: id, agency_id: scope.agencyId }).onConflict((oc) => oc.columns(['incident_id', 'agency_id']).doNothing()).execute();
        }
        await trx
          .insertInto('exchange_imports')
          .values({ digest: request.digest, owner_agency_id: scope.agencyId, package_id: request.packageId, sender_key_id: request.senderKeyId, incidents: request.incidents.length, imported_at: at })
          .execute();
        await audit(trx, scope, 'import', scope.agencyId, request.packageId, at, {
          digest: request.digest,
          senderKeyId: request.senderKeyId,
          sender: request.senderAgencyName,
          inserted: result.inserted,
          updated: result.updated,
          unchanged: result.unchanged,
        });
        return result;
      });
    },

    async partners(scope) {
      const rows = await db.selectFrom('agencies').select(['id', 'name', 'kind', 'jurisdiction']).where('id', '!=', scope.agencyId).orderBy('name').execute();
      return rows.map((r) => ({ id: Number(r.id), name: r.name, kind: r.kind, jurisdiction: r.jurisdiction }));
    },

    async agencyKey(agencyId) {
      const row = await db.selectFrom('exchange_keys').selectAll().where('owner_agency_id', '=', agencyId).where('private_key', 'is not', null).executeTakeFirst();
      return row?.private_key ? { keyId: row.key_id, publicKey: row.public_key, privateKey: row.private_key } : undefined;
    },

    async saveAgencyKey(agencyId, key, at) {
      return db.transaction().execute(async (trx) => {
        const has = await trx.selectFrom('exchange_keys').select('key_id').where('owner_agency_id', '=', agencyId).where('private_key', 'is not', null).executeTakeFirst();
        if (has) return false;
        await trx.insertInto('exchange_keys').values({ key_id: key.keyId, owner_agency_id: agencyId, public_key: key.publicKey, private_key: key.privateKey, created_at: at }).execute();
        return true;
      });
    },

    async systemRegisterPublicKey(agencyId, publicKey, keyId, at) {
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('exchange_keys').select(['owner_agency_id']).where('key_id', '=', keyId).executeTakeFirst();
        if (existing) {
          if (Number(existing.owner_agency_id) !== agencyId)
            throw new ProblemError(problem('ALREADY_EXISTS', `Key ${keyId} is registered to another agency (${existing.owner_agency_id}).`, { field: 'publicKey' }));
          return 'known' as const;
        }
        await trx.insertInto('exchange_keys').values({ key_id: keyId, owner_agency_id: agencyId, public_key: publicKey, private_key: null, created_at: at }).execute();
        return 'registered' as const;
      });
    },

    async systemKeyById(keyId) {
      const row = await db.selectFrom('exchange_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
      return row ? keyInfoOf(row) : undefined;
    },

    async systemKeys() {
      return (await db.selectFrom('exchange_keys').selectAll().orderBy('owner_agency_id').orderBy('created_at').execute()).map(keyInfoOf);
    },

    async auditEntries(scope, limit) {
      const rows = await db
        .selectFrom('exchange_audit')
        .selectAll()
        .where((eb) => eb.or([ownedBy('exchange_audit', scope), eb('actor_agency_id', '=', scope.agencyId)]))
        .orderBy('seq', 'desc')
        .limit(limit)
        .execute();
      return rows.map(auditOf);
    },

    async systemAuditLog() {
      const rows = await db.selectFrom('exchange_audit').selectAll().orderBy('seq').execute();
      const head = await db.selectFrom('exchange_audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
      return { entries: rows.map(auditOf), head: { seq: Number(head.seq), hash: head.hash } };
    },
  };
  return store;
}

const ATTACHMENT_INFO = ['uid', 'owner_agency_id', 'kind', 'sample_label', 'filename', 'content_type', 'size', 'sha256', 'description', 'created_at'] as const;

function attachmentInfoOf(row: Pick<ExchangeTables['exchange_attachments'], (typeof ATTACHMENT_INFO)[number]>): AttachmentInfo {
  return {
    id: row.uid,
    filename: row.filename,
    contentType: row.content_type as AttachmentInfo['contentType'],
    kind: row.kind as AttachmentInfo['kind'],
    sample: row.sample_label,
    description: row.description ? (JSON.parse(row.description) as AttachmentInfo['description']) : null,
    size: Number(row.size),
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

function keyInfoOf(row: ExchangeTables['exchange_keys']): KeyInfo {
  return { keyId: row.key_id, agencyId: Number(row.owner_agency_id), publicKey: row.public_key, local: row.private_key !== null, createdAt: row.created_at };
}

function importedColumns(incoming: PackageIncident, request: ImportRequest, at: string) {
  const { uid: _uid, revision, updatedAt: _updatedAt, parties: _p, samples: _s, release, redacted, ...content } = incoming;
  return {
    kind: incoming.kind,
    occurred_on: incoming.occurredOn,
    country: incoming.place.country,
    release_personal: Number(release.personal),
    release_operational: Number(release.operational),
    content: JSON.stringify(content),
    revision,
    origin_agency: request.senderAgencyName,
    origin_key_id: request.senderKeyId,
    origin_package_id: request.packageId,
    redacted_at_origin: JSON.stringify(redacted),
    updated_at: at,
  };
}

function partiesOf(incoming: PackageIncident): Party[] {
  return incoming.parties.map((p) => ({ role: p.role, kind: p.kind, personal: p.personal, ...(p.notes ? { notes: p.notes } : {}) }));
}

function samplesOf(incoming: PackageIncident): Sample[] {
  return incoming.samples;
}
