/**
 * The exchange API: bad input (malformed JSON, a body too large, bad fields, SQL and script in text)
 * stores nothing partially; sharing and redaction as another agency sees them; a package exported by
 * one server and imported by another (separate databases) through the API.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seizure } from '../../exchange/__fixtures__/incidents.js';
import { loadClassifier } from '../../law/index.js';
import { buildServer } from '../server.js';

const NO_WEB = join(import.meta.dirname, '..', '__fixtures__', 'no-web-build-here');
let us: FastifyInstance;
let cn: FastifyInstance;
const auth: Record<string, Record<string, string>> = {};
const agencyIds: Record<string, number> = {};

async function user(app: FastifyInstance, agencyName: string, username: string): Promise<void> {
  const identity = app.narcotrace.identity;
  const agency = (await identity.agencyByIdOrName(agencyName)) ?? (await identity.systemCreateAgency({ name: agencyName, kind: 'laboratory', jurisdiction: null }));
  agencyIds[username] = agency.id;
  await identity.systemCreateUser({ agencyId: agency.id, username, role: 'admin', password: 'a password 123' });
  auth[username] = { authorization: `Bearer ${(await identity.systemCreateToken(username, 'test')).secret}` };
}

async function incidentCount(app: FastifyInstance, who: string): Promise<number> {
  return (await app.inject({ method: 'GET', url: '/api/exchange/incidents?limit=500', headers: auth[who] })).json().incidents.length;
}

beforeAll(async () => {
  const classifier = await loadClassifier();
  us = await buildServer({ classifier, webRoot: NO_WEB, rateLimit: { max: 0 } });
  cn = await buildServer({ classifier, webRoot: NO_WEB, rateLimit: { max: 0 } });
  await user(us, 'US lab', 'us.chemist');
  await user(us, 'US regulator', 'us.regulator');
  await user(us, 'UN office', 'un.officer');
  await user(cn, 'CN lab', 'cn.chemist');
});
afterAll(async () => {
  await us?.close();
  await cn?.close();
});

describe('bad input', () => {
  it('answers malformed JSON, a body too large and bad fields with a clear code, and stores nothing', async () => {
    const post = (payload: string | object) =>
      us.inject({ method: 'POST', url: '/api/exchange/incidents', headers: { ...auth['us.chemist'], 'content-type': 'application/json' }, payload });
    let res = await post('{"kind": "seizure", "occurredOn": ');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_JSON');
    res = await post(JSON.stringify({ ...seizure(), description: { en: 'x'.repeat(4 * 1024 * 1024) } }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('INPUT_TOO_LARGE');
    res = await post({ ...seizure(), quantity: { amount: -1, unit: 'kg' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_REQUEST', where: { field: 'quantity.amount' } });
    res = await post({ ...seizure(), samples: [{ label: 'bad', structure: 'C1CC(', method: 'NMR', confidence: 'probable' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_SMILES', where: { field: 'samples.0.structure' } });
    expect(await incidentCount(us, 'us.chemist')).toBe(0);
  });

  it('keeps SQL and script in text fields as inert text, escaped in every JSON answer', async () => {
    const evil = `<script>alert('x')</script>'; DROP TABLE exchange_incidents; --`;
    const res = await us.inject({ method: 'POST', url: '/api/exchange/incidents', headers: auth['us.chemist'], payload: { ...seizure(), description: { en: evil, zh: '<img src=x onerror=alert(1)>' } } });
    expect(res.statusCode).toBe(201);
    expect(res.body).not.toContain('<script>');
    expect(res.body).toContain('\\u003cscript\\u003e');
    const uid = res.json().incident.uid;
    const back = await us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}`, headers: auth['us.chemist'] });
    expect(back.json().incident.description).toEqual({ en: evil, zh: '<img src=x onerror=alert(1)>' });
    expect(await incidentCount(us, 'us.chemist')).toBe(1);
  });
});

describe('sharing through the API', () => {
  it('shows a shared incident to the named agency only, redacted, and lets only the owner change it', async () => {
    const created = (await us.inject({ method: 'POST', url: '/api/exchange/incidents', headers: auth['us.chemist'], payload: seizure() })).json().incident;
    const partners = (await us.inject({ method: 'GET', url: '/api/exchange/partners', headers: auth['us.chemist'] })).json().agencies;
    expect(partners.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['US regulator', 'UN office']));
    const shared = await us.inject({
      method: 'PUT',
      url: `/api/exchange/incidents/${created.uid}/sharing`,
      headers: auth['us.chemist'],
      payload: { scope: 'agencies', agencies: [agencyIds['us.regulator']] },
    });
    expect(shared.statusCode).toBe(200);
    const seen = await us.inject({ method: 'GET', url: `/api/exchange/incidents/${created.uid}`, headers: auth['us.regulator'] });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().incident.redacted).toEqual(['operational', 'parties.personal', 'place.coordinates']);
    expect(seen.body).not.toMatch(/John Roe|CASE-2026-0042/);
    expect((await us.inject({ method: 'GET', url: `/api/exchange/incidents/${created.uid}`, headers: auth['un.officer'] })).statusCode).toBe(404);
    const edit = await us.inject({ method: 'PUT', url: `/api/exchange/incidents/${created.uid}`, headers: auth['us.regulator'], payload: seizure() });
    expect(edit.statusCode).toBe(403);
    expect(edit.json().error.code).toBe('NOT_OWNER');
    // The owner's audit view shows the regulator's read.
    const audit = (await us.inject({ method: 'GET', url: '/api/exchange/audit', headers: auth['us.chemist'] })).json().entries;
    expect(audit.find((e: { action: string; subject: string }) => e.action === 'read' && e.subject === created.uid)).toMatchObject({ actorAgencyId: agencyIds['us.regulator'] });
  });
});

describe('a package from one server to another', () => {
  it('exports, then imports at the other once the key is registered; tampering and replays change nothing', async () => {
    const key = (await us.inject({ method: 'GET', url: '/api/exchange/key', headers: auth['us.chemist'] })).json();
    expect(key.pem).toMatch(/BEGIN PUBLIC KEY/);
    const exported = await us.inject({ method: 'POST', url: '/api/exchange/export', headers: auth['us.chemist'], payload: { from: '2026-01-01', to: '2026-12-31' } });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment; filename="narcotrace-package-/);
    const pkg = exported.json();
    expect(pkg.package.records.incidents).toHaveLength(2);

    const unknown = await cn.inject({ method: 'POST', url: '/api/exchange/import', headers: auth['cn.chemist'], payload: pkg });
    expect(unknown.json().error.code).toBe('UNKNOWN_SENDER_KEY');
    const usHere = await cn.narcotrace.identity.systemCreateAgency({ name: 'US lab', kind: 'laboratory', jurisdiction: 'US' });
    await cn.narcotrace.stores.exchange.systemRegisterPublicKey(usHere.id, key.publicKey, key.keyId, new Date().toISOString());

    const tampered = structuredClone(pkg);
    tampered.package.records.incidents[0].occurredOn = '2020-01-01';
    const refused = await cn.inject({ method: 'POST', url: '/api/exchange/import', headers: auth['cn.chemist'], payload: tampered });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('SIGNATURE_INVALID');
    expect(await incidentCount(cn, 'cn.chemist')).toBe(0);

    expect((await cn.inject({ method: 'POST', url: '/api/exchange/verify', headers: auth['cn.chemist'], payload: pkg })).json()).toMatchObject({ ok: true, package: { incidents: 2 } });
    const imported = await cn.inject({ method: 'POST', url: '/api/exchange/import', headers: auth['cn.chemist'], payload: pkg });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().inserted).toHaveLength(2);
    const again = await cn.inject({ method: 'POST', url: '/api/exchange/import', headers: auth['cn.chemist'], payload: pkg });
    expect(again.json().replay).toBe(true);
    const list = (await cn.inject({ method: 'GET', url: '/api/exchange/incidents', headers: auth['cn.chemist'] })).json().incidents;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ originAgency: 'US lab', ownerAgencyId: usHere.id });
    const edit = await cn.inject({ method: 'PUT', url: `/api/exchange/incidents/${list[0].uid}`, headers: auth['cn.chemist'], payload: seizure() });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('IMPORTED_READ_ONLY');
  });
});
