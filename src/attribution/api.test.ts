import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../server/server.js';
import { profilesToCsv } from './profile.js';
import { simulateProfiles } from './simulate.js';

const NO_WEB = join(import.meta.dirname, '..', 'server', '__fixtures__', 'no-web-build-here');
let app: FastifyInstance;
let headers: Record<string, string>;

beforeAll(async () => {
  app = await buildServer({ webRoot: NO_WEB, historyFlushMs: 10, rateLimit: { max: 0 } });
  await app.narcotrace.identity.bootstrap();
  headers = { authorization: `Bearer ${(await app.narcotrace.identity.systemCreateToken('admin', 'attribution')).secret}` };
});
afterAll(async () => {
  await app?.close();
});

describe('attribution API', () => {
  it('imports profiles, calibrates, links and reports route indicators', async () => {
    const profiles = simulateProfiles({ seed: 3, batches: 12, samplesPerBatch: 4 });
    profiles[0].peaks.push({ compound: 'phenethyl-4-ANPP', area: 5 });
    // The first batch's samples come from one recorded seizure: its cluster is tied to that incident.
    const seizure = (await app.inject({ method: 'POST', url: '/api/exchange/incidents', headers, payload: { kind: 'seizure', occurredOn: '2026-03-14', place: { country: 'US', region: 'California' }, route: { origin: 'MX', destination: 'US' } } })).json().incident;
    for (const p of profiles.filter((x) => x.sample.startsWith('B001-'))) p.incident = seizure.uid;
    const csv = profilesToCsv(profiles) + 'B001-S1,bad,,,-3,,\n';
    const imported = (await app.inject({ method: 'POST', url: '/api/attribution/profiles', payload: { csv }, headers })).json();
    expect(imported.inserted).toHaveLength(48);
    expect(imported.problems[0]).toMatchObject({ code: 'INVALID_PROFILE_CSV', where: { field: 'area' } });

    const list = (await app.inject({ method: 'GET', url: '/api/attribution/profiles', headers })).json().profiles;
    const first = list.find((p: { sample: string }) => p.sample === 'B001-S1');
    const one = (await app.inject({ method: 'GET', url: `/api/attribution/profiles/${first.id}`, headers })).json();
    expect(one.indicators.map((i: { statement: string }) => i.statement)).toEqual(['phenethyl-4-ANPP present: reported as a by-product of one-pot routes (Vandeputte et al. 2021).']);

    const cal = await app.inject({ method: 'POST', url: '/api/attribution/calibrations', payload: { name: 'sim', bootstrap: 200 }, headers });
    expect(cal.statusCode).toBe(200);
    const c = cal.json().calibration;
    expect(c.auc).toBeGreaterThan(0.95);
    expect(c.result.fpr.value).toBeLessThanOrEqual(0.005);
    expect((await app.inject({ method: 'GET', url: `/api/attribution/calibrations/${c.id}`, headers })).json().calibration.result.roc.length).toBeGreaterThan(2);

    const graph = (await app.inject({ method: 'POST', url: '/api/attribution/link', payload: { calibration: c.id }, headers })).json().graph;
    expect(graph.nodes).toHaveLength(48);
    expect(graph.clusters.length).toBeGreaterThan(6);
    const tied = graph.clusters.find((cl: { incidents: string[] }) => cl.incidents.includes(seizure.uid));
    expect(tied.incidentDetails).toEqual([{ uid: seizure.uid, kind: 'seizure', occurredOn: '2026-03-14', place: { country: 'US', region: 'California' }, route: expect.objectContaining({ origin: 'MX', destination: 'US' }) }]);
    const matches = (await app.inject({ method: 'POST', url: '/api/attribution/link', payload: { calibration: c.id, sample: 'B002-S1' }, headers })).json().matches;
    expect(matches[0].sample.startsWith('B002')).toBe(true);
    const pair = (await app.inject({ method: 'POST', url: '/api/attribution/link', payload: { calibration: c.id, sample: 'B002-S1', against: 'B002-S2' }, headers })).json().pair;
    expect(pair.variables.length).toBe(pair.a.length);
  });

  it('answers bad requests with their codes', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/attribution/profiles', payload: { csv: 'x,y\n' }, headers });
    expect(none.json().error.code).toBe('INVALID_PROFILE_CSV');
    const champ = await app.inject({ method: 'POST', url: '/api/attribution/calibrations', payload: { name: 'c', panel: 'champ-amphetamine' }, headers });
    expect(champ.json().error.code).toBe('INVALID_PANEL');
    expect((await app.inject({ method: 'GET', url: '/api/attribution/calibrations/999', headers })).json().error.code).toBe('CALIBRATION_NOT_FOUND');
  });
});
