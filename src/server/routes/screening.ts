/**
 * Precursor KYC screening (src/screening): sanctions-list import, party screening, order screening with
 * the product verdicts, party hits, red flags and decision, stored screenings and reviewers' decisions.
 * Everything belongs to the caller's agency; another agency's screening is not found.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemError } from '../../problems.js';
import { LIST_FORMAT_IDS, type ListFormatId } from '../../screening/lists/index.js';
import { buildDocument, DOCUMENT_KINDS, renderDocumentHtml } from '../../screening/documents.js';
import { ScreeningService } from '../../screening/service.js';
import { scopeOf } from '../access.js';
import type { ServerContext } from '../context.js';
import { sendProblem } from '../problem-reply.js';
import { documented } from '../request-schema.js';

const ImportBody = z
  .object({
    format: z.enum(LIST_FORMAT_IDS as [ListFormatId, ...ListFormatId[]]).describe('ofac-sdn (sdn.csv) or csv (generic, with a header).'),
    content: z.string().max(64 * 1024 * 1024).optional().describe('The file as text.'),
    contentBase64: z.string().max(96 * 1024 * 1024).optional().describe('Or the file’s bytes in base64 (for Latin-1 files).'),
    fileName: z.string().max(500).optional(),
    list: z.string().min(1).max(100).optional().describe('List name (default OFAC-SDN for ofac-sdn; required for csv).'),
    version: z.string().min(1).max(100).optional(),
  })
  .strict();
const PartyBody = z.object({ name: z.string().min(1).max(1000), country: z.string().max(2).optional() }).strict();
const OrderBody = z.object({ order: z.unknown(), store: z.boolean().optional().describe('Store the screening (default true).') }).strict();
const IdParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
const DecisionBody = z.object({ decision: z.enum(['clear', 'review', 'block']), reason: z.string().trim().min(1).max(5000) }).strict();
const DocumentParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER), kind: z.enum(DOCUMENT_KINDS) });
const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const DocumentQuery = z
  .object({
    format: z.enum(['json', 'html', 'pdf']).optional().describe('json (default), html (a printable page) or pdf (rendered by the server’s Chromium).'),
    lang: z.enum(['en', 'zh']).optional().describe('Labels of the html/pdf page: en (default) or zh.'),
    aware: CalendarDate.optional().describe('Suspicious-order report: the date the exporter became aware (default the screening’s date); it starts the 15-day clock.'),
    replyDeadline: CalendarDate.optional().describe('Pre-export notification: the reply deadline, if the authority set one.'),
  })
  .strict();
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() });

export function screeningRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const service = new ScreeningService(ctx.stores.screening, ctx.classifier);
  const guard = async <T>(reply: Parameters<typeof sendProblem>[0], work: () => Promise<T>) => {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ProblemError) return sendProblem(reply, err.problem);
      throw err;
    }
  };

  app.get('/api/screening/lists', { config: { access: { permission: 'screening:read' } }, schema: { tags: ['screening'], summary: 'Imported list versions (newest first), with entries added and removed by each' } }, async (request) => ({
    versions: await ctx.stores.screening.listVersions(scopeOf(request)),
  }));

  app.post(
    '/api/screening/lists',
    { config: { access: { permission: 'screening:run' } }, bodyLimit: 100 * 1024 * 1024, schema: { tags: ['screening'], summary: 'Import a sanctions or denied-party list (all or nothing)', description: 'A bad line fails the import with `INVALID_LIST_RECORD` and `where.line`. Returns `{ "version": { "id", "list", "version", "entries", "added", "removed", … } }`.', body: documented(ImportBody) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof ImportBody>;
      const bytes = body.contentBase64 !== undefined ? Buffer.from(body.contentBase64, 'base64') : new TextEncoder().encode(body.content ?? '');
      return guard(reply, async () => ({ version: await service.importList(scopeOf(request), { format: body.format, bytes, source: body.fileName ?? 'upload', list: body.list, version: body.version, now: new Date().toISOString() }) }));
    },
  );

  app.post(
    '/api/screening/party',
    { config: { access: { permission: 'screening:read' } }, schema: { tags: ['screening'], summary: 'Screen one party name against the imported lists', description: 'Returns `{ "query", "hits": [{ "list", "entryId", "name", "score", "match": "strong"|"possible", "matchedOn", "explanation" }], "lists" }`. `matchedOn` names what matched: "name", "alias", "ccc" (a Han-character name equal to the entry’s Chinese Commercial Code decoded with Unihan kMainlandTelegraph/kTaiwanTelegraph) or an identifier type.', body: documented(PartyBody) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof PartyBody>;
      return guard(reply, () => service.screenParty(scopeOf(request), body.name, { country: body.country }));
    },
  );

  app.post(
    '/api/screening/orders',
    { config: { access: { permission: 'screening:run' } }, bodyLimit: 8 * 1024 * 1024, schema: { tags: ['screening'], summary: 'Screen an order: products, parties, red flags, score and decision', description: 'The order schema is in docs/screening.md (parties with contacts, identification and DEA registration; lines with packaging, containers and gross kg; payment with amount, currency, valueUsd and wallet addresses; endUse, selfStatedUse (自述用途), transfer method, signatory, route, documents). A bad field is `400 INVALID_ORDER` with `where.field`. Returns `{ "id"?, "result" }`.', body: documented(OrderBody) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof OrderBody>;
      return guard(reply, () => service.screenOrder(scopeOf(request), body.order, new Date().toISOString(), { store: body.store }));
    },
  );

  app.get('/api/screening/orders', { config: { access: { permission: 'screening:read' } }, schema: { tags: ['screening'], summary: 'One’s agency’s screenings, newest first', querystring: documented(ListQuery) } }, async (request) => ({
    screenings: await ctx.stores.screening.screenings(scopeOf(request), { limit: (request.query as z.infer<typeof ListQuery>).limit }),
  }));

  app.get('/api/screening/orders/:id', { config: { access: { permission: 'screening:read' } }, schema: { tags: ['screening'], summary: 'One stored screening with its order, result and decisions', params: documented(IdParams) } }, async (request, reply) => {
    const { id } = request.params as z.infer<typeof IdParams>;
    const found = await ctx.stores.screening.screening(scopeOf(request), id);
    if (!found) return sendProblem(reply, { code: 'SCREENING_NOT_FOUND', message: `There is no screening ${id}.`, where: { field: 'id' } });
    return { screening: found };
  });

  app.post(
    '/api/screening/orders/:id/decision',
    { config: { access: { permission: 'screening:decide' } }, schema: { tags: ['screening'], summary: 'Record a named reviewer’s decision with a reason (append-only)', params: documented(IdParams), body: documented(DecisionBody) } },
    async (request, reply) => {
      const { id } = request.params as z.infer<typeof IdParams>;
      const body = request.body as z.infer<typeof DecisionBody>;
      const actor = request.actor;
      return guard(reply, async () => {
        await service.decide(scopeOf(request), id, { decision: body.decision, reason: body.reason, reviewer: actor.kind === 'user' ? actor.username : 'unknown', now: new Date().toISOString() });
        return { id, decision: body.decision };
      });
    },
  );

  app.get(
    '/api/screening/:id/documents/:kind',
    {
      config: { access: { permission: 'screening:read' } },
      schema: {
        tags: ['screening'],
        summary: 'A document generated from a stored screening, as JSON, printable HTML or PDF',
        description:
          'kind: pre-export-notification (1988 Convention art. 12(10)(a)), dea-486 (DEA Form 486 fields, 21 CFR 1313.22), suspicious-order-report (basis, date aware and the 15-day clock, rules fired, "FENTANYL FIN-2024-A002" where FinCEN’s advisory applies) end-use-declaration (EU Reg. 273/2004 Annex III) or transaction-record (21 CFR 1310.06(a) and the 易制毒化学品管理条例 art. 19 sales ledger: parties, date, chemical, quantity and packaging, method of transfer, purchaser identification, self-stated use 自述用途, keep-until date, and the clause of each field). format=json returns `{ document }`; html a self-contained page; pdf an A4 PDF. Another agency’s screening is `404 SCREENING_NOT_FOUND`.',
        params: documented(DocumentParams),
        querystring: documented(DocumentQuery),
      },
    },
    async (request, reply) => {
      const { id, kind } = request.params as z.infer<typeof DocumentParams>;
      const q = request.query as z.infer<typeof DocumentQuery>;
      const found = await ctx.stores.screening.screening(scopeOf(request), id);
      if (!found) return sendProblem(reply, { code: 'SCREENING_NOT_FOUND', message: `There is no screening ${id}.`, where: { field: 'id' } });
      const document = buildDocument(kind, found, { awareDate: q.aware, replyDeadline: q.replyDeadline });
      if ((q.format ?? 'json') === 'json') return { document };
      const html = renderDocumentHtml(document, q.lang ?? 'en');
      const name = `screening-${id}-${kind}`;
      if (q.format === 'pdf') {
        const { htmlToPdf } = await import('../../reports/pdf.js');
        return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(await htmlToPdf(html));
      }
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'").send(html);
    },
  );
}
