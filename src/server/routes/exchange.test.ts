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

describe('attachments', () => {
  const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('\u0000\u0000\u0000\rIHDR photo of the seized bags')]);
  const JCAMP = '##TITLE=S-1 fentanyl\n##JCAMP-DX=4.24\n##DATA TYPE=MASS SPECTRUM\n##PEAK TABLE=(XY..XY)\n245,100 189,45\n##END=\n';
  const HTML = '<!doctype html><html><body><script>alert(1)</script></body></html>';
  let uid: string;
  const upload = (payload: object, who = 'us.chemist', incident = uid) =>
    us.inject({ method: 'POST', url: `/api/exchange/incidents/${incident}/attachments`, headers: auth[who], payload });
  const attachmentsOf = async (who = 'us.chemist') => (await us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}`, headers: auth[who] })).json().incident;
  const auditLength = async () => (await us.inject({ method: 'GET', url: '/api/exchange/audit?limit=1000', headers: auth['us.chemist'] })).json().entries.length;

  beforeAll(async () => {
    uid = (await us.inject({ method: 'POST', url: '/api/exchange/incidents', headers: auth['us.chemist'], payload: seizure({ occurredOn: '2025-06-01' }) })).json().incident.uid;
  });

  it('stores a photo and a spectrum, shows them with the incident and serves each as a file of its checked type', async () => {
    const photo = await upload({ filename: 'bags.png', contentType: 'image/png', kind: 'photo', data: PNG.toString('base64'), description: { en: 'The bags', zh: '袋子' } });
    expect(photo.statusCode).toBe(201);
    expect(photo.json().attachment).toMatchObject({ filename: 'bags.png', contentType: 'image/png', kind: 'photo', size: PNG.length, sample: null });
    const spectrum = await upload({ filename: 'S-1 光谱.jdx', contentType: 'chemical/x-jcamp-dx', kind: 'spectrum', sample: 'S-1', data: Buffer.from(JCAMP).toString('base64') });
    expect(spectrum.statusCode).toBe(201);
    const incident = await attachmentsOf();
    expect(incident.attachments.map((a: { filename: string }) => a.filename)).toEqual(['bags.png', 'S-1 光谱.jdx']);

    const file = await us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}/attachments/${photo.json().attachment.id}`, headers: auth['us.chemist'] });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe('attachment; filename="bags.png"; filename*=UTF-8\'\'bags.png');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    const text = await us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}/attachments/${spectrum.json().attachment.id}`, headers: auth['us.chemist'] });
    expect(text.headers['content-type']).toMatch(/^chemical\/x-jcamp-dx/);
    expect(text.headers['content-disposition']).toContain("filename*=UTF-8''S-1%20%E5%85%89%E8%B0%B1.jdx");
    expect(text.body).toBe(JCAMP);
  });

  it('refuses an oversized file, a wrong or unaccepted type, HTML, bad base64 and an unknown sample, storing nothing', async () => {
    const before = { attachments: (await attachmentsOf()).attachments.length, audit: await auditLength() };
    const cases: [object, number, string, string][] = [
      [{ filename: 'photo.pdf', contentType: 'application/pdf', data: PNG.toString('base64') }, 415, 'UNSUPPORTED_FORMAT', 'data'],
      [{ filename: 'page.html', contentType: 'text/html', data: Buffer.from(HTML).toString('base64') }, 415, 'UNSUPPORTED_FORMAT', 'contentType'],
      [{ filename: 'peaks.csv', contentType: 'text/csv', data: Buffer.from(HTML).toString('base64') }, 415, 'UNSUPPORTED_FORMAT', 'data'],
      [{ filename: 'spectrum.jdx', contentType: 'chemical/x-jcamp-dx', data: Buffer.from('MZ\u0090\u0000 not a spectrum').toString('base64') }, 415, 'UNSUPPORTED_FORMAT', 'data'],
      [{ filename: 'photo.jpg', contentType: 'image/jpeg', data: PNG.toString('base64') }, 415, 'UNSUPPORTED_FORMAT', 'data'],
      [{ filename: 'big.png', contentType: 'image/png', data: Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]).toString('base64') }, 413, 'INPUT_TOO_LARGE', 'data'],
      [{ filename: 'bags.png', contentType: 'image/png', data: 'not base64!' }, 400, 'INVALID_REQUEST', 'data'],
      [{ filename: '../../etc/passwd', contentType: 'image/png', data: PNG.toString('base64') }, 400, 'INVALID_REQUEST', 'filename'],
      [{ filename: 'bags.png', contentType: 'image/png', sample: 'S-99', data: PNG.toString('base64') }, 400, 'INVALID_REQUEST', 'sample'],
    ];
    for (const [payload, status, code, field] of cases) {
      const res = await upload(payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(res.json().error, JSON.stringify(payload).slice(0, 80)).toMatchObject({ code, where: { field } });
    }
    // A body beyond the upload limit is refused before it is read.
    const huge = await us.inject({
      method: 'POST',
      url: `/api/exchange/incidents/${uid}/attachments`,
      headers: { ...auth['us.chemist'], 'content-type': 'application/json' },
      payload: JSON.stringify({ filename: 'huge.png', contentType: 'image/png', data: 'A'.repeat(28 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('INPUT_TOO_LARGE');
    expect({ attachments: (await attachmentsOf()).attachments.length, audit: await auditLength() }).toEqual(before);
  });

  it('is operational detail: another agency sees and downloads attachments only when released; only the owner attaches; packages do not carry them', async () => {
    const photo = (await attachmentsOf()).attachments[0];
    const download = (who: string) => us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}/attachments/${photo.id}`, headers: auth[who] });
    const share = (release: boolean) =>
      us.inject({ method: 'PUT', url: `/api/exchange/incidents/${uid}/sharing`, headers: auth['us.chemist'], payload: { scope: 'agencies', agencies: [agencyIds['us.regulator']], release: { personal: false, operational: release } } });
    expect((await download('us.regulator')).statusCode).toBe(404);
    expect((await share(false)).statusCode).toBe(200);
    const seen = await us.inject({ method: 'GET', url: `/api/exchange/incidents/${uid}`, headers: auth['us.regulator'] });
    expect(seen.json().incident).toMatchObject({ attachments: [], redacted: ['attachments', 'operational', 'parties.personal', 'place.coordinates'] });
    expect(seen.body).not.toContain('bags.png');
    expect((await download('us.regulator')).statusCode).toBe(404);
    const notOwner = await upload({ filename: 'mine.png', contentType: 'image/png', data: PNG.toString('base64') }, 'us.regulator');
    expect(notOwner.statusCode).toBe(403);
    expect(notOwner.json().error.code).toBe('NOT_OWNER');
    expect((await upload({ filename: 'x.png', contentType: 'image/png', data: PNG.toString('base64') }, 'un.officer')).statusCode).toBe(404);

    expect((await share(true)).statusCode).toBe(200);
    expect((await attachmentsOf('us.regulator')).attachments.map((a: { filename: string }) => a.filename)).toEqual(['bags.png', 'S-1 光谱.jdx']);
    const file = await download('us.regulator');
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect((await download('un.officer')).statusCode).toBe(404);
    const audit = (await us.inject({ method: 'GET', url: '/api/exchange/audit', headers: auth['us.chemist'] })).json().entries;
    expect(audit.find((e: { action: string; detail: { attachment?: string } }) => e.action === 'read' && e.detail.attachment === photo.id)).toMatchObject({ actorAgencyId: agencyIds['us.regulator'] });
    expect(audit.filter((e: { action: string; subject: string }) => e.action === 'attach' && e.subject === uid)).toHaveLength(2);

    const exported = await us.inject({ method: 'POST', url: '/api/exchange/export', headers: auth['us.chemist'], payload: { incidents: [uid] } });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toMatch(/bags\.png|attachments|iVBORw0K/);
  });
});
