/**
 * The authorisation matrix: every API route × every role × a record of the caller's own agency and one
 * of another agency. It is driven by the server's own route list, so a new route without a probe here
 * fails, and a new route without an access rule fails at start-up. It shows that no role reads or
 * writes another agency's record, and that each route grants exactly what the access policy says.
 */
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../identity/access.js';
import type { ApiRoute } from './access.js';
import { buildServer } from './server.js';

const NO_WEB = join(import.meta.dirname, '__fixtures__', 'no-web-build-here');
const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const PROBE_INCIDENT = { kind: 'seizure', occurredOn: '2026-01-02', place: { country: 'US' } };

/** Records of one agency that the probes ask for. */
interface Fixture {
  agencyId: number;
  historyId: number;
  /** Classified by this agency only: the marker of its history in listings. */
  marker: string;
  jobId: string;
  tokenId: number;
  username: string;
  /** A private exchange incident of this agency. */
  incidentUid: string;
}

type Caller = { name: string; role: Role | 'anonymous'; operator: boolean; secret?: string; password?: string; username?: string };

let app: FastifyInstance;
let own: Fixture;
let other: Fixture;
const callers: Caller[] = [{ name: 'anonymous', role: 'anonymous', operator: false }];
let counter = 0;

/**
 * How to call each route for a record of `f`'s agency. `hidden` says how a response shows that the
 * other agency's record stayed hidden: 'not-found', or absent from a listing (the other's marker).
 */
