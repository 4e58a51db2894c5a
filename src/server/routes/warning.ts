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
    gaps: z.enum(['true', 'false']).optional().describe('true: only coverage gaps.'),
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
        summary: 'First-detection alerts on the incidents of one’s agency and those shared with it',
        description:
          'The feed is brought up to date first (samples of visible incidents not yet judged). Returns `{ "alerts": [{ id, createdAt, alert: { kind, reasons, coverageGap, sighting: { incidentUid, occurredOn, country, region, sampleLabel, smiles, inchikey }, asOf, coverage: [{ jurisdiction, covered, needsReview, by, nearMisses }], message, dataVersion } }] }`.',
        querystring: documented(AlertsQuery, (issue) => (issue.path[0] === 'from' || issue.path[0] === 'to' ? 'INVALID_DATE' : undefined)),
      },
    },
    async (request) => {
      const q = request.query as z.infer<typeof AlertsQuery>;
      return { alerts: await alerts.alerts(scopeOf(request), { limit: q.limit ?? 100, from: q.from, to: q.to, gapsOnly: q.gaps === 'true' }) };
    },
  );
}
