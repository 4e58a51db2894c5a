/** The screening module's tables: list versions and their entries, screenings, and the append-only decision trail. All owned by an agency. */
import type { Migration } from 'kysely';
import { idColumn, type AnyDb, type StoreBackend } from '../store/migrations.js';
import { orderContacts } from './contacts.js';
import type { Order } from './order.js';

export function screeningMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-screening-001-lists': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('screening_list_versions'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('list', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('entries', 'integer', (c) => c.notNull())
          .addColumn('added', 'text', (c) => c.notNull())
          .addColumn('removed', 'text', (c) => c.notNull())
          .addColumn('imported_by', 'integer')
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .execute();
        await idColumn(db.schema.createTable('screening_list_entries'), backend)
          .addColumn('version_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('entry_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('screening_list_entries_version').on('screening_list_entries').columns(['version_id', 'id']).execute();
      },
    },
    '2026-12-02-screening-002-screenings': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('screenings'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('customer_key', 'text', (c) => c.notNull())
          .addColumn('customer_name', 'text', (c) => c.notNull())
          .addColumn('order_date', 'text', (c) => c.notNull())
          .addColumn('order_json', 'text', (c) => c.notNull())
          .addColumn('result_json', 'text', (c) => c.notNull())
          .addColumn('score', 'integer', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('screenings_customer').on('screenings').columns(['owner_agency_id', 'customer_key']).execute();
        await idColumn(db.schema.createTable('screening_decisions'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('screening_id', 'integer', (c) => c.notNull())
          .addColumn('decision', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('reviewer', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'integer')
          .addColumn('decided_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '2026-12-02-screening-003-contacts': {
      // Customer contacts and payment wallets of each stored order, for the FinCEN shared-contact and
      // many-to-one red flags; filled in for the screenings already stored.
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('screening_contacts'), backend)
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('screening_id', 'integer', (c) => c.notNull())
          .addColumn('customer_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('screening_contacts_value').on('screening_contacts').columns(['owner_agency_id', 'kind', 'value']).execute();
        const rows = (await db.selectFrom('screenings').select(['id', 'owner_agency_id', 'customer_key', 'order_json']).execute()) as { id: number; owner_agency_id: number; customer_key: string; order_json: string }[];
        for (const r of rows) {
          const contacts = orderContacts(JSON.parse(r.order_json) as Order);
          if (contacts.length) await db.insertInto('screening_contacts').values(contacts.map((c) => ({ owner_agency_id: r.owner_agency_id, screening_id: r.id, customer_key: r.customer_key, kind: c.kind, value: c.value }))).execute();
        }
      },
    },
  };
}
