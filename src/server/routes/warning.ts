/**
 * Early warning (src/warning): the coverage comparison of two jurisdictions (public: the law is
 * public), and the first-detection alerts raised on exchange incidents' samples (an agency's own, and
 * those of incidents shared with it).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CalendarDate } from '../../law/dates.js';
import { JURISDICTIONS, today, type Jurisdiction } from '../../law/verdict.js';
import { problem } from '../../problems.js';
import { rowsToCsv, type ComparisonReport } from '../../warning/compare.js';
import { runComparison } from '../../warning/run.js';
import { WarningService } from '../../warning/service.js';
import { DIMENSIONS, STATED_WEEKS_PER_FALSE_ALARM } from '../../warning/trends.js';
import { renderBriefingHtml } from '../../warning/briefing.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { LruCache } from '../lru-cache.js';
import { sendProblem } from '../problem-reply.js';
import { documented, type IssueCode } from '../request-schema.js';

const Jur = z.enum(JURISDICTIONS, { error: (issue) => `${JSON.stringify(issue.input)} is not a jurisdiction; use ${JURISDICTIONS.join(', ')}` });
const CompareQuery = z
  .object({
    a: Jur.default('US').describe('First jurisdiction (default US).'),
    b: Jur.default('CN').describe('Second jurisdiction (default CN).'),
    asOf: CalendarDate.optional().describe('The date both laws are evaluated at (default today).'),
    format: z.enum(['json', 'csv']).optional().describe('json (default) or csv (the rows, one line per structure).'),
  })
  .strict();
const CompareBody = z
  .object({
    a: Jur,
    b: Jur,
    asOf: CalendarDate.optional(),
    structures: z.array(z.string().min(1).max(100_000)).min(1).max(200).describe('At most 200 structures (SMILES, InChI, name or CAS).'),
  })
  .strict();
const AlertsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).optional().describe('How many, latest occurrence first (default 100).'),
    from: CalendarDate.optional().describe('Occurred on or after (YYYY-MM-DD).'),
    to: CalendarDate.optional().describe('Occurred on or before (YYYY-MM-DD).'),
    gaps: z.enum(['true', 'false']).optional().describe('true: only coverage gaps (first detections).'),
    kind: z.enum(['first-detection', 'spike']).optional().describe('Only first detections, or only spikes (default both).'),
  })
  .strict();
const TrendsQuery = z
  .object({
    from: CalendarDate.optional().describe('First week shown: the week of this date (default 52 weeks before `to`).'),
    to: CalendarDate.optional().describe('Last week shown: the week of this date (default today).'),
    dimension: z.enum(DIMENSIONS).optional().describe('Only series of this dimension: substance, class, region or kind.'),
    limit: z.coerce.number().int().min(1).max(200).optional().describe('Series per dimension, most incidents first (default 20).'),
  })
  .strict();
const BriefingQuery = z
  .object({
    a: Jur.default('US').describe('First jurisdiction (default US).'),
    b: Jur.default('CN').describe('Second jurisdiction (default CN).'),
    from: CalendarDate.describe('First day of the period (YYYY-MM-DD).'),
    to: CalendarDate.describe('Last day of the period; the gap list is as of this date.'),
    format: z.enum(['html', 'json', 'pdf']).optional().describe('html (default), json (the data) or pdf (rendered by the server’s Chromium).'),
  })
  .strict();
const codeFor: IssueCode = (issue) => {
  const field = issue.path[0];
  if (field === 'asOf') return 'INVALID_DATE';
  if ((field === 'a' || field === 'b') && issue.code === 'invalid_value') return 'UNKNOWN_JURISDICTION';
  if (field === 'structures' && issue.code === 'too_big') return 'BATCH_TOO_LARGE';
  return undefined;
};

const REPORT_SHAPE =
  'Returns `{ a, b, asOf, dataVersion, totals: { all, byCategory, byGroup }, rows: [{ input, name, source, smiles, inchikey, outcome, reviewOn, a: Side, b: Side, groups, category, difference }] }`; outcome is both | only-a | only-b | neither | review | error; `Side = { jurisdiction, controlled, needsReview, basis: [{ rule, kind, clauses, status, citation, effective, applies, needsReview, reason, substance }] }`.';

export function warningRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { classifier } = ctx;
  const reports = new LruCache<string, ComparisonReport>(16);

  app.get(
    '/api/warning/compare',
    {
      config: { access: 'public' },
      schema: {
        tags: ['warning'],
        summary: 'Coverage of two jurisdictions compared, for every registry substance and class-rule example',
        description: `${REPORT_SHAPE} With format=csv, text/csv of the rows.`,
        querystring: documented(CompareQuery, codeFor),
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof CompareQuery>;
      if (q.a === q.b) return sendProblem(reply, problem('INVALID_REQUEST', 'Compare two different jurisdictions.', { field: 'b' }));
      const asOf = q.asOf ?? today();
      const key = `${q.a}|${q.b}|${asOf}|${classifier.dataVersion}`;
      let report = reports.get(key);
      if (!report) {
        report = runComparison(classifier, { a: q.a as Jurisdiction, b: q.b as Jurisdiction, asOf });
        reports.set(key, report);
      }
      if (q.format === 'csv')
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="coverage-${q.a}-${q.b}-${asOf}.csv"`)
          .send(rowsToCsv(report));
      return report;
    },
  );

  app.post(
    '/api/warning/compare',
    {
      config: { access: 'public' },
      schema: { tags: ['warning'], summary: 'Coverage of two jurisdictions compared, for the given structures', description: REPORT_SHAPE, body: documented(CompareBody, codeFor) },
    },
    async (request, reply) => {
      const body = request.body as z.infer<typeof CompareBody>;
      if (body.a === body.b) return sendProblem(reply, problem('INVALID_REQUEST', 'Compare two different jurisdictions.', { field: 'b' }));
      const inputs = body.structures.map((s, i) => ({ input: s, name: s.length > 80 ? `structure ${i + 1}` : s, source: `input:${i + 1}` }));
      return runComparison(classifier, { a: body.a as Jurisdiction, b: body.b as Jurisdiction, asOf: body.asOf ?? today(), inputs });
    },
  );

  const alerts = new WarningService(ctx.stores.warning, classifier);
  app.get(
    '/api/warning/alerts',
    {
      config: { access: { permission: 'warning:read' } },
      schema: {
        tags: ['warning'],
        summary: 'First-detection and spike alerts on the incidents of one’s agency and those shared with it',
        description:
          'The feed is brought up to date first (samples of visible incidents not yet judged; spikes recomputed from the incidents visible now). Latest first. Returns `{ "alerts": [{ id, createdAt, alert }] }` where a first detection is `{ kind: "first-detection", reasons, coverageGap, sighting: { incidentUid, occurredOn, country, region, kind, sampleLabel, smiles, inchikey }, asOf, coverage: [{ jurisdiction, covered, needsReview, by, nearMisses }], message, dataVersion }` and a spike is `{ kind: "spike", series: { key, dimension, label }, week, weekEnd, count, baseline, cusum, h, incidents, message }`.',
        querystring: documented(AlertsQuery, (issue) => (issue.path[0] === 'from' || issue.path[0] === 'to' ? 'INVALID_DATE' : undefined)),
      },
    },
    async (request) => {
      const q = request.query as z.infer<typeof AlertsQuery>;
      return { alerts: await alerts.feed(scopeOf(request), { limit: q.limit ?? 100, from: q.from, to: q.to, gapsOnly: q.gaps === 'true', kind: q.kind }) };
    },
  );

  app.get(
    '/api/warning/trends',
    {
      config: { access: { permission: 'warning:read' } },
      schema: {
        tags: ['warning'],
        summary: 'Weekly incident counts per substance, class, region and incident kind, with the spike detector’s alarms',
        description:
          'From the incidents one’s agency can see. Returns `{ from, to, weeks: [Monday], detector: { targetArl0, baselineWeeks, minHistory, floor, statedWeeksPerFalseAlarm }, series: [{ key, dimension, label, counts, total, baseline, cusum, h, alarms: [week index], alarmWeeks, alarmIncidents }] }`; baseline and h are null in the warm-up weeks. Poisson CUSUM: docs/warning.md.',
        querystring: documented(TrendsQuery, (issue) => (issue.path[0] === 'from' || issue.path[0] === 'to' ? 'INVALID_DATE' : undefined)),
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof TrendsQuery>;
      if (q.from && q.to && q.from > q.to) return sendProblem(reply, problem('INVALID_REQUEST', '`from` is after `to`.', { field: 'from' }));
      const report = await alerts.trends(scopeOf(request), { from: q.from, to: q.to });
      const limit = q.limit ?? 20;
      const taken = new Map<string, number>();
      const series = report.series
        .filter((s) => !q.dimension || s.dimension === q.dimension)
        .filter((s) => {
          const n = (taken.get(s.dimension) ?? 0) + 1;
          taken.set(s.dimension, n);
          return n <= limit;
        })
        .map(({ states, ...s }) => ({ ...s, baseline: states.map((x) => x.baseline), cusum: states.map((x) => Math.round(x.cusum * 100) / 100), h: states.map((x) => x.h), alarmWeeks: s.alarms.map((i) => report.weeks[i]) }));
      return { from: report.from, to: report.to, weeks: report.weeks, detector: { ...report.settings, statedWeeksPerFalseAlarm: STATED_WEEKS_PER_FALSE_ALARM }, series };
    },
  );

  app.get(
    '/api/warning/briefing',
    {
      config: { access: { permission: 'warning:read' } },
      schema: {
        tags: ['warning'],
        summary: 'Bilateral briefing for a period and a pair of jurisdictions (EN/中文), as HTML, JSON or PDF',
        description:
          'As the caller’s agency sees it: first detections in the period with their coverage on each side, the gap list between the two at `to`, weekly incident trends with SVG charts and spike weeks, and the incidents shared (with all, by name, or imported) that touch both jurisdictions by place or route. Never another agency’s private record nor a field withheld from the caller. format=json returns the data (`{ briefing }`); html a self-contained page; pdf an A4 PDF.',
        querystring: documented(BriefingQuery, (issue) => (issue.path[0] === 'from' || issue.path[0] === 'to' ? 'INVALID_DATE' : codeFor(issue))),
      },
    },
    async (request, reply) => {
      const q = request.query as z.infer<typeof BriefingQuery>;
      if (q.a === q.b) return sendProblem(reply, problem('INVALID_REQUEST', 'Brief on two different jurisdictions.', { field: 'b' }));
      if (q.from > q.to) return sendProblem(reply, problem('INVALID_REQUEST', '`from` is after `to`.', { field: 'from' }));
      const scope = scopeOf(request);
      const agency = (await ctx.identity.agencyByIdOrName(String(scope.agencyId)))?.name ?? `agency ${scope.agencyId}`;
      const key = `${q.a}|${q.b}|${q.to}|${classifier.dataVersion}`;
      let comparison = reports.get(key);
      if (!comparison) reports.set(key, (comparison = runComparison(classifier, { a: q.a as Jurisdiction, b: q.b as Jurisdiction, asOf: q.to })));
      const briefing = await alerts.briefing(scope, { a: q.a as Jurisdiction, b: q.b as Jurisdiction, from: q.from, to: q.to, agency, comparison });
      if (q.format === 'json') return { briefing };
      const html = renderBriefingHtml(briefing);
      const name = `briefing-${q.a}-${q.b}-${q.from}-${q.to}`;
      if (q.format === 'pdf') {
        const { htmlToPdf } = await import('../../reports/pdf.js');
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await htmlToPdf(html));
      }
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:").send(html);
    },
  );
}