const PROBES: Record<string, { request: (f: Fixture, c: Caller) => InjectOptions; hidden?: 'not-found' | 'unlisted'; operatorManages?: true }> = {
  'POST /api/classify': { request: () => ({ method: 'POST', url: '/api/classify', payload: { structure: 'CCO' } }) },
  'GET /api/substances': { request: () => ({ method: 'GET', url: '/api/substances?q=fentanyl' }) },
  'GET /api/substances/:id': { request: () => ({ method: 'GET', url: '/api/substances/fentanyl' }) },
  'POST /api/search/substructure': { request: () => ({ method: 'POST', url: '/api/search/substructure', payload: { query: 'c1ccccc1N' } }) },
  'POST /api/search/similarity': { request: () => ({ method: 'POST', url: '/api/search/similarity', payload: { query: FENTANYL } }) },
  'GET /api/rules': { request: () => ({ method: 'GET', url: '/api/rules' }) },
  'GET /api/rules/:id': { request: () => ({ method: 'GET', url: '/api/rules/US-FRS' }) },
  'GET /api/depict': { request: () => ({ method: 'GET', url: '/api/depict?smiles=CCO' }) },
  'GET /api/jurisdictions': { request: () => ({ method: 'GET', url: '/api/jurisdictions' }) },
  'GET /api/openapi.json': { request: () => ({ method: 'GET', url: '/api/openapi.json' }) },
  'GET /api/auth/me': { request: () => ({ method: 'GET', url: '/api/auth/me' }) },
  'POST /api/auth/login': { request: () => ({ method: 'POST', url: '/api/auth/login', payload: { username: 'own.analyst', password: 'analyst password 1' } }) },
  'POST /api/auth/logout': { request: () => ({ method: 'POST', url: '/api/auth/logout', payload: {} }) },
  'POST /api/auth/password': {
    request: (_f, c) => ({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: c.password ?? 'x', newPassword: c.password ?? 'x' } }),
  },
  'GET /api/history': { request: () => ({ method: 'GET', url: '/api/history?limit=500' }), hidden: 'unlisted' },
  'GET /api/history/:id': { request: (f) => ({ method: 'GET', url: `/api/history/${f.historyId}` }), hidden: 'not-found' },
  'GET /api/tokens': { request: () => ({ method: 'GET', url: '/api/tokens' }), hidden: 'unlisted' },
  'POST /api/tokens': { request: () => ({ method: 'POST', url: '/api/tokens', payload: { name: `probe ${counter++}` } }) },
  'POST /api/tokens/:id/revoke': { request: (f) => ({ method: 'POST', url: `/api/tokens/${f.tokenId}/revoke`, payload: {} }), hidden: 'not-found' },
  // Agencies and their users are what the operator agency's admins manage, for every agency.
  'GET /api/agencies': { request: () => ({ method: 'GET', url: '/api/agencies' }), hidden: 'unlisted', operatorManages: true },
  'POST /api/agencies': { request: () => ({ method: 'POST', url: '/api/agencies', payload: { name: `Probe agency ${counter++}`, kind: 'regulator' } }) },
  'GET /api/users': { request: (f) => ({ method: 'GET', url: `/api/users?agency=${f.agencyId}` }), hidden: 'unlisted', operatorManages: true },
  'POST /api/users': {
    request: (f) => ({ method: 'POST', url: '/api/users', payload: { username: `probe.${counter++}`, role: 'analyst', password: 'probe password 1', agencyId: f.agencyId } }),
    hidden: 'not-found',
    operatorManages: true,
  },
  'POST /api/jobs/classify': { request: () => ({ method: 'POST', url: '/api/jobs/classify', payload: { structures: ['CCO'] } }) },
  'GET /api/jobs': { request: () => ({ method: 'GET', url: '/api/jobs' }), hidden: 'unlisted' },
  'GET /api/jobs/:id': { request: (f) => ({ method: 'GET', url: `/api/jobs/${f.jobId}` }), hidden: 'not-found' },
  'POST /api/jobs/:id/cancel': { request: (f) => ({ method: 'POST', url: `/api/jobs/${f.jobId}/cancel`, payload: {} }), hidden: 'not-found' },
  'GET /api/jobs/:id/result': { request: (f) => ({ method: 'GET', url: `/api/jobs/${f.jobId}/result` }), hidden: 'not-found' },
  'GET /api/jobs/:id/events': { request: (f) => ({ method: 'GET', url: `/api/jobs/${f.jobId}/events` }), hidden: 'not-found' },
  'GET /api/spectra/libraries': { request: () => ({ method: 'GET', url: '/api/spectra/libraries' }), hidden: 'unlisted' },
  'POST /api/spectra/libraries': {
    request: () => ({ method: 'POST', url: '/api/spectra/libraries', payload: { library: `probe ${counter++}`, files: [{ name: 'probe.csv', content: '41,10\n43,999\n' }] } }),
  },
  'DELETE /api/spectra/libraries/:id': { request: () => ({ method: 'DELETE', url: '/api/spectra/libraries/987654' }), hidden: 'not-found' },
  'GET /api/spectra/libraries/:id/spectra/:spectrumId': { request: () => ({ method: 'GET', url: '/api/spectra/libraries/987654/spectra/1' }), hidden: 'not-found' },
  'POST /api/spectra/search': { request: () => ({ method: 'POST', url: '/api/spectra/search', payload: { library: 'no such library', peaks: [[43, 999]] } }), hidden: 'not-found' },
  'GET /api/exchange/incidents': { request: () => ({ method: 'GET', url: '/api/exchange/incidents?limit=500' }), hidden: 'unlisted' },
  'POST /api/exchange/incidents': { request: () => ({ method: 'POST', url: '/api/exchange/incidents', payload: PROBE_INCIDENT }) },
  'GET /api/exchange/incidents/:uid': { request: (f) => ({ method: 'GET', url: `/api/exchange/incidents/${f.incidentUid}` }), hidden: 'not-found' },
  'PUT /api/exchange/incidents/:uid': { request: (f) => ({ method: 'PUT', url: `/api/exchange/incidents/${f.incidentUid}`, payload: PROBE_INCIDENT }), hidden: 'not-found' },
  'PUT /api/exchange/incidents/:uid/sharing': { request: (f) => ({ method: 'PUT', url: `/api/exchange/incidents/${f.incidentUid}/sharing`, payload: { scope: 'private' } }), hidden: 'not-found' },
  'GET /api/exchange/partners': { request: () => ({ method: 'GET', url: '/api/exchange/partners' }) },
  'GET /api/exchange/key': { request: () => ({ method: 'GET', url: '/api/exchange/key' }) },
  'POST /api/exchange/export': { request: (f) => ({ method: 'POST', url: '/api/exchange/export', payload: { incidents: [f.incidentUid] } }), hidden: 'not-found' },
  'POST /api/exchange/verify': { request: () => ({ method: 'POST', url: '/api/exchange/verify', payload: {} }) },
  'POST /api/exchange/import': { request: () => ({ method: 'POST', url: '/api/exchange/import', payload: {} }) },
  'GET /api/exchange/audit': { request: () => ({ method: 'GET', url: '/api/exchange/audit?limit=1000' }), hidden: 'unlisted' },
};

