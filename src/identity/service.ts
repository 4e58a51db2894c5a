/**
 * Identity use cases over the IdentityStore: first run, agencies and users, sign-in with sessions,
 * API tokens, and resolving a credential to an Actor. Doors (server, CLI) call this, never the store.
 * A failed sign-in or credential gives the same UNAUTHENTICATED answer whatever the cause, so it never
 * tells whether a user exists; a missing user still costs one argon2 verification.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { problem, ProblemError, type Problem } from '../problems.js';
import { isJurisdiction, JURISDICTIONS } from '../registry/jurisdictions.js';
import { AGENCY_KINDS, ROLES, type AccessScope, type Actor, type AgencyKind, type Role } from './access.js';
import { LoginThrottle } from './login-throttle.js';
import './problems.js';
import type { Agency, ApiToken, Credentials, IdentityStore, User } from './store.js';

export const SESSION_HOURS = 12;
export const MIN_PASSWORD = 10;
const MAX_PASSWORD = 1024;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const TOKEN = /^nt_(\d{1,12})_([A-Za-z0-9_-]{43})$/;

export interface IdentityServiceOptions {
  now?: () => Date;
  throttle?: LoginThrottle;
}

/** What a door shows of the signed-in user. */
export interface Me {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  agency: { id: number; name: string; kind: AgencyKind; operator: boolean };
}

export type LoginResult = { ok: true; sessionId: string; me: Me; credentials: Credentials; expiresAt: Date } | { ok: false; problem: Problem; retryAfterSeconds?: number };

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const randomSecret = () => randomBytes(32).toString('base64url');

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const UNAUTHENTICATED_LOGIN = () => problem('UNAUTHENTICATED', 'Wrong user name or password.');
const UNAUTHENTICATED_TOKEN = () => problem('UNAUTHENTICATED', 'The API token is not valid: it is malformed, unknown, expired or revoked.');

export function checkPassword(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD)
    throw new ProblemError(problem('WEAK_PASSWORD', `A password needs at least ${MIN_PASSWORD} characters (at most ${MAX_PASSWORD}).`, { field }));
}

export function normaliseUsername(username: string): string {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name))
    throw new ProblemError(problem('INVALID_REQUEST', 'A user name is 2–64 characters: lower-case letters, digits, ".", "_" and "-", starting with a letter or digit.', { field: 'username' }));
  return name;
}

export function actorOf(c: Credentials, via: 'session' | 'token'): Actor {
  return {
    kind: 'user',
    userId: c.user.id,
    username: c.user.username,
    displayName: c.user.displayName,
    role: c.user.role,
    agencyId: c.agency.id,
    operator: c.agency.operator,
    via,
  };
}

export function meOf(c: Credentials): Me {
  return {
    id: c.user.id,
    username: c.user.username,
    displayName: c.user.displayName,
    role: c.user.role,
    agency: { id: c.agency.id, name: c.agency.name, kind: c.agency.kind, operator: c.agency.operator },
  };
}

export interface NewAgencyInput {
  name: string;
  kind: AgencyKind;
  jurisdiction?: string | null;
}
export interface NewUserInput {
  agencyId: number;
  username: string;
  displayName?: string;
  role: Role;
  password: string;
}

export class IdentityService {
  private readonly now: () => Date;
  readonly throttle: LoginThrottle;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly store: IdentityStore,
    options: IdentityServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.throttle = options.throttle ?? new LoginThrottle();
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  // ── System actions: the operator at the machine (CLI, first run), who holds the database anyway ──

  /**
   * First run: when there is no user at all, creates the operator agency and an admin with a random
   * password, returned once so the door can show it. Afterwards does nothing.
   */
  async bootstrap(): Promise<{ created: false } | { created: true; agency: Agency; user: User; password: string }> {
    if ((await this.store.countUsers()) > 0) return { created: false };
    const agency = (await this.store.agencyByName('Operator')) ?? (await this.store.insertAgency({ name: 'Operator', kind: 'operator', jurisdiction: null, operator: true }, this.stamp()));
    const password = randomBytes(12).toString('base64url');
    const user = await this.systemCreateUser({ agencyId: agency.id, username: 'admin', displayName: 'Administrator', role: 'admin', password });
    return { created: true, agency, user, password };
  }

