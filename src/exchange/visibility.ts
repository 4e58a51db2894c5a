/**
 * The one visibility filter of the exchange module, the sharing counterpart of `ownedBy`
 * (src/store/owned.ts): a scope sees an incident when its agency owns it, when it is shared with all,
 * or when it is shared with that agency by name. Every read of incidents (and, through them, of their
 * samples and parties) uses it; writes use `ownedBy` alone, so only the owner ever changes a record.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AccessScope } from '../identity/access.js';
import { ownedBy } from '../store/owned.js';

export function visibleTo(scope: AccessScope, table = 'exchange_incidents'): RawBuilder<boolean> {
  return sql<boolean>`(${ownedBy(table, scope)} or ${sql.ref(`${table}.sharing`)} = 'all' or exists (select 1 from exchange_shares where exchange_shares.incident_id = ${sql.ref(`${table}.id`)} and exchange_shares.agency_id = ${scope.agencyId}))`;
}