function withCaller(options: InjectOptions, c: Caller): InjectOptions {
  return c.secret ? { ...options, headers: { ...options.headers, authorization: `Bearer ${c.secret}` } } : options;
}

function actorOf(c: Caller, agencyId: number): Actor {
  if (c.role === 'anonymous') return { kind: 'anonymous' };
  return { kind: 'user', userId: 0, username: c.name, displayName: c.name, role: c.role, agencyId, operator: c.operator, via: 'token' };
}

async function makeFixture(agencyName: string, prefix: string): Promise<Fixture & { agency: { id: number } }> {
  const identity = app.narcotrace.identity;
  const agency = await identity.systemCreateAgency({ name: agencyName, kind: 'laboratory', jurisdiction: 'US' });
  const username = `${prefix}.owner`;
  await identity.systemCreateUser({ agencyId: agency.id, username, role: 'analyst', password: 'owner password 1' });
  const { token, secret } = await identity.systemCreateToken(username, 'fixture');
  const headers = { authorization: `Bearer ${secret}` };
  const marker = `${'C'.repeat(20)}${prefix === 'own' ? 'N' : 'O'}`;
  await app.inject({ method: 'POST', url: '/api/classify', payload: { structure: marker }, headers });
  await app.narcotrace.recorder.flush();
  const { entries } = (await app.inject({ method: 'GET', url: '/api/history', headers })).json();
  const job = (await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures: [marker] }, headers })).json().job;
  const incident = (await app.inject({ method: 'POST', url: '/api/exchange/incidents', payload: { ...PROBE_INCIDENT, description: { en: marker } }, headers })).json().incident;
  return { agency, agencyId: agency.id, historyId: entries[0].id, marker, jobId: job.id, tokenId: token.id, username, incidentUid: incident.uid };
}

beforeAll(async () => {
  app = await buildServer({ webRoot: NO_WEB, historyFlushMs: 10, rateLimit: { max: 0 } });
  const identity = app.narcotrace.identity;
  const first = await identity.bootstrap();
  if (!first.created) throw new Error('expected a fresh instance');
  callers.push({ name: 'operator admin', role: 'admin', operator: true, secret: (await identity.systemCreateToken('admin', 'matrix')).secret, password: first.password });
  own = await makeFixture('Own lab', 'own');
  other = await makeFixture('Other lab', 'other');
  for (const role of ['analyst', 'reviewer', 'admin'] as const) {
    const username = `own.${role}`;
    const password = `${role} password 1`;
    await identity.systemCreateUser({ agencyId: own.agencyId, username, role, password });
    callers.push({ name: `own ${role}`, role, operator: false, username, password, secret: (await identity.systemCreateToken(username, 'matrix')).secret });
  }
});
afterAll(async () => {
  await app?.close();
});

