/** The ScreeningStore on Kysely (SQLite and PostgreSQL). Every query filters by `ownedBy`. */
import type { Generated, Kysely } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { ownedBy } from '../store/owned.js';
import type { ListEntry } from './lists/port.js';
import type { Decision } from './red-flags.js';
import type { ListVersion, ScreeningStore, StoredScreening } from './store.js';
import { orderContacts, type ContactKind } from './contacts.js';

export type ScreeningTables = {
  screening_list_versions: { id: Generated<number>; owner_agency_id: number; list: string; format: string; version: string; source: string; content_hash: string; entries: number; added: string; removed: string; imported_by: number | null; imported_at: string };
  screening_list_entries: { id: Generated<number>; version_id: number; owner_agency_id: number; entry_id: string; name: string; data: string };
  screenings: { id: Generated<number>; owner_agency_id: number; customer_key: string; customer_name: string; order_date: string; order_json: string; result_json: string; score: number; decision: string; created_by: number | null; created_at: string };
  screening_decisions: { id: Generated<number>; owner_agency_id: number; screening_id: number; decision: string; reason: string; reviewer: string; decided_by: number | null; decided_at: string };
  screening_contacts: { id: Generated<number>; owner_agency_id: number; screening_id: number; customer_key: string; kind: string; value: string };
};

const CHUNK = 150;
const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s);

type VersionRow = Omit<ScreeningTables['screening_list_versions'], 'id'> & { id: number };
function versionOf(r: VersionRow): ListVersion {
  return { id: r.id, list: r.list, format: r.format, version: r.version, source: r.source, contentHash: r.content_hash, entries: r.entries, added: JSON.parse(r.added), removed: JSON.parse(r.removed), importedAt: r.imported_at };
}

