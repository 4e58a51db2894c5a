/**
 * The HTTP API through `server.inject`, with the real classifier (rules + registry) and a private
 * in-memory store. Expectations rest on well-established facts (fentanyl is controlled in the US)
 * and on the API's own contract (codes, shapes), not on the size of the data.
 */
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './server.js';

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';
const FIXTURE_WEB = join(import.meta.dirname, '__fixtures__', 'web-dist');
const NO_WEB = join(import.meta.dirname, '__fixtures__', 'no-web-build-here');

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildServer({ webRoot: NO_WEB, historyFlushMs: 10 });
});
afterAll(async () => {
  await app?.close();
});

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });
const get = (url: string) => app.inject({ method: 'GET', url });

function expectProblem(res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = res.json() as { ok: boolean; error: { code: string; message: string } };
  expect(body.ok).toBe(false);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  return body;
}

describe('POST /api/classify', () => {
  it('answers one structure with the CLI Verdict JSON', async () => {
    const res = await post('/api/classify', { structure: FENTANYL, asOf: '2025-01-01' });
    expect(res.statusCode).toBe(200);
    const verdict = res.json();
    expect(verdict).toMatchObject({ input: FENTANYL, ok: true, asOf: '2025-01-01', structure: { inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N', formula: 'C22H28N2O' } });
    expect(Object.keys(verdict.jurisdictions)).toEqual(['US', 'CN', 'UN']);
    expect(verdict.jurisdictions.US.controlled).toBe(true);
    expect(typeof verdict.dataVersion).toBe('string');
  });

  it('restricts jurisdictions and answers the same from cache', async () => {
    const first = await post('/api/classify', { structure: FENTANYL, jurisdictions: ['CN'] });
    const second = await post('/api/classify', { structure: FENTANYL, jurisdictions: ['CN', 'CN'] });
    expect(Object.keys(first.json().jurisdictions)).toEqual(['CN']);
    expect(second.body).toBe(first.body);
  });

  it('answers a batch in input order, bad structures in place', async () => {
    const res = await post('/api/classify', { structures: [FENTANYL, 'C1CC', 'CCO'], jurisdictions: ['US'] });
    expect(res.statusCode).toBe(200);
    const { results } = res.json();
    expect(results.map((r: { ok: boolean; input: string }) => [r.input, r.ok])).toEqual([
      [FENTANYL, true],
      ['C1CC', false],
      ['CCO', true],
    ]);
    expect(results[1].error.code).toBe('INVALID_SMILES');
    expect(results[2].jurisdictions.US.controlled).toBe(false);
  });

  it('answers a bad structure with 400 and the VerdictError', async () => {
    const res = await post('/api/classify', { structure: 'C1CC' });
    const body = expectProblem(res, 400, 'INVALID_SMILES');
    expect(body).toMatchObject({ input: 'C1CC' });
  });

  it('rejects malformed JSON, wrong types, missing or doubled structure, unknown fields', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/api/classify', headers: { 'content-type': 'application/json' }, payload: '{"structure": "CCO"' }), 400, 'INVALID_JSON');
    expectProblem(await app.inject({ method: 'POST', url: '/api/classify', headers: { 'content-type': 'application/json' }, payload: '' }), 400, 'INVALID_JSON');
    const wrongType = expectProblem(await post('/api/classify', { structure: 42 }), 400, 'INVALID_REQUEST');
    expect(wrongType.error).toMatchObject({ where: { field: 'structure' } });
    expectProblem(await post('/api/classify', { structures: 'CCO' }), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/classify', { structures: ['CCO', 7] }), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/classify', {}), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/classify', { structure: 'CCO', structures: ['CCO'] }), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/classify', { structure: 'CCO', extra: 1 }), 400, 'INVALID_REQUEST');
    expectProblem(await app.inject({ method: 'POST', url: '/api/classify', headers: { 'content-type': 'application/json' }, payload: '[1,2]' }), 400, 'INVALID_REQUEST');
  });

  it('rejects a bad as-of date and an unknown jurisdiction with their own codes', async () => {
    for (const asOf of ['2025-02-30', '01/02/2025', '2025-1-1', '']) {
      const body = expectProblem(await post('/api/classify', { structure: 'CCO', asOf }), 400, 'INVALID_DATE');
      expect(body.error).toMatchObject({ where: { field: 'asOf' } });
    }
    expectProblem(await post('/api/classify', { structure: 'CCO', jurisdictions: ['US', 'EU'] }), 400, 'UNKNOWN_JURISDICTION');
    expectProblem(await post('/api/classify', { structure: 'CCO', jurisdictions: [] }), 400, 'INVALID_REQUEST');
  });

  it('rejects an oversized batch and an oversized body', async () => {
    expectProblem(await post('/api/classify', { structures: Array.from({ length: 1001 }, () => 'C') }), 413, 'BATCH_TOO_LARGE');
    const huge = JSON.stringify({ structure: 'C'.repeat(4 * 1024 * 1024) });
    expectProblem(await app.inject({ method: 'POST', url: '/api/classify', headers: { 'content-type': 'application/json' }, payload: huge }), 413, 'INPUT_TOO_LARGE');
  });

  it('accepts a full batch of 1,000', async () => {
    const structures = Array.from({ length: 1000 }, (_, i) => 'C'.repeat((i % 20) + 1) + 'O');
    const res = await post('/api/classify', { structures, jurisdictions: ['UN'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results).toHaveLength(1000);
  });

  it('rejects a body that is not JSON', async () => {
    expectProblem(await app.inject({ method: 'POST', url: '/api/classify', headers: { 'content-type': 'text/xml' }, payload: '<x/>' }), 415, 'UNSUPPORTED_FORMAT');
  });
});

describe('GET /api/substances', () => {
  it('finds a substance by English name, Chinese name and its CAS number', async () => {
    const byName = await get('/api/substances?q=fentanyl');
    expect(byName.statusCode).toBe(200);
    const hit = byName.json().hits.find((h: { substance: { inchikey: string } }) => h.substance.inchikey === 'PJMPHNIQZUBGLI-UHFFFAOYSA-N');
    expect(hit).toBeDefined();
    const { substance } = hit;
    const byZh = (await get(`/api/substances?q=${encodeURIComponent('芬太尼')}`)).json();
    expect(byZh.hits.some((h: { substance: { id: string } }) => h.substance.id === substance.id)).toBe(true);
    if (substance.cas.length) {
      const byCas = (await get(`/api/substances?q=${encodeURIComponent(substance.cas[0])}`)).json();
      expect(byCas.hits[0].substance.id).toBe(substance.id);
    }
    const byKey = (await get('/api/substances?q=PJMPHNIQZUBGLI-UHFFFAOYSA-N')).json();
    expect(byKey.hits[0].substance.id).toBe(substance.id);
  });

  it('treats injection strings as text: no hits or a clear 400, never a server error', async () => {
    for (const q of ["' OR 1=1 --", '<script>alert(1)</script>', '"; DROP TABLE substances; --', '%00', '\\u0000']) {
      const res = await get(`/api/substances?q=${encodeURIComponent(q)}`);
      if (res.statusCode === 200) {
        expect(res.json().q).toBe(q.trim());
        expect(res.json().hits.every((h: { substance: { names: { en: string } } }) => !/script|DROP/i.test(h.substance.names.en))).toBe(true);
      } else {
        expectProblem(res, 400, 'INVALID_QUERY');
      }
      expect(res.body).not.toContain('<script>alert');
      expect(res.headers['content-type']).toContain('application/json');
    }
  });

  it('reports a bad CAS number with its code', async () => {
    expectProblem(await get('/api/substances?q=123-45-6'), 400, 'CAS_CHECK_DIGIT');
  });

  it('filters by jurisdiction and list, and validates the filters', async () => {
    const cn = (await get('/api/substances?jurisdiction=CN&limit=5')).json();
    expect(cn.hits.length).toBeGreaterThan(0);
    for (const h of cn.hits) expect(h.substance.listings.some((l: { jurisdiction: string }) => l.jurisdiction === 'CN')).toBe(true);
    const listId = (await get('/api/rules')).json().lists[0].id;
    const onList = (await get(`/api/substances?list=${listId}&limit=500`)).json();
    for (const h of onList.hits) expect(h.substance.listings.some((l: { list: string }) => l.list === listId)).toBe(true);
    expectProblem(await get('/api/substances?jurisdiction=EU'), 400, 'UNKNOWN_JURISDICTION');
    expectProblem(await get('/api/substances?list=NO-SUCH-LIST'), 400, 'INVALID_QUERY');
    expectProblem(await get('/api/substances?limit=0'), 400, 'INVALID_REQUEST');
    expectProblem(await get('/api/substances?limit=abc'), 400, 'INVALID_REQUEST');
    expectProblem(await get('/api/substances?unknown=1'), 400, 'INVALID_REQUEST');
  });

  it('returns one substance by id, 404 NOT_FOUND otherwise', async () => {
    const id = (await get('/api/substances?q=fentanyl')).json().hits[0].substance.id;
    const res = await get(`/api/substances/${encodeURIComponent(id)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(id);
    expectProblem(await get('/api/substances/no-such-substance'), 404, 'NOT_FOUND');
    expectProblem(await get(`/api/substances/${encodeURIComponent("' OR 1=1 --")}`), 404, 'NOT_FOUND');
  });
});

describe('structure search', () => {
  it('finds fentanyl by similarity, first, with similarity 1', async () => {
    const res = await post('/api/search/similarity', { smiles: FENTANYL, threshold: 0.7 });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.hits[0]).toMatchObject({ similarity: 1, substance: { inchikey: 'PJMPHNIQZUBGLI-UHFFFAOYSA-N' } });
    expect(body.hits.every((h: { similarity: number }) => h.similarity >= 0.7)).toBe(true);
  });

  it('finds substances with the 4-anilinopiperidine core by SMILES and by SMARTS', async () => {
    const bySmiles = (await post('/api/search/substructure', { smiles: 'c1ccccc1NC1CCNCC1' })).json();
    expect(bySmiles.hits.some((h: { substance: { inchikey: string } }) => h.substance.inchikey === 'PJMPHNIQZUBGLI-UHFFFAOYSA-N')).toBe(true);
    for (const h of bySmiles.hits) expect(h.atoms).toHaveLength(13);
    const bySmarts = (await post('/api/search/substructure', { smarts: 'c1ccccc1[NX3]C1CCNCC1', limit: 2 })).json();
    expect(bySmarts.hits).toHaveLength(2);
    expect(bySmarts.total).toBeGreaterThanOrEqual(2);
  });

  it('rejects bad queries with codes', async () => {
    expectProblem(await post('/api/search/substructure', { smarts: 'C(((' }), 400, 'INVALID_QUERY');
    expectProblem(await post('/api/search/substructure', { smiles: "' OR 1=1 --" }), 400, 'INVALID_QUERY');
    expectProblem(await post('/api/search/substructure', { smarts: 'C', smiles: 'C' }), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/search/substructure', {}), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/search/similarity', { smiles: FENTANYL, threshold: 2 }), 400, 'INVALID_REQUEST');
    expectProblem(await post('/api/search/similarity', { smiles: 'C1CC' }), 400, 'INVALID_SMILES');
    expectProblem(await post('/api/search/similarity', { threshold: 0.5 }), 400, 'INVALID_REQUEST');
  });
});

describe('GET /api/rules', () => {
  it('lists class rules and lists, and returns each by id', async () => {
    const body = (await get('/api/rules')).json();
    expect(Array.isArray(body.rules)).toBe(true);
    expect(body.lists.length).toBeGreaterThan(0);
    for (const rule of body.rules) {
      const one = await get(`/api/rules/${encodeURIComponent(rule.id)}`);
      expect(one.json()).toEqual(rule);
    }
    const list = (await get(`/api/rules/${encodeURIComponent(body.lists[0].id)}`)).json();
    expect(list.list).toEqual(body.lists[0]);
    expect(Array.isArray(list.substances)).toBe(true);
    expectProblem(await get('/api/rules/NO-SUCH-RULE'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/depict', () => {
  it('draws SVG with highlights', async () => {
    const res = await get(`/api/depict?smiles=${encodeURIComponent(FENTANYL)}&highlight=0,1,2`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.body).toContain('<svg');
    const plain = await get(`/api/depict?smiles=${encodeURIComponent(FENTANYL)}`);
    expect(plain.body).not.toBe(res.body);
    const twoColours = await get(`/api/depict?smiles=${encodeURIComponent(FENTANYL)}&core=4,5,6&modified=0,1,2&width=200&height=150`);
    expect(twoColours.statusCode).toBe(200);
    expect(twoColours.body).toContain("width='200px'");
    expect(twoColours.body).not.toBe(res.body);
  });

  it('answers a bad structure or highlight with a JSON error', async () => {
    expectProblem(await get('/api/depict?smiles=C1CC'), 400, 'INVALID_SMILES');
    expectProblem(await get('/api/depict?smiles=CCO&highlight=0,99'), 400, 'INVALID_REQUEST');
    expectProblem(await get('/api/depict?smiles=CCO&highlight=a,b'), 400, 'INVALID_REQUEST');
    expect((await get('/api/depict?smiles=CCO&core=7')).json().error.where).toEqual({ field: 'core' });
    expectProblem(await get('/api/depict'), 400, 'INVALID_REQUEST');
  });
});

describe('GET /api/history', () => {
  it('lists what the signed-in agency classified, newest first, and returns one with its verdict', async () => {
    const identity = app.narcotrace.identity;
    const agency = await identity.systemCreateAgency({ name: 'History test lab', kind: 'laboratory' });
    await identity.systemCreateUser({ agencyId: agency.id, username: 'history.analyst', role: 'analyst', password: 'history analyst pw' });
    const { secret } = await identity.systemCreateToken('history.analyst', 'test');
    const auth = { authorization: `Bearer ${secret}` };
    const asUser = (url: string) => app.inject({ method: 'GET', url, headers: auth });

    const marker = 'CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCN';
    await app.inject({ method: 'POST', url: '/api/classify', payload: { structure: marker, asOf: '2024-06-01', jurisdictions: ['US'] }, headers: auth });
    await post('/api/classify', { structure: 'CCCCO', asOf: '2024-06-01' }); // anonymous: in nobody's history
    const { entries } = (await asUser('/api/history?limit=5')).json();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ input: marker, asOf: '2024-06-01', jurisdictions: ['US'], ok: true, controlled: { US: false } });
    const detail = (await asUser(`/api/history/${entries[0].id}`)).json();
    expect(detail.verdict).toMatchObject({ input: marker, ok: true });
    expectProblem(await asUser('/api/history/99999999'), 404, 'NOT_FOUND');
    expectProblem(await asUser('/api/history/abc'), 400, 'INVALID_REQUEST');
    expectProblem(await asUser('/api/history?limit=100000'), 400, 'INVALID_REQUEST');
    expectProblem(await get('/api/history'), 401, 'UNAUTHENTICATED');
  });
});

describe('jobs', () => {
  it('runs a bulk classification job to done and serves its result as JSON Lines in input order', async () => {
    const identity = app.narcotrace.identity;
    const agency = await identity.systemCreateAgency({ name: 'Jobs test lab', kind: 'laboratory' });
    await identity.systemCreateUser({ agencyId: agency.id, username: 'jobs.analyst', role: 'analyst', password: 'jobs analyst pw' });
    const headers = { authorization: `Bearer ${(await identity.systemCreateToken('jobs.analyst', 'test')).secret}` };
    const structures = [FENTANYL, 'CCO', 'not a smiles', '<b>'];
    const submitted = await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures, asOf: '2024-06-01', jurisdictions: ['US', 'CN'] }, headers });
    expect(submitted.statusCode).toBe(202);
    const { job } = submitted.json();
    expect(job).toMatchObject({ kind: 'classify', state: 'queued', progress: { done: 0, total: 4 }, createdBy: { username: 'jobs.analyst' } });
    expectProblem(await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result`, headers }), 409, 'JOB_NOT_DONE');

    let state = job.state;
    for (let i = 0; i < 600 && !['done', 'failed', 'cancelled'].includes(state); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}`, headers })).json().job.state;
    }
    const done = (await app.inject({ method: 'GET', url: `/api/jobs/${job.id}`, headers })).json().job;
    expect(done).toMatchObject({ state: 'done', progress: { done: 4, total: 4 }, summary: { controlled: 1, errors: 2 } });
    expect((await app.inject({ method: 'GET', url: '/api/jobs', headers })).json().jobs.map((j: { id: string }) => j.id)).toContain(job.id);

    const result = await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result`, headers });
    expect(result.statusCode).toBe(200);
    expect(String(result.headers['content-type'])).toContain('application/x-ndjson');
    expect(result.body).not.toContain('<b>'); // escaped like every JSON answer
    const lines = result.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.input)).toEqual(structures);
    expect(lines[0]).toMatchObject({ ok: true, asOf: '2024-06-01', jurisdictions: { US: { controlled: true }, CN: { controlled: true } } });
    expect(lines[2]).toMatchObject({ ok: false, error: { code: 'INVALID_SMILES' } });
    expectProblem(await app.inject({ method: 'POST', url: `/api/jobs/${job.id}/cancel`, payload: {}, headers }), 409, 'JOB_FINISHED');

    const csv = await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result?format=csv`, headers });
    expect(String(csv.headers['content-type'])).toContain('text/csv');
    const rows = csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(rows).toHaveLength(structures.length + 1);
    expect(rows[0].startsWith('input,name,ok,error_code')).toBe(true);
    expect(rows[1]).toContain('US-CSA-II');
    expect(rows[3]).toContain('INVALID_SMILES');

    const sdf = await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/result?format=sdf`, headers });
    expect(sdf.body.match(/\$\$\$\$/g)).toHaveLength(structures.length);
    expect(sdf.body).toContain('>  <US_controlled>\ntrue');

    // The event stream of a finished job: one event with the final state, then the stream ends.
    const events = await app.inject({ method: 'GET', url: `/api/jobs/${job.id}/events`, headers });
    expect(String(events.headers['content-type'])).toContain('text/event-stream');
    const data = events.body.split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));
    expect(data.at(-1)).toMatchObject({ id: job.id, state: 'done' });
    expectProblem(await app.inject({ method: 'GET', url: '/api/jobs/no-such-job/events', headers }), 404, 'NOT_FOUND');
  });

  it('refuses a bad job before queueing it', async () => {
    const identity = app.narcotrace.identity;
    const headers = { authorization: `Bearer ${(await identity.systemCreateToken('jobs.analyst', 'bad input')).secret}` };
    expectProblem(await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures: ['CCO'], asOf: '2024-02-30' }, headers }), 400, 'INVALID_DATE');
    expectProblem(await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures: ['CCO'], jurisdictions: ['XX'] }, headers }), 400, 'UNKNOWN_JURISDICTION');
    expectProblem(await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures: [] }, headers }), 400, 'INVALID_REQUEST');
    expectProblem(await app.inject({ method: 'POST', url: '/api/jobs/classify', payload: { structures: ['CCO'] } }), 401, 'UNAUTHENTICATED');
  });
});

