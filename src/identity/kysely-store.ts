/** The IdentityStore on Kysely (SQLite and PostgreSQL alike). */
import type { Generated, Kysely, Selectable } from 'kysely';
import { ownedBy } from '../store/owned.js';
import type { AccessScope, AgencyKind, Role } from './access.js';
import type { Agency, ApiToken, Credentials, IdentityStore, User } from './store.js';

export type IdentityTables = {
  agencies: { id: Generated<number>; name: string; kind: string; jurisdiction: string | null; operator: number; created_at: string };
  users: {
    id: Generated<number>;
    agency_id: number;
    username: string;
    display_name: string;
    role: string;
    password_hash: string;
    disabled: number;
    created_at: string;
  };
  sessions: { id_hash: string; user_id: number; created_at: string; expires_at: string };
  api_tokens: {
    id: Generated<number>;
    user_id: number;
    owner_agency_id: number;
    name: string;
    secret_hash: string;
    created_at: string;
    expires_at: string | null;
    revoked_at: string | null;
    last_used_at: string | null;
  };
};

type AgencyRow = Selectable<IdentityTables['agencies']>;
type UserRow = Selectable<IdentityTables['users']>;
type TokenRow = Selectable<IdentityTables['api_tokens']>;

const agencyOf = (r: AgencyRow): Agency => ({
  id: Number(r.id),
  name: r.name,
  kind: r.kind as AgencyKind,
  jurisdiction: r.jurisdiction,
  operator: r.operator === 1,
  createdAt: r.created_at,
});
const userOf = (r: UserRow): User => ({
  id: Number(r.id),
  agencyId: Number(r.agency_id),
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});
const tokenOf = (r: TokenRow): ApiToken => ({
  id: Number(r.id),
  name: r.name,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
});

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/i.test(e.message ?? '');
}

export function createIdentityStore(base: Kysely<object>): IdentityStore {
  const db = base.withTables<IdentityTables>();

  async function credentials(where: { id?: number; username?: string }): Promise<Credentials | undefined> {
    let q = db.selectFrom('users').selectAll();
    if (where.id !== undefined) q = q.where('id', '=', where.id);
    if (where.username !== undefined) q = q.where('username', '=', where.username);
    const user = await q.executeTakeFirst();
    if (!user) return undefined;
    const agency = await db.selectFrom('agencies').selectAll().where('id', '=', user.agency_id).executeTakeFirstOrThrow();
    return { user: userOf(user), agency: agencyOf(agency), passwordHash: user.password_hash };
  }

  return {
    async countUsers() {
      const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async insertAgency(a, now) {
      const row = await db
        .insertInto('agencies')
        .values({ name: a.name, kind: a.kind, jurisdiction: a.jurisdiction, operator: Number(a.operator), created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow();
      return agencyOf(row);
    },
    async insertUser(u, now) {
      try {
        const row = await db
          .insertInto('users')
          .values({ agency_id: u.agencyId, username: u.username, display_name: u.displayName, role: u.role, password_hash: u.passwordHash, disabled: 0, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        return userOf(row);
      } catch (err) {
        if (isUniqueViolation(err)) return undefined;
        throw err;
      }
    },
    async agencyById(id) {
      const row = await db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
      return row && agencyOf(row);
    },
    async agencyByName(name) {
      const row = await db.selectFrom('agencies').selectAll().where('name', '=', name).executeTakeFirst();
      return row && agencyOf(row);
    },
    async listAgencies(scope) {
      let q = db.selectFrom('agencies').selectAll().orderBy('id');
      if (!scope.operator) q = q.where('id', '=', scope.agencyId);
      return (await q.execute()).map(agencyOf);
    },
    async listUsers(scope, agencyId) {
      if (!scope.operator && agencyId !== scope.agencyId) return [];
      const rows = await db.selectFrom('users').selectAll().where('agency_id', '=', agencyId).orderBy('id').execute();
      return rows.map(userOf);
    },
    credentialsByUsername: (username) => credentials({ username }),
    credentialsById: (id) => credentials({ id }),
    async setPasswordHash(userId, hash) {
      await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
    },

    async insertSession(idHash, userId, now, expiresAt) {
      await db.insertInto('sessions').values({ id_hash: idHash, user_id: userId, created_at: now, expires_at: expiresAt }).execute();
    },
    async sessionUser(idHash, now) {
      const s = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
      return s ? credentials({ id: Number(s.user_id) }) : undefined;
    },
    async deleteSession(idHash) {
      await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    },
    async deleteUserSessions(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },

    async insertToken(scope, name, secretHash, now, expiresAt) {
      const row = await db
        .insertInto('api_tokens')
        .values({ user_id: scope.userId, owner_agency_id: scope.agencyId, name, secret_hash: secretHash, created_at: now, expires_at: expiresAt, revoked_at: null, last_used_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return tokenOf(row);
    },
    async tokenForVerification(id) {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      const owner = await credentials({ id: Number(row.user_id) });
      return owner && { token: tokenOf(row), secretHash: row.secret_hash, credentials: owner };
    },
    async touchToken(id, now) {
      await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    async listTokens(scope) {
      const rows = await db.selectFrom('api_tokens').selectAll().where(ownedBy('api_tokens', scope)).where('user_id', '=', scope.userId).orderBy('id', 'desc').execute();
      return rows.map(tokenOf);
    },
    async revokeToken(scope, id, now) {
      const row = await db
        .updateTable('api_tokens')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
        .where('id', '=', id)
        .where(ownedBy('api_tokens', scope))
        .where('user_id', '=', scope.userId)
        .returningAll()
        .executeTakeFirst();
      return row && tokenOf(row);
    },
  };
}