export function createScreeningStore(anyDb: Kysely<any>): ScreeningStore {
  const db = anyDb as Kysely<ScreeningTables>;

  async function latest(scope: AccessScope, list: string) {
    return db.selectFrom('screening_list_versions').selectAll().where(ownedBy('screening_list_versions', scope)).where('list', '=', list).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  return {
    async importList(scope, input) {
      return db.transaction().execute(async (tx) => {
        const prev = await tx.selectFrom('screening_list_versions').selectAll().where(ownedBy('screening_list_versions', scope)).where('list', '=', input.list).orderBy('id', 'desc').limit(1).executeTakeFirst();
        const before = prev ? new Set((await tx.selectFrom('screening_list_entries').select('entry_id').where(ownedBy('screening_list_entries', scope)).where('version_id', '=', prev.id).execute()).map((r) => r.entry_id)) : new Set<string>();
        const now = new Set(input.entries.map((e) => e.entryId));
        const added = prev ? [...now].filter((id) => !before.has(id)) : [];
        const removed = [...before].filter((id) => !now.has(id));
        const row = await tx
          .insertInto('screening_list_versions')
          .values({ owner_agency_id: scope.agencyId, list: input.list, format: input.format, version: input.version, source: input.source, content_hash: input.contentHash, entries: input.entries.length, added: JSON.stringify(added), removed: JSON.stringify(removed), imported_by: scope.userId || null, imported_at: input.now })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (let i = 0; i < input.entries.length; i += CHUNK) {
          await tx
            .insertInto('screening_list_entries')
            .values(input.entries.slice(i, i + CHUNK).map((e) => ({ version_id: row.id, owner_agency_id: scope.agencyId, entry_id: e.entryId, name: clean(e.name), data: clean(JSON.stringify(e)) })))
            .execute();
        }
        return { id: row.id, list: input.list, format: input.format, version: input.version, source: input.source, contentHash: input.contentHash, entries: input.entries.length, added, removed, importedAt: input.now };
      });
    },
    async listVersions(scope) {
      const rows = await db.selectFrom('screening_list_versions').selectAll().where(ownedBy('screening_list_versions', scope)).orderBy('id', 'desc').execute();
      return rows.map(versionOf);
    },
    async currentLists(scope) {
      const names = [...new Set((await db.selectFrom('screening_list_versions').select('list').where(ownedBy('screening_list_versions', scope)).execute()).map((r) => r.list))];
      const out: { version: ListVersion; entries: ListEntry[] }[] = [];
      for (const name of names.sort()) {
        const v = await latest(scope, name);
        if (!v) continue;
        const rows = await db.selectFrom('screening_list_entries').select('data').where(ownedBy('screening_list_entries', scope)).where('version_id', '=', v.id).orderBy('id').execute();
        out.push({ version: versionOf(v), entries: rows.map((r) => JSON.parse(r.data) as ListEntry) });
      }
      return out;
    },
    async saveScreening(scope, input) {
      const row = await db
        .insertInto('screenings')
        .values({ owner_agency_id: scope.agencyId, customer_key: input.customerKey, customer_name: input.customerName, order_date: input.result.date, order_json: JSON.stringify(input.order), result_json: clean(JSON.stringify(input.result)), score: input.result.score, decision: input.result.decision, created_by: scope.userId || null, created_at: input.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const contacts = orderContacts(input.order);
      if (contacts.length) await db.insertInto('screening_contacts').values(contacts.map((c) => ({ owner_agency_id: scope.agencyId, screening_id: row.id, customer_key: input.customerKey, kind: c.kind, value: c.value }))).execute();
      return row.id;
    },
    async screening(scope, id) {
      const r = await db.selectFrom('screenings').selectAll().where(ownedBy('screenings', scope)).where('id', '=', id).executeTakeFirst();
      if (!r) return undefined;
      const decisions = await db.selectFrom('screening_decisions').selectAll().where(ownedBy('screening_decisions', scope)).where('screening_id', '=', id).orderBy('id').execute();
      return {
        id: r.id, customerKey: r.customer_key, customerName: r.customer_name, orderDate: r.order_date, order: JSON.parse(r.order_json), result: JSON.parse(r.result_json), score: r.score, decision: r.decision as Decision, createdAt: r.created_at,
        decisions: decisions.map((d) => ({ decision: d.decision as Decision, reason: d.reason, reviewer: d.reviewer, decidedAt: d.decided_at })),
      } satisfies StoredScreening;
    },
    async screenings(scope, options = {}) {
      let q = db.selectFrom('screenings').select(['id', 'customer_key', 'customer_name', 'order_date', 'score', 'decision', 'created_at']).where(ownedBy('screenings', scope));
      if (options.customerKey) q = q.where('customer_key', '=', options.customerKey);
      const rows = await q.orderBy('id', 'desc').limit(Math.min(options.limit ?? 100, 1000)).execute();
      return rows.map((r) => ({ id: r.id, customerKey: r.customer_key, customerName: r.customer_name, orderDate: r.order_date, score: r.score, decision: r.decision as Decision, createdAt: r.created_at }));
    },
    async customerOrders(scope, customerKey) {
      const rows = await db.selectFrom('screenings').select(['order_date', 'result_json', 'order_json']).where(ownedBy('screenings', scope)).where('customer_key', '=', customerKey).orderBy('id').execute();
      return rows.map((r) => ({ date: r.order_date, result: JSON.parse(r.result_json), order: JSON.parse(r.order_json) }));
    },
    async sharedContacts(scope, contacts, exceptCustomerKey) {
      if (!contacts.length) return [];
      const rows = await db
        .selectFrom('screening_contacts as c')
        .innerJoin('screenings as s', 's.id', 'c.screening_id')
        .select(['c.kind', 'c.value', 'c.customer_key', 's.customer_name', 's.id', 's.order_date'])
        .where(ownedBy('c', scope))
        .where('c.customer_key', '!=', exceptCustomerKey)
        .where((eb) => eb.or(contacts.map((c) => eb.and([eb('c.kind', '=', c.kind), eb('c.value', '=', c.value)]))))
        .orderBy('s.id', 'desc')
        .limit(200)
        .execute();
      return rows.map((r) => ({ kind: r.kind as ContactKind, value: r.value, customerKey: r.customer_key, customerName: r.customer_name, screeningId: r.id, orderDate: r.order_date }));
    },
    async decide(scope, id, d) {
      const found = await db.selectFrom('screenings').select('id').where(ownedBy('screenings', scope)).where('id', '=', id).executeTakeFirst();
      if (!found) return false;
      await db.insertInto('screening_decisions').values({ owner_agency_id: scope.agencyId, screening_id: id, decision: d.decision, reason: d.reason, reviewer: d.reviewer, decided_by: scope.userId || null, decided_at: d.decidedAt }).execute();
      return true;
    },
  };
}
