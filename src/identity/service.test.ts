/** Identity on both backends: first run, agencies and users, sign-in, sessions, tokens, and their failures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../modules.js';
import { ProblemError } from '../problems.js';
import { openDatabase, type OpenDatabase } from '../store/database.js';
import { forEachBackend } from '../store/testing.js';
import { createAccessPolicy, IDENTITY_PERMISSIONS, type AccessScope } from './access.js';
import { createIdentityStore } from './kysely-store.js';
import { LoginThrottle } from './login-throttle.js';
import { IdentityService } from './service.js';

async function problemOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ProblemError) return err.problem.code;
    throw err;
  }
  return 'no problem';
}

await forEachBackend('identity', (config) => {
  let database: OpenDatabase;
  let identity: IdentityService;
  let clock = new Date('2026-12-01T08:00:00Z');
  beforeAll(async () => {
    database = await openDatabase(config(), MODULES);
    identity = new IdentityService(createIdentityStore(database.db), { now: () => clock, throttle: new LoginThrottle({ now: () => clock.getTime() }) });
  });
  afterAll(async () => database?.close());

  let admin: AccessScope;
  let lab: { id: number };

  it('creates the operator agency and an admin with a one-time password on first run, and only then', async () => {
    const first = await identity.bootstrap();
    if (!first.created) throw new Error('expected a first run');
    expect(first.agency).toMatchObject({ name: 'Operator', kind: 'operator', operator: true });
    expect(first.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(first.password.length).toBeGreaterThanOrEqual(16);
    expect(await identity.bootstrap()).toEqual({ created: false });
    const login = await identity.login('admin', first.password, '127.0.0.1');
    expect(login.ok).toBe(true);
    admin = { agencyId: first.agency.id, userId: first.user.id, role: 'admin', operator: true };
  });

  it('creates agencies and users, refusing duplicates, weak passwords and bad names', async () => {
    lab = await identity.createAgency(admin, { name: 'US forensic lab', kind: 'laboratory', jurisdiction: 'US' });
    expect(await problemOf(identity.createAgency(admin, { name: 'US forensic lab', kind: 'laboratory' }))).toBe('ALREADY_EXISTS');
    expect(await problemOf(identity.createAgency(admin, { name: 'Atlantis lab', kind: 'laboratory', jurisdiction: 'XX' }))).toBe('UNKNOWN_JURISDICTION');
    await identity.createUser(admin, { agencyId: lab.id, username: 'Chemist.One', role: 'analyst', password: 'correct horse battery' });
    expect(await problemOf(identity.createUser(admin, { agencyId: lab.id, username: 'chemist.one', role: 'analyst', password: 'another long one' }))).toBe('ALREADY_EXISTS');
    expect(await problemOf(identity.createUser(admin, { agencyId: lab.id, username: 'short', role: 'analyst', password: 'short' }))).toBe('WEAK_PASSWORD');
    expect(await problemOf(identity.createUser(admin, { agencyId: lab.id, username: 'a b', role: 'analyst', password: 'long enough pw' }))).toBe('INVALID_REQUEST');
    const users = await identity.listUsers(admin, lab.id);
    expect(users.map((u) => u.username)).toEqual(['chemist.one']);
  });

  it('lets an agency’s admin see and manage only its own agency', async () => {
    await identity.createUser(admin, { agencyId: lab.id, username: 'lab.admin', role: 'admin', password: 'lab admin password' });
    const login = await identity.login('lab.admin', 'lab admin password', '10.0.0.1');
    if (!login.ok) throw new Error('login failed');
    const labAdmin: AccessScope = { agencyId: lab.id, userId: login.me.id, role: 'admin', operator: false };
    expect((await identity.listAgencies(labAdmin)).map((a) => a.name)).toEqual(['US forensic lab']);
    expect(await identity.listUsers(labAdmin, admin.agencyId)).toEqual([]);
    expect(await problemOf(identity.createUser(labAdmin, { agencyId: admin.agencyId, username: 'intruder', role: 'admin', password: 'intruder password' }))).toBe('NOT_FOUND');
    const policy = createAccessPolicy([IDENTITY_PERMISSIONS]);
    const actor = { kind: 'user' as const, userId: labAdmin.userId, username: 'lab.admin', displayName: 'lab.admin', role: 'admin' as const, agencyId: lab.id, operator: false, via: 'session' as const };
    expect(policy.has(actor, 'agencies:manage')).toBe(false);
    expect(policy.has(actor, 'users:manage')).toBe(true);
  });

  it('answers a wrong password and an unknown user alike, and limits failed attempts', async () => {
    const wrong = await identity.login('chemist.one', 'not the password', '10.0.0.2');
    const unknown = await identity.login('nobody.here', 'not the password', '10.0.0.2');
    expect(wrong).toEqual(unknown);
    expect(wrong).toMatchObject({ ok: false, problem: { code: 'UNAUTHENTICATED', message: 'Wrong user name or password.' } });
    for (let i = 0; i < 4; i++) await identity.login('chemist.one', 'still wrong', '10.0.0.3');
    const locked = await identity.login('chemist.one', 'correct horse battery', '10.0.0.4');
    expect(locked).toMatchObject({ ok: false, problem: { code: 'RATE_LIMITED' } });
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect((await identity.login('chemist.one', 'correct horse battery', '10.0.0.4')).ok).toBe(true);
  });

  it('resolves sessions until they expire or end, and never a forged id', async () => {
    const login = await identity.login('chemist.one', 'correct horse battery', '10.0.0.5');
    if (!login.ok) throw new Error('login failed');
    expect((await identity.sessionCredentials(login.sessionId))?.user.username).toBe('chemist.one');
    expect(await identity.sessionCredentials(`${login.sessionId.slice(0, -1)}${login.sessionId.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(await identity.sessionCredentials('forged')).toBeUndefined();
    await identity.logout(login.sessionId);
    expect(await identity.sessionCredentials(login.sessionId)).toBeUndefined();
    const again = await identity.login('chemist.one', 'correct horse battery', '10.0.0.5');
    if (!again.ok) throw new Error('login failed');
    clock = new Date(clock.getTime() + 13 * 3600_000);
    expect(await identity.sessionCredentials(again.sessionId)).toBeUndefined();
  });

  it('issues API tokens that work until revoked or expired, shown once and stored hashed', async () => {
    const { token, secret } = await identity.systemCreateToken('chemist.one', 'LIMS import', 30);
    expect(secret).toMatch(/^nt_\d+_[A-Za-z0-9_-]{43}$/);
    const ok = await identity.tokenCredentials(secret);
    expect(ok.ok && ok.credentials.user.username).toBe('chemist.one');
    expect((await identity.tokenCredentials(secret.slice(0, -2) + 'xx')).ok).toBe(false);
    expect((await identity.tokenCredentials('nt_999999_' + 'a'.repeat(43))).ok).toBe(false);
    const c = ok.ok ? ok.credentials : undefined;
    const scope: AccessScope = { agencyId: c!.agency.id, userId: c!.user.id, role: c!.user.role, operator: false };
    expect((await identity.listTokens(scope)).map((t) => t.id)).toContain(token.id);
    expect((await identity.listTokens(admin)).map((t) => t.id)).not.toContain(token.id);
    expect(await identity.revokeToken(admin, token.id)).toBeUndefined(); // not the admin's token
    expect((await identity.revokeToken(scope, token.id))?.revokedAt).toBeTruthy();
    expect(await identity.tokenCredentials(secret)).toMatchObject({ ok: false, problem: { code: 'UNAUTHENTICATED' } });

    const short = await identity.createToken(scope, 'one day', 1);
    expect((await identity.tokenCredentials(short.secret)).ok).toBe(true);
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    expect((await identity.tokenCredentials(short.secret)).ok).toBe(false);
  });

  it('changes a password only with the current one', async () => {
    const c = await identity.login('chemist.one', 'correct horse battery', '10.0.0.6');
    if (!c.ok) throw new Error('login failed');
    const scope: AccessScope = { agencyId: c.me.agency.id, userId: c.me.id, role: c.me.role, operator: false };
    expect(await problemOf(identity.changePassword(scope, 'wrong current', 'a brand new password'))).toBe('UNAUTHENTICATED');
    expect(await problemOf(identity.changePassword(scope, 'correct horse battery', 'short'))).toBe('WEAK_PASSWORD');
    await identity.changePassword(scope, 'correct horse battery', 'a brand new password');
    expect((await identity.login('chemist.one', 'a brand new password', '10.0.0.6')).ok).toBe(true);
  });
});

describe('login throttle', () => {
  it('counts per user name and per address over a sliding window', () => {
    let now = 0;
    const t = new LoginThrottle({ perUser: 2, perAddress: 3, windowMs: 1000, now: () => now });
    t.failed('a', 'ip1');
    expect(t.retryAfter('a', 'ip1')).toBe(0);
    t.failed('a', 'ip1');
    expect(t.retryAfter('a', 'ip2')).toBe(1);
    t.failed('b', 'ip1');
    expect(t.retryAfter('c', 'ip1')).toBe(1);
    now = 1001;
    expect(t.retryAfter('a', 'ip1')).toBe(0);
  });
});
