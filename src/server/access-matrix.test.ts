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
const PROBE_PNG = { filename: 'probe.png', contentType: 'image/png', kind: 'photo', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64') };
/** Exchange sharing scopes of the fixtures' incidents: private, shared by name with the other fixture's agency or with a third one, shared with all. */
const SCOPES = ['private', 'named', 'elsewhere', 'all'] as const;

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
  /** An attachment of that incident. */
  attachmentId: string;
  /** An incident of this agency in each sharing scope, each with a value in every redacted field (below); set once both agencies exist. */
  scoped: Record<(typeof SCOPES)[number], string>;
  /** Those values: personal data, coordinates, case reference and notes, attachment names and ids. None may reach another agency. */
  secrets: string[];
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
  'GET /api/attribution/profiles': { request: () => ({ method: 'GET', url: '/api/attribution/profiles' }), hidden: 'unlisted' },
  'POST /api/attribution/profiles': { request: () => ({ method: 'POST', url: '/api/attribution/profiles', payload: { csv: `sample,compound,area\nprobe ${counter++},impurity A,1\n` } }) },
  'GET /api/attribution/profiles/:id': { request: () => ({ method: 'GET', url: '/api/attribution/profiles/987654' }), hidden: 'not-found' },
  'DELETE /api/attribution/profiles/:id': { request: () => ({ method: 'DELETE', url: '/api/attribution/profiles/987654' }), hidden: 'not-found' },
  'GET /api/attribution/calibrations': { request: () => ({ method: 'GET', url: '/api/attribution/calibrations' }), hidden: 'unlisted' },
  'POST /api/attribution/calibrations': { request: () => ({ method: 'POST', url: '/api/attribution/calibrations', payload: { name: 'probe' } }) },
  'GET /api/attribution/calibrations/:id': { request: () => ({ method: 'GET', url: '/api/attribution/calibrations/987654' }), hidden: 'not-found' },
  'POST /api/attribution/link': { request: () => ({ method: 'POST', url: '/api/attribution/link', payload: { calibration: 987654 } }), hidden: 'not-found' },
  'GET /api/attribution/reference': { request: () => ({ method: 'GET', url: '/api/attribution/reference' }) },
  'POST /api/exchange/incidents/:uid/attachments': { request: (f) => ({ method: 'POST', url: `/api/exchange/incidents/${f.incidentUid}/attachments`, payload: PROBE_PNG }), hidden: 'not-found' },
  'GET /api/exchange/incidents/:uid/attachments/:attachmentId': { request: (f) => ({ method: 'GET', url: `/api/exchange/incidents/${f.incidentUid}/attachments/${f.attachmentId}` }), hidden: 'not-found' },
  'GET /api/warning/compare': { request: () => ({ method: 'GET', url: '/api/warning/compare?a=US&b=CN&asOf=2019-06-01' }) },
  'GET /api/warning/alerts': { request: () => ({ method: 'GET', url: '/api/warning/alerts?limit=500' }), hidden: 'unlisted' },
  'GET /api/warning/trends': { request: () => ({ method: 'GET', url: '/api/warning/trends?from=2025-06-01&to=2026-06-01' }), hidden: 'unlisted' },
  'GET /api/warning/briefing': { request: () => ({ method: 'GET', url: '/api/warning/briefing?a=US&b=UN&from=2025-10-01&to=2026-03-01&format=html' }), hidden: 'unlisted' },
  'POST /api/warning/compare': { request: () => ({ method: 'POST', url: '/api/warning/compare', payload: { a: 'US', b: 'CN', asOf: '2019-06-01', structures: ['CCO'] } }) },
  'GET /api/screening/lists': { request: () => ({ method: 'GET', url: '/api/screening/lists' }), hidden: 'unlisted' },
  'POST /api/screening/lists': { request: () => ({ method: 'POST', url: '/api/screening/lists', payload: { format: 'csv', list: `PROBE-${counter++}`, content: 'id,name\n1,Probe Chemical Co\n' } }) },
  'POST /api/screening/party': { request: () => ({ method: 'POST', url: '/api/screening/party', payload: { name: 'Probe Chemical' } }) },
  'POST /api/screening/orders': {
    request: () => ({ method: 'POST', url: '/api/screening/orders', payload: { order: { exporter: { name: 'E', country: 'CN' }, customer: { name: 'C', country: 'US' }, lines: [{ structure: 'CCO', quantity: 1, unit: 'kg' }] } } }),
  },
  'GET /api/screening/orders': { request: () => ({ method: 'GET', url: '/api/screening/orders?limit=1000' }), hidden: 'unlisted' },
  'GET /api/screening/orders/:id': { request: () => ({ method: 'GET', url: '/api/screening/orders/987654' }), hidden: 'not-found' },
  'GET /api/screening/:id/documents/:kind': { request: () => ({ method: 'GET', url: '/api/screening/987654/documents/suspicious-order-report?format=json' }), hidden: 'not-found' },
  'POST /api/screening/orders/:id/decision': { request: () => ({ method: 'POST', url: '/api/screening/orders/987654/decision', payload: { decision: 'clear', reason: 'probe' } }), hidden: 'not-found' },
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
  const attachment = (await app.inject({ method: 'POST', url: `/api/exchange/incidents/${incident.uid}/attachments`, payload: PROBE_PNG, headers })).json().attachment;
  const scoped = {} as Fixture['scoped'];
  return { agency, agencyId: agency.id, historyId: entries[0].id, marker, jobId: job.id, tokenId: token.id, username, incidentUid: incident.uid, attachmentId: attachment.id, scoped, secrets: [] };
}