describe('authorisation matrix', () => {
  it('has a probe for every API route, and every route declares its access', () => {
    const routes: ApiRoute[] = app.narcotrace.routes;
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.map((r) => `${r.method} ${r.url}`).filter((key) => !PROBES[key]);
    expect(missing, 'add a probe to PROBES for each new route').toEqual([]);
  });

  it('grants each route exactly as the access policy says, and never another agency’s record', async () => {
    const policy = app.narcotrace.access;
    const rows: string[] = [];
    for (const route of app.narcotrace.routes) {
      const probe = PROBES[`${route.method} ${route.url}`];
      for (const caller of callers) {
        // The caller's own agency: `own` for the lab's users; the operator's records are none of these.
        const agencyOfCaller = caller.operator ? -1 : own.agencyId;
        const allowed = route.access === 'public' || policy.has(actorOf(caller, agencyOfCaller), route.access.permission);
        for (const which of ['own', 'other'] as const) {
          const fixture = which === 'own' ? own : other;
          const res = await app.inject(withCaller(probe.request(fixture, caller), caller));
          const cell = `${route.method} ${route.url} as ${caller.name} on ${which} → ${res.statusCode}`;
          rows.push(cell);
          if (!allowed) {
            expect(res.statusCode, cell).toBe(caller.role === 'anonymous' ? 401 : 403);
            continue;
          }
          expect([401, 403], cell).not.toContain(res.statusCode);
          expect(res.statusCode, cell).toBeLessThan(500);
          // The operator holds no record of either lab; it only manages their agencies and users.
          const foreign = which === 'other' || caller.operator;
          if (!foreign || !probe.hidden || (caller.operator && probe.operatorManages)) continue;
          if (probe.hidden === 'not-found') expect(res.statusCode, cell).toBe(404);
          else {
            const body = res.body;
            // Nothing of the other agency: not its classification marker, its job, its token, its owner user.
            const theirs = which === 'other' ? other : own;
            for (const secret of [theirs.marker, theirs.jobId, `"${theirs.username}"`, theirs.incidentUid]) expect(body, cell).not.toContain(secret);
            if (route.url === '/api/agencies' && !caller.operator) expect(body, cell).not.toContain(which === 'other' ? 'Other lab' : '"Operator"');
          }
        }
      }
    }
    expect(rows.length).toBe(app.narcotrace.routes.length * callers.length * 2);
  });

  it('states the intended policy: reviewers read but do not submit; only admins manage users; only the operator creates agencies', () => {
    const policy = app.narcotrace.access;
    const as = (role: Role, operator = false) => actorOf({ name: role, role, operator }, 1);
    expect(policy.has(as('reviewer'), 'jobs:read')).toBe(true);
    expect(policy.has(as('reviewer'), 'jobs:submit')).toBe(false);
    expect(policy.has(as('analyst'), 'users:manage')).toBe(false);
    expect(policy.has(as('admin'), 'agencies:manage')).toBe(false);
    expect(policy.has(as('admin', true), 'agencies:manage')).toBe(true);
    expect(policy.has(as('analyst'), 'history:read')).toBe(true);
  });
});

describe('credentials that fail', () => {
  const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/history', headers });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'own.analyst', password: 'not my password' }, remoteAddress: '10.1.0.1' });
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'no.such.user', password: 'not my password' }, remoteAddress: '10.1.0.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('signs in with a cookie, which then works, and a forged or ended one gives 401', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'own.analyst', password: 'analyst password 1' }, remoteAddress: '10.1.0.2' });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/narcotrace_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0];
    expect((await me({ cookie })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json().user).toMatchObject({ username: 'own.analyst', role: 'analyst' });
    expect((await me({ cookie: 'narcotrace_session=' + 'A'.repeat(43) })).statusCode).toBe(401);
    expect((await me({ cookie: 'narcotrace_session=forged' })).statusCode).toBe(401);
    await app.inject({ method: 'POST', url: '/api/auth/logout', payload: {}, headers: { cookie } });
    expect((await me({ cookie })).statusCode).toBe(401);
  });

  it('refuses a malformed, unknown, revoked or expired token with 401, even on public routes', async () => {
    const identity = app.narcotrace.identity;
    const { token, secret } = await identity.systemCreateToken('own.analyst', 'to revoke');
    expect((await me({ authorization: `Bearer ${secret}` })).statusCode).toBe(200);
    const scope = { agencyId: own.agencyId, userId: (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${secret}` } })).json().user.id, role: 'analyst' as const, operator: false };
    await identity.revokeToken(scope, token.id);
    for (const authorization of [`Bearer ${secret}`, 'Bearer nt_1_short', 'Bearer nonsense', 'Basic dXNlcjpwYXNz']) {
      const res = await app.inject({ method: 'POST', url: '/api/classify', payload: { structure: 'CCO' }, headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('limits failed sign-ins per user name with 429 and Retry-After', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'own.reviewer', password: 'wrong password!' }, remoteAddress: '10.1.0.3' });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password waits: the limit does not reveal whether a guess was right.
    const right = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'own.reviewer', password: 'reviewer password 1' }, remoteAddress: '10.1.0.4' });
    expect(right.statusCode).toBe(429);
  });
});
