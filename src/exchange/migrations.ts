/**
 * The exchange module's schema. Owned tables carry `owner_agency_id`; incidents are read through
 * `visibleTo` (./visibility.ts). The audit log is append-only: entries are only ever inserted, and
 * `exchange_audit_head` (one row) holds the last sequence number and hash, which serialises appends.
 * Private keys are stored here for now; a deployment should keep them in a KMS (docs/exchange.md).
 */
import type { Migration } from 'kysely';
import { idColumn, type AnyDb, type StoreBackend } from '../store/migrations.js';
import { GENESIS } from './audit.js';

export function exchangeMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-exchange-001-records': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('exchange_incidents'), backend)
          .addColumn('uid', 'text', (c) => c.notNull().unique())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('occurred_on', 'text', (c) => c.notNull())
          .addColumn('country', 'text', (c) => c.notNull())
          .addColumn('sharing', 'text', (c) => c.notNull())
          .addColumn('release_personal', 'integer', (c) => c.notNull())
          .addColumn('release_operational', 'integer', (c) => c.notNull())
          /** JSON: everything of the incident but its parties and samples. */
          .addColumn('content', 'text', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          /** Imported records: the origin agency's name, key and package; all null for a local record. */
          .addColumn('origin_agency', 'text')
          .addColumn('origin_key_id', 'text')
          .addColumn('origin_package_id', 'text')
          /** JSON array: the fields the origin withheld. */
          .addColumn('redacted_at_origin', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_incidents_owner').on('exchange_incidents').columns(['owner_agency_id', 'occurred_on']).execute();
        await db.schema.createIndex('exchange_incidents_sharing').on('exchange_incidents').columns(['sharing']).execute();
        await db.schema
          .createTable('exchange_shares')
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('agency_id', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_shares_pk', ['incident_id', 'agency_id'])
          .execute();
        await db.schema.createIndex('exchange_shares_agency').on('exchange_shares').columns(['agency_id', 'incident_id']).execute();
        await idColumn(db.schema.createTable('exchange_samples'), backend)
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('inchikey', 'text')
          /** JSON: the sample with its analytical result (structure, method, confidence, verdict summary and data version). */
          .addColumn('content', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_samples_incident').on('exchange_samples').columns(['incident_id', 'position']).execute();
        await db.schema.createIndex('exchange_samples_inchikey').on('exchange_samples').columns(['inchikey']).execute();
        await idColumn(db.schema.createTable('exchange_parties'), backend)
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          /** JSON: the party (personal data null when the origin withheld it). */
          .addColumn('content', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_parties_incident').on('exchange_parties').columns(['incident_id', 'position']).execute();
        await db.schema
          .createTable('exchange_imports')
          .addColumn('digest', 'text', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('package_id', 'text', (c) => c.notNull())
          .addColumn('sender_key_id', 'text', (c) => c.notNull())
          .addColumn('incidents', 'integer', (c) => c.notNull())
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('exchange_imports_pk', ['digest', 'owner_agency_id'])
          .execute();
      },
    },
    '2026-12-02-exchange-002-keys-and-audit': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('exchange_keys')
          .addColumn('key_id', 'text', (c) => c.primaryKey())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('public_key', 'text', (c) => c.notNull())
          /** PKCS#8 base64; null for another agency's registered key. A deployment should keep it in a KMS. */
          .addColumn('private_key', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_keys_owner').on('exchange_keys').columns(['owner_agency_id']).execute();
        await db.schema
          .createTable('exchange_audit')
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('actor_agency_id', 'integer', (c) => c.notNull())
          .addColumn('actor_user_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('prev_hash', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_audit_owner').on('exchange_audit').columns(['owner_agency_id', 'seq']).execute();
        await db.schema.createIndex('exchange_audit_actor').on('exchange_audit').columns(['actor_agency_id', 'seq']).execute();
        await db.schema
          .createTable('exchange_audit_head')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull())
          .execute();
        await db.insertInto('exchange_audit_head').values({ id: 1, seq: 0, hash: GENESIS }).execute();
      },
    },
    '2026-12-02-exchange-003-attachments': {
      async up(db: AnyDb) {
        /** Spectra files and photos of an incident: owned like it (`owner_agency_id`), read through its `visibleTo`. */
        await idColumn(db.schema.createTable('exchange_attachments'), backend)
          .addColumn('uid', 'text', (c) => c.notNull().unique())
          .addColumn('incident_id', 'integer', (c) => c.notNull())
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('sample_label', 'text')
          .addColumn('filename', 'text', (c) => c.notNull())
          /** Checked against the bytes' signature on upload (./attachments.ts). */
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          /** JSON BiText or null. */
          .addColumn('description', 'text')
          .addColumn('content', backend === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'integer', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('exchange_attachments_incident').on('exchange_attachments').columns(['incident_id', 'id']).execute();
        await db.schema.createIndex('exchange_attachments_owner').on('exchange_attachments').columns(['owner_agency_id']).execute();
      },
    },
  };
}
