/** Agencies, users, sessions and API tokens. */
import type { Migration } from 'kysely';
import { idColumn, type AnyDb, type StoreBackend } from '../store/migrations.js';

export function identityMigrations(backend: StoreBackend): Record<string, Migration> {
  return {
    '2026-12-02-identity-001-agencies-users-tokens': {
      async up(db: AnyDb) {
        await idColumn(db.schema.createTable('agencies'), backend)
          .addColumn('name', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('jurisdiction', 'text')
          .addColumn('operator', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await idColumn(db.schema.createTable('users'), backend)
          .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
          .addColumn('username', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('users_agency').on('users').column('agency_id').execute();
        await db.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await idColumn(db.schema.createTable('api_tokens'), backend)
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
          .addColumn('owner_agency_id', 'integer', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('revoked_at', 'text')
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
      },
    },
  };
}
