/**
 * Precursor KYC screening (src/screening): sanctions-list import, party screening, order screening with
 * the product verdicts, party hits, red flags and decision, stored screenings and reviewers' decisions.
 * Everything belongs to the caller's agency; another agency's screening is not found.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemError } from '../../problems.js';
import { LIST_FORMAT_IDS, type ListFormatId } from '../../screening/lists/index.js';
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
    { config: { access: { permission: 'screening:read' } }, schema: { tags: ['screening'], summary: 'Screen one party name against the imported lists', description: 'Returns `{ "query", "hits": [{ "list", "entryId", "name", "score", "match": "strong"|"possible", "matchedOn", "explanation" }], "lists" }`.', body: documented(PartyBody) } },
    async (request, reply) => {
      const body = request.body as z.infer<typeof PartyBody>;
      return guard(reply, () => service.screenParty(scopeOf(request), body.name, { country: body.country }));
    },
  );

  app.post(
    '/api/screening/orders',
    { config: { access: { permission: 'screening:run' } }, bodyLimit: 8 * 1024 * 1024, schema: { tags: ['screening'], summary: 'Screen an order: products, parties, red flags, score and decision', description: 'The order schema is in docs/screening.md. Returns `{ "id"?, "result" }`.', body: documented(OrderBody) } },
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
}