  async systemCreateAgency(input: NewAgencyInput): Promise<Agency> {
    const name = input.name.trim();
    if (!name || name.length > 200) throw new ProblemError(problem('INVALID_REQUEST', 'An agency needs a name of 1–200 characters.', { field: 'name' }));
    if (!AGENCY_KINDS.includes(input.kind)) throw new ProblemError(problem('INVALID_REQUEST', `An agency kind is one of ${AGENCY_KINDS.join(', ')}.`, { field: 'kind' }));
    if (input.jurisdiction && !isJurisdiction(input.jurisdiction))
      throw new ProblemError(problem('UNKNOWN_JURISDICTION', `"${input.jurisdiction}" is not a jurisdiction; use ${JURISDICTIONS.join(', ')}.`, { field: 'jurisdiction' }));
    if (await this.store.agencyByName(name)) throw new ProblemError(problem('ALREADY_EXISTS', `There is already an agency named "${name}".`, { field: 'name' }));
    // The operator agency is made once, by bootstrap; any other is an ordinary agency whatever its kind.
    return this.store.insertAgency({ name, kind: input.kind, jurisdiction: input.jurisdiction ?? null, operator: false }, this.stamp());
  }

  async systemCreateUser(input: NewUserInput): Promise<User> {
    const username = normaliseUsername(input.username);
    if (!ROLES.includes(input.role)) throw new ProblemError(problem('INVALID_REQUEST', `A role is one of ${ROLES.join(', ')}.`, { field: 'role' }));
    checkPassword(input.password);
    if (!(await this.store.agencyById(input.agencyId))) throw new ProblemError(problem('NOT_FOUND', `There is no agency ${input.agencyId}.`, { field: 'agencyId' }));
    const user = await this.store.insertUser(
      { agencyId: input.agencyId, username, displayName: input.displayName?.trim() || username, role: input.role, passwordHash: await argon2Hash(input.password) },
      this.stamp(),
    );
    if (!user) throw new ProblemError(problem('ALREADY_EXISTS', `The user name "${username}" is taken.`, { field: 'username' }));
    return user;
  }

  async systemCreateToken(username: string, name: string, expiresInDays?: number): Promise<{ token: ApiToken; secret: string }> {
    const c = await this.store.credentialsByUsername(normaliseUsername(username));
    if (!c) throw new ProblemError(problem('NOT_FOUND', `There is no user "${username}".`, { field: 'user' }));
    return this.createToken({ agencyId: c.agency.id, userId: c.user.id, role: c.user.role, operator: c.agency.operator }, name, expiresInDays);
  }

  async agencyByIdOrName(ref: string): Promise<Agency | undefined> {
    return /^\d+$/.test(ref) ? this.store.agencyById(Number(ref)) : this.store.agencyByName(ref);
  }

  // ── Sign-in and credentials ──

  async login(usernameInput: string, password: string, address: string): Promise<LoginResult> {
    const username = usernameInput.trim().toLowerCase();
    const wait = this.throttle.retryAfter(username, address);
    if (wait > 0)
      return { ok: false, problem: problem('RATE_LIMITED', `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`), retryAfterSeconds: wait };
    const c = USERNAME.test(username) ? await this.store.credentialsByUsername(username) : undefined;
    this.dummyHash ??= argon2Hash(randomSecret());
    const valid = await argon2Verify(c?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!c || !valid || c.user.disabled) {
      this.throttle.failed(username, address);
      return { ok: false, problem: UNAUTHENTICATED_LOGIN() };
    }
    this.throttle.succeeded(username);
    const sessionId = randomSecret();
    const expiresAt = new Date(this.now().getTime() + SESSION_HOURS * 3600_000);
    await this.store.insertSession(digest(sessionId), c.user.id, this.stamp(), expiresAt.toISOString());
    return { ok: true, sessionId, me: meOf(c), credentials: c, expiresAt };
  }

