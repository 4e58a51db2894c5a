/**
 * The identity port: agencies, users, sessions and API tokens. Secrets are never stored: passwords as
 * argon2id hashes, session ids and token secrets as SHA-256 digests (they are long random values, so
 * a fast hash suffices). Only src/identity/service.ts calls it; doors call the service.
 * Adapter: ./kysely-store.ts.
 */
import type { AccessScope, AgencyKind, Role } from './access.js';

export interface Agency {
  id: number;
  name: string;
  kind: AgencyKind;
  /** The jurisdiction whose law it applies, when it has one (an international body has none). */
  jurisdiction: string | null;
  /** The agency that runs this instance; its admins manage the other agencies. */
  operator: boolean;
  createdAt: string;
}

export interface User {
  id: number;
  agencyId: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export interface ApiToken {
  id: number;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A user with what authentication needs; never leaves the identity module. */
export interface Credentials {
  user: User;
  agency: Agency;
  passwordHash: string;
}

export interface NewAgency {
  name: string;
  kind: AgencyKind;
  jurisdiction: string | null;
  operator: boolean;
}

export interface NewUser {
  agencyId: number;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

export interface IdentityStore {
  countUsers(): Promise<number>;
  insertAgency(agency: NewAgency, now: string): Promise<Agency>;
  /** Undefined when the name is taken. */
  insertUser(user: NewUser, now: string): Promise<User | undefined>;
  agencyById(id: number): Promise<Agency | undefined>;
  agencyByName(name: string): Promise<Agency | undefined>;
  /** Operator scopes see every agency, others only their own. */
  listAgencies(scope: AccessScope): Promise<Agency[]>;
  /** The users of `agencyId`, which must be the scope's agency unless the scope is the operator's; else []. */
  listUsers(scope: AccessScope, agencyId: number): Promise<User[]>;
  credentialsByUsername(username: string): Promise<Credentials | undefined>;
  credentialsById(userId: number): Promise<Credentials | undefined>;
  setPasswordHash(userId: number, hash: string): Promise<void>;

  insertSession(idHash: string, userId: number, now: string, expiresAt: string): Promise<void>;
  /** The session's user, when the session exists and has not expired at `now`. */
  sessionUser(idHash: string, now: string): Promise<Credentials | undefined>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: number): Promise<void>;

  insertToken(scope: AccessScope, name: string, secretHash: string, now: string, expiresAt: string | null): Promise<ApiToken>;
  /** The token's secret hash and user, for verification, whatever its state. */
  tokenForVerification(id: number): Promise<{ token: ApiToken; secretHash: string; credentials: Credentials } | undefined>;
  touchToken(id: number, now: string): Promise<void>;
  /** The scope's user's own tokens. */
  listTokens(scope: AccessScope): Promise<ApiToken[]>;
  /** Revokes one of the scope's user's tokens; undefined when it has no such token. */
  revokeToken(scope: AccessScope, id: number, now: string): Promise<ApiToken | undefined>;
}