/** `f`'s incident in each sharing scope, with a secret in every field that is withheld from other agencies. */
async function shareFixtures(f: Fixture, partnerId: number, elsewhereId: number): Promise<void> {
  const headers = { authorization: `Bearer ${(await app.narcotrace.identity.systemCreateToken(f.username, 'sharing')).secret}` };
  for (const scope of SCOPES) {
    const tag = `${f.agencyId}x${scope}`;
    const payload = {
      ...PROBE_INCIDENT,
      place: { country: 'US', coordinates: { lat: 12.3456789, lon: f.agencyId + 0.0987654 } },
      operational: { caseReference: `CASE-${tag}`, notes: { en: `notes-${tag}` } },
      parties: [{ role: 'suspect', kind: 'person', personal: { name: `suspect-${tag}`, address: `address-${tag}` } }],
    };
    const { uid } = (await app.inject({ method: 'POST', url: '/api/exchange/incidents', payload, headers })).json().incident;
    const attachment = (await app.inject({ method: 'POST', url: `/api/exchange/incidents/${uid}/attachments`, payload: { ...PROBE_PNG, filename: `photo-${tag}.png` }, headers })).json().attachment;
    const sharing = { private: { scope: 'private' }, named: { scope: 'agencies', agencies: [partnerId] }, elsewhere: { scope: 'agencies', agencies: [elsewhereId] }, all: { scope: 'all' } }[scope];
    expect((await app.inject({ method: 'PUT', url: `/api/exchange/incidents/${uid}/sharing`, payload: sharing, headers })).statusCode).toBe(200);
    f.scoped[scope] = uid;
    f.secrets.push(`suspect-${tag}`, `address-${tag}`, `CASE-${tag}`, `notes-${tag}`, `${f.agencyId + 0.0987654}`, `photo-${tag}.png`, attachment.id);
  }
}

