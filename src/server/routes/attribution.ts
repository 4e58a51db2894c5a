/**
 * Chemical attribution (src/attribution): impurity profiles, linkage calibration, link queries and
 * route indicators. Profiles and calibrations belong to the caller's agency; another agency's record
 * is not found. Links and route indicators are intelligence, never identification.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { placeProfile } from '../../attribution/align.js';
import { scoreRows } from '../../attribution/calibration.js';
import { linkGraph, linkQuery } from '../../attribution/graph.js';
import { ExchangeService } from '../../exchange/service.js';
import type { AccessScope } from '../../identity/access.js';
import { METRICS, PRETREATMENTS, type MetricId, type PretreatmentId } from '../../attribution/linkage.js';
import { ROUTE_MARKERS, routeIndicators } from '../../attribution/markers.js';
import { BUILT_IN_PANELS, parsePanel } from '../../attribution/panels.js';
import { parseProfileCsv } from '../../attribution/profile.js';
import { calibrateProfiles } from '../../attribution/service.js';
import { problem, ProblemError, type Problem } from '../../problems.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const IdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

const ImportBody = z
  .object({
    csv: z.string().min(1).max(32 * 1024 * 1024).describe('Peak tables as CSV: sample,compound,inchikey,ri,area[,batch][,incident][,drug] (docs/attribution.md).'),
  })
  .strict();

const CalibrateBody = z
  .object({
    name: z.string().min(1).max(200),
    targetFpr: z.number().positive().max(0.5).optional().describe('False-positive rate the threshold is set at (default 0.005).'),
    panel: z.union([z.string().min(1).max(100), z.record(z.string(), z.unknown())]).optional().describe('A panel id, or a user panel (docs/attribution.md); default: all compounds and unknown peaks.'),
    pretreatments: z.array(z.enum(PRETREATMENTS as unknown as [PretreatmentId, ...PretreatmentId[]])).min(1).optional(),
    metrics: z.array(z.enum(METRICS as unknown as [MetricId, ...MetricId[]])).min(1).optional(),
    bootstrap: z.number().int().min(100).max(5000).optional().describe('Bootstrap replicates (default 1000).'),
    seed: z.number().int().min(0).max(2 ** 31).optional(),
    riTolerance: z.number().positive().max(100).optional(),
  })
  .strict();

const LinkBody = z
  .object({
    calibration: z.number().int().min(1).describe('The calibration whose metric, threshold and LR are used.'),
    sample: z.string().min(1).max(200).optional().describe('Compare this sample with all others; without it, the whole link graph.'),
    against: z.string().min(1).max(200).optional().describe('With `sample`: one other sample, with a per-variable profile comparison.'),
  })
  .strict();

function asProblem(err: unknown): Problem {
  if (err instanceof ProblemError) return err.problem;
  throw err;
}

export function attributionRoutes(app: FastifyInstance, ctx: ServerContext): void {
  // A cluster is tied to the incidents its samples came from: when, where and which route, as the
  // caller may see them (exchange visibility and redaction; an incident it cannot see is left out).
  const exchange = new ExchangeService(ctx.stores.exchange, ctx.classifier);
  async function incidentDetails(scope: AccessScope, uids: readonly string[]) {
    const out: { uid: string; kind: string; occurredOn: string; place: { country: string; region?: string }; route: unknown }[] = [];
    for (const uid of uids) {
      const incident = await exchange.getIncident(scope, uid).catch(() => undefined);
      if (incident) out.push({ uid, kind: incident.kind, occurredOn: incident.occurredOn, place: { country: incident.place.country, ...(incident.place.region ? { region: incident.place.region } : {}) }, route: incident.route ?? null });
    }
    return out;
  }

  const store = ctx.stores.attribution;

  app.get(
    '/api/attribution/profiles',
    { config: { access: { permission: 'attribution:read' } }, schema: { tags: ['attribution'], summary: 'One’s agency’s impurity profiles', description: 'Returns `{ "profiles": [{ "id", "sample", "batch"?, "incident"?, "drug"?, "peaks", "updatedAt" }] }`.' } },
    async (request) => ({ profiles: await store.listProfiles(scopeOf(request)) }),
  );

  app.post(
    '/api/attribution/profiles',
    {
      config: { access: { permission: 'attribution:write' } },
      bodyLimit: 40 * 1024 * 1024,
      schema: {
        tags: ['attribution'],
        summary: 'Import impurity profiles (peak tables) as CSV',
        description:
          'Bad lines are skipped and reported with line and column (`problems`); a sample that exists is replaced. An `incident` must be an exchange incident visible to the caller, else the link is dropped and reported. Returns `{ "inserted", "updated", "problems" }`.',
        body: documented(ImportBody),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const { profiles, problems } = parseProfileCsv((request.body as z.infer<typeof ImportBody>).csv);
      if (!profiles.length) return sendProblem(reply, problems[0] ?? problem('NO_PROFILES', 'The file holds no readable peak.'));
      const now = new Date().toISOString();
      const visible = new Map<string, boolean>();
      for (const p of profiles) {
        if (!p.incident) continue;
        if (!visible.has(p.incident)) visible.set(p.incident, (await ctx.stores.exchange.getIncident(scope, p.incident, now)) !== undefined);
        if (!visible.get(p.incident)) {
          problems.push(problem('NOT_FOUND', `Sample "${p.sample}": there is no exchange incident ${p.incident}; the sample is imported without it.`, { field: 'incident' }));
          delete p.incident;
        }
      }
      return { ...(await store.saveProfiles(scope, profiles, now)), problems };
    },
  );

  app.get(
    '/api/attribution/profiles/:id',
    {
      config: { access: { permission: 'attribution:read' } },
      schema: { tags: ['attribution'], summary: 'One impurity profile with its route indicators', description: 'Returns `{ "profile", "indicators": [{ "marker", "matched", "area", "statement", "caveat" }] }`.', params: documented(IdParams) },
    },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      const profile = await store.profileById(scopeOf(request), id);
      if (!profile) return sendProblem(reply, problem('PROFILE_NOT_FOUND', `There is no impurity profile ${id}.`, { field: 'id' }));
      return { profile, indicators: routeIndicators(profile) };
    },
  );

  app.delete(
    '/api/attribution/profiles/:id',
    { config: { access: { permission: 'attribution:write' } }, schema: { tags: ['attribution'], summary: 'Delete an impurity profile', params: documented(IdParams) } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      if (!(await store.deleteProfile(scopeOf(request), id))) return sendProblem(reply, problem('PROFILE_NOT_FOUND', `There is no impurity profile ${id}.`, { field: 'id' }));
      return { deleted: id };
    },
  );

  app.get(
    '/api/attribution/calibrations',
    { config: { access: { permission: 'attribution:read' } }, schema: { tags: ['attribution'], summary: 'One’s agency’s linkage calibrations', description: 'Returns `{ "calibrations": [{ "id", "name", "pretreatment", "metric", "auc", "threshold", "createdAt" }] }`.' } },
    async (request) => ({ calibrations: await store.listCalibrations(scopeOf(request)) }),
  );

  app.post(
    '/api/attribution/calibrations',
    {
      config: { access: { permission: 'attribution:write' } },
      schema: {
        tags: ['attribution'],
        summary: 'Calibrate linkage on the agency’s profiles with a known source',
        description:
          'Pairs of profiles with a `batch` are linked when the batches are equal. Every pretreatment × metric is scored by ROC AUC; the best is kept, with the threshold at `targetFpr`, TPR and FPR with 95% bootstrap intervals, the ROC curve, distance histograms and the score-based LR. Returns `{ "calibration": { …summary, "result" } }`.',
        body: documented(CalibrateBody),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body as z.infer<typeof CalibrateBody>;
      try {
        const panel = body.panel === undefined || typeof body.panel === 'string' ? body.panel : parsePanel(body.panel);
        const result = calibrateProfiles(await store.allProfiles(scope), { ...body, panel });
        const summary = await store.saveCalibration(scope, body.name, result, new Date().toISOString());
        return { calibration: { ...summary, result } };
      } catch (err) {
        return sendProblem(reply, asProblem(err));
      }
    },
  );

  app.get(
    '/api/attribution/calibrations/:id',
    { config: { access: { permission: 'attribution:read' } }, schema: { tags: ['attribution'], summary: 'One linkage calibration with its ROC, histograms and model', params: documented(IdParams) } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      const calibration = await store.calibrationById(scopeOf(request), id);
      if (!calibration) return sendProblem(reply, problem('CALIBRATION_NOT_FOUND', `There is no calibration ${id}.`, { field: 'id' }));
      return { calibration };
    },
  );

  app.post(
    '/api/attribution/link',
    {
      config: { access: { permission: 'attribution:read' } },
      schema: {
        tags: ['attribution'],
        summary: 'Link samples with a calibration: the link graph, one sample against all, or one pair',
        description:
          'Without `sample`: `{ "graph": { "nodes", "edges": [{ "a", "b", "distance", "linked", "log10Lr" }], "clusters": [{ "id", "samples", "incidents", "incidentDetails": [{ "uid", "kind", "occurredOn", "place", "route" }] }] } }` (incident details as the caller may see them). With `sample`: `{ "matches": [{ "sample", "incident"?, "distance", "linked", "log10Lr" }] }`. With `sample` and `against`: `{ "pair": { …score, "variables", "a", "b" } }` (pretreated values per variable).',
        body: documented(LinkBody),
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body as z.infer<typeof LinkBody>;
      const calibration = await store.calibrationById(scope, body.calibration);
      if (!calibration) return sendProblem(reply, problem('CALIBRATION_NOT_FOUND', `There is no calibration ${body.calibration}.`, { field: 'calibration' }));
      const model = calibration.result.model;
      const profiles = await store.allProfiles(scope);
      if (!body.sample) {
        const graph = linkGraph(model, profiles);
        return { graph: { ...graph, clusters: await Promise.all(graph.clusters.map(async (c) => ({ ...c, incidentDetails: await incidentDetails(scope, c.incidents) }))) } };
      }
      const find = (name: string) => profiles.find((p) => p.sample === name);
      const query = find(body.sample);
      if (!query) return sendProblem(reply, problem('PROFILE_NOT_FOUND', `There is no impurity profile "${body.sample}".`, { field: 'sample' }));
      if (!body.against) return { matches: linkQuery(model, query, profiles) };
      const other = find(body.against);
      if (!other) return sendProblem(reply, problem('PROFILE_NOT_FOUND', `There is no impurity profile "${body.against}".`, { field: 'against' }));
      const ra = placeProfile(query, model.variables);
      const rb = placeProfile(other, model.variables);
      const total = (r: number[]) => r.reduce((s, x) => s + x, 0) || 1;
      return {
        pair: {
          ...scoreRows(model, ra, rb),
          variables: model.variables.map((v) => v.label),
          a: ra.map((x) => (100 * x) / total(ra)),
          b: rb.map((x) => (100 * x) / total(rb)),
        },
      };
    },
  );

  app.get(
    '/api/attribution/reference',
    {
      config: { access: { permission: 'attribution:read' } },
      schema: { tags: ['attribution'], summary: 'Route markers and target-compound panels, with their sources', description: 'Returns `{ "markers", "panels", "pretreatments", "metrics" }`.' },
    },
    async () => ({ markers: ROUTE_MARKERS, panels: BUILT_IN_PANELS, pretreatments: PRETREATMENTS, metrics: METRICS }),
  );
}