describe('service routes, headers and errors', () => {
  it('reports health and data version', async () => {
    const res = await get('/healthz');
    expect(res.json()).toMatchObject({ ok: true, store: 'sqlite' });
  });

  it('serves the OpenAPI document and the docs UI without external assets', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/classify', '/api/substances', '/api/substances/{id}', '/api/search/substructure', '/api/search/similarity', '/api/rules', '/api/rules/{id}', '/api/depict', '/api/history'])
      expect(Object.keys(doc.paths)).toContain(path);
    expect(doc.paths['/api/classify'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('structures');
    // Every route of every module is documented, guarded ones with their security and permission.
    for (const route of app.narcotrace.routes.filter((r) => r.url !== '/api/openapi.json')) {
      const op = doc.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(op, `${route.method} ${route.url}`).toBeDefined();
      if (route.access === 'public') expect(op.security, route.url).toBeUndefined();
      else {
        expect(op.security, route.url).toEqual([{ session: [] }, { token: [] }]);
        expect(op.description, route.url).toContain(`permission \`${route.access.permission}\``);
      }
    }
    expect(Object.keys(doc.components.securitySchemes)).toEqual(['session', 'token']);
    const ui = await get('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.body).not.toMatch(/https?:\/\/(cdn|unpkg)/);
  });

  it('sends security headers that still allow the UI (same-origin scripts, inline styles, blob: workers, data: images)', async () => {
    const res = await get('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/img-src 'self' data:/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers unknown API routes with NOT_FOUND JSON', async () => {
    expectProblem(await get('/api/nothing-here'), 404, 'NOT_FOUND');
    expectProblem(await app.inject({ method: 'DELETE', url: '/api/classify' }), 404, 'NOT_FOUND');
  });

  it('says how to build the UI when it is not built', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('npm run build:web');
    expectProblem(await get('/some/page'), 404, 'NOT_FOUND');
  });
});

describe('web UI and rate limits (own server instances)', () => {
  it('serves the built UI with single-page fallback', async () => {
    const web = await buildServer({ webRoot: FIXTURE_WEB });
    try {
      const root = await web.inject({ method: 'GET', url: '/' });
      expect(root.body).toContain('fixture web UI');
      const deep = await web.inject({ method: 'GET', url: '/substances/fentanyl' });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('fixture web UI');
      const asset = await web.inject({ method: 'GET', url: '/assets/app.js' });
      expect(asset.body).toContain('fixture');
      expect((await web.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
      expect((await web.inject({ method: 'GET', url: '/api/missing' })).json().error.code).toBe('NOT_FOUND');
    } finally {
      await web.close();
    }
  });

  it('limits requests per address with RATE_LIMITED, except allow-listed addresses', async () => {
    const limited = await buildServer({ webRoot: NO_WEB, rateLimit: { max: 2, timeWindowMs: 60_000, allowList: [] } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
      expectProblem(await limited.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' }), 429, 'RATE_LIMITED');
      expect((await limited.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.8' })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
    const loopbackAllowed = await buildServer({ webRoot: NO_WEB, rateLimit: { max: 1 } });
    try {
      for (let i = 0; i < 3; i++) expect((await loopbackAllowed.inject({ method: 'GET', url: '/healthz', remoteAddress: '127.0.0.1' })).statusCode).toBe(200);
    } finally {
      await loopbackAllowed.close();
    }
  });
});