beforeAll(async () => {
  app = await buildServer({ webRoot: NO_WEB, historyFlushMs: 10, rateLimit: { max: 0 } });
  const identity = app.narcotrace.identity;
  const first = await identity.bootstrap();
  if (!first.created) throw new Error('expected a fresh instance');
  callers.push({ name: 'operator admin', role: 'admin', operator: true, secret: (await identity.systemCreateToken('admin', 'matrix')).secret, password: first.password });
  own = await makeFixture('Own lab', 'own');
  other = await makeFixture('Other lab', 'other');
  const third = await identity.systemCreateAgency({ name: 'Third lab', kind: 'laboratory', jurisdiction: 'US' });
  await shareFixtures(own, other.agencyId, third.id);
  await shareFixtures(other, own.agencyId, third.id);
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

  it('exchange: each sharing scope × own and other agency; a redacted field never reaches another agency through list, get, attachment, export or audit', async () => {
    const policy = app.narcotrace.access;
    const readers = callers.filter((c) => c.role !== 'anonymous' && policy.has(actorOf(c, c.operator ? -1 : own.agencyId), 'exchange:read'));
    expect(readers.map((c) => c.name)).toEqual(['operator admin', 'own analyst', 'own reviewer', 'own admin']);
    const cells: string[] = [];
    for (const caller of readers) {
      const viewer = caller.operator ? -1 : own.agencyId;
      const can = (permission: 'exchange:packages' | 'exchange:audit') => policy.has(actorOf(caller, viewer), permission);
      const list = (await app.inject(withCaller({ method: 'GET', url: '/api/exchange/incidents?limit=500' }, caller))).body;
      for (const f of [own, other]) {
        const partner = f === own ? other.agencyId : own.agencyId;
        for (const scope of SCOPES) {
          const uid = f.scoped[scope];
          // What the viewer is meant to get: the whole record (its own), the record with the withheld fields held back, or nothing.
          const expected = f.agencyId === viewer ? 'whole' : scope === 'all' || (scope === 'named' && partner === viewer) ? 'redacted' : 'hidden';
          const cell = `${caller.name} × ${f === own ? 'own' : 'other'} ${scope} → ${expected}`;
          cells.push(cell);
          expect(list.includes(uid), `${cell}: list`).toBe(expected !== 'hidden');
          const get = await app.inject(withCaller({ method: 'GET', url: `/api/exchange/incidents/${uid}` }, caller));
          expect(get.statusCode, `${cell}: get`).toBe(expected === 'hidden' ? 404 : 200);
          // This incident's secrets (seven per scope, in shareFixtures' order; the last is its attachment's id): its owner sees them all.
          const secretsOfIncident = f.secrets.slice(SCOPES.indexOf(scope) * 7, SCOPES.indexOf(scope) * 7 + 7);
          if (expected === 'whole') for (const secret of secretsOfIncident) expect(get.body, `${cell}: get`).toContain(secret);
          if (expected === 'redacted') expect(get.json().incident.redacted, `${cell}: get`).toEqual(['attachments', 'operational', 'parties.personal', 'place.coordinates']);
          const attachmentId = secretsOfIncident[6];
          const file = await app.inject(withCaller({ method: 'GET', url: `/api/exchange/incidents/${uid}/attachments/${attachmentId}` }, caller));
          expect(file.statusCode, `${cell}: attachment`).toBe(expected === 'whole' ? 200 : 404);
          if (can('exchange:packages')) {
            const exported = await app.inject(withCaller({ method: 'POST', url: '/api/exchange/export', payload: { incidents: [uid] } }, caller));
            expect(exported.statusCode, `${cell}: export`).toBe(expected === 'whole' ? 200 : 404);
          }
          if (expected !== 'whole') {
            for (const secret of f.secrets) {
              expect(list, `${cell}: list`).not.toContain(secret);
              expect(get.body, `${cell}: get`).not.toContain(secret);
            }
          }
        }
      }
      // An export of everything the caller's agency may export, and its audit view, carry nothing withheld of the other agency (nor, unreleased, of its own).
      const secrets = [...other.secrets, ...(caller.operator ? own.secrets : [])];
      if (can('exchange:packages')) {
        const all = await app.inject(withCaller({ method: 'POST', url: '/api/exchange/export', payload: { from: '2000-01-01', to: '2100-01-01' } }, caller));
        expect([200, 400], `${caller.name}: export all`).toContain(all.statusCode);
        for (const secret of [...secrets, ...own.secrets]) expect(all.body, `${caller.name}: export all`).not.toContain(secret);
        for (const uid of Object.values(other.scoped)) expect(all.body, `${caller.name}: export all`).not.toContain(uid);
      }
      if (can('exchange:audit')) {
        const audit = (await app.inject(withCaller({ method: 'GET', url: '/api/exchange/audit?limit=1000' }, caller))).body;
        for (const secret of secrets) expect(audit, `${caller.name}: audit`).not.toContain(secret);
      }
    }
    expect(cells).toHaveLength(readers.length * 2 * SCOPES.length);
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
