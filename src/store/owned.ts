/**
 * The one filter for owned records. Every table that holds what a user stores has an
 * `owner_agency_id` column, and every query of such a table goes through `ownedBy`, with the scope
 * that `authorize` (src/identity/access.ts) gave the caller: another agency's row is never read or
 * written, and looks exactly like a row that does not exist.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AccessScope } from '../identity/access.js';

export function ownedBy(table: string, scope: AccessScope): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${table}.owner_agency_id`)} = ${scope.agencyId}`;
}