  async logout(sessionId: string): Promise<void> {
    await this.store.deleteSession(digest(sessionId));
  }

  /** The session's user, or undefined for an unknown, expired or forged session id. */
  async sessionCredentials(sessionId: string): Promise<Credentials | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
    const c = await this.store.sessionUser(digest(sessionId), this.stamp());
    return c && !c.user.disabled ? c : undefined;
  }

  /** The token's user, or a problem for a malformed, unknown, expired or revoked token. */
  async tokenCredentials(bearer: string): Promise<{ ok: true; credentials: Credentials } | { ok: false; problem: Problem }> {
    const m = TOKEN.exec(bearer.trim());
    if (!m) return { ok: false, problem: UNAUTHENTICATED_TOKEN() };
    const found = await this.store.tokenForVerification(Number(m[1]));
    const now = this.stamp();
    if (!found || !sameDigest(found.secretHash, digest(m[2])) || found.token.revokedAt || (found.token.expiresAt && found.token.expiresAt <= now) || found.credentials.user.disabled)
      return { ok: false, problem: UNAUTHENTICATED_TOKEN() };
    await this.store.touchToken(found.token.id, now);
    return { ok: true, credentials: found.credentials };
  }

  async credentialsOf(scope: AccessScope): Promise<Credentials | undefined> {
    return this.store.credentialsById(scope.userId);
  }

  // ── Scoped actions (a signed-in user; the door has authorised the permission) ──

  async changePassword(scope: AccessScope, current: string, next: string): Promise<void> {
    const c = await this.store.credentialsById(scope.userId);
    if (!c || !(await argon2Verify(c.passwordHash, current).catch(() => false)))
      throw new ProblemError(problem('UNAUTHENTICATED', 'The current password is wrong.', { field: 'currentPassword' }));
    checkPassword(next, 'newPassword');
    await this.store.setPasswordHash(scope.userId, await argon2Hash(next));
  }

  async createToken(scope: AccessScope, name: string, expiresInDays?: number): Promise<{ token: ApiToken; secret: string }> {
    const label = name.trim();
    if (!label || label.length > 100) throw new ProblemError(problem('INVALID_REQUEST', 'A token needs a name of 1–100 characters.', { field: 'name' }));
    const secret = randomSecret();
    const expiresAt = expiresInDays ? new Date(this.now().getTime() + expiresInDays * 86_400_000).toISOString() : null;
    const token = await this.store.insertToken(scope, label, digest(secret), this.stamp(), expiresAt);
    return { token, secret: `nt_${token.id}_${secret}` };
  }

  listTokens(scope: AccessScope): Promise<ApiToken[]> {
    return this.store.listTokens(scope);
  }

  revokeToken(scope: AccessScope, id: number): Promise<ApiToken | undefined> {
    return this.store.revokeToken(scope, id, this.stamp());
  }

  listAgencies(scope: AccessScope): Promise<Agency[]> {
    return this.store.listAgencies(scope);
  }

  /** Operator admins may create agencies (the door authorises 'agencies:manage'). */
  createAgency(_scope: AccessScope, input: NewAgencyInput): Promise<Agency> {
    return this.systemCreateAgency(input);
  }

  listUsers(scope: AccessScope, agencyId = scope.agencyId): Promise<User[]> {
    return this.store.listUsers(scope, agencyId);
  }

  /** An admin creates users in their own agency; an operator admin in any. Another agency is NOT_FOUND. */
  async createUser(scope: AccessScope, input: Omit<NewUserInput, 'agencyId'> & { agencyId?: number }): Promise<User> {
    const agencyId = input.agencyId ?? scope.agencyId;
    if (agencyId !== scope.agencyId && !scope.operator) throw new ProblemError(problem('NOT_FOUND', `There is no agency ${agencyId}.`, { field: 'agencyId' }));
    return this.systemCreateUser({ ...input, agencyId });
  }
}
